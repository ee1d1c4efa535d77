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

/// The hidden directories new environments are built in before the rename.
enum Staging {
    static let marker = ".swift-venv-"

    /// `.NAME.swift-venv-PID-RANDOM` beside the target.
    static func path(for target: FilePath) -> FilePath {
        let parent = target.removingLastComponent()
        return parent.appending(".\(target.name)\(marker)\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
    }

    /// Removes staging directories in `parent` left by processes that died
    /// (killed mid-creation). Called with the parent's `CreationLock` held, so
    /// no live swift-venv is building in them; the process check also spares
    /// a tool that does not take the lock.
    static func removeStale(in parent: FilePath) {
        guard let names = try? FS.contents(of: parent) else { return }
        for name in names where name.hasPrefix(".") {
            guard let range = name.firstRange(of: marker) else { continue }
            let rest = name[range.upperBound...].split(separator: "-")
            guard rest.count == 2, let pid = pid_t(rest[0]), UInt32(rest[1]) != nil else { continue }
            if pid == getpid() { continue }
            if kill(pid, 0) == 0 || errno == EPERM { continue }
            try? Removal.removeTree(parent.appending(name))
        }
    }
}
