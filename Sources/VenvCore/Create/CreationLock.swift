#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// An advisory lock (`flock`) on the directory that holds an environment,
/// held while one environment in it is created. Every swift-venv process and
/// thread takes it, so two creations of the same target are serialised: the
/// second sees the first's complete result, and never mixes its files with
/// the first's. It is advisory: other tools do not take it.
final class CreationLock {
    private let fd: Int32

    /// Locks `directory`, waiting for any other holder.
    init(_ directory: FilePath) throws(VenvError) {
        fd = try FS.openFile(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC, what: "open")
        do throws(Errno) {
            try Syscall.lockExclusive(fd)
        } catch {
            close(fd)
            throw .system("lock", directory, error)
        }
    }

    deinit {
        Syscall.unlock(fd)
        close(fd)
    }
}
