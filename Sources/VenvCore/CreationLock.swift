#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SystemPackage

/// An advisory lock (`flock`) on the directory that holds an environment,
/// held while one environment in it is created. Every swift-venv process and
/// thread takes it, so two creations of the same target are serialised: the
/// second sees the first's complete result and fails with `EEXISTS` (or, with
/// --allow-existing, reuses it), and never mixes its files with the first's.
/// It is advisory: other tools do not take it.
final class CreationLock {
    private let fd: Int32

    /// Locks `directory`, waiting for any other holder.
    init(_ directory: FilePath) throws(VenvError) {
        fd = directory.withPlatformString { open($0, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        guard fd >= 0 else { throw .system("open", directory, Errno(rawValue: errno)) }
        while flock(fd, LOCK_EX) != 0 {
            if errno == EINTR { continue }
            let error = Errno(rawValue: errno)
            close(fd)
            throw .system("lock", directory, error)
        }
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}

/// The hidden directory a new environment is built in before the rename:
/// `.NAME.swift-venv-staging` beside the target. One name per target is
/// enough, because it is only used with the directory's `CreationLock` held;
/// so one found there when the lock is taken was left by a creation that was
/// killed, and is removed (no directory listing needed).
enum Staging {
    static func path(for target: FilePath) -> FilePath {
        target.removingLastComponent().appending(".\(target.name).swift-venv-staging")
    }

    /// Removes what a killed creation of `target` left. Call with the lock held.
    static func removeStale(for target: FilePath) {
        let staging = path(for: target)
        if FS.kind(staging) != .missing { try? Removal.removeTree(staging) }
    }
}
