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
    /// Empty an existing environment before creating it anew.
    public var clear = false
    /// Bring an existing environment up to date with its base interpreter,
    /// keeping its prompt unless another is given.
    public var upgrade = false
    public var withPip = true
    /// The prompt; `.` means the name of the current directory. nil: the
    /// environment directory's name is shown and none is written to pyvenv.cfg.
    public var prompt: String? = nil
    /// Upgrade pip (and setuptools up to 3.11) from PyPI after creation.
    public var upgradeDeps = false
    /// Write a `.gitignore` (`*`) into the environment, as 3.13 does.
    public var scmIgnoreFiles = true
    /// Create the environment in a non-empty directory that is not one, or
    /// reuse an existing environment as it is.
    public var allowExisting = false
    /// Let `clear` empty a directory that has no pyvenv.cfg.
    public var force = false
    /// The program named first in pyvenv.cfg's `command` line.
    public var commandName = "swift-venv"
    /// Receives a line for each step when set (`--verbose`).
    public var log: (@Sendable (String) -> Void)? = nil

    public init() {}
}
