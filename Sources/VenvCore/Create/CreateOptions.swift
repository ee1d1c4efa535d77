/// Everything that shapes a new environment; the defaults are `python -m venv`'s.
public struct CreateOptions: Sendable {
    /// How the environment's `bin/python` reaches the base interpreter.
    public enum Linking: Sendable { case symlinks, copies }

    /// The base interpreter: a path, a name on `PATH`, or a version such as
    /// `3.12`; nil means `python3` on `PATH`.
    public var python: String? = nil
    /// Whether the base interpreter's site-packages are visible in the environment.
    public var systemSitePackages = false
    public var linking: Linking = .symlinks
    /// What to do with a target that already exists.
    public var onExisting: OnExisting = .update
    public var withPip = true
    /// The name shown in the shell prompt.
    public var prompt: Prompt = .directoryName
    /// Upgrade pip (and setuptools up to 3.11) from PyPI after creation.
    public var upgradeDeps = false
    /// Activation scripts and console scripts that find the environment
    /// from where they are, so that it can be moved by hand; pyvenv.cfg
    /// says `relocatable = true`. Given for an existing environment, its
    /// console scripts are made relocatable too.
    public var relocatable = false
    /// Write a `.gitignore` (`*`) into the environment, as 3.13 does.
    public var scmIgnoreFiles = true
    /// Write the activation scripts (`--without-scripts`: no). Without them,
    /// for callers that write their own (virtualenv's creator plugin), only
    /// venv's own path rules apply (our refusals of `%`, control characters
    /// and the like keep the scripts safe), and a directory holding files is
    /// used as venv uses it: the environment is made among them, and a file
    /// in its way is replaced (`effectiveOnExisting`, `Creation`).
    public var activationScripts = true
    /// The program named first in pyvenv.cfg's `command` line.
    public var commandName = "swift-venv"
    /// pyvenv.cfg's whole `command` value, for front ends whose own command
    /// line recreates the environment (`python -m libvenv ...`); nil: this
    /// tool's, from `commandName` and the options.
    public var commandLine: String? = nil
    /// pyvenv.cfg's `prompt` value as written (venv 3.8-3.12 writes
    /// `repr(prompt)`, so `True` for `prompt=True`); nil: the repr of the prompt.
    public var promptLiteral: String? = nil
    /// Receives a line for each step when set (`--verbose`).
    public var log: (@Sendable (String) -> Void)? = nil

    public init() {}

    /// What is done with an existing target: without activation scripts, a
    /// non-empty directory that is not an environment is used as venv uses
    /// it (`.allow`) rather than refused.
    var effectiveOnExisting: OnExisting {
        activationScripts || onExisting != .update ? onExisting : .allow
    }
}

/// What a creation does with a target directory that already exists. The
/// command line's `--clear`, `--upgrade`, `--allow-existing` and `--force`,
/// the C options' flags of the same names and `libvenv`'s arguments all come
/// here through `init(clear:upgrade:allowExisting:force:)`, the one place
/// their combinations are checked.
public enum OnExisting: Sendable, Equatable {
    /// An existing environment is updated in place, as `python -m venv`
    /// does (pyvenv.cfg, the python links, the activation scripts and pip are
    /// written again); a non-empty directory that is not an environment is
    /// refused. The default.
    case update
    /// As `update`, and a non-empty directory that is not an environment gets
    /// one beside its files, provided none of them is in the way.
    case allow
    /// An existing environment is emptied first; `force` lets a directory
    /// without pyvenv.cfg be emptied too. `/` and the home directory never are.
    case clear(force: Bool)
    /// An existing environment is brought up to date with its base
    /// interpreter, keeping its prompt and its activation scripts.
    case upgrade

    /// The one check of the flags' combinations.
    public init(clear: Bool, upgrade: Bool, allowExisting: Bool, force: Bool) throws(VenvError) {
        switch (clear, upgrade) {
        case (true, true):
            throw VenvError(.invalid, nil, "--clear and --upgrade cannot be used together",
                            remedy: "--clear recreates the environment, --upgrade keeps it: choose one")
        case (true, false):
            self = .clear(force: force)
        case (false, true):
            self = .upgrade
        case (false, false):
            if force {
                throw VenvError(.invalid, nil, "--force only applies to --clear",
                                remedy: "add --clear, or leave --force out")
            }
            self = allowExisting ? .allow : .update
        }
    }

    /// The flags that say this, for pyvenv.cfg's `command` line.
    var flags: [String] {
        switch self {
        case .update: return []
        case .allow: return ["--allow-existing"]
        case .clear(let force): return force ? ["--clear", "--force"] : ["--clear"]
        case .upgrade: return ["--upgrade"]
        }
    }
}

/// The name an environment shows in the shell prompt.
public enum Prompt: Sendable, Equatable {
    /// The environment directory's name; nothing is written to pyvenv.cfg.
    case directoryName
    /// The current directory's name (`--prompt .`), written to pyvenv.cfg.
    case currentDirectoryName
    /// This text, written to pyvenv.cfg.
    case text(String)

    /// `--prompt`'s argument as the command line and venv take it: `.` means
    /// the current directory's name; nil, the environment directory's name.
    public init(argument: String?) {
        switch argument {
        case nil: self = .directoryName
        case "."?: self = .currentDirectoryName
        case let text?: self = .text(text)
        }
    }

    /// `--prompt`'s argument that says this, or nil.
    var argument: String? {
        switch self {
        case .directoryName: return nil
        case .currentDirectoryName: return "."
        case .text(let text): return text
        }
    }
}
