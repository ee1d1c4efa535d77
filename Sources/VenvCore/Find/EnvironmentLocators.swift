/// `$VIRTUAL_ENV`: the environment activated in this shell.
struct VirtualEnvLocator: Locator {
    func find(_ context: FindContext, _ report: (Candidate) -> Void) {
        guard let path = context.variable("VIRTUAL_ENV"), path.hasPrefix("/") else { return }
        let directory = PathText.normpath(path)
        if context.isEnvironment(directory) {
            report(Candidate(path: directory, isEnvironment: true, source: .virtualEnv))
        }
    }
}

/// virtualenvwrapper: every environment directly under `$WORKON_HOME`
/// (default `~/.virtualenvs`), named by its directory, its project in
/// `ENV/.project`. pipenv keeps its environments there too when
/// `WORKON_HOME` is set: one whose name is the one pipenv derives from its
/// `.project` is pipenv's.
struct WorkonHomeLocator: Locator {
    func find(_ context: FindContext, _ report: (Candidate) -> Void) {
        guard let home = context.directory("WORKON_HOME", orHome: ".virtualenvs") else { return }
        context.environments(under: home, report) { path, name in
            let project = context.firstLine(PathText.join(path, ".project"))
            let pipenv = project.map { PipenvLocator.environmentName(project: $0) == name } ?? false
            return Candidate(path: path, isEnvironment: true, source: .workonHome,
                             manager: pipenv ? "pipenv" : "virtualenvwrapper", name: name, project: project)
        }
    }
}

/// pipenv: `$XDG_DATA_HOME/virtualenvs` (`~/.local/share/virtualenvs`),
/// `NAME-HASH` directories, the project's path in `ENV/.project`.
struct PipenvLocator: Locator {
    func find(_ context: FindContext, _ report: (Candidate) -> Void) {
        guard let directory = context.dataHome("virtualenvs") else { return }
        context.environments(under: directory, report) { path, name in
            Candidate(path: path, isEnvironment: true, source: .pipenv, manager: "pipenv", name: name,
                      project: context.firstLine(PathText.join(path, ".project")))
        }
    }

    /// The directory name pipenv gives a project's environment: the
    /// project directory's name with shell-unsafe characters replaced by
    /// `_` and cut to 42 characters, `-`, and the URL-safe base64 of the
    /// first 6 bytes of the SHA-256 of the path of its Pipfile.
    static func environmentName(project: String) -> String {
        let unsafe: Set<Character> = [" ", "&", "$", "`", "!", "*", "@", "\"",
                                      "(", ")", "[", "]", "\\", "\r", "\n", "\t"]
        let name = String(PathText.basename(project).map { unsafe.contains($0) ? "_" : $0 }.prefix(42))
        let digest = SHA256.digest(Array(PathText.join(project, "Pipfile").utf8))
        return name + "-" + String(Base64URL.encode(Array(digest.prefix(6))).prefix(8))
    }
}

/// poetry: `$POETRY_VIRTUALENVS_PATH`, default `virtualenvs` in poetry's
/// cache directory (`$POETRY_CACHE_DIR`, else `$XDG_CACHE_HOME/pypoetry`).
struct PoetryLocator: Locator {
    func find(_ context: FindContext, _ report: (Candidate) -> Void) {
        let directory = context.variable("POETRY_VIRTUALENVS_PATH").map(PathText.normpath)
            ?? context.variable("POETRY_CACHE_DIR").map { PathText.join(PathText.normpath($0), "virtualenvs") }
            ?? context.cacheHome("pypoetry/virtualenvs")
        guard let directory else { return }
        context.environments(under: directory, report) { path, name in
            Candidate(path: path, isEnvironment: true, source: .poetry, manager: "poetry", name: name)
        }
    }
}

/// hatch: `env/virtual/PROJECT/HASH/ENV` in hatch's data directory
/// (`$HATCH_DATA_DIR`, else `$XDG_DATA_HOME/hatch`); the `default`
/// environment's directory is named after the project.
struct HatchLocator: Locator {
    func find(_ context: FindContext, _ report: (Candidate) -> Void) {
        let data = context.variable("HATCH_DATA_DIR").map(PathText.normpath) ?? context.dataHome("hatch")
        guard let data else { return }
        let virtual = PathText.join(data, "env", "virtual")
        for project in context.list(virtual) ?? [] where !project.hasPrefix(".") {
            let projectDirectory = PathText.join(virtual, project)
            for hash in context.list(projectDirectory) ?? [] {
                context.environments(under: PathText.join(projectDirectory, hash), report) { path, name in
                    // hatch names the default environment's directory after the project.
                    Candidate(path: path, isEnvironment: true, source: .hatch, manager: "hatch",
                              name: name == project ? "default" : name)
                }
            }
        }
    }
}

/// pipx: `$PIPX_HOME/venvs` (default `$XDG_DATA_HOME/pipx/venvs`, and the
/// older `~/.local/pipx/venvs`), one environment per application, named by
/// its package; the package as installed is in `pipx_metadata.json`.
struct PipxLocator: Locator {
    func find(_ context: FindContext, _ report: (Candidate) -> Void) {
        var homes: [String] = []
        if let home = context.variable("PIPX_HOME").map(PathText.normpath) { homes.append(home) }
        else {
            if let data = context.dataHome("pipx") { homes.append(data) }
            if let home = context.home { homes.append(PathText.join(home, ".local/pipx")) }
        }
        for home in homes {
            context.environments(under: PathText.join(home, "venvs"), report) { path, name in
                Candidate(path: path, isEnvironment: true, source: .pipx, manager: "pipx", name: name,
                          project: PipxLocator.mainPackage(PathText.join(path, "pipx_metadata.json")))
            }
        }
    }

    /// `main_package.package` of pipx's metadata: the first `"package"`
    /// string after `"main_package"` (the file is pipx's own JSON).
    static func mainPackage(_ path: String) -> String? {
        guard let bytes = FS.readRegularFile(path, limit: 1 << 20),
              let main = bytes.firstRange(of: Array("\"main_package\"".utf8)),
              let key = bytes.firstRange(of: Array("\"package\"".utf8), from: main) else { return nil }
        var at = key + "\"package\"".utf8.count
        while at < bytes.count, bytes[at] == UInt8(ascii: " ") || bytes[at] == UInt8(ascii: ":")
                || bytes[at] == UInt8(ascii: "\n") {
            at += 1
        }
        guard at < bytes.count, bytes[at] == UInt8(ascii: "\"") else { return nil }
        let start = at + 1
        var end = start
        while end < bytes.count, bytes[end] != UInt8(ascii: "\""), bytes[end] != UInt8(ascii: "\\") { end += 1 }
        guard end < bytes.count, bytes[end] == UInt8(ascii: "\"") else { return nil }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}

/// `~/.venvs`, a common place for hand-made environments (reported as a
/// search path: no tool owns it).
struct VenvsLocator: Locator {
    func find(_ context: FindContext, _ report: (Candidate) -> Void) {
        guard let home = context.home else { return }
        context.environments(under: PathText.join(home, ".venvs"), report) { path, _ in
            Candidate(path: path, isEnvironment: true, source: .searchPath)
        }
    }
}

/// conda: `$CONDA_PREFIX`, and the base and `envs/*` of `~/miniconda3`,
/// `~/anaconda3` and `~/miniforge3`, recognised by `conda-meta/`.
struct CondaLocator: Locator {
    func find(_ context: FindContext, _ report: (Candidate) -> Void) {
        func candidate(_ path: String, _ name: String) -> Candidate {
            Candidate(path: path, isEnvironment: true, source: .conda, manager: "conda", name: name)
        }
        if let prefix = context.variable("CONDA_PREFIX").map(PathText.normpath), context.isConda(prefix) {
            let parent = PathText.dirname(prefix)
            report(candidate(prefix, PathText.basename(parent) == "envs" ? PathText.basename(prefix) : "base"))
        }
        guard let home = context.home else { return }
        for root in ["miniconda3", "anaconda3", "miniforge3"].map({ PathText.join(home, $0) }) {
            if context.isConda(root) { report(candidate(root, "base")) }
            for name in context.list(PathText.join(root, "envs")) ?? [] {
                let path = PathText.join(root, "envs", name)
                if context.isConda(path) { report(candidate(path, name)) }
            }
        }
    }
}

/// `--workspace DIR`: the project's `.venv`, `venv`, `env` and any other
/// direct child holding a pyvenv.cfg, and a `.venv` in DIR's parents, as uv
/// looks; a `.venv` that is a file naming a directory is followed.
struct WorkspaceLocator: Locator {
    func find(_ context: FindContext, _ report: (Candidate) -> Void) {
        for workspace in context.options.workspaces {
            guard let directory = try? FS.absolute(workspace) else { continue }
            for name in [".venv", "venv", "env"] + (context.list(directory) ?? []) {
                if let path = Self.environment(in: directory, named: name, context) {
                    report(Candidate(path: path, isEnvironment: true, source: .workspace, project: directory))
                }
            }
            guard directory != "/" else { continue }
            Self.dotVenvs(from: PathText.dirname(directory), context) { path, parent in
                report(Candidate(path: path, isEnvironment: true, source: .workspace, project: parent))
                return true
            }
        }
    }

    /// The `.venv` environment of `directory` and of each of its parents,
    /// nearest first, with the directory it is in, until `found` says stop.
    static func dotVenvs(from directory: String, _ context: FindContext,
                         _ found: (_ path: String, _ directory: String) -> Bool) {
        var current = directory
        while true {
            if let path = environment(in: current, named: ".venv", context), !found(path, current) { return }
            if current == "/" { return }
            current = PathText.dirname(current)
        }
    }

    /// `directory/name` when it is an environment, or when it is a small file
    /// naming one (relative to `directory`).
    static func environment(in directory: String, named name: String, _ context: FindContext) -> String? {
        let path = PathText.join(directory, name)
        switch FS.kind(path, followingLinks: true) {
        case .directory:
            return context.isEnvironment(path) ? path : nil
        case .file where name == ".venv":
            guard let target = context.firstLine(path) else { return nil }
            let resolved = PathText.normpath(target.hasPrefix("/") ? target : PathText.join(directory, target))
            return FS.isDirectory(resolved) && context.isEnvironment(resolved) ? resolved : nil
        default:
            return nil
        }
    }
}

/// `--search-path DIR`: every environment directly under DIR.
struct SearchPathLocator: Locator {
    func find(_ context: FindContext, _ report: (Candidate) -> Void) {
        for directory in context.options.searchPaths {
            guard let absolute = try? FS.absolute(directory) else { continue }
            context.environments(under: absolute, report) { path, _ in
                Candidate(path: path, isEnvironment: true, source: .searchPath)
            }
        }
    }
}
