#if canImport(Glibc)
import Glibc
#endif
import CVenvSystem
import SystemPackage

/// Removing what an environment holds without ever leaving it or stopping
/// half way. `check` first refuses, removing nothing, what must never be
/// removed (`/`, a directory holding a home or the current directory) and
/// what could not be removed whole (a mount point inside, a directory this
/// user cannot write, an immutable entry); then every entry is examined
/// without following links and removed relative to an open directory, so a
/// symlink is removed as a link and never followed, and a directory swapped
/// for a link mid-way is not entered. `--clear`, `remove`, a move's source
/// and a failed creation's rollback all use it.
enum Removal {
    /// What a removal takes: a directory's contents (`--clear`), or the
    /// directory too (`remove`).
    enum Scope { case contents, whole }

    /// Refuses, before anything is removed, what removing `path` (absolute)
    /// must not do or could not finish.
    static func check(_ path: FilePath, _ scope: Scope) throws(VenvError) {
        try refuseProtected(path)
        let me = geteuid()
        if scope == .whole, let parent = path.parentOrNil {
            let dir: venv_sys_entry, entry: venv_sys_entry
            do throws(Errno) {
                dir = try Syscall.examine(at: AT_FDCWD, parent)
                entry = try Syscall.examine(at: AT_FDCWD, path)
                try Syscall.mayAccess(at: AT_FDCWD, parent, W_OK | X_OK)
            } catch { throw refusal(error == .permissionDenied ? parent : path, error) }
            if onOtherMount(entry, dir) { throw mountPoint(path) }
            try refuseSticky(dir, entry, path, me)
            if entry.immutable != 0 { throw immutable(path) }
        }
        let fd = try FS.openFile(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, what: "open")
        defer { close(fd) }
        let top: venv_sys_entry
        do throws(Errno) {
            top = try Syscall.examine(at: fd, ".")
            try Syscall.mayAccess(at: fd, ".", R_OK | X_OK)
        } catch { throw refusal(path, error) }
        if top.immutable != 0 { throw immutable(path) }
        try checkEntries(fd, path, top, mount: top, me)
    }

    private static func checkEntries(_ fd: Int32, _ path: FilePath, _ dir: venv_sys_entry,
                                     mount: venv_sys_entry, _ me: uid_t) throws(VenvError) {
        let names: [String]
        do throws(Errno) {
            names = try Syscall.names(in: fd)
            // Its entries go, so it must be writable; an empty one need not be.
            if !names.isEmpty { try Syscall.mayAccess(at: fd, ".", W_OK) }
        } catch { throw refusal(path, error) }
        for name in names {
            let child = path.appending(name)
            let entry: venv_sys_entry
            do throws(Errno) { entry = try Syscall.examine(at: fd, name) }
            catch where error == .noSuchFileOrDirectory { continue }
            catch { throw refusal(child, error) }
            if onOtherMount(entry, mount) { throw mountPoint(child) }
            if entry.immutable != 0 { throw immutable(child) }
            try refuseSticky(dir, entry, child, me)
            guard FileKind(mode: mode_t(entry.mode)) == .directory else { continue }
            let childFD: Int32
            do throws(Errno) {
                try Syscall.mayAccess(at: fd, name, R_OK | X_OK)
                childFD = try Syscall.open(at: fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            } catch { throw refusal(child, error) }
            defer { close(childFD) }
            try checkEntries(childFD, child, entry, mount: mount, me)
        }
    }

    /// `/`, a directory that is or holds a home directory (`$HOME`, or the
    /// password file's for this user), and one that holds the current
    /// directory, in the form given or resolved. The current directory
    /// itself may go (`rmvirtualenv` from inside an environment, a
    /// temporary environment removed when deactivated).
    static func refuseProtected(_ path: FilePath) throws(VenvError) {
        let forms = [path, FS.realPath(path) ?? path]
        if forms.contains(where: { $0.removingRoot().isEmpty }) {
            throw VenvError(.invalid, path, "is the root directory",
                            remedy: "swift-venv never empties it nor removes it, even with --force")
        }
        for home in homes() {
            for form in forms where home == form || home.starts(with: form) {
                throw VenvError(.invalid, path, home == form ? "is your home directory"
                                                             : "holds your home directory \(home)",
                                remedy: "swift-venv never empties it nor removes it, even with --force")
            }
        }
        guard let cwd = try? FS.currentDirectory() else { return }
        for here in [cwd, FS.realPath(cwd) ?? cwd] {
            for form in forms where here != form && here.starts(with: form) {
                throw VenvError(.invalid, path, "holds the current directory \(cwd)",
                                remedy: "change to a directory outside it first")
            }
        }
    }

    /// `$HOME` and this user's home in /etc/passwd (read as a file: the
    /// static executable starts no NSS), each also resolved.
    private static func homes() -> [FilePath] {
        var homes: [FilePath] = []
        if let home = Environment.variable("HOME"), home.hasPrefix("/") { homes.append(FilePath(home)) }
        if let bytes = try? FS.readFile("/etc/passwd", limit: 1 << 24) {
            let uid = String(getuid())
            for line in bytes.split(separator: UInt8(ascii: "\n")) {
                let fields = line.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
                guard fields.count >= 6, String(decoding: fields[2], as: UTF8.self) == uid else { continue }
                let home = String(decoding: fields[5], as: UTF8.self)
                if home.hasPrefix("/") { homes.append(FilePath(home)) }
                break
            }
        }
        for home in homes { if let real = FS.realPath(home) { homes.append(real) } }
        return homes.map { $0.lexicallyNormalized() }
    }

    /// In a sticky directory (`/tmp`), only the owner of an entry or of the
    /// directory may remove it; root may always.
    private static func refuseSticky(_ dir: venv_sys_entry, _ entry: venv_sys_entry, _ path: FilePath,
                                     _ me: uid_t) throws(VenvError) {
        guard me != 0, mode_t(dir.mode) & S_ISVTX != 0, dir.uid != me, entry.uid != me else { return }
        throw VenvError(.failed, path,
                        "belongs to another user in a sticky directory, so it could not be removed; nothing was removed",
                        remedy: "remove it as its owner")
    }

    private static func onOtherMount(_ entry: venv_sys_entry, _ mount: venv_sys_entry) -> Bool {
        entry.mount_root != 0 || entry.device != mount.device
            || (entry.mount_id != 0 && mount.mount_id != 0 && entry.mount_id != mount.mount_id)
    }

    private static func mountPoint(_ path: FilePath) -> VenvError {
        VenvError(.failed, path, "is a mount point; swift-venv does not remove other mounts, and nothing was removed",
                  remedy: "unmount it first")
    }

    private static func immutable(_ path: FilePath) -> VenvError {
        VenvError(.failed, path, "is immutable or append-only (chattr), so it could not be removed; nothing was removed",
                  remedy: "clear the attribute with chattr -i -a first")
    }

    private static func refusal(_ path: FilePath, _ error: Errno) -> VenvError {
        .system("remove", path, error,
                remedy: "nothing was removed; " + (error == .permissionDenied || error == .readOnlyFileSystem
                    ? "you cannot write it, so a removal would stop half way: make it writable first"
                    : "check it and try again"))
    }

    /// Removes everything inside `directory` but the directory itself;
    /// `last` (if present) is removed after all the rest, so that an
    /// interrupted clear leaves a directory still recognisable by it.
    static func removeContents(of directory: FilePath, last: String? = nil) throws(VenvError) {
        let fd = try FS.openFile(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC, what: "open")
        defer { close(fd) }
        let mount: venv_sys_entry
        do throws(Errno) { mount = try Syscall.examine(at: fd, ".") } catch { throw .system("examine", directory, error) }
        try removeEntries(fd, directory, mount: mount, except: last)
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
        let mount: venv_sys_entry
        do throws(Errno) { mount = try Syscall.examine(at: fd, ".") } catch { throw .system("examine", parent, error) }
        try removeEntry(fd, parent, path.name, mount: mount)
    }

    private static func removeEntries(_ fd: Int32, _ path: FilePath, mount: venv_sys_entry,
                                      except: String?) throws(VenvError) {
        let names: [String]
        do throws(Errno) { names = try Syscall.names(in: fd) } catch { throw .system("list", path, error) }
        for name in names where name != except {
            try removeEntry(fd, path, name, mount: mount)
        }
    }

    private static func removeEntry(_ parentFD: Int32, _ parent: FilePath, _ name: String,
                                    mount: venv_sys_entry) throws(VenvError) {
        let path = parent.appending(name)
        let entry: venv_sys_entry
        do throws(Errno) { entry = try Syscall.examine(at: parentFD, name) }
        catch where error == .noSuchFileOrDirectory { return }
        catch { throw .system("examine", path, error) }
        if onOtherMount(entry, mount) { throw mountPoint(path) }
        let isDirectory = FileKind(mode: mode_t(entry.mode)) == .directory
        if isDirectory {
            let child: Int32
            do throws(Errno) {
                child = try Syscall.open(at: parentFD, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            }
            catch { throw .system("open", path, error) }
            defer { close(child) }
            try removeEntries(child, path, mount: mount, except: nil)
        }
        do throws(Errno) {
            try Syscall.unlink(at: parentFD, name, isDirectory ? AT_REMOVEDIR : 0)
        } catch where error == .noSuchFileOrDirectory {
        } catch {
            throw .system("remove", path, error)
        }
    }
}
