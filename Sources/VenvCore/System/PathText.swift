#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// Python's `posixpath` rules on plain strings, for resolution and find
/// (they run in microseconds, so they avoid `FilePath` round trips), whose
/// answers must equal what CPython computes with them. Text only: what is
/// on disk is asked of `FS` (`FS.kind(path, followingLinks:)`, `FS.isFile`,
/// `FS.realPath`, `FS.followLinks`, `FS.absolute`), which takes these strings.
enum PathText {
    /// `posixpath.join(a, b)` for a relative `b`.
    static func join(_ a: String, _ b: String) -> String {
        joined(a, CollectionOfOne(b))
    }

    static func join(_ a: String, _ parts: String...) -> String {
        joined(a, parts)
    }

    /// `a`, then each part after a `/` unless what is written so far is
    /// empty or ends with one (as posixpath: `join("", "x")` is `x`): the
    /// bytes copied once into a string of the final size (`+` and `+=` grow
    /// a string per part; find joins a dozen paths per environment, and this
    /// was a tenth of its instructions).
    private static func joined(_ a: String, _ parts: some Collection<String>) -> String {
        var total = a.utf8.count
        for part in parts { total += part.utf8.count + 1 }
        return String(unsafeUninitializedCapacity: total) { buffer in
            var count = 0
            func put(_ text: String) {
                var text = text
                text.withUTF8 { bytes in
                    guard let source = bytes.baseAddress else { return }
                    (buffer.baseAddress! + count).update(from: source, count: bytes.count)
                    count += bytes.count
                }
            }
            put(a)
            for part in parts {
                if count > 0 && buffer[count - 1] != UInt8(ascii: "/") {
                    buffer[count] = UInt8(ascii: "/")
                    count += 1
                }
                put(part)
            }
            return count
        }
    }

    /// `posixpath.dirname`: everything before the last `/`, trailing slashes
    /// removed unless only slashes remain.
    static func dirname(_ path: String) -> String {
        var path = path
        return path.withUTF8 { bytes in
            guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else { return "" }
            var end = slash + 1
            if bytes[..<end].contains(where: { $0 != UInt8(ascii: "/") }) {
                while end > 0 && bytes[end - 1] == UInt8(ascii: "/") { end -= 1 }
            }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[..<end]), as: UTF8.self)
        }
    }

    /// The directory holding `path`, an absolute path in its lexically
    /// normal form (`/a/b`: `/a`; `/a`: `/`), or nil for `/` (and for a
    /// relative path's last part): `FilePath.removeLastComponent` on the
    /// text. (FilePath's component views are generic: their first use in a
    /// process costs the runtime's search of every conformance, a third of
    /// the instructions of a `cd`'s lookup, `swift-venv shell-auto`.)
    static func parent(_ path: FilePath) -> FilePath? {
        let text = path.string
        let up = dirname(text)
        return up.isEmpty || up == text ? nil : FilePath(up)
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
        path.utf8.withContiguousStorageIfAvailable(isNormal) ?? isNormal(Array(path.utf8))
    }

    private static func isNormal(_ path: some Collection<UInt8>) -> Bool {
        var previous: UInt8 = 0
        var beforePrevious: UInt8 = 0
        var count = 0
        for byte in path {
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
