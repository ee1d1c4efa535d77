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
    /// pixi, conda, uv (a `uv =` line in pyvenv.cfg, or uv's own installations),
    /// poetry, pipenv (`isPipenv`), hatch, virtualenvwrapper, venv (a pyvenv.cfg), then
    /// the global interpreters: `/bin`, `/usr/bin`, `/usr/local/bin`
    /// (LinuxGlobal), else any other directory (GlobalPaths).
    static func of(_ record: FoundPython) -> PetKind {
        switch record.manager {
        case "pyenv": return .pyenv
        case "pyenv-virtualenv": return .pyenvVirtualEnv
        default: break
        }
        // PET's pixi (`crates/pet-pixi`): a prefix with `conda-meta/pixi`, before
        // conda (find reads such a prefix as a conda one: looked for there only).
        if record.creator == "conda", let prefix = record.prefix,
           FS.isFile(PathText.join(prefix, "conda-meta", "pixi")) {
            return .pixi
        }
        if record.manager == "conda" { return .conda }
        if record.kind == .environment {
            if record.creator == "uv" { return isUvWorkspace(record.prefix) ? .uvWorkspace : .uv }
            if record.manager == "poetry" { return .poetry }
            if isPipenv(record) { return .pipenv }
            switch record.manager {
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

    /// PET's pipenv (`crates/pet-pipenv`): in pipenv's folder with a
    /// `.project` or a name of pipenv's shape (`NAME-` and 8 characters), or
    /// a project (`.project`'s, or the folder holding it) with a Pipfile.
    static func isPipenv(_ record: FoundPython) -> Bool {
        guard let prefix = record.prefix else { return false }
        if record.sources.contains(FindSource.pipenv.rawValue) {
            if FS.kind(PathText.join(prefix, ".project"), followingLinks: true) != .missing { return true }
            let name = Array(PathText.basename(prefix).utf8)
            if name.count > 9, name[name.count - 9] == UInt8(ascii: "-"), name.suffix(8).allSatisfy({ byte in
                (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                    || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
            }) { return true }
        }
        let projects = [record.project, PathText.dirname(prefix)].compactMap { $0 }.filter { $0.hasPrefix("/") }
        return projects.contains { FS.kind(PathText.join($0, "Pipfile"), followingLinks: true) != .missing }
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
