import SystemPackage

/// The contents of a `pyvenv.cfg`, read the way CPython's `site.py` reads it
/// (`key = value` lines, keys stripped and lower-cased, first `=` splits),
/// and written the way each version's `venv` writes it.
public struct PyvenvConfig: Equatable, Sendable {
    /// The entries in file order, keys lower-cased.
    public var entries: [(key: String, value: String)]

    public init(entries: [(key: String, value: String)] = []) { self.entries = entries }

    public static func == (a: Self, b: Self) -> Bool {
        a.entries.elementsEqual(b.entries) { $0.key == $1.key && $0.value == $1.value }
    }

    public subscript(key: String) -> String? {
        value(lowercased: Self.lowercasedKey(key))
    }

    /// The last value of `key`, already lower case (the accessors' keys);
    /// lengths compared first, as most keys differ in length.
    func value(lowercased key: String) -> String? {
        let count = key.utf8.count
        return entries.last { $0.key.utf8.count == count && $0.key == key }?.value
    }

    /// `key.lowercased()`, without its Unicode tables for the usual key
    /// (ASCII without capitals), which is its own lower case.
    static func lowercasedKey(_ key: String) -> String {
        key.utf8.allSatisfy({ $0 < 0x80 && !(0x41...0x5A).contains($0) }) ? key : key.lowercased()
    }

    /// `home`: the directory of the base interpreter.
    public var home: String? { value(lowercased: "home") }
    /// `include-system-site-packages`; as in `site.py`, anything but a
    /// missing key or `true` (any case) means false, and a missing key true.
    public var includeSystemSitePackages: Bool {
        value(lowercased: "include-system-site-packages").map(Self.isTrue) ?? true
    }

    /// `value.lower() == "true"`: compared as ASCII when it is ASCII (only
    /// ASCII letters lower-case to `t`, `r`, `u`, `e`), else lower-cased.
    static func isTrue(_ value: String) -> Bool {
        guard value.utf8.allSatisfy({ $0 < 0x80 }) else { return value.lowercased() == "true" }
        return value.utf8.count == 4 && zip(value.utf8, "true".utf8).allSatisfy { $0 | 0x20 == $1 }
    }
    /// `version` (CPython) or `version_info` (virtualenv, uv).
    public var version: String? { value(lowercased: "version") ?? value(lowercased: "version_info") }
    /// The prompt: CPython writes a Python string literal, uv the raw text.
    public var prompt: String? { value(lowercased: "prompt").map(PythonLiteral.unquote) }
    /// `relocatable = true` (swift-venv --relocatable, uv venv --relocatable).
    public var relocatable: Bool { value(lowercased: "relocatable").map(Self.isTrue) ?? false }

    /// Parses `text` (the file's bytes, which must be UTF-8).
    public init(parsing bytes: [UInt8], path: @autoclosure () -> FilePath) throws(VenvError) {
        // One pass for NUL and non-ASCII bytes; only text that is not ASCII
        // is validated as UTF-8 (a String made and dropped).
        let (ascii, nul) = bytes.withUnsafeBufferPointer { buffer in
            var ascii = true, nul = false
            for byte in buffer {
                if byte == 0 { nul = true } else if byte >= 0x80 { ascii = false }
            }
            return (ascii, nul)
        }
        guard ascii || String(validating: bytes, as: UTF8.self) != nil else {
            throw VenvError(.notVenv, path(), "is not UTF-8 text, so it is not a pyvenv.cfg CPython can read",
                            remedy: "recreate the environment")
        }
        guard !nul else {
            throw VenvError(.notVenv, path(), "contains NUL bytes, so it is not a pyvenv.cfg",
                            remedy: "recreate the environment")
        }
        entries = bytes.withUnsafeBufferPointer(Self.entries(of:))
    }

    /// The `key = value` lines, read on the bytes: resolution parses
    /// pyvenv.cfg on every call, and splitting a String by Character costs
    /// more than the rest of it. Line breaks and the white space stripped
    /// are ASCII, so cutting UTF-8 at them keeps every character whole.
    private static func entries(of bytes: UnsafeBufferPointer<UInt8>) -> [(key: String, value: String)] {
        var entries: [(key: String, value: String)] = []
        entries.reserveCapacity(8)
        var start = 0
        while start < bytes.count {
            var end = start
            var eq: Int?
            while end < bytes.count && bytes[end] != 0x0A && bytes[end] != 0x0D {
                if eq == nil && bytes[end] == UInt8(ascii: "=") { eq = end }
                end += 1
            }
            if let eq {
                entries.append((strippedKey(bytes, start, eq), stripped(bytes, eq + 1, end)))
            }
            start = end + 1
        }
        return entries
    }

    /// `str.strip()` of `bytes[from..<to]` for the ASCII white space that
    /// matters in pyvenv.cfg.
    private static func stripped(_ bytes: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[strippedRange(bytes, from, to)]), as: UTF8.self)
    }

    private static func strippedRange(_ bytes: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> Range<Int> {
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }
        var from = from, to = to
        while from < to && isSpace(bytes[from]) { from += 1 }
        while to > from && isSpace(bytes[to - 1]) { to -= 1 }
        return from..<to
    }

    /// `lowercasedKey(stripped(...))`, the common case (a lower-case ASCII
    /// key) decided on the bytes.
    private static func strippedKey(_ bytes: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> String {
        let key = UnsafeBufferPointer(rebasing: bytes[strippedRange(bytes, from, to)])
        let text = String(decoding: key, as: UTF8.self)
        return key.allSatisfy({ $0 < 0x80 && !(0x41...0x5A).contains($0) }) ? text : text.lowercased()
    }

    /// Reads the file at `path`.
    public static func read(_ path: FilePath) throws(VenvError) -> PyvenvConfig {
        let bytes = try FS.readFile(path, limit: 1 << 20)
        return try PyvenvConfig(parsing: bytes, path: path)
    }

    /// The file's bytes with the value of each `key = value` line that
    /// `change(key, value)` answers (key lower-cased, both stripped) written
    /// as `key = new`, every other line as it was, so keys, order and spacing
    /// stay as the creating tool wrote them; nil when nothing changes.
    static func rewritingValues(_ bytes: [UInt8], _ change: (String, String) -> String?) -> [UInt8]? {
        let text = String(decoding: bytes, as: UTF8.self)
        var out: [String] = []
        var changed = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            guard let eq = line.firstIndex(of: "=") else { out.append(String(line)); continue }
            let key = line[..<eq].trimmingPythonWhitespace().lowercased()
            let value = line[line.index(after: eq)...].trimmingPythonWhitespace()
            guard let newValue = change(key, value), newValue != value else {
                out.append(String(line))
                continue
            }
            changed = true
            out.append(String(line[..<eq]) + "= " + newValue)
        }
        return changed ? Array(out.joined(separator: "\n").utf8) : nil
    }

    /// The file's text: `key = value` lines in order.
    public var text: String {
        entries.map { "\($0.key) = \($0.value)\n" }.joined()
    }
}
