#if canImport(Glibc)
import Glibc
#endif
import CVenv
import SystemPackage
import VenvCore

/// The defaults of `python -m venv`, in the struct of `version`.
private func defaultOptions(_ version: UInt32) -> venv_create_options {
    venv_create_options(
        version: version, python: nil, system_site_packages: 0, link: VENV_LINK_DEFAULT,
        clear: 0, upgrade: 0, with_pip: 1, prompt: nil, upgrade_deps: 0,
        scm_ignore_files: 1, allow_existing: 0, force: 0, command: nil, prompt_literal: nil, relocatable: 0,
        scripts: 1)
}

/// How many bytes of a caller's options struct each version has: fields are
/// only ever appended, so a version's struct ends where the next one's first
/// field begins.
private func structSize(_ version: UInt32) -> Int {
    switch version {
    case 1: return MemoryLayout<venv_create_options>.offset(of: \.command)!
    case 2: return MemoryLayout<venv_create_options>.offset(of: \.relocatable)!
    case 3: return MemoryLayout<venv_create_options>.offset(of: \.scripts)!
    default: return MemoryLayout<venv_create_options>.size
    }
}

/// `venv_create_options_init`: the defaults of `python -m venv`.
@_cdecl("venv_create_options_init")
public func venv_create_options_init(_ opts: UnsafeMutablePointer<venv_create_options>?, _ version: UInt32) -> Int32 {
    initOptions(opts, version, known: VENV_CREATE_OPTIONS_VERSION, "venv_create_options") { opts in
        var defaults = defaultOptions(version)
        // Only the caller's version's fields: its struct may end there.
        withUnsafeBytes(of: &defaults) { bytes in
            UnsafeMutableRawPointer(opts).copyMemory(from: bytes.baseAddress!, byteCount: structSize(version))
        }
    }
}

/// `venv_create`: creates one environment at `env_dir`.
@_cdecl("venv_create")
public func venv_create(_ envDir: UnsafePointer<CChar>?, _ opts: UnsafePointer<venv_create_options>?) -> Int32 {
    callC { () throws(VenvError) in
        let path = try argument(envDir, "env_dir")
        let options = try opts.map { (opts) throws(VenvError) in try createOptions(opts) } ?? CreateOptions()
        try EnvBuilder(options: options).create(FilePath(path))
    }
}

/// The caller's options, read only as far as its version's fields go.
func createOptions(_ opts: UnsafePointer<venv_create_options>) throws(VenvError) -> CreateOptions {
    // The version field is first in every version.
    let version = UnsafeRawPointer(opts).load(as: UInt32.self)
    try checkOptionsVersion(version, known: VENV_CREATE_OPTIONS_VERSION, "venv_create_options")
    var c = defaultOptions(version)
    withUnsafeMutableBytes(of: &c) { bytes in
        bytes.baseAddress!.copyMemory(from: UnsafeRawPointer(opts), byteCount: structSize(version))
    }
    var options = CreateOptions()
    options.python = try c.python.map { (p) throws(VenvError) in try argument(p, "opts->python") }
    options.systemSitePackages = c.system_site_packages != 0
    switch c.link {
    case VENV_LINK_DEFAULT, VENV_LINK_SYMLINKS: options.linking = .symlinks
    case VENV_LINK_COPIES: options.linking = .copies
    default:
        throw VenvError(.invalid, nil, "opts->link is \(c.link)",
                        remedy: "use VENV_LINK_DEFAULT, VENV_LINK_SYMLINKS or VENV_LINK_COPIES")
    }
    options.onExisting = try OnExisting(clear: c.clear != 0, upgrade: c.upgrade != 0,
                                        allowExisting: c.allow_existing != 0, force: c.force != 0)
    options.withPip = c.with_pip != 0
    options.prompt = Prompt(argument: try c.prompt.map { (p) throws(VenvError) in try argument(p, "opts->prompt") })
    options.upgradeDeps = c.upgrade_deps != 0
    options.scmIgnoreFiles = c.scm_ignore_files != 0
    options.commandLine = try c.command.map { (p) throws(VenvError) in try argument(p, "opts->command") }
    options.relocatable = c.relocatable != 0
    options.activationScripts = c.scripts != 0
    options.promptLiteral = try c.prompt_literal.map { (p) throws(VenvError) in
        try argument(p, "opts->prompt_literal")
    }
    return options
}
