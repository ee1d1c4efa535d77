import SystemPackage

/// pyenv: `$PYENV_ROOT/versions/*` (default `~/.pyenv`), each an installed
/// interpreter named by its directory; and pyenv-virtualenv's environments,
/// `versions/BASE/envs/NAME`, with the `versions/NAME` link to each (or,
/// from older versions of the plugin, an environment made in `versions/NAME`).
struct PyenvLocator: Locator {
    func find(_ context: FindContext, _ report: (Candidate) -> Void) {
        guard let root = context.pyenvRoot else { return }
        let versions = PathText.join(root, "versions")
        for name in context.list(versions) ?? [] {
            let path = PathText.join(versions, name)
            if context.isEnvironment(path) {
                report(Candidate(path: path, isEnvironment: true, source: .pyenv, manager: "pyenv-virtualenv",
                                 name: name))
                continue
            }
            guard let python = Self.python(in: PathText.join(path, "bin")) else { continue }
            report(Candidate(path: python, isEnvironment: false, source: .pyenv, manager: "pyenv", name: name))
            context.environments(under: PathText.join(path, "envs"), report) { env, envName in
                Candidate(path: env, isEnvironment: true, source: .pyenv, manager: "pyenv-virtualenv", name: envName)
            }
        }
    }

    /// The python an installation's `bin/` runs as `python3` (else `python`, else `pypy3`).
    static func python(in bin: String) -> String? {
        for name in ["python3", "python", "pypy3"] {
            let path = PathText.join(bin, name)
            if FS.kind(path, followingLinks: true) == .file { return path }
        }
        return nil
    }
}

/// uv's managed Pythons: `$UV_PYTHON_INSTALL_DIR`, default
/// `$XDG_DATA_HOME/uv/python` (`~/.local/share/uv/python`), one directory
/// per installation (`cpython-3.12.1-linux-x86_64-gnu`); uv's minor-version
/// links (`cpython-3.12-…`) reach the same ones.
struct UvLocator: Locator {
    func find(_ context: FindContext, _ report: (Candidate) -> Void) {
        let directory = context.variable("UV_PYTHON_INSTALL_DIR").map(PathText.normpath)
            ?? context.dataHome("uv/python")
        guard let directory else { return }
        // Real directories first, so a record takes the full name, not a link's.
        let names = (context.list(directory) ?? []).filter { !$0.hasPrefix(".") }
        let ordered = names.filter { FS.kind(FilePath(PathText.join(directory, $0))) != .symlink }
            + names.filter { FS.kind(FilePath(PathText.join(directory, $0))) == .symlink }
        for name in ordered {
            guard let python = PyenvLocator.python(in: PathText.join(directory, name, "bin")) else { continue }
            report(Candidate(path: python, isEnvironment: false, source: .uv, manager: "uv", name: name))
        }
    }
}
