#if canImport(Glibc)
import Glibc
#endif
import CVenvSystem
import SystemPackage

/// The file operations creation needs, on `FilePath`, over `Syscall`: each
/// throws a `VenvError` naming the path and carrying the errno.
enum FS {
    typealias Kind = FileKind

    /// The kind of `path` itself (`lstat`: a symlink is reported as such).
    static func kind(_ path: FilePath) -> Kind {
        guard let st = try? Syscall.lstat(path) else { return .missing }
        return Kind(mode: st.st_mode)
    }

    /// Whether `path` exists, following symlinks (like `os.path.exists`).
    static func exists(_ path: FilePath) -> Bool { status(path) != nil }

    /// Whether `path` is a directory, following symlinks.
    static func isDirectory(_ path: FilePath) -> Bool {
        status(path).map { Kind(mode: $0.st_mode) == .directory } ?? false
    }

    /// Whether `path` is a regular file the current user may execute.
    static func isExecutableFile(_ path: FilePath) -> Bool {
        guard let st = status(path), Kind(mode: st.st_mode) == .file else { return false }
        return Syscall.isExecutable(path)
    }

    /// `stat` (following symlinks) or nil.
    static func status(_ path: FilePath) -> stat? {
        try? Syscall.stat(path)
    }

    /// What tells one file from another: its device and inode.
    struct Identity: Equatable {
        let device: UInt64
        let inode: UInt64
    }

    /// The identity of `path` itself (`lstat`), or nil if it does not exist.
    static func identity(_ path: FilePath) -> Identity? {
        guard let st = try? Syscall.lstat(path) else { return nil }
        return Identity(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
    }

    static func makeDirectory(_ path: FilePath, mode: mode_t = 0o777) throws(VenvError) {
        try call("create directory", path) { (p) throws(Errno) in try Syscall.mkdir(p, mode) }
    }

    /// `os.makedirs(path, exist_ok=True)`, refusing a non-directory in the
    /// way. Returns the directories it made, outermost first.
    @discardableResult
    static func makeDirectories(_ path: FilePath) throws(VenvError) -> [FilePath] {
        switch kind(path) {
        case .directory: return []
        case .missing:
            var made: [FilePath] = []
            if let parent = path.parentOrNil { made = try makeDirectories(parent) }
            do {
                try makeDirectory(path)
                made.append(path)
            } catch {
                if kind(path) != .directory { throw error }
            }
            return made
        default:
            if isDirectory(path) { return [] }
            throw VenvError(.exists, path, "cannot create directory: a file is in the way", remedy: "move or remove it",
                            errno: .notDirectory)
        }
    }

    static func symlink(target: String, at path: FilePath) throws(VenvError) {
        try call("create symbolic link", path) { (p) throws(Errno) in try Syscall.symlink(target, p) }
    }

    static func readLink(_ path: FilePath) -> String? {
        try? Syscall.readLink(path)
    }

    static func realPath(_ path: FilePath) -> FilePath? {
        (try? Syscall.realPath(path)).map { FilePath($0) }
    }

    static func currentDirectory() throws(VenvError) -> FilePath {
        do throws(Errno) {
            return FilePath(try Syscall.currentDirectory())
        } catch {
            throw VenvError(.failed, nil, "cannot determine the current directory: \(error.userDescription)",
                            remedy: "change to a directory that exists", errno: error)
        }
    }

    /// `os.path.abspath`: joined to the current directory and normalized
    /// lexically, never resolved through symlinks.
    static func absolute(_ path: FilePath) throws(VenvError) -> FilePath {
        if path.isAbsolute { return path.lexicallyNormalized() }
        return try currentDirectory().pushing(path).lexicallyNormalized()
    }

    static func readFile(_ path: FilePath, limit: Int = 1 << 20) throws(VenvError) -> [UInt8] {
        let fd = try openFile(path, O_RDONLY | O_CLOEXEC, what: "read")
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16384)
        while true {
            let n: Int
            do throws(Errno) { n = try Syscall.read(fd, into: &chunk) }
            catch { throw .system("read", path, error) }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
            if bytes.count > limit {
                throw VenvError(.failed, path,
                                "file is larger than \(limit) bytes; it is not what swift-venv expects there",
                                remedy: "check the file")
            }
        }
        return bytes
    }

    /// At most the first `count` bytes of the file at `path`.
    static func readPrefix(_ path: FilePath, count: Int) throws(VenvError) -> [UInt8] {
        let fd = try openFile(path, O_RDONLY | O_CLOEXEC, what: "read")
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: count)
        do throws(Errno) {
            let n = try Syscall.read(fd, into: &bytes)
            return Array(bytes.prefix(n))
        } catch {
            throw .system("read", path, error)
        }
    }

    /// Writes `contents` to a new or truncated file with the given mode.
    static func writeFile(_ path: FilePath, _ contents: String, mode: mode_t = 0o644) throws(VenvError) {
        let fd = try openFile(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode: mode, what: "write")
        defer { close(fd) }
        try writeAll(fd, Array(contents.utf8), path)
    }

    /// Writes a file under a temporary name and renames it over `path`, so a
    /// reader sees the old contents or the new, never a part.
    static func replaceFile(_ path: FilePath, _ contents: String, mode: mode_t = 0o644) throws(VenvError) {
        // Unique per process and thread, so concurrent writers never share one.
        let temporary = FilePath(path.string + ".tmp-\(getpid())-\(UInt64.random(in: 0...UInt64.max))")
        try writeFile(temporary, contents, mode: mode)
        try rename(temporary, to: path)
    }

    /// `shutil.copyfile` followed by `chmod`: the contents of `source`
    /// (symlinks followed) into a new file at `destination`.
    static func copyFile(_ source: FilePath, to destination: FilePath, mode: mode_t) throws(VenvError) {
        let input = try openFile(source, O_RDONLY | O_CLOEXEC, what: "read")
        defer { close(input) }
        if kind(destination) == .symlink { try remove(destination) }
        let output = try openFile(destination, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode: mode, what: "write")
        defer { close(output) }
        try copyContents(input, output, destination)
        do throws(Errno) {
            try Syscall.fchmod(output, mode)
        } catch {
            throw .system("set the mode of", destination, error)
        }
    }

    /// `chmod(2)`.
    static func setMode(_ path: FilePath, _ mode: mode_t) throws(VenvError) {
        try call("set the mode of", path) { (p) throws(Errno) in try Syscall.chmod(p, mode) }
    }

    static func remove(_ path: FilePath) throws(VenvError) {
        try call("remove", path) { (p) throws(Errno) in try Syscall.unlink(p) }
    }

    /// Removes the empty directory at `path`.
    static func removeDirectory(_ path: FilePath) throws(VenvError) {
        try call("remove", path) { (p) throws(Errno) in try Syscall.rmdir(p) }
    }

    static func rename(_ source: FilePath, to destination: FilePath) throws(VenvError) {
        do throws(Errno) { try Syscall.rename(source.string, destination.string) }
        catch { throw .system("rename to \(destination)", source, error) }
    }

    /// Renames `source` to `destination` only if nothing is there: an
    /// existing `destination` fails with `EEXIST` and is left untouched.
    static func renameNoReplace(_ source: FilePath, to destination: FilePath) throws(VenvError) {
        do throws(Errno) { try Syscall.renameNoReplace(source.string, destination.string) }
        catch { throw .system("rename to \(destination)", source, error) }
    }

    /// The names in a directory, without `.` and `..`.
    static func contents(of path: FilePath) throws(VenvError) -> [String] {
        do throws(Errno) { return try Syscall.names(path) }
        catch { throw .system("list", path, error) }
    }

    // MARK: helpers

    /// Runs `body` on `path`; its errno becomes the error for `what` on `path`.
    static func call<T>(_ what: String, _ path: FilePath,
                        _ body: (FilePath) throws(Errno) -> T) throws(VenvError) -> T {
        do throws(Errno) { return try body(path) }
        catch { throw .system(what, path, error) }
    }

    static func openFile(_ path: FilePath, _ flags: Int32, mode: mode_t = 0, what: String) throws(VenvError) -> Int32 {
        try call(what, path) { (p) throws(Errno) in try Syscall.open(p, flags, mode) }
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8], _ path: FilePath) throws(VenvError) {
        do throws(Errno) { try Syscall.writeAll(fd, bytes) }
        catch { throw .system("write", path, error) }
    }

    /// Everything from `input`'s offset to its end appended to `output`:
    /// `copy_file_range` where the kernel can, else reading and writing
    /// (both offsets have advanced by what was copied, so it goes on there).
    static func copyContents(_ input: Int32, _ output: Int32, _ destination: FilePath) throws(VenvError) {
        do throws(Errno) {
            while try Syscall.retrying({ venv_sys_copy_file_range(input, output, 1 << 30) }) > 0 {}
        } catch where [Errno.improperLink, .noFunction, .invalidArgument, .notSupported].contains(error) {
            try copyByReading(input, output, destination)
        } catch {
            throw .system("write", destination, error)
        }
    }

    private static func copyByReading(_ input: Int32, _ output: Int32, _ destination: FilePath) throws(VenvError) {
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        do throws(Errno) {
            while true {
                let n = try Syscall.read(input, into: &buffer)
                if n == 0 { return }
                try Syscall.writeAll(output, buffer, 0..<n)
            }
        } catch {
            throw .system("copy into", destination, error)
        }
    }
}

extension FilePath {
    /// The parent directory, or nil for `/` and single-component relative paths.
    var parentOrNil: FilePath? {
        let parent = removingLastComponent()
        return parent.isEmpty || parent == self ? nil : parent
    }

    /// The last component as a string ("" for `/`).
    var name: String { lastComponent?.string ?? "" }
}

/// The running program's own absolute path (`/proc/self/exe`), or nil.
public func ownExecutablePath() -> String? {
    FS.readLink("/proc/self/exe")
}
