#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// Removing what an environment holds without ever leaving it: every entry
/// is examined with `lstat` semantics and removed relative to an open
/// directory, so a symlink is removed as a link and never followed, a
/// directory swapped for a link mid-way is not entered, and another file
/// system mounted inside is refused. `--clear`, a failed creation's rollback
/// and `remove` all use it.
enum Removal {
    /// Removes everything inside `directory` but the directory itself;
    /// `last` (if present) is removed after all the rest, so that an
    /// interrupted clear leaves a directory still recognisable by it.
    static func removeContents(of directory: FilePath, last: String? = nil) throws(VenvError) {
        let fd = try FS.openFile(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC, what: "open")
        defer { close(fd) }
        let device: dev_t
        do throws(Errno) { device = try Syscall.fstat(fd).st_dev } catch { throw .system("examine", directory, error) }
        try removeEntries(fd, directory, device: device, except: last)
        if let last {
            do throws(Errno) { try Syscall.unlink(at: fd, last) }
            catch where error == .noSuchFileOrDirectory {}
            catch { throw .system("remove", directory.appending(last), error) }
        }
    }

    /// Removes `path` and, if it is a directory (not a link to one), all it holds.
    static func removeTree(_ path: FilePath) throws(VenvError) {
        guard let parent = path.parentOrNil, !path.name.isEmpty else {
            throw VenvError(.invalid, path, "refusing to remove it", remedy: "name a directory below the root")
        }
        let fd = try FS.openFile(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC, what: "open")
        defer { close(fd) }
        let device: dev_t
        do throws(Errno) { device = try Syscall.fstat(fd).st_dev } catch { throw .system("examine", parent, error) }
        try removeEntry(fd, parent, path.name, device: device)
    }

    private static func removeEntries(_ fd: Int32, _ path: FilePath, device: dev_t, except: String?) throws(VenvError) {
        let names: [String]
        do throws(Errno) { names = try Syscall.names(in: fd) } catch { throw .system("list", path, error) }
        for name in names where name != except {
            try removeEntry(fd, path, name, device: device)
        }
    }

    private static func removeEntry(_ parentFD: Int32, _ parent: FilePath, _ name: String,
                                    device: dev_t) throws(VenvError) {
        let path = parent.appending(name)
        let st: stat
        do throws(Errno) { st = try Syscall.lstat(at: parentFD, name) }
        catch where error == .noSuchFileOrDirectory { return }
        catch { throw .system("examine", path, error) }
        if FileKind(mode: st.st_mode) == .directory {
            guard st.st_dev == device else {
                throw VenvError(.failed, path, "is a mount point; swift-venv does not remove other file systems",
                                remedy: "unmount it first")
            }
            let child: Int32
            do throws(Errno) {
                child = try Syscall.open(at: parentFD, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            }
            catch { throw .system("open", path, error) }
            defer { close(child) }
            try removeEntries(child, path, device: device, except: nil)
        }
        do throws(Errno) {
            try Syscall.unlink(at: parentFD, name, FileKind(mode: st.st_mode) == .directory ? AT_REMOVEDIR : 0)
        } catch where error == .noSuchFileOrDirectory {
        } catch {
            throw .system("remove", path, error)
        }
    }
}
