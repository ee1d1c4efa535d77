/// The language of an activation template, which decides how a placeholder's
/// value is written into it: as one literal that reads back exactly.
enum ActivationLanguage {
    case posixShell, csh, fish, powerShell, nushell, python

    /// `text` as one literal of this language that reads back exactly, or nil
    /// when this language cannot hold it (a line break or other control
    /// character, which `ActivationScripts.validate` refuses first).
    func quote(_ text: String) -> String? {
        if ActivationScripts.firstControl(in: text) != nil { return nil }
        switch self {
        case .posixShell:
            // Nothing is special between single quotes; a quote is closed,
            // escaped and reopened.
            return "'" + escaping(text, ["'": "'\\''"]) + "'"
        case .csh:
            // As in sh, except that history substitution still sees `!`
            // between single quotes; it drops the backslash of `\!`.
            return "'" + escaping(text, ["'": "'\\''", "!": "\\!"]) + "'"
        case .fish:
            // Between fish's single quotes only `\\` and `\'` are escapes.
            return "'" + escaping(text, ["\\": "\\\\", "'": "\\'"]) + "'"
        case .powerShell:
            // PowerShell also ends a single-quoted string at the typographic
            // single quotes; doubling any of them escapes it.
            return "'" + escaping(text, ["'": "''", "\u{2018}": "\u{2018}\u{2018}", "\u{2019}": "\u{2019}\u{2019}",
                                         "\u{201A}": "\u{201A}\u{201A}", "\u{201B}": "\u{201B}\u{201B}"]) + "'"
        case .nushell:
            // A plain double-quoted string (interpolation needs `$"`), whose
            // only escapes here are `\\` and `\"`.
            return "\"" + escaping(text, ["\\": "\\\\", "\"": "\\\""]) + "\""
        case .python:
            // ASCII only (like `ascii()`), so the file reads the same whatever
            // encoding `open()` assumes in the user's locale.
            var out = "'"
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\\": out += "\\\\"
                case "'": out += "\\'"
                case " "..."~": out.unicodeScalars.append(scalar)
                default:
                    let hex = String(scalar.value, radix: 16)
                    out += scalar.value < 0x10000
                        ? "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                        : "\\U" + String(repeating: "0", count: 8 - hex.count) + hex
                }
            }
            return out + "'"
        }
    }
}

/// The prompt prefix `(name) ` escaped for each shell's prompt expansion, so
/// that displaying the prompt shows the name as text and never runs or
/// interprets any part of it. Each shell expands its prompt every time it is
/// displayed, long after the activate script ran, so quoting the script's
/// literals is not enough (CVE-2024-9287 fixed only that part).
/// Checked against the real shells by Tests/suites/30-activation.sh.
enum PromptEscape {
    /// bash with `promptvars` on (the default): the prompt is first decoded
    /// (`\\` gives `\`, `\$` gives `$` or `#` for root), then expanded like a
    /// double-quoted string. `\\\\` shows `\`, `\\$` shows `$`, "\\`" shows "`".
    static func bash(_ text: String) -> String {
        escaping(text, ["\\": "\\\\\\\\", "$": "\\\\$", "`": "\\\\`"])
    }

    /// bash with `promptvars` off: only the decoding step remains.
    static func bashWithoutPromptvars(_ text: String) -> String {
        escaping(text, ["\\": "\\\\"])
    }

    /// zsh's own prompt escapes start with `%`.
    static func zsh(_ text: String) -> String {
        escaping(text, ["%": "%%"])
    }

    /// zsh with `promptsubst` (set by many zsh frameworks): parameter and
    /// command substitution first, undone by a backslash, then `%` escapes.
    static func zshWithPromptSubst(_ text: String) -> String {
        escaping(text, ["%": "%%", "\\": "\\\\", "$": "\\$", "`": "\\`"])
    }

    /// ksh93: expanded like one unquoted word without field splitting, so
    /// both kinds of quotes are removed too; and `!` is the history number,
    /// `!!` a `!`.
    static func ksh(_ text: String) -> String {
        escaping(text, ["\\": "\\\\", "$": "\\$", "`": "\\`", "\"": "\\\"", "'": "\\'", "!": "!!"])
    }

    /// dash and other POSIX shells: parameter, command and arithmetic
    /// expansion, undone by a backslash.
    static func sh(_ text: String) -> String {
        escaping(text, ["\\": "\\\\", "$": "\\$", "`": "\\`"])
    }

    /// tcsh: `%` escapes, `!` the history number, and backslash escapes.
    static func tcsh(_ text: String) -> String {
        escaping(text, ["%": "%%", "!": "\\!", "\\": "\\\\"])
    }

    /// BSD csh: only `!`, the history number.
    static func csh(_ text: String) -> String {
        escaping(text, ["!": "\\!"])
    }

}

/// `text` with each scalar found in `replacements` replaced. Scalars, not
/// Characters: a combining mark after `'` makes one Character that is not
/// `'`, yet the shell still sees the quote byte.
func escaping(_ text: String, _ replacements: [Unicode.Scalar: String]) -> String {
    // Most paths and prompts need nothing replaced: say so without copying.
    if !text.unicodeScalars.contains(where: { replacements[$0] != nil }) { return text }
    var out = ""
    out.reserveCapacity(text.utf8.count + 8)
    for scalar in text.unicodeScalars {
        if let replacement = replacements[scalar] { out += replacement } else { out.unicodeScalars.append(scalar) }
    }
    return out
}
