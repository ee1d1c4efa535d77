#if canImport(Glibc)
import Glibc
#endif
import CVenvSystem
import SystemPackage

/// Puts files from the wheel cache into an environment, by the first way
/// that works: a hard link (no new inode: on ext4 creating inodes is most of
/// the cost), a reflink where the file system shares extents (Btrfs, XFS),
/// else an in-kernel copy. `SWIFT_VENV_LINK_MODE=copy` (or `clone`) skips
/// the hard link, for those who edit installed files in place: an editor
/// writing a hard-linked file in place changes the cache and every
/// environment seeded from it. pip itself never writes installed files in
/// place (it removes and recreates), nor does Python (`.pyc` files are
/// replaced by rename).
///
/// Every way keeps the cached file's modification time, because the cached
/// `.pyc` files were compiled against it (timestamp-based bytecode names the
/// source's mtime and size), so they stay valid in the environment.
struct FileCopier {
    enum Method: String { case hardlink, clone, copy }

    /// The process's umask, applied to modes as pip does.
    let umask: mode_t
    private(set) var method: Method

    init() {
        umask = ThisProcess.umask
        method = Environment.variable("SWIFT_VENV_LINK_MODE").flatMap(Method.init(rawValue:)) ?? .hardlink
    }

    /// `0o666` or, for an executable, pip's `0o777 & ~umask | 0o111`.
    func mode(executable: Bool) -> mode_t {
        executable ? (0o777 & ~umask) | 0o111 : 0o666 & ~umask
    }

    /// Puts `source` at `destination` (which must not exist) with pip's mode
    /// for it; a hard link has the mode the cache gave it, which is pip's
    /// for the umask of the run that filled the cache.
    mutating func copy(_ source: String, to destination: String, executable: Bool) throws(VenvError) {
        // Plain strings, not FilePath: this runs for every file seeded.
        if method == .hardlink, (try? Syscall.link(source, destination)) != nil { return }
        try copy(FilePath(source), to: FilePath(destination), executable: executable)
    }

    mutating func copy(_ source: FilePath, to destination: FilePath, executable: Bool) throws(VenvError) {
        do { try place(source, destination, executable) } catch {
            // A file left by an earlier occupant of the directory: pip
            // overwrites those, so replace it (rarely: only then is it checked).
            guard FS.kind(destination) == .file || FS.kind(destination) == .symlink else { throw error }
            try FS.remove(destination)
            try place(source, destination, executable)
        }
    }

    private mutating func place(_ source: FilePath, _ destination: FilePath, _ executable: Bool) throws(VenvError) {
        if method == .hardlink {
            do throws(Errno) {
                return try Syscall.link(source, destination)
            } catch where [Errno.improperLink, .notPermitted, .tooManyLinks, .notSupported, .noFunction,
                           .permissionDenied].contains(error) {
                method = .clone   // another file system, or links refused: stop asking
            } catch {
                throw .system("link \(source) to", destination, error)
            }
        }
        let input = try FS.openFile(source, O_RDONLY | O_CLOEXEC, what: "read")
        defer { Syscall.close(input) }
        let output = try FS.openFile(destination, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode: 0o600,
                                     what: "create")
        defer { Syscall.close(output) }
        let st: stat
        do throws(Errno) { st = try Syscall.fstat(input) } catch { throw .system("read", source, error) }

        var done = false
        if method == .clone {
            if (try? Syscall.retrying({ venv_sys_clone_file(input, output) })) != nil {
                done = true
            } else {
                method = .copy   // this file system cannot: stop asking
            }
        }
        if !done {
            try FS.copyContents(input, output, destination)
        }
        var times = [st.st_atim, st.st_mtim]
        _ = futimens(output, &times)
        do throws(Errno) { try Syscall.fchmod(output, mode(executable: executable)) }
        catch { throw .system("set the mode of", destination, error) }
    }

    /// Writes a new file with pip's mode for it.
    func write(_ bytes: [UInt8], to destination: FilePath, executable: Bool) throws(VenvError) {
        let fd = try FS.openFile(destination, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode: 0o600,
                                 what: "write")
        defer { Syscall.close(fd) }
        try FS.writeAll(fd, bytes, destination)
        do throws(Errno) { try Syscall.fchmod(fd, mode(executable: executable)) }
        catch { throw .system("set the mode of", destination, error) }
    }
}
