#if canImport(Glibc)
import Glibc
#endif
import CVenvSystem
import SystemPackage

/// A path as the system calls take it: a NUL-terminated C string.
package protocol SyscallPath {
    func withCPath<R>(_ body: (UnsafePointer<CChar>) -> R) -> R
}

extension FilePath: SyscallPath {
    @inline(__always)
    package func withCPath<R>(_ body: (UnsafePointer<CChar>) -> R) -> R { withPlatformString(body) }
}

extension String: SyscallPath {
    @inline(__always)
    package func withCPath<R>(_ body: (UnsafePointer<CChar>) -> R) -> R { withCString(body) }
}

/// Every system call on files that swift-venv makes, each wrapped once, in
/// swift-system's manner: a path goes in as a C string, `-1` comes out as a
/// typed `Errno` thrown, and `EINTR` is retried everywhere. The layers above
/// (`FS`, on `FilePath` or `String`, `Removal`, the pip copier)
/// call these and nothing lower, and turn an `Errno` into a `VenvError`
/// naming the path (`VenvError.system`).
enum Syscall {
    /// Runs `call` until it does not fail with `EINTR`; a result of -1 is
    /// the errno, thrown.
    @inline(__always)
    static func retrying<T: FixedWidthInteger>(_ call: () -> T) throws(Errno) -> T {
        while true {
            let result = call()
            if result != -1 { return result }
            if errno != EINTR { throw Errno(rawValue: errno) }
        }
    }

    /// `lstat(2)`: the status of `path` itself.
    static func lstat(_ path: some SyscallPath) throws(Errno) -> Glibc.stat {
        var st = Glibc.stat()
        _ = try retrying { path.withCPath { Glibc.lstat($0, &st) } }
        return st
    }

    /// `stat(2)`: the status of what `path` names, links followed.
    static func stat(_ path: some SyscallPath) throws(Errno) -> Glibc.stat {
        var st = Glibc.stat()
        _ = try retrying { path.withCPath { systemStat($0, &st) } }
        return st
    }

    /// `fstat(2)`.
    static func fstat(_ fd: Int32) throws(Errno) -> Glibc.stat {
        var st = Glibc.stat()
        _ = try retrying { Glibc.fstat(fd, &st) }
        return st
    }

    /// `fstatat(2)` without following a final link.
    static func lstat(at fd: Int32, _ name: some SyscallPath) throws(Errno) -> Glibc.stat {
        var st = Glibc.stat()
        _ = try retrying { name.withCPath { fstatat(fd, $0, &st, AT_SYMLINK_NOFOLLOW) } }
        return st
    }

    /// `open(2)`.
    static func open(_ path: some SyscallPath, _ flags: Int32, _ mode: mode_t = 0) throws(Errno) -> Int32 {
        try retrying { path.withCPath { Glibc.open($0, flags, mode) } }
    }

    /// `openat(2)`.
    static func open(at fd: Int32, _ name: some SyscallPath, _ flags: Int32) throws(Errno) -> Int32 {
        try retrying { name.withCPath { openat(fd, $0, flags) } }
    }

    /// `readlink(2)`: the link's target as bytes, decoded in one place.
    static func readLink(_ path: some SyscallPath) throws(Errno) -> String {
        // An uninitialized buffer on the stack: no allocation, no zeroing
        // (`find` reads several links per environment).
        let (target, failure) = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Int(PATH_MAX) + 1) {
            buffer -> (String, Errno?) in
            do throws(Errno) {
                let n = try retrying { path.withCPath { Glibc.readlink($0, buffer.baseAddress!, buffer.count - 1) } }
                return (String(decoding: UnsafeBufferPointer(rebasing: buffer.prefix(n)), as: UTF8.self), nil)
            } catch {
                return ("", error)
            }
        }
        if let failure { throw failure }
        return target
    }

    /// `unlinkat(2)`: a file (or, with `AT_REMOVEDIR`, an empty directory) in `fd`.
    static func unlink(at fd: Int32, _ name: some SyscallPath, _ flags: Int32 = 0) throws(Errno) {
        _ = try retrying { name.withCPath { unlinkat(fd, $0, flags) } }
    }

    /// `unlink(2)`.
    static func unlink(_ path: some SyscallPath) throws(Errno) {
        _ = try retrying { path.withCPath { Glibc.unlink($0) } }
    }

    /// `rmdir(2)`.
    static func rmdir(_ path: some SyscallPath) throws(Errno) {
        _ = try retrying { path.withCPath { Glibc.rmdir($0) } }
    }

    /// `mkdir(2)`.
    static func mkdir(_ path: some SyscallPath, _ mode: mode_t) throws(Errno) {
        _ = try retrying { path.withCPath { Glibc.mkdir($0, mode) } }
    }

    /// `symlink(2)`: a link at `path` to `target`.
    static func symlink(_ target: some SyscallPath, _ path: some SyscallPath) throws(Errno) {
        _ = try retrying { target.withCPath { t in path.withCPath { Glibc.symlink(t, $0) } } }
    }

    /// `link(2)`: a hard link at `path` to `source`.
    static func link(_ source: some SyscallPath, _ path: some SyscallPath) throws(Errno) {
        _ = try retrying { source.withCPath { s in path.withCPath { Glibc.link(s, $0) } } }
    }

    /// `rename(2)`.
    static func rename(_ from: some SyscallPath, _ to: some SyscallPath) throws(Errno) {
        _ = try retrying { from.withCPath { f in to.withCPath { Glibc.rename(f, $0) } } }
    }

    /// `renameat2(2)` with `RENAME_NOREPLACE`: an existing `to` is `EEXIST`,
    /// left untouched. Where the file system lacks the flag, checked first.
    static func renameNoReplace(_ from: some SyscallPath, _ to: some SyscallPath) throws(Errno) {
        do throws(Errno) {
            _ = try retrying { from.withCPath { f in to.withCPath { venv_sys_rename_noreplace(f, $0) } } }
        } catch where error == .invalidArgument || error == .noFunction {
            if (try? lstat(to)) != nil { throw .fileExists }
            try rename(from, to)
        }
    }

    /// `renameat2(2)` with `RENAME_EXCHANGE`: `a` and `b` swap in one step.
    static func exchange(_ a: some SyscallPath, _ b: some SyscallPath) throws(Errno) {
        _ = try retrying { a.withCPath { f in b.withCPath { venv_sys_rename_exchange(f, $0) } } }
    }

    /// `fstatat(2)` following a final link.
    static func stat(at fd: Int32, _ name: some SyscallPath) throws(Errno) -> Glibc.stat {
        var st = Glibc.stat()
        _ = try retrying { name.withCPath { fstatat(fd, $0, &st, 0) } }
        return st
    }

    /// The whole regular file at `path` (relative to the open directory
    /// `directory` when given; links followed) in one buffer sized by
    /// `fstat`, or nil when it cannot be opened, is not a regular file, is
    /// larger than `limit` bytes or grew while read.
    static func readRegularFile(_ path: some SyscallPath, in directory: Int32? = nil, limit: Int) -> [UInt8]? {
        // O_NONBLOCK: opening a FIFO (a `.python-version` made one by a
        // hostile project) would otherwise wait for a writer; a regular
        // file's reads ignore it.
        let opened = directory.map { try? open(at: $0, path, O_RDONLY | O_CLOEXEC | O_NONBLOCK) }
            ?? (try? open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK))
        guard let fd = opened else { return nil }
        defer { close(fd) }
        guard let st = try? fstat(fd), FileKind(mode: st.st_mode) == .file, Int(st.st_size) <= limit else {
            return nil
        }
        let size = Int(st.st_size)
        // Room for one more byte tells a file that grew since fstat.
        var bytes = [UInt8](repeating: 0, count: size + 1)
        var filled = 0
        while filled < bytes.count {
            let wanted = bytes.count - filled
            guard let n = try? read(fd, into: &bytes, at: filled) else { return nil }
            filled += n
            // A short read of a regular file is its end: no second call.
            if n < wanted { break }
        }
        if filled > size { return nil }
        bytes.removeLast(bytes.count - filled)
        return bytes
    }

    /// `read(2)` into `buffer` from `offset` on; 0 at the end.
    static func read(_ fd: Int32, into buffer: inout [UInt8], at offset: Int = 0) throws(Errno) -> Int {
        let wanted = buffer.count - offset
        return try retrying { buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + offset, wanted) } }
    }

    /// `close(2)`; its failure tells nothing a caller could act on (the
    /// descriptor is gone either way), so it is not reported.
    static func close(_ fd: Int32) {
        _ = Glibc.close(fd)
    }

    /// `write(2)` of all of `bytes[range]`.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8], _ range: Range<Int>? = nil) throws(Errno) {
        let range = range ?? 0..<bytes.count
        var offset = range.lowerBound
        while offset < range.upperBound {
            let end = range.upperBound
            offset += try retrying { bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, end - offset) } }
        }
    }

    /// `chmod(2)`.
    static func chmod(_ path: some SyscallPath, _ mode: mode_t) throws(Errno) {
        _ = try retrying { path.withCPath { Glibc.chmod($0, mode) } }
    }

    /// `fchmod(2)`.
    static func fchmod(_ fd: Int32, _ mode: mode_t) throws(Errno) {
        _ = try retrying { Glibc.fchmod(fd, mode) }
    }

    /// `flock(2)`, waiting.
    static func lockExclusive(_ fd: Int32) throws(Errno) {
        _ = try retrying { flock(fd, LOCK_EX) }
    }

    /// `flock(2)` with `LOCK_UN`: the lock released (closing `fd` would too).
    static func unlock(_ fd: Int32) {
        _ = try? retrying { flock(fd, LOCK_UN) }
    }

    /// `opendir(3)` on a duplicate of `fd`, read to the end: the names
    /// without `.` and `..`.
    static func names(in fd: Int32) throws(Errno) -> [String] {
        let copy = try retrying { dup(fd) }
        guard let dir = fdopendir(copy) else {
            let error = Errno(rawValue: errno)
            close(copy)
            throw error
        }
        return names(reading: dir)
    }

    /// `opendir(3)`: the names in the directory at `path`.
    static func names(_ path: some SyscallPath) throws(Errno) -> [String] {
        guard let dir = path.withCPath({ opendir($0) }) else { throw Errno(rawValue: errno) }
        return names(reading: dir)
    }

    /// The names in the directory at `path` that are UTF-8, and how many
    /// were not (passed over: every path swift-venv reports is text).
    /// `keeping`, when given, is asked first, of the name's bytes: a name
    /// it refuses is never made a `String` (only counted if not UTF-8).
    static func utf8Names(_ path: some SyscallPath, keeping: ((UnsafeBufferPointer<UInt8>) -> Bool)? = nil)
        throws(Errno) -> (names: [String], notUTF8: Int) {
        guard let dir = path.withCPath({ opendir($0) }) else { throw Errno(rawValue: errno) }
        var skipped = 0
        let names = names(reading: dir) { bytes in
            if let keeping, !keeping(bytes) {
                if !bytes.allSatisfy({ $0 < 0x80 }), String(validating: bytes, as: UTF8.self) == nil { skipped += 1 }
                return nil
            }
            guard let name = String(validating: bytes, as: UTF8.self) else { skipped += 1; return nil }
            return name
        }
        return (names, skipped)
    }

    /// The names an open directory stream lists, without `.` and `..`; closes
    /// it. Each name is read in place: a dirent is only as long as its name,
    /// so copying the whole `d_name` array out could read past the buffer.
    private static func names(reading dir: OpaquePointer,
                              _ decode: (UnsafeBufferPointer<UInt8>) -> String? = {
                                  String(decoding: $0, as: UTF8.self)
                              }) -> [String] {
        defer { closedir(dir) }
        var names: [String] = []
        let offset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!
        while let entry = readdir(dir) {
            let start = (UnsafeRawPointer(entry) + offset).assumingMemoryBound(to: UInt8.self)
            let length = strlen(UnsafeRawPointer(start).assumingMemoryBound(to: CChar.self))
            let bytes = UnsafeBufferPointer(start: start, count: length)
            // `.` and `..`, by their bytes (elementsEqual on a UTF8View costs
            // hundreds of instructions a name, /usr/bin has a thousand).
            if bytes.first == UInt8(ascii: "."), bytes.count <= 2, bytes.last == UInt8(ascii: ".") { continue }
            if let name = decode(bytes) { names.append(name) }
        }
        return names
    }

    /// `realpath(3)`.
    static func realPath(_ path: some SyscallPath) throws(Errno) -> String {
        guard let resolved = path.withCPath({ Glibc.realpath($0, nil) }) else { throw Errno(rawValue: errno) }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// `getcwd(3)`.
    static func currentDirectory() throws(Errno) -> String {
        guard let cwd = getcwd(nil, 0) else { throw Errno(rawValue: errno) }
        defer { free(cwd) }
        return String(cString: cwd)
    }

    /// `access(2)` for `X_OK`.
    static func isExecutable(_ path: some SyscallPath) -> Bool {
        path.withCPath { access($0, X_OK) } == 0
    }

    /// `statx(2)` of `name` in the open directory `fd`, a final link not
    /// followed: what removing it depends on (its mount, chattr flags).
    static func examine(at fd: Int32, _ name: some SyscallPath) throws(Errno) -> venv_sys_entry {
        var entry = venv_sys_entry()
        _ = try retrying { name.withCPath { venv_sys_examine(fd, $0, &entry) } }
        return entry
    }

    /// `faccessat(2)` with `AT_EACCESS`: whether this process (its effective
    /// ids) may do `mode` (`R_OK | W_OK | X_OK`...) to `name` in `fd`.
    static func mayAccess(at fd: Int32, _ name: some SyscallPath, _ mode: Int32) throws(Errno) {
        _ = try retrying { name.withCPath { faccessat(fd, $0, mode, AT_EACCESS) } }
    }
}

/// `stat(2)` itself, named apart from `Syscall.stat` (inside which `stat`
/// means the method, and `Glibc.stat` the struct).
private func systemStat(_ path: UnsafePointer<CChar>, _ st: inout stat) -> Int32 {
    stat(path, &st)
}
