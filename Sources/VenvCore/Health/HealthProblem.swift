/// One thing wrong with an environment, as `doctor` reports it: a code that
/// programs test, the file concerned, the cause in words, and the command
/// that mends it.
public struct HealthProblem: Sendable, Equatable {
    /// The problem codes, as `doctor --json`, `find --json`, the C ABI,
    /// libvenv and the Rust crate spell them (docs/doctor.md lists them).
    public enum Code: String, Sendable, CaseIterable {
        /// pyvenv.cfg's `home` no longer holds the base interpreter.
        case baseMissing = "base-missing"
        /// The base in `home` is another patch release than pyvenv.cfg's `version`.
        case basePatchChanged = "base-patch-changed"
        /// The base in `home` is another minor version than pyvenv.cfg's `version`.
        case baseMinorChanged = "base-minor-changed"
        /// A `bin/python*` link that leads nowhere (or into a loop).
        case pythonLinkDangling = "python-link-dangling"
        /// A `bin/python*` link to a python that is neither the base nor in the environment.
        case pythonLinkForeign = "python-link-foreign"
        /// A console script whose shebang names a python that does not exist.
        case scriptShebangMissing = "script-shebang-missing"
        /// A console script whose shebang names a python outside the environment.
        case scriptShebangForeign = "script-shebang-foreign"
        /// pyvenv.cfg is missing, unreadable, or not text CPython reads.
        case configUnreadable = "config-unreadable"
        /// pyvenv.cfg of 32 KiB or more, which Python 3.11+ refuses at start-up.
        case configTooLarge = "config-too-large"
        /// pyvenv.cfg lacks `home`, `version` or `include-system-site-packages`.
        case configMissingKey = "config-missing-key"
        /// `lib/pythonX.Y/site-packages` of another minor version than the base's holds packages.
        case sitePackagesVersion = "site-packages-version"
        /// A distribution's `.dist-info` has no RECORD: pip cannot uninstall or upgrade it.
        case recordMissing = "record-missing"
        /// A `swift-venv move` to here was interrupted (its journal is beside it).
        case unfinishedMove = "unfinished-move"
        /// A copy or creation to here was interrupted (its staging directory is left).
        case unfinishedCopy = "unfinished-copy"
        /// A `swift-venv rebuild` of here was interrupted: before its new
        /// environment took this one's place, or after it, the old one not yet
        /// renamed to `NAME.swift-venv-old`.
        case unfinishedRebuild = "unfinished-rebuild"
    }

    public var code: Code
    /// The file or directory concerned.
    public var path: String
    /// Why it is a problem, in a sentence.
    public var cause: String
    /// The command that mends it (or what to do, where no command can).
    public var remedy: String

    public init(_ code: Code, path: String, cause: String, remedy: String) {
        self.code = code
        self.path = path
        self.cause = cause
        self.remedy = remedy
    }

    var jsonObject: JSONObject {
        var object = JSONObject()
        object["code"] = .string(code.rawValue)
        object["path"] = .string(path)
        object["cause"] = .string(cause)
        object["remedy"] = .string(remedy)
        return object
    }
}
