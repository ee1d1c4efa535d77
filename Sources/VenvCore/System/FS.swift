#if canImport(Glibc)
import Glibc
#endif
import CVenvSystem
import SystemPackage

/// The one file-system vocabulary above `Syscall`. Queries take a
/// `FilePath` or a plain `String` (resolution and find run in microseconds
/// on strings, asking each question of the file system once); operations
/// throw a `VenvError` naming the path and carrying the errno. The
/// `os.path` predicates (`exists`, `isFile`, `isDirectory`) follow links as
/// Python's do; `kind` says which it does.
package enum FS {
    package typealias Kind = FileKind

    /// What is at `path`: the entry itself (`lstat`: a symlink is reported
    /// as such), or with `followingLinks` what it names (`stat`: never
    /// `.symlink`; a dangling link is `.missing`).
    package static func kind(_ path: some SyscallPath, followingLinks: Bool = false) -> Kind {
        let st = followingLinks ? try? Syscall.stat(path) : try? Syscall.lstat(path)
        return st.map { Kind(mode: $0.st_mode) } ?? .missing
    }

    /// `os.path.exists`: whether `path` exists, following symlinks.
    package static func exists(_ path: some SyscallPath) -> Bool { kind(path, followingLinks: true) != .missing }

    /// `os.path.isdir`: whether `path` is a directory, following symlinks.
    package static func isDirectory(_ path: some SyscallPath) -> Bool { kind(path, followingLinks: true) == .directory }

    /// `os.path.isfile`: whether `path` is a regular file, following symlinks.
    package static func isFile(_ path: some SyscallPath) -> Bool { kind(path, followingLinks: true) == .file }

    /// Whether `path` is a regular file (symlinks followed) the current user
    /// may execute.
    package static func isExecutableFile(_ path: some SyscallPath) -> Bool {
        isFile(path) && Syscall.isExecutable(path)
    }

    /// `stat` (following symlinks) or nil.
    package static func status(_ path: FilePath) -> stat? {
        try? Syscall.stat(path)
    }

    /// `lstat`: the entry itself (a symlink not followed), or nil.
    package static func linkStatus(_ path: FilePath) -> stat? {
        try? Syscall.lstat(path)
    }

    /// What tells one file from another: its device and inode.
    package struct Identity: Hashable {
        package let device: UInt64
        package let inode: UInt64
    }

    /// The identity of `path` itself (`lstat`), or nil if it does not exist.
    package static func identity(_ path: FilePath) -> Identity? {
        guard let st = try? Syscall.lstat(path) else { return nil }
        return Identity(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
    }

    package static func makeDirectory(_ path: FilePath, mode: mode_t = 0o777) throws(VenvError) {
        try call("create directory", path) { (p) throws(Errno) in try Syscall.mkdir(p, mode) }
    }

    /// `os.makedirs(path, exist_ok=True)`, refusing a non-directory in the
    /// way. Returns the directories it made, outermost first.
    @discardableResult
    package static func makeDirectories(_ path: FilePath) throws(VenvError) -> [FilePath] {
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

    package static func symlink(target: String, at path: FilePath) throws(VenvError) {
        try call("create symbolic link", path) { (p) throws(Errno) in try Syscall.symlink(target, p) }
    }

    package static func readLink(_ path: FilePath) -> String? {
        try? Syscall.readLink(path)
    }

    package static func realPath(_ path: FilePath) -> FilePath? {
        (try? Syscall.realPath(path)).map { FilePath($0) }
    }

    /// `os.path.realpath` for an existing path (`realpath(3)`), or nil.
    /// When `followed` (from `followLinks`) is given, only its directory is
    /// canonicalized: the same answer with fewer `readlink` calls.
    package static func realPath(_ path: String, followed: String? = nil) -> String? {
        if let followed {
            let name = PathText.basename(followed)
            if !name.isEmpty && name != "." && name != "..",
               let directory = realPath(PathText.dirname(followed)) {
                return PathText.join(directory, name)
            }
        }
        return try? Syscall.realPath(path)
    }

    /// getpath's link following: while `path` is a symbolic link, its
    /// target replaces it, a relative target joined to the link's directory;
    /// directories on the way are not resolved. As getpath.c's
    /// `resolve_symlinks` (3.8-3.10) the join is textual and nothing is
    /// normalized; `normalizing`, as getpath's `realpath` (3.11+), each step
    /// is normalized lexically (`posixpath.normpath`), so a python reached
    /// through a linked directory keeps that directory in its prefix. Nil
    /// when `path` does not exist or the chain does not end. `reading`
    /// reads one link (`find` passes its memo, `ResolveMemo.readLink`).
    package static func followLinks(_ path: String, normalizing: Bool = false,
                                    reading: ((String) throws(Errno) -> String)? = nil) -> String? {
        var normal = false
        return followLinks(path, normalizing: normalizing, reading: reading, alreadyNormal: &normal)
    }

    /// `followLinks`, also telling (`alreadyNormal`) whether following with
    /// `normalizing` would give the same end: `path` and every target read
    /// are normal by `PathText.isNormal` (no empty, `.` or `..` component,
    /// so no `//` and no relative target that climbs), so each step is
    /// already what normalizing makes of it.
    package static func followLinks(_ path: String, normalizing: Bool = false,
                                    reading: ((String) throws(Errno) -> String)?,
                                    alreadyNormal: inout Bool) -> String? {
        var current = normalizing ? PathText.normpath(path) : path
        alreadyNormal = PathText.isNormal(current)
        for _ in 0..<40 {
            let target: String
            do throws(Errno) {
                if let reading { target = try reading(current) } else { target = try Syscall.readLink(current) }
            }
            catch { return error == .invalidArgument ? current : nil }
            alreadyNormal = alreadyNormal && PathText.isNormal(target)
            if normalizing {
                current = PathText.normpath(
                    target.hasPrefix("/") ? target : PathText.join(PathText.dirname(current), target))
            } else if target.hasPrefix("/") {
                current = target
            } else {
                let slash = current.utf8.lastIndex(of: UInt8(ascii: "/"))
                current = slash.map {
                    PathText.join(String(current[..<$0]).isEmpty ? "/" : String(current[..<$0]), target)
                } ?? target
            }
        }
        return nil
    }

    package static func currentDirectory() throws(VenvError) -> FilePath {
        do throws(Errno) {
            return FilePath(try Syscall.currentDirectory())
        } catch {
            throw VenvError(.failed, nil, "cannot determine the current directory: \(error)",
                            remedy: "change to a directory that exists", errno: error)
        }
    }

    /// `os.path.abspath`: joined to the current directory and normalized
    /// lexically, never resolved through symlinks.
    package static func absolute(_ path: FilePath) throws(VenvError) -> FilePath {
        if path.isAbsolute { return path.lexicallyNormalized() }
        return try currentDirectory().pushing(path).lexicallyNormalized()
    }

    /// `os.path.abspath` on text: joined to the current directory, then
    /// `posixpath.normpath` (which keeps a leading `//`, as Python does).
    package static func absolute(_ path: String) throws(VenvError) -> String {
        if path.hasPrefix("/") { return PathText.normpath(path) }
        do throws(Errno) {
            return PathText.normpath(PathText.join(try Syscall.currentDirectory(), path))
        } catch {
            throw VenvError(.failed, path,
                            "cannot make the path absolute: the current directory is unknown (\(error))",
                            remedy: "change to a directory that exists", errno: error)
        }
    }

    /// The whole regular file at `path` (symlinks followed) in one buffer
    /// sized by `fstat`, or nil when it cannot be opened, is not a regular
    /// file or is larger than `limit` bytes.
    package static func readRegularFile(_ path: some SyscallPath, limit: Int = 1 << 20) -> [UInt8]? {
        Syscall.readRegularFile(path, limit: limit)
    }

    package static func readFile(_ path: FilePath, limit: Int = 1 << 20) throws(VenvError) -> [UInt8] {
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
    package static func readPrefix(_ path: FilePath, count: Int) throws(VenvError) -> [UInt8] {
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
    package static func writeFile(_ path: FilePath, _ contents: String, mode: mode_t = 0o644) throws(VenvError) {
        let fd = try openFile(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode: mode, what: "write")
        defer { close(fd) }
        try writeAll(fd, Array(contents.utf8), path)
    }

    /// Appends `contents` to `path`, made with `mode` when it is new.
    package static func appendFile(_ path: FilePath, _ contents: String, mode: mode_t = 0o644) throws(VenvError) {
        let fd = try openFile(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, mode: mode, what: "write")
        defer { close(fd) }
        try writeAll(fd, Array(contents.utf8), path)
    }

    /// What a name swift-venv keeps beside a path is for (see `hidden`).
    package enum Role: String {
        /// Where a new environment is built before it is put in place.
        case staging
        /// What a transaction has done, for the next one to undo or finish.
        case journal
        /// An environment renamed aside to be removed.
        case removing
        /// A file's new contents, before the rename over it.
        case writing
        /// A new environment made aside, to be swapped into place (`rebuild`;
        /// its own role, since it is built without the lock held).
        case rebuild
    }

    /// The one temporary-name scheme: what swift-venv keeps beside `path`
    /// while it works on it is `.NAME.swift-venv-ROLE`, in the same directory
    /// (`..venv.swift-venv-staging` for `.venv`: one name, one owner), so it
    /// is hidden, never taken for an environment and found again by the next
    /// run under the same lock. `unique` (for writers that hold no lock)
    /// makes it this process's own: `.NAME.swift-venv-ROLE-PID-RANDOM`.
    package static func hidden(_ role: Role, beside path: FilePath, unique: Bool = false) -> FilePath {
        var hidden = "." + path.name + ".swift-venv-" + role.rawValue
        if unique { hidden += "-\(getpid())-\(UInt64.random(in: 0...UInt64.max))" }
        return path.removingLastComponent().appending(hidden)
    }

    /// The same scheme inside `directory`: `.swift-venv-ROLE`.
    package static func hidden(_ role: Role, inside directory: FilePath) -> FilePath {
        directory.appending(".swift-venv-" + role.rawValue)
    }

    /// Removes what a killed run left at `path` (a temporary name of
    /// `hidden`'s), if anything.
    package static func removeLeftover(_ path: FilePath) {
        if kind(path) != .missing { try? remove(path) }
    }

    /// The one atomic writer: `bytes` are written under the temporary name
    /// `hidden(.writing, beside: path)` and renamed over `path`, so a reader
    /// sees the old contents or the new, never a part. A new file gets `mode`
    /// (less the umask); `keepingMode`, the replaced file's mode exactly (a
    /// rewritten script stays executable). `unique` (the default) names the
    /// temporary for this process alone, as writers holding no lock need; a
    /// transaction's writer, holding its lock, passes false and so removes
    /// the one a killed run left.
    package static func replaceFile(_ path: FilePath, _ bytes: [UInt8], mode: mode_t = 0o644,
                                    keepingMode: Bool = false, unique: Bool = true) throws(VenvError) {
        let kept = keepingMode ? status(path).map { $0.st_mode & 0o7777 } : nil
        let temporary = hidden(.writing, beside: path, unique: unique)
        if !unique { removeLeftover(temporary) }
        let fd = try openFile(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode: kept ?? mode,
                              what: "write")
        do throws(VenvError) {
            defer { close(fd) }
            try writeAll(fd, bytes, temporary)
            if let kept {
                try call("set the mode of", temporary) { (_) throws(Errno) in try Syscall.fchmod(fd, kept) }
            }
        } catch {
            try? remove(temporary)
            throw error
        }
        do throws(VenvError) { try rename(temporary, to: path) } catch {
            try? remove(temporary)
            throw error
        }
    }

    /// `replaceFile` for text.
    package static func replaceFile(_ path: FilePath, _ contents: String, mode: mode_t = 0o644) throws(VenvError) {
        try replaceFile(path, Array(contents.utf8), mode: mode)
    }

    /// `shutil.copyfile` followed by `chmod`: the contents of `source`
    /// (symlinks followed) into a new file at `destination`.
    package static func copyFile(_ source: FilePath, to destination: FilePath, mode: mode_t) throws(VenvError) {
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
    package static func setMode(_ path: FilePath, _ mode: mode_t) throws(VenvError) {
        try call("set the mode of", path) { (p) throws(Errno) in try Syscall.chmod(p, mode) }
    }

    package static func remove(_ path: FilePath) throws(VenvError) {
        try call("remove", path) { (p) throws(Errno) in try Syscall.unlink(p) }
    }

    /// Removes the empty directory at `path`.
    package static func removeDirectory(_ path: FilePath) throws(VenvError) {
        try call("remove", path) { (p) throws(Errno) in try Syscall.rmdir(p) }
    }

    package static func rename(_ source: FilePath, to destination: FilePath) throws(VenvError) {
        do throws(Errno) { try Syscall.rename(source.string, destination.string) }
        catch { throw .system("rename to \(destination)", source, error) }
    }

    /// Renames `source` to `destination` only if nothing is there: an
    /// existing `destination` fails with `EEXIST` and is left untouched.
    package static func renameNoReplace(_ source: FilePath, to destination: FilePath) throws(VenvError) {
        do throws(Errno) { try Syscall.renameNoReplace(source.string, destination.string) }
        catch { throw .system("rename to \(destination)", source, error) }
    }

    /// Swaps `a` and `b` (both must exist) in one step: at every moment each
    /// path names one of the two, never neither.
    package static func exchange(_ a: FilePath, _ b: FilePath) throws(VenvError) {
        do throws(Errno) { try Syscall.exchange(a.string, b.string) }
        catch { throw .system("exchange with \(b)", a, error) }
    }

    /// The names in a directory, without `.` and `..`.
    package static func contents(of path: FilePath) throws(VenvError) -> [String] {
        do throws(Errno) { return try Syscall.names(path) }
        catch { throw .system("list", path, error) }
    }

    // MARK: helpers

    /// Runs `body` on `path`; its errno becomes the error for `what` on `path`.
    package static func call<T>(_ what: String, _ path: FilePath,
                        _ body: (FilePath) throws(Errno) -> T) throws(VenvError) -> T {
        do throws(Errno) { return try body(path) }
        catch { throw .system(what, path, error) }
    }

    package static func openFile(_ path: FilePath, _ flags: Int32, mode: mode_t = 0, what: String) throws(VenvError) -> Int32 {
        try call(what, path) { (p) throws(Errno) in try Syscall.open(p, flags, mode) }
    }

    package static func writeAll(_ fd: Int32, _ bytes: [UInt8], _ path: FilePath) throws(VenvError) {
        do throws(Errno) { try Syscall.writeAll(fd, bytes) }
        catch { throw .system("write", path, error) }
    }

    /// Everything from `input`'s offset to its end appended to `output`:
    /// `copy_file_range` where the kernel can, else reading and writing
    /// (both offsets have advanced by what was copied, so it goes on there).
    package static func copyContents(_ input: Int32, _ output: Int32, _ destination: FilePath) throws(VenvError) {
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
