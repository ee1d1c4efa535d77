import SystemPackage

/// The one error type of swift-venv. Its codes equal the C ABI's `VENV_E*`
/// codes; it carries the path concerned, what is wrong, the remedy and, when
/// a system call failed, its errno. The one-line message is rendered from
/// those parts here and nowhere else, and no code decides anything from it.
public struct VenvError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What kind of failure this is; the raw values are the C ABI's codes.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }

        /// `VENV_ERROR`: a failure the caller cannot act on by code alone.
        public static let failed = Code(rawValue: -1)
        /// `VENV_EINVALID`: a bad argument (empty path, `:` in a path, conflicting options).
        public static let invalid = Code(rawValue: -2)
        /// `VENV_EEXISTS`: the target exists and may not be used as it is.
        public static let exists = Code(rawValue: -3)
        /// `VENV_ENOTVENV`: a directory that should be a virtual environment is not one.
        public static let notVenv = Code(rawValue: -4)
        /// `VENV_ENOPYTHON`: no usable base interpreter.
        public static let noPython = Code(rawValue: -5)

        public var description: String {
            switch self {
            case .invalid: return "invalid argument"
            case .exists: return "already exists"
            case .notVenv: return "not a virtual environment"
            case .noPython: return "no usable Python"
            default: return "error"
            }
        }
    }

    public let code: Code
    /// The path the failure concerns, if there is one.
    public let path: FilePath?
    /// What is wrong, in a few words, without the path.
    public let problem: String
    /// What the user can do about it, if anything.
    public let remedy: String?
    /// The system call's error, when one failed.
    public let errno: Errno?

    /// `code` for a failure concerning `path`: `problem` says what is wrong,
    /// `remedy` what to do.
    public init(_ code: Code, _ path: FilePath?, _ problem: String, remedy: String? = nil, errno: Errno? = nil) {
        self.code = code
        self.path = path
        self.problem = problem
        self.remedy = remedy
        self.errno = errno
    }

    /// The same, for a path held as text (the resolver's).
    public init(_ code: Code, _ path: String, _ problem: String, remedy: String? = nil, errno: Errno? = nil) {
        self.init(code, FilePath(path), problem, remedy: remedy, errno: errno)
    }

    /// The one line shown to users: `PATH: problem; remedy`.
    public var message: String {
        var line = path.map { "\($0): \(problem)" } ?? problem
        if let remedy { line += "; \(remedy)" }
        return line
    }

    public var description: String { message }

    /// An error for a failed system call on `path`, worded from `errno`.
    static func system(_ what: String, _ path: FilePath, _ errno: Errno, remedy: String? = nil) -> VenvError {
        VenvError(.failed, path, "cannot \(what): \(errno)",
                  remedy: remedy ?? defaultRemedy(errno), errno: errno)
    }

    private static func defaultRemedy(_ errno: Errno) -> String? {
        switch errno {
        case .permissionDenied, .notPermitted: return "check the permissions of the directory " +
                                                      "or choose another location"
        case .readOnlyFileSystem: return "choose a location on a writable file system"
        case .noSpace: return "free some space or choose another location"
        case .fileNameTooLong: return "choose a shorter path"
        default: return nil
        }
    }
}
