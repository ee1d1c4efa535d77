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
        let key = key.lowercased()
        return entries.last { $0.key == key }?.value
    }

    /// `home`: the directory of the base interpreter.
    public var home: String? { self["home"] }
    /// `include-system-site-packages`; as in `site.py`, anything but a
    /// missing key or `true` (any case) means false, and a missing key true.
    public var includeSystemSitePackages: Bool {
        self["include-system-site-packages"].map { $0.lowercased() == "true" } ?? true
    }
    /// `version` (CPython) or `version_info` (virtualenv, uv).
    public var version: String? { self["version"] ?? self["version_info"] }
    /// The prompt: CPython writes a Python string literal, uv the raw text.
    public var prompt: String? { self["prompt"].map(PythonLiteral.unquote) }

    /// Parses `text` (the file's bytes, which must be UTF-8).
    public init(parsing bytes: [UInt8], path: FilePath) throws(VenvError) {
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw VenvError(.notVenv, path, "is not UTF-8 text, so it is not a pyvenv.cfg CPython can read", remedy: "recreate the environment")
        }
        guard !bytes.contains(0) else {
            throw VenvError(.notVenv, path, "contains NUL bytes, so it is not a pyvenv.cfg", remedy: "recreate the environment")
        }
        // On the bytes: resolution parses pyvenv.cfg on every call, and
        // splitting a String by Character costs more than the rest of it.
        // Line breaks and the white space stripped are ASCII, so cutting
        // UTF-8 at them keeps every character whole.
        entries = []
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != 0x0A && bytes[end] != 0x0D { end += 1 }
            if let eq = bytes[start..<end].firstIndex(of: UInt8(ascii: "=")) {
                let key = Self.stripped(bytes, start, eq).lowercased()
                entries.append((key, Self.stripped(bytes, eq + 1, end)))
            }
            start = end + 1
        }
    }

    /// `str.strip()` of `bytes[from..<to]` for the ASCII white space that
    /// matters in pyvenv.cfg.
    private static func stripped(_ bytes: [UInt8], _ from: Int, _ to: Int) -> String {
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }
        var from = from, to = to
        while from < to && isSpace(bytes[from]) { from += 1 }
        while to > from && isSpace(bytes[to - 1]) { to -= 1 }
        return String(decoding: bytes[from..<to], as: UTF8.self)
    }

    /// Reads the file at `path`.
    public static func read(_ path: FilePath) throws(VenvError) -> PyvenvConfig {
        let bytes = try FS.readFile(path, limit: 1 << 20)
        return try PyvenvConfig(parsing: bytes, path: path)
    }

    /// The file's text: `key = value` lines in order.
    public var text: String {
        entries.map { "\($0.key) = \($0.value)\n" }.joined()
    }
}

extension Substring {
    /// `str.strip()` for the ASCII white space that matters in pyvenv.cfg.
    func trimmingPythonWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\u{0B}" || $0 == "\u{0C}" || $0 == "\r" || $0 == "\n" }
        guard let start = firstIndex(where: { !isSpace($0) }) else { return "" }
        let end = lastIndex(where: { !isSpace($0) })!
        return String(self[start...end])
    }
}

/// Python string literals, as `repr(str)` writes them and as they come back.
public enum PythonLiteral {
    /// `repr(text)` exactly as CPython 3 writes it.
    public static func repr(_ text: String) -> String {
        let quote: Character = text.contains("'") && !text.contains("\"") ? "\"" : "'"
        var out = String(quote)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if Character(scalar) == quote { out += "\\" + String(quote) }
                else if isPrintable(scalar) { out.unicodeScalars.append(scalar) }
                else if scalar.value < 0x100 { out += "\\x" + hex(scalar.value, 2) }
                else if scalar.value < 0x10000 { out += "\\u" + hex(scalar.value, 4) }
                else { out += "\\U" + hex(scalar.value, 8) }
            }
        }
        out.append(quote)
        return out
    }

    /// `str.isprintable()` for one character.
    static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == " " { return true }
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned,
             .lineSeparator, .paragraphSeparator, .spaceSeparator:
            return false
        default:
            return true
        }
    }

    private static func hex(_ value: UInt32, _ width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// The text of a quoted Python literal (`'…'` or `"…"`, escapes decoded);
    /// anything else is returned as it is (uv writes prompts unquoted).
    public static func unquote(_ literal: String) -> String {
        guard literal.count >= 2, let first = literal.first, first == "'" || first == "\"", literal.last == first else {
            return literal
        }
        let body = Array(literal.unicodeScalars.dropFirst().dropLast())
        var out = String.UnicodeScalarView()
        var i = 0
        func hexValue(_ count: Int) -> Unicode.Scalar? {
            guard i + count < body.count else { return nil }
            let digits = String(String.UnicodeScalarView(body[(i + 1)...(i + count)]))
            guard let value = UInt32(digits, radix: 16), let scalar = Unicode.Scalar(value) else { return nil }
            i += count
            return scalar
        }
        while i < body.count {
            let c = body[i]
            if c == "\\" && i + 1 < body.count {
                i += 1
                switch body[i] {
                case "n": out.append("\n")
                case "r": out.append("\r")
                case "t": out.append("\t")
                case "\\": out.append("\\")
                case "'": out.append("'")
                case "\"": out.append("\"")
                case "x": if let s = hexValue(2) { out.append(s) } else { out.append("\\"); out.append("x") }
                case "u": if let s = hexValue(4) { out.append(s) } else { out.append("\\"); out.append("u") }
                case "U": if let s = hexValue(8) { out.append(s) } else { out.append("\\"); out.append("U") }
                default: out.append("\\"); out.append(body[i])
                }
            } else {
                out.append(c)
            }
            i += 1
        }
        return String(out)
    }
}
