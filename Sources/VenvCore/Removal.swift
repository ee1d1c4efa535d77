#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SystemPackage

/// Removing what an environment holds without ever leaving it: every entry
/// is examined with `lstat` semantics and removed relative to an open
/// directory, so a symlink is removed as a link and never followed, and a
/// directory swapped for a link mid-way is not entered.
enum Removal {
    /// Removes everything inside `directory` but the directory itself;
    /// `last` (if present) is removed after all the rest, so that an
    /// interrupted clear leaves a directory still recognisable by it.
    static func removeContents(of directory: FilePath, last: String? = nil) throws(VenvError) {
        let fd = directory.withPlatformString { open($0, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        guard fd >= 0 else { throw .system("open", directory, Errno(rawValue: errno)) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw .system("examine", directory, Errno(rawValue: errno)) }
        try removeEntries(fd, directory, device: st.st_dev, except: last)
        if let last, unlinkat(fd, last, 0) != 0, errno != ENOENT {
            throw .system("remove", directory.appending(last), Errno(rawValue: errno))
        }
    }

    /// Removes `path` and, if it is a directory (not a link to one), all it holds.
    static func removeTree(_ path: FilePath) throws(VenvError) {
        guard let parent = path.parentOrNil, !path.name.isEmpty else {
            throw VenvError(.invalid, path, "refusing to remove it")
        }
        let fd = parent.withPlatformString { open($0, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        guard fd >= 0 else { throw .system("open", parent, Errno(rawValue: errno)) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw .system("examine", parent, Errno(rawValue: errno)) }
        try removeEntry(fd, parent, path.name, device: st.st_dev)
    }

    private static func removeEntries(_ fd: Int32, _ path: FilePath, device: dev_t, except: String?) throws(VenvError) {
        for name in try names(fd, path) where name != except {
            try removeEntry(fd, path, name, device: device)
        }
    }

    private static func removeEntry(_ parentFD: Int32, _ parent: FilePath, _ name: String, device: dev_t) throws(VenvError) {
        let path = parent.appending(name)
        var st = stat()
        guard fstatat(parentFD, name, &st, AT_SYMLINK_NOFOLLOW) == 0 else {
            if errno == ENOENT { return }
            throw .system("examine", path, Errno(rawValue: errno))
        }
        if st.st_mode & S_IFMT == S_IFDIR {
            guard st.st_dev == device else {
                throw VenvError(.failed, path, "is a mount point", remedy: "swift-venv does not remove other file systems, unmount it first")
            }
            let child = openat(parentFD, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard child >= 0 else { throw .system("open", path, Errno(rawValue: errno)) }
            defer { close(child) }
            try removeEntries(child, path, device: device, except: nil)
            guard unlinkat(parentFD, name, AT_REMOVEDIR) == 0 || errno == ENOENT else {
                throw .system("remove", path, Errno(rawValue: errno))
            }
        } else {
            guard unlinkat(parentFD, name, 0) == 0 || errno == ENOENT else {
                throw .system("remove", path, Errno(rawValue: errno))
            }
        }
    }

    private static func names(_ fd: Int32, _ path: FilePath) throws(VenvError) -> [String] {
        let copy = dup(fd)
        guard copy >= 0, let dir = fdopendir(copy) else {
            throw .system("list", path, Errno(rawValue: errno))
        }
        return FS.names(reading: dir)
    }
}
