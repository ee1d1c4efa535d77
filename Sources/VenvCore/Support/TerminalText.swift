/// Text read from files (a `.project`, a `pyvenv.cfg`, a directory's name)
/// shown to a person: every control character escaped, so that nothing an
/// environment holds can drive the terminal (set its title, clear it, move
/// the cursor, forge a line). The one escaping of every human-readable
/// output; `--json` escapes the same characters by JSON's rules.
public enum TerminalText {
    /// A control character (Unicode category Cc): C0, DEL or C1.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// `text` with each control character written as Python's `repr` writes
    /// it (`\t`, `\n`, `\r`, else `\xHH`); unchanged when it has none.
    /// `keepingLineBreaks` leaves `\n` alone, for text that is already lines.
    public static func escaped(_ text: String, keepingLineBreaks: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: { isControl($0) && !(keepingLineBreaks && $0 == "\n") }) else {
            return text
        }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            guard isControl(scalar), !(keepingLineBreaks && scalar == "\n") else { out.append(scalar); continue }
            switch scalar {
            case "\t": out.append(contentsOf: "\\t".unicodeScalars)
            case "\n": out.append(contentsOf: "\\n".unicodeScalars)
            case "\r": out.append(contentsOf: "\\r".unicodeScalars)
            default: out.append(contentsOf: ("\\x" + Hex.digits(scalar.value, width: 2)).unicodeScalars)
            }
        }
        return String(out)
    }
}
