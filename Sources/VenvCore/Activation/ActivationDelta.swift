import SystemPackage

/// What activating an environment does to the environment variables, as
/// data, for programs that start processes inside an environment without a
/// shell (IDEs, build systems).
///
/// Applied to the environment it was computed for, it gives exactly what
/// sourcing `bin/activate` in a non-interactive bash gives (`env` before and
/// after): `VIRTUAL_ENV` (the absolute path as named, not resolved through
/// symlinks), `VIRTUAL_ENV_PROMPT` (the bare name), `PATH` with the bin
/// directory first (alone when PATH is missing or empty), `PYTHONHOME` unset.
///
/// `PS1` is left alone. It is the prompt of an interactive shell, usually
/// not exported, and when it is exported it is in the syntax of whichever
/// shell reads it; programs and prompt themes read `VIRTUAL_ENV_PROMPT`
/// instead. (So where PS1 is exported, sourcing activate in bash also
/// prefixes it, and that is the one difference.)
public struct ActivationDelta: Equatable, Sendable {
    /// Variables to set, in this order: `VIRTUAL_ENV`, `VIRTUAL_ENV_PROMPT`, `PATH`.
    public let set: [(name: String, value: String)]
    /// Variables to remove: always `PYTHONHOME`, whether or not it is set
    /// now, so the delta can be applied to a later copy of the environment.
    public let unset: [String]

    /// The delta of the environment at `envDir` (absolute, or relative to the
    /// current directory) for a process whose environment is `environment`.
    /// Fails with `VENV_ENOTVENV` if `envDir` has no readable pyvenv.cfg.
    public init(envDir: String, environment: [String: String]) throws(VenvError) {
        guard !envDir.isEmpty else {
            throw VenvError(.invalid, nil, "the environment directory is an empty path",
                            remedy: "name one such as .venv")
        }
        let dir = try FS.absolute(FilePath(envDir))
        let configPath = dir.appending("pyvenv.cfg")
        guard FS.exists(configPath) else {
            throw VenvError(.notVenv, dir, "has no pyvenv.cfg, so it is not a virtual environment",
                            remedy: "check the path or create it with swift-venv \(envDir)")
        }
        let config = try PyvenvConfig.read(configPath)
        self.init(envDir: dir, prompt: config.prompt ?? dir.name, environment: environment)
    }

    /// The delta for an environment whose absolute path and prompt are known.
    public init(envDir: FilePath, prompt: String, binName: String = "bin", environment: [String: String]) {
        let bin = envDir.appending(binName).string
        let path = environment["PATH"].flatMap { $0.isEmpty ? nil : $0 }
        set = [
            ("VIRTUAL_ENV", envDir.string),
            ("VIRTUAL_ENV_PROMPT", prompt),
            ("PATH", path.map { bin + ":" + $0 } ?? bin),
        ]
        unset = ["PYTHONHOME"]
    }

    /// `environment` with this delta applied.
    public func applied(to environment: [String: String]) -> [String: String] {
        var result = environment
        for name in unset { result[name] = nil }
        for (name, value) in set { result[name] = value }
        return result
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.unset == b.unset && a.set.elementsEqual(b.set) { $0.name == $1.name && $0.value == $1.value }
    }
}

extension ActivationDelta {
    /// `{"set": {"NAME": "value", ...}, "unset": ["NAME", ...]}`, as
    /// `swift-venv activate-env --json` prints it.
    public var json: String {
        var variables = JSONObject()
        for (name, value) in set { variables[name] = .string(value) }
        var object = JSONObject()
        object["set"] = .object(variables)
        object["unset"] = .strings(unset)
        return object.text
    }
}
