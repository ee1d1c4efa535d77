import SystemPackage

/// The one error type of swift-venv. Its codes equal the C ABI's `VENV_E*`
/// codes, and its message names the path concerned and, where there is one,
/// the remedy.
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
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    /// An error for a failed system call on `path`, worded from `errno`.
    static func system(_ what: String, _ path: FilePath, _ errno: Errno, remedy: String? = nil) -> VenvError {
        var message = "\(path): cannot \(what): \(errno.userDescription)"
        if let remedy { message += "; \(remedy)" }
        else if errno == .permissionDenied || errno == .notPermitted {
            message += "; check the permissions of the directory or choose another location"
        } else if errno == .readOnlyFileSystem {
            message += "; choose a location on a writable file system"
        } else if errno == .noSpace {
            message += "; free some space or choose another location"
        } else if errno == .fileNameTooLong {
            message += "; choose a shorter path"
        }
        return VenvError(.failed, message)
    }
}

extension Errno {
    /// The C library's wording (`strerror`), without Foundation.
    var userDescription: String { description }
}
