#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// The handful of path and file operations resolution needs, on plain
/// strings over `Syscall`: resolving runs in microseconds, so it avoids
/// `FilePath` round trips and asks each question of the file system once.
/// String semantics follow Python's `posixpath`, because the answers must
/// equal what CPython computes with it.
enum PathText {
    /// `posixpath.join(a, b)` for a relative `b`.
    static func join(_ a: String, _ b: String) -> String {
        a.hasSuffix("/") ? a + b : a + "/" + b
    }

    static func join(_ a: String, _ parts: String...) -> String {
        parts.reduce(a) { join($0, $1) }
    }

    /// `posixpath.dirname`: everything before the last `/`, trailing slashes
    /// removed unless only slashes remain.
    static func dirname(_ path: String) -> String {
        let bytes = Array(path.utf8)
        guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else { return "" }
        var end = slash + 1
        if bytes[..<end].contains(where: { $0 != UInt8(ascii: "/") }) {
            while end > 0 && bytes[end - 1] == UInt8(ascii: "/") { end -= 1 }
        }
        return String(decoding: bytes[..<end], as: UTF8.self)
    }

    /// `posixpath.basename`.
    static func basename(_ path: String) -> String {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return path }
        return String(path[path.utf8.index(after: slash)...])
    }

    /// `posixpath.normpath`, which sysconfig applies to every scheme path.
    static func normpath(_ path: String) -> String {
        if path.isEmpty { return "." }
        return isNormal(path) ? path : normalizing(path)
    }

    /// `posixpath.normpath` in full.
    static func normalizing(_ path: String) -> String {
        if path.isEmpty { return "." }
        let leading = path.hasPrefix("/") ? (path.hasPrefix("//") && !path.hasPrefix("///") ? "//" : "/") : ""
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                if leading.isEmpty && (parts.isEmpty || parts.last == "..") { parts.append(part) }
                else if !parts.isEmpty { parts.removeLast() }
                continue
            }
            parts.append(part)
        }
        let joined = leading + parts.joined(separator: "/")
        return joined.isEmpty ? "." : joined
    }

    /// Whether `normpath` would return `path` unchanged: no empty, `.` or
    /// `..` component and no trailing slash (the usual case, checked cheaply).
    static func isNormal(_ path: String) -> Bool {
        var previous: UInt8 = 0
        var beforePrevious: UInt8 = 0
        var count = 0
        for byte in path.utf8 {
            if byte == UInt8(ascii: "/") {
                if previous == UInt8(ascii: "/")
                    || previous == UInt8(ascii: ".") && (beforePrevious == UInt8(ascii: "/") || count == 1) {
                    return false
                }
            } else if byte == UInt8(ascii: ".") && previous == UInt8(ascii: ".")
                        && (beforePrevious == UInt8(ascii: "/") || count == 1) {
                return false
            }
            beforePrevious = previous
            previous = byte
            count += 1
        }
        if count > 1 && previous == UInt8(ascii: "/") { return false }
        if previous == UInt8(ascii: ".") && (beforePrevious == UInt8(ascii: "/") || count == 1) { return false }
        return count > 0
    }

    /// `os.path.abspath`: joined to the current directory, then `normpath`.
    static func abspath(_ path: String) throws(VenvError) -> String {
        if path.hasPrefix("/") { return normpath(path) }
        do throws(Errno) {
            return normpath(join(try Syscall.currentDirectory(), path))
        } catch {
            throw VenvError(.failed, path,
                            "cannot make the path absolute: " +
                            "the current directory is unknown (\(error.userDescription))",
                            remedy: "change to a directory that exists", errno: error)
        }
    }

    typealias Kind = FileKind

    /// `stat` (symlinks followed): what is at `path` (never `.symlink`).
    static func kind(_ path: String) -> Kind {
        guard let st = try? Syscall.stat(path) else { return .missing }
        return Kind(mode: st.st_mode)
    }

    /// `os.path.isfile`.
    static func isFile(_ path: String) -> Bool { kind(path) == .file }
    /// `os.path.isdir`.
    static func isDirectory(_ path: String) -> Bool { kind(path) == .directory }

    /// Whether `path` is a regular file the current user may execute.
    static func isExecutableFile(_ path: String) -> Bool {
        kind(path) == .file && Syscall.isExecutable(path)
    }

    /// `os.path.realpath` for an existing path (`realpath(3)`), or nil.
    /// When `followed` (from `followLinks`) is given, only its directory is
    /// canonicalized: the same answer with fewer `readlink` calls.
    static func realpath(_ path: String, followed: String? = nil) -> String? {
        if let followed {
            let name = basename(followed)
            if !name.isEmpty && name != "." && name != "..", let directory = realpath(dirname(followed)) {
                return join(directory, name)
            }
        }
        return try? Syscall.realPath(path)
    }

    /// getpath.c's `resolve_symlinks` (3.8-3.10): while `path` is a symbolic
    /// link, replace it by its target, a relative target joined textually to
    /// the link's directory; directories are not resolved and nothing is
    /// normalized. Nil when `path` does not exist or the chain does not end.
    static func followLinks(_ path: String) -> String? {
        var current = path
        for _ in 0..<40 {
            let target: String
            do throws(Errno) { target = try Syscall.readLink(current) }
            catch { return error == .invalidArgument ? current : nil }
            if target.hasPrefix("/") {
                current = target
            } else {
                let slash = current.utf8.lastIndex(of: UInt8(ascii: "/"))
                current = slash.map {
                    join(String(current[..<$0]).isEmpty ? "/" : String(current[..<$0]), target)
                } ?? target
            }
        }
        return nil
    }

    /// The whole regular file at `path` (symlinks followed) in one buffer
    /// sized by `fstat`, or nil when it cannot be opened, is not a regular
    /// file or is larger than `limit` bytes.
    static func read(_ path: String, limit: Int = 1 << 20) -> [UInt8]? {
        Syscall.readRegularFile(path, limit: limit)
    }
}

extension Array where Element == UInt8 {
    /// The index of the first occurrence of `needle` at or after `start`
    /// (Boyer-Moore-Horspool: sysconfigdata is 40-50 KB of quoted keys, so
    /// a scan anchored on the needle's first byte, a quote, crawls).
    func firstRange(of needle: some Collection<UInt8>, from start: Int = 0) -> Int? {
        let needle = Array<UInt8>(needle)
        let m = needle.count
        guard m > 0, start >= 0, m <= count - start else { return nil }
        var shift = [Int](repeating: m, count: 256)
        for i in 0..<(m - 1) { shift[Int(needle[i])] = m - 1 - i }
        return withUnsafeBufferPointer { haystack -> Int? in
            needle.withUnsafeBufferPointer { needle -> Int? in
                var at = start
                let last = haystack.count - m
                while at <= last {
                    let tail = haystack[at + m - 1]
                    if tail == needle[m - 1] && memcmp(haystack.baseAddress! + at, needle.baseAddress!, m - 1) == 0 {
                        return at
                    }
                    at += shift[Int(tail)]
                }
                return nil
            }
        }
    }
}
