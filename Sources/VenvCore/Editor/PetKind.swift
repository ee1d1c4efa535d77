/// The kinds of environment PET names (`PythonEnvironmentKind` in
/// microsoft/python-environment-tools, `crates/pet-core/src/python_environment.rs`),
/// spelled as PET writes them in JSON.
public enum PetKind: String, Sendable, CaseIterable {
    case conda = "Conda", pixi = "Pixi", homebrew = "Homebrew", pyenv = "Pyenv", globalPaths = "GlobalPaths"
    case pyenvVirtualEnv = "PyenvVirtualEnv", pipenv = "Pipenv", poetry = "Poetry", hatch = "Hatch"
    case macPythonOrg = "MacPythonOrg", macCommandLineTools = "MacCommandLineTools", linuxGlobal = "LinuxGlobal"
    case macXCode = "MacXCode", uv = "Uv", uvWorkspace = "UvWorkspace", venv = "Venv", virtualEnv = "VirtualEnv"
    case virtualEnvWrapper = "VirtualEnvWrapper", winPython = "WinPython", windowsStore = "WindowsStore"
    case windowsRegistry = "WindowsRegistry"

    /// A kind as a client names it: PET's JSON spelling (`PyenvVirtualEnv`),
    /// or its command line's (`pyenv-virtual-env`, clap's kebab case), in
    /// any letter case.
    public init?(named text: String) {
        let folded = text.lowercased().filter { $0 != "-" && $0 != "_" }
        guard let kind = PetKind.allCases.first(where: { $0.rawValue.lowercased() == folded }) else { return nil }
        self = kind
    }

    /// The kind PET gives the Python `record` describes, decided in the
    /// order of PET's Linux locators (`crates/pet/src/locators.rs`): pyenv,
    /// conda, uv (a `uv =` line in pyvenv.cfg, or uv's own installations),
    /// poetry, pipenv, hatch, virtualenvwrapper, venv (a pyvenv.cfg), then
    /// the global interpreters: `/bin`, `/usr/bin`, `/usr/local/bin`
    /// (LinuxGlobal), else any other directory (GlobalPaths).
    static func of(_ record: FoundPython) -> PetKind {
        switch record.manager {
        case "pyenv": return .pyenv
        case "pyenv-virtualenv": return .pyenvVirtualEnv
        case "conda": return .conda
        default: break
        }
        if record.kind == .environment {
            if record.creator == "uv" { return isUvWorkspace(record.prefix) ? .uvWorkspace : .uv }
            switch record.manager {
            case "poetry": return .poetry
            case "pipenv": return .pipenv
            case "hatch": return .hatch
            case "virtualenvwrapper": return .virtualEnvWrapper
            default: return .venv
            }
        }
        if record.manager == "uv" { return .uv }
        let global = ["/bin/", "/usr/bin/", "/usr/local/bin/"]
        return ([record.executable] + record.symlinks).contains { path in global.contains { path.hasPrefix($0) } }
            ? .linuxGlobal : .globalPaths
    }

    /// PET's UvWorkspace: a uv environment whose project (the directory
    /// holding it) declares `[tool.uv.workspace]` in its pyproject.toml.
    static func isUvWorkspace(_ prefix: String?) -> Bool {
        guard let prefix,
              let bytes = FS.readRegularFile(PathText.join(PathText.dirname(prefix), "pyproject.toml"), limit: 1 << 20),
              let text = String(validating: bytes, as: UTF8.self) else { return false }
        return text.split(whereSeparator: \.isNewline).contains { line in
            line.filter { $0 != " " && $0 != "\t" }.hasPrefix("[tool.uv.workspace]")
        }
    }
}

/// The tools PET names as managers (`EnvManagerType`).
public enum PetManagerTool: String, Sendable {
    case conda = "Conda", mamba = "Mamba", pipenv = "Pipenv", poetry = "Poetry", pyenv = "Pyenv"
}
