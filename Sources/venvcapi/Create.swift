#if canImport(Glibc)
import Glibc
#endif
import CVenv
import SystemPackage
import VenvCore

/// `venv_create_options_init`: the defaults of `python -m venv`.
@_cdecl("venv_create_options_init")
public func venv_create_options_init(_ opts: UnsafeMutablePointer<venv_create_options>?, _ version: UInt32) -> Int32 {
    callC { () throws(VenvError) in
        guard let opts else { throw VenvError(.invalid, "opts is NULL; pass the address of a venv_create_options") }
        try checkVersion(version)
        opts.pointee = venv_create_options(
            version: version, python: nil, system_site_packages: 0, link: VENV_LINK_DEFAULT,
            clear: 0, upgrade: 0, with_pip: 1, prompt: nil, upgrade_deps: 0,
            scm_ignore_files: 1, allow_existing: 0, force: 0)
    }
}

/// `venv_create`: creates one environment at `env_dir`.
@_cdecl("venv_create")
public func venv_create(_ envDir: UnsafePointer<CChar>?, _ opts: UnsafePointer<venv_create_options>?) -> Int32 {
    callC { () throws(VenvError) in
        let path = try argument(envDir, "env_dir")
        let options = try opts.map { (opts) throws(VenvError) in try createOptions(opts.pointee) } ?? CreateOptions()
        try EnvBuilder(options: options).create(FilePath(path))
    }
}

private func checkVersion(_ version: UInt32) throws(VenvError) {
    guard version >= 1 && version <= UInt32(VENV_CREATE_OPTIONS_VERSION) else {
        throw VenvError(.invalid, "venv_create_options version \(version) is unknown to this library (it knows 1 to \(VENV_CREATE_OPTIONS_VERSION)); initialise options with VENV_CREATE_OPTIONS_INIT")
    }
}

func createOptions(_ c: venv_create_options) throws(VenvError) -> CreateOptions {
    try checkVersion(c.version)
    var options = CreateOptions()
    options.python = try c.python.map { (p) throws(VenvError) in try argument(p, "opts->python") }
    options.systemSitePackages = c.system_site_packages != 0
    switch c.link {
    case VENV_LINK_DEFAULT, VENV_LINK_SYMLINKS: options.linking = .symlinks
    case VENV_LINK_COPIES: options.linking = .copies
    default: throw VenvError(.invalid, "opts->link is \(c.link); use VENV_LINK_DEFAULT, VENV_LINK_SYMLINKS or VENV_LINK_COPIES")
    }
    options.clear = c.clear != 0
    options.upgrade = c.upgrade != 0
    options.withPip = c.with_pip != 0
    options.prompt = try c.prompt.map { (p) throws(VenvError) in try argument(p, "opts->prompt") }
    options.upgradeDeps = c.upgrade_deps != 0
    options.scmIgnoreFiles = c.scm_ignore_files != 0
    options.allowExisting = c.allow_existing != 0
    options.force = c.force != 0
    return options
}
