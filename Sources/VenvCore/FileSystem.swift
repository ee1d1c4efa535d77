#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CVenvSystem
import SystemPackage

/// The few file-system operations swift-venv needs, as thin wrappers over the
/// system calls (swift-system has no mkdir, symlink or readlink). Each throws
/// a `VenvError` naming the path; `EINTR` is retried.
enum FS {
    enum Kind: Equatable { case missing, file, directory, symlink, other }

    /// The kind of `path` itself (`lstat`: a symlink is reported as such).
    static func kind(_ path: FilePath) -> Kind {
        var st = stat()
        let rc = path.withPlatformString { lstat($0, &st) }
        guard rc == 0 else { return .missing }
        switch st.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        case S_IFLNK: return .symlink
        default: return .other
        }
    }

    /// Whether `path` exists, following symlinks (like `os.path.exists`).
    static func exists(_ path: FilePath) -> Bool {
        var st = stat()
        return path.withPlatformString { stat($0, &st) } == 0
    }

    /// Whether `path` is a directory, following symlinks.
    static func isDirectory(_ path: FilePath) -> Bool {
        var st = stat()
        guard path.withPlatformString({ stat($0, &st) }) == 0 else { return false }
        return st.st_mode & S_IFMT == S_IFDIR
    }

    /// Whether `path` is a regular file the current user may execute.
    static func isExecutableFile(_ path: FilePath) -> Bool {
        var st = stat()
        guard path.withPlatformString({ stat($0, &st) }) == 0, st.st_mode & S_IFMT == S_IFREG else { return false }
        return path.withPlatformString { access($0, X_OK) } == 0
    }

    /// What tells one file from another: its device and inode.
    struct Identity: Equatable {
        let device: UInt64
        let inode: UInt64
    }

    /// The identity of `path` itself (`lstat`), or nil if it does not exist.
    static func identity(_ path: FilePath) -> Identity? {
        var st = stat()
        guard path.withPlatformString({ lstat($0, &st) }) == 0 else { return nil }
        return Identity(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
    }

    /// `stat` (following symlinks) or nil.
    static func status(_ path: FilePath) -> stat? {
        var st = stat()
        return path.withPlatformString { stat($0, &st) } == 0 ? st : nil
    }

    static func makeDirectory(_ path: FilePath, mode: mode_t = 0o777) throws(VenvError) {
        try check("create directory", path) { path.withPlatformString { mkdir($0, mode) } }
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
            throw VenvError(.exists, path, "cannot create directory: a file is in the way", remedy: "move or remove it")
        }
    }

    static func symlink(target: String, at path: FilePath) throws(VenvError) {
        try check("create symbolic link", path) {
            path.withPlatformString { link in Glibc.symlink(target, link) }
        }
    }

    static func readLink(_ path: FilePath) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = path.withPlatformString { readlink($0, &buffer, buffer.count - 1) }
        guard n >= 0 else { return nil }
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func realPath(_ path: FilePath) -> FilePath? {
        guard let resolved = path.withPlatformString({ realpath($0, nil) }) else { return nil }
        defer { free(resolved) }
        return FilePath(platformString: resolved)
    }

    static func currentDirectory() throws(VenvError) -> FilePath {
        guard let cwd = getcwd(nil, 0) else {
            let error = Errno(rawValue: errno)
            throw VenvError(.failed, nil, "cannot determine the current directory: \(error.userDescription)",
                            remedy: "change to a directory that exists", errno: error)
        }
        defer { free(cwd) }
        return FilePath(platformString: cwd)
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
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .system("read", path, Errno(rawValue: errno))
            }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
            if bytes.count > limit {
                throw VenvError(.failed, path, "file is larger than \(limit) bytes; it is not what swift-venv expects there",
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
        while true {
            let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n >= 0 { return Array(bytes.prefix(n)) }
            if errno != EINTR { throw .system("read", path, Errno(rawValue: errno)) }
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
        try check("set the mode of", destination) { fchmod(output, mode) }
    }

    static func remove(_ path: FilePath) throws(VenvError) {
        try check("remove", path) { path.withPlatformString { unlink($0) } }
    }

    static func rename(_ source: FilePath, to destination: FilePath) throws(VenvError) {
        try check("rename to \(destination)", source) { Glibc.rename(source.string, destination.string) }
    }

    /// Renames `source` to `destination` only if nothing is there: an
    /// existing `destination` fails with `EEXIST` and is left untouched.
    static func renameNoReplace(_ source: FilePath, to destination: FilePath) throws(VenvError) {
        try check("rename to \(destination)", source) {
            let rc = venv_sys_rename_noreplace(source.string, destination.string)
            // A file system without renameat2's flags: check, then rename.
            guard rc != 0, errno == EINVAL || errno == ENOSYS else { return rc }
            if kind(destination) != .missing { errno = EEXIST; return -1 }
            return Glibc.rename(source.string, destination.string)
        }
    }

    /// Removes the empty directory at `path`.
    static func removeDirectory(_ path: FilePath) throws(VenvError) {
        try check("remove", path) { path.withPlatformString { rmdir($0) } }
    }

    /// The names in a directory, without `.` and `..`.
    static func contents(of path: FilePath) throws(VenvError) -> [String] {
        guard let dir = path.withPlatformString({ opendir($0) }) else {
            throw .system("list", path, Errno(rawValue: errno))
        }
        return names(reading: dir)
    }

    /// The names an open directory stream lists, without `.` and `..`; closes it.
    static func names(reading dir: OpaquePointer) -> [String] {
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    // MARK: helpers

    static func check(_ what: String, _ path: FilePath, _ call: () -> Int32) throws(VenvError) {
        while call() != 0 {
            if errno == EINTR { continue }
            throw .system(what, path, Errno(rawValue: errno))
        }
    }

    static func openFile(_ path: FilePath, _ flags: Int32, mode: mode_t = 0, what: String) throws(VenvError) -> Int32 {
        while true {
            let fd = path.withPlatformString { open($0, flags, mode) }
            if fd >= 0 { return fd }
            if errno == EINTR { continue }
            throw .system(what, path, Errno(rawValue: errno))
        }
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8], _ path: FilePath) throws(VenvError) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .system("write", path, Errno(rawValue: errno))
            }
            offset += n
        }
    }

    /// Everything from `input`'s offset to its end appended to `output`:
    /// `copy_file_range` where the kernel can, else reading and writing
    /// (both offsets have advanced by what was copied, so it goes on there).
    static func copyContents(_ input: Int32, _ output: Int32, _ destination: FilePath) throws(VenvError) {
        while true {
            let n = venv_sys_copy_file_range(input, output, 1 << 30)
            if n > 0 { continue }
            if n == 0 { return }
            if errno == EINTR { continue }
            if errno == EXDEV || errno == ENOSYS || errno == EINVAL || errno == EOPNOTSUPP {
                return try copyByReading(input, output, destination)
            }
            throw .system("write", destination, Errno(rawValue: errno))
        }
    }

    private static func copyByReading(_ input: Int32, _ output: Int32, _ destination: FilePath) throws(VenvError) {
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if n == 0 { return }
            if n < 0 {
                if errno == EINTR { continue }
                throw .system("read", destination, Errno(rawValue: errno))
            }
            try writeAll(output, Array(buffer[0..<n]), destination)
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
