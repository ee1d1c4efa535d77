#if canImport(Glibc)
import Glibc
#endif
import CVenv
import SystemPackage
import VenvCore

/// What a `venv_builder *` points to: the stepped build and C copies of the
/// strings its accessors hand out.
final class BuilderBox: OpaqueHandle {
    let build: SteppedBuild
    private let strings: CStrings

    /// The accessors' order in `strings`.
    enum Field: Int, CaseIterable {
        case envDir, prompt, binName, binPath, libPath, includePath, executable, envExecutable, version
    }

    init(_ build: SteppedBuild) {
        self.build = build
        strings = CStrings(Field.self) { field in
            switch field {
            case .envDir: build.envDir.string
            case .prompt: build.prompt
            case .binName: build.binName
            case .binPath: build.binPath.string
            case .libPath: build.libPath.string
            case .includePath: build.includePath.string
            case .executable: build.executable.string
            case .envExecutable: build.envExecutable.string
            case .version: build.version
            }
        }
    }

    func string(_ field: Field) -> UnsafePointer<CChar>? { strings[field: field] }
}

/// The builder behind `pointer`; NULL is VENV_EINVALID.
private func builder(_ pointer: OpaquePointer?) throws(VenvError) -> SteppedBuild {
    guard let box = BuilderBox.from(pointer) else {
        throw VenvError(.invalid, nil, "builder is NULL",
                        remedy: "pass the builder venv_builder_ensure_directories returned")
    }
    return box.build
}

/// An optional C string argument: NULL is nil, non-UTF-8 VENV_EINVALID.
private func optionalArgument(_ pointer: UnsafePointer<CChar>?, _ name: String) throws(VenvError) -> String? {
    guard let pointer else { return nil }
    return try argument(pointer, name)
}

/// `venv_builder_ensure_directories`: the first step, and the builder.
@_cdecl("venv_builder_ensure_directories")
public func venv_builder_ensure_directories(_ out: UnsafeMutablePointer<OpaquePointer?>?,
                                            _ envDir: UnsafePointer<CChar>?,
                                            _ opts: UnsafePointer<venv_create_options>?) -> Int32 {
    out?.pointee = nil
    return callC { () throws(VenvError) in
        guard let out else { throw VenvError(.invalid, nil, "out is NULL",
                                             remedy: "pass the address of a venv_builder pointer") }
        let path = try argument(envDir, "env_dir")
        let options = try opts.map { (opts) throws(VenvError) in try createOptions(opts) } ?? CreateOptions()
        let build = try SteppedBuild(envDir: FilePath(path), options: options)
        out.pointee = BuilderBox(build).retainedPointer()
    }
}

@_cdecl("venv_builder_env_dir")
public func venv_builder_env_dir(_ b: OpaquePointer?) -> UnsafePointer<CChar>? { BuilderBox.from(b)?.string(.envDir) }
@_cdecl("venv_builder_prompt")
public func venv_builder_prompt(_ b: OpaquePointer?) -> UnsafePointer<CChar>? { BuilderBox.from(b)?.string(.prompt) }
@_cdecl("venv_builder_bin_name")
public func venv_builder_bin_name(_ b: OpaquePointer?) -> UnsafePointer<CChar>? { BuilderBox.from(b)?.string(.binName) }
@_cdecl("venv_builder_bin_path")
public func venv_builder_bin_path(_ b: OpaquePointer?) -> UnsafePointer<CChar>? { BuilderBox.from(b)?.string(.binPath) }
@_cdecl("venv_builder_lib_path")
public func venv_builder_lib_path(_ b: OpaquePointer?) -> UnsafePointer<CChar>? { BuilderBox.from(b)?.string(.libPath) }
@_cdecl("venv_builder_include_path")
public func venv_builder_include_path(_ b: OpaquePointer?) -> UnsafePointer<CChar>? {
    BuilderBox.from(b)?.string(.includePath)
}
@_cdecl("venv_builder_executable")
public func venv_builder_executable(_ b: OpaquePointer?) -> UnsafePointer<CChar>? {
    BuilderBox.from(b)?.string(.executable)
}
@_cdecl("venv_builder_env_executable")
public func venv_builder_env_executable(_ b: OpaquePointer?) -> UnsafePointer<CChar>? {
    BuilderBox.from(b)?.string(.envExecutable)
}
@_cdecl("venv_builder_version")
public func venv_builder_version(_ b: OpaquePointer?) -> UnsafePointer<CChar>? { BuilderBox.from(b)?.string(.version) }

@_cdecl("venv_builder_create_git_ignore_file")
public func venv_builder_create_git_ignore_file(_ b: OpaquePointer?) -> Int32 {
    callC { () throws(VenvError) in try builder(b).createGitIgnoreFile() }
}

@_cdecl("venv_builder_create_configuration")
public func venv_builder_create_configuration(_ b: OpaquePointer?, _ systemSitePackages: Int32,
                                              _ command: UnsafePointer<CChar>?,
                                              _ promptLiteral: UnsafePointer<CChar>?) -> Int32 {
    callC { () throws(VenvError) in
        try builder(b).createConfiguration(systemSitePackages: systemSitePackages != 0,
                                           command: optionalArgument(command, "command"),
                                           promptLiteral: optionalArgument(promptLiteral, "prompt_literal"))
    }
}

@_cdecl("venv_builder_setup_python")
public func venv_builder_setup_python(_ b: OpaquePointer?) -> Int32 {
    callC { () throws(VenvError) in try builder(b).setupPython() }
}

@_cdecl("venv_builder_setup_pip")
public func venv_builder_setup_pip(_ b: OpaquePointer?) -> Int32 {
    callC { () throws(VenvError) in try builder(b).setupPip() }
}

@_cdecl("venv_builder_setup_scripts")
public func venv_builder_setup_scripts(_ b: OpaquePointer?) -> Int32 {
    callC { () throws(VenvError) in try builder(b).setupScripts() }
}

@_cdecl("venv_builder_upgrade_dependencies")
public func venv_builder_upgrade_dependencies(_ b: OpaquePointer?) -> Int32 {
    callC { () throws(VenvError) in try builder(b).upgradeDependencies() }
}

@_cdecl("venv_builder_free")
public func venv_builder_free(_ b: OpaquePointer?) {
    BuilderBox.release(b)
}
