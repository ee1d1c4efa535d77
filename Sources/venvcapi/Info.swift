#if canImport(Glibc)
import Glibc
#endif
import CVenv
import SystemPackage
import VenvCore

/// What a `venv_info *` points to: the resolved info and C copies of its
/// strings, freed together by `venv_info_free`.
final class InfoBox: OpaqueHandle {
    enum Field: Int, CaseIterable {
        case prefix, execPrefix, basePrefix, baseExecPrefix, version, home, executable,
             baseExecutable, prompt, purelib, platlib, scripts, include
    }

    let info: EnvironmentInfo
    private let strings: CStrings
    private let sitePackages: CStrings

    init(_ info: EnvironmentInfo) {
        self.info = info
        strings = CStrings(Field.self) { field in
            switch field {
            case .prefix: info.prefix
            case .execPrefix: info.execPrefix
            case .basePrefix: info.basePrefix
            case .baseExecPrefix: info.baseExecPrefix
            case .version: info.version
            case .home: info.home
            case .executable: info.executable
            case .baseExecutable: info.baseExecutable
            case .prompt: info.prompt
            case .purelib: info.purelib
            case .platlib: info.platlib
            case .scripts: info.scripts
            case .include: info.include
            }
        }
        sitePackages = CStrings(info.sitePackages)
    }

    func string(_ field: Field) -> UnsafePointer<CChar>? { strings[field: field] }

    func sitePackage(_ index: Int) -> UnsafePointer<CChar>? { sitePackages[index] }

    var sitePackageCount: Int { sitePackages.count }
}

/// `venv_resolve`: resolves `path` from files alone.
@_cdecl("venv_resolve")
public func venv_resolve(_ out: UnsafeMutablePointer<OpaquePointer?>?, _ path: UnsafePointer<CChar>?) -> Int32 {
    out?.pointee = nil
    return callC { () throws(VenvError) in
        guard let out else { throw VenvError(.invalid, nil, "out is NULL",
                                             remedy: "pass the address of a venv_info pointer") }
        let text = try argument(path, "path")
        let info = try EnvironmentInfo.resolve(FilePath(text))
        out.pointee = InfoBox(info).retainedPointer()
    }
}

/// `venv_info_free`: releases an info; NULL is a no-op.
@_cdecl("venv_info_free")
public func venv_info_free(_ info: OpaquePointer?) {
    InfoBox.release(info)
}

@_cdecl("venv_info_prefix")
public func venv_info_prefix(_ info: OpaquePointer?) -> UnsafePointer<CChar>? { InfoBox.from(info)?.string(.prefix) }
@_cdecl("venv_info_exec_prefix")
public func venv_info_exec_prefix(_ info: OpaquePointer?) -> UnsafePointer<CChar>? {
    InfoBox.from(info)?.string(.execPrefix)
}
@_cdecl("venv_info_base_prefix")
public func venv_info_base_prefix(_ info: OpaquePointer?) -> UnsafePointer<CChar>? {
    InfoBox.from(info)?.string(.basePrefix)
}
@_cdecl("venv_info_base_exec_prefix")
public func venv_info_base_exec_prefix(_ info: OpaquePointer?) -> UnsafePointer<CChar>? {
    InfoBox.from(info)?.string(.baseExecPrefix)
}
@_cdecl("venv_info_version")
public func venv_info_version(_ info: OpaquePointer?) -> UnsafePointer<CChar>? { InfoBox.from(info)?.string(.version) }
@_cdecl("venv_info_home")
public func venv_info_home(_ info: OpaquePointer?) -> UnsafePointer<CChar>? { InfoBox.from(info)?.string(.home) }
@_cdecl("venv_info_executable")
public func venv_info_executable(_ info: OpaquePointer?) -> UnsafePointer<CChar>? {
    InfoBox.from(info)?.string(.executable)
}
@_cdecl("venv_info_base_executable")
public func venv_info_base_executable(_ info: OpaquePointer?) -> UnsafePointer<CChar>? {
    InfoBox.from(info)?.string(.baseExecutable)
}
@_cdecl("venv_info_prompt")
public func venv_info_prompt(_ info: OpaquePointer?) -> UnsafePointer<CChar>? { InfoBox.from(info)?.string(.prompt) }
@_cdecl("venv_info_purelib")
public func venv_info_purelib(_ info: OpaquePointer?) -> UnsafePointer<CChar>? { InfoBox.from(info)?.string(.purelib) }
@_cdecl("venv_info_platlib")
public func venv_info_platlib(_ info: OpaquePointer?) -> UnsafePointer<CChar>? { InfoBox.from(info)?.string(.platlib) }
@_cdecl("venv_info_scripts")
public func venv_info_scripts(_ info: OpaquePointer?) -> UnsafePointer<CChar>? { InfoBox.from(info)?.string(.scripts) }
@_cdecl("venv_info_include")
public func venv_info_include(_ info: OpaquePointer?) -> UnsafePointer<CChar>? { InfoBox.from(info)?.string(.include) }

@_cdecl("venv_info_is_venv")
public func venv_info_is_venv(_ info: OpaquePointer?) -> Int32 { InfoBox.from(info)?.info.isVenv == true ? 1 : 0 }

@_cdecl("venv_info_include_system_site_packages")
public func venv_info_include_system_site_packages(_ info: OpaquePointer?) -> Int32 {
    InfoBox.from(info)?.info.includeSystemSitePackages == true ? 1 : 0
}

@_cdecl("venv_info_site_packages_count")
public func venv_info_site_packages_count(_ info: OpaquePointer?) -> Int { InfoBox.from(info)?.sitePackageCount ?? 0 }

@_cdecl("venv_info_site_packages_at")
public func venv_info_site_packages_at(_ info: OpaquePointer?, _ index: Int) -> UnsafePointer<CChar>? {
    InfoBox.from(info)?.sitePackage(index)
}

/// `venv_info_to_json`: the info as `swift-venv info --json` prints it.
@_cdecl("venv_info_to_json")
public func venv_info_to_json(_ out: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
                              _ info: OpaquePointer?) -> Int32 {
    toJSON(out, info, as: InfoBox.self, name: "info", remedy: "pass an info from venv_resolve") { $0.info.json }
}

/// `venv_string_free`: frees a string the library returned; NULL is a no-op.
@_cdecl("venv_string_free")
public func venv_string_free(_ string: UnsafeMutablePointer<CChar>?) {
    CMemory.release(string)
}
