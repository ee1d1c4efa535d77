import SystemPackage

/// What CPython would compute at start-up for an environment or interpreter:
/// `sys.prefix` and friends, `site.getsitepackages()` and the sysconfig
/// `venv` scheme, predicted from files alone (see `resolve(_:)`).
public struct EnvironmentInfo: Sendable, Equatable {
    /// `sys.prefix`: the environment directory, or the interpreter's prefix.
    public var prefix: String
    /// `sys.exec_prefix`.
    public var execPrefix: String
    /// `sys.base_prefix`: the base installation's prefix.
    public var basePrefix: String
    /// `sys.base_exec_prefix`.
    public var baseExecPrefix: String
    /// `site.getsitepackages()`, in its order.
    public var sitePackages: [String]
    /// `X.Y.Z`: pyvenv.cfg's `version` for an environment, else the base's.
    public var version: String
    /// Whether the base's site-packages are on `sys.path` (always true for a
    /// base interpreter; for an environment, pyvenv.cfg as `site.py` reads it).
    public var includeSystemSitePackages: Bool
    /// pyvenv.cfg's `home`, as written; nil for a base interpreter.
    public var home: String?
    /// `sys.executable`: the python a user would run (absolute, symlinks kept).
    public var executable: String
    /// `sys._base_executable`.
    public var baseExecutable: String
    /// `sys.prefix != sys.base_prefix`.
    public var isVenv: Bool
    /// pyvenv.cfg's `prompt`, unquoted; nil when there is none.
    public var prompt: String?
    /// `sysconfig.get_paths(scheme="venv")` (3.11+; `posix_prefix`, which is
    /// the same, before): where installers put pure and platform modules,
    /// scripts, and where the headers are.
    public var purelib: String
    public var platlib: String
    public var scripts: String
    public var include: String

    public init(prefix: String, execPrefix: String, basePrefix: String, baseExecPrefix: String,
                sitePackages: [String], version: String, includeSystemSitePackages: Bool,
                home: String?, executable: String, baseExecutable: String, isVenv: Bool,
                prompt: String?, purelib: String, platlib: String, scripts: String, include: String) {
        self.prefix = prefix
        self.execPrefix = execPrefix
        self.basePrefix = basePrefix
        self.baseExecPrefix = baseExecPrefix
        self.sitePackages = sitePackages
        self.version = version
        self.includeSystemSitePackages = includeSystemSitePackages
        self.home = home
        self.executable = executable
        self.baseExecutable = baseExecutable
        self.isVenv = isVenv
        self.prompt = prompt
        self.purelib = purelib
        self.platlib = platlib
        self.scripts = scripts
        self.include = include
    }

    /// One JSON object, keys in snake_case as `sys` and `sysconfig` name them.
    public var json: String {
        var object = JSONObject()
        object["prefix"] = .string(prefix)
        object["exec_prefix"] = .string(execPrefix)
        object["base_prefix"] = .string(basePrefix)
        object["base_exec_prefix"] = .string(baseExecPrefix)
        object["site_packages"] = .strings(sitePackages)
        object["version"] = .string(version)
        object["include_system_site_packages"] = .bool(includeSystemSitePackages)
        object["home"] = .optional(home)
        object["executable"] = .string(executable)
        object["base_executable"] = .string(baseExecutable)
        object["is_venv"] = .bool(isVenv)
        object["prompt"] = .optional(prompt)
        object["purelib"] = .string(purelib)
        object["platlib"] = .string(platlib)
        object["scripts"] = .string(scripts)
        object["include"] = .string(include)
        return object.text
    }
}
