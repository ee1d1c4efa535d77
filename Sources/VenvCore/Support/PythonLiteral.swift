/// Python string literals, as `repr(str)` writes them and as they come back.
public enum PythonLiteral {
    /// `repr(text)` exactly as CPython 3 writes it.
    public static func repr(_ text: String) -> String {
        let doubleQuoted = text.contains("'") && !text.contains("\"")
        let quote = doubleQuoted ? "\"" : "'"
        var out = quote
        (doubleQuoted ? doubleQuotedEscapes : singleQuotedEscapes).write(text, into: &out) { scalar, out in
            if isPrintable(scalar) { out.unicodeScalars.append(scalar) }
            else if scalar.value < 0x100 { out += "\\x" + Hex.digits(scalar.value, width: 2) }
            else if scalar.value < 0x10000 { out += "\\u" + Hex.digits(scalar.value, width: 4) }
            else { out += "\\U" + Hex.digits(scalar.value, width: 8) }
        }
        out += quote
        return out
    }

    /// repr's short escapes: the shared ones and the quote it chose.
    private static let singleQuotedEscapes = BackslashEscapes(adding: ["'": "\\'"])
    private static let doubleQuotedEscapes = BackslashEscapes(adding: ["\"": "\\\""])

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
