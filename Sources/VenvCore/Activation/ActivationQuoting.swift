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
            // escaped and reopened. Each run of non-ASCII text is followed by
            // a quote: a shell reading the file in GBK, Big5, Shift_JIS or
            // GB18030 may take the byte after a UTF-8 sequence as part of a
            // character, and no encoding takes `'` as such a byte.
            return unchecked(text)
        case .csh:
            // Outside quotes, where a backslash always quotes the next
            // character whatever `backslash_quote` says, and stops history
            // substitution whichever character `histchars` names: every ASCII
            // character but letters, digits and `-_./,+=:` is written `\c`.
            // Non-ASCII runs go between single quotes (which then hold no `!`
            // and no `\`), so the byte after them is a quote (see above).
            var out = ""
            forEachRun(of: text) { run, ascii in
                guard ascii else { out += "'" + run + "'"; return }
                for scalar in run.unicodeScalars {
                    if !cshPlain(scalar) { out += "\\" }
                    out.unicodeScalars.append(scalar)
                }
            }
            return out.isEmpty ? "''" : out
        case .fish:
            // Between fish's single quotes only `\\` and `\'` are escapes;
            // adjacent quoted strings make one word.
            // Non-ASCII runs end at a quote, as for sh.
            return unchecked(text)
        case .powerShell:
            // PowerShell also ends a single-quoted string at the typographic
            // single quotes; doubling any of them escapes it. Windows
            // PowerShell reads a file without a byte-order mark in the ANSI
            // code page, which may be a double-byte one: text with non-ASCII
            // runs is a concatenation, `('caf' + 'é')`, so each run ends at
            // a quote (see .posixShell).
            func quotes(_ scalar: Unicode.Scalar) -> String? {
                switch scalar {
                case "'", "\u{2018}", "\u{2019}", "\u{201A}", "\u{201B}": return String(scalar) + String(scalar)
                default: return nil
                }
            }
            var parts: [String] = []
            forEachRun(of: text) { run, _ in parts.append("'" + escaping(run, quotes) + "'") }
            return parts.count <= 1 ? (parts.first ?? "''") : "(" + parts.joined(separator: " + ") + ")"
        case .nushell:
            // A plain double-quoted string (interpolation needs `$"`), whose
            // only escapes here are `\\` and `\"`.
            return "\"" + escaping(text) { $0 == "\\" || $0 == "\"" ? "\\" + String($0) : nil } + "\""
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
                    out += scalar.value < 0x10000
                        ? "\\u" + Hex.digits(scalar.value, width: 4)
                        : "\\U" + Hex.digits(scalar.value, width: 8)
                }
            }
            return out + "'"
        }
    }
}

extension ActivationLanguage {
    /// The sh or fish literal of `text` without the check for control
    /// characters: a line break stays between the quotes, where both
    /// shells keep it. For code a shell evaluates (virtualenvwrapper's
    /// commands, `WrapperShells.swift`), never for a file a user reads.
    func unchecked(_ text: String) -> String {
        switch self {
        case .fish: return singleQuoted(text) { $0 == "\\" || $0 == "'" ? "\\" + String($0) : nil }
        default: return singleQuoted(text) { $0 == "'" ? "'\\''" : nil }
        }
    }
}

/// `text` between single quotes, each scalar in `replacements` replaced,
/// and each run of non-ASCII text followed by a quote (closed and reopened:
/// `''`), so that the byte after it is a quote whatever the locale.
func singleQuoted(_ text: String, _ replacement: (Unicode.Scalar) -> String?) -> String {
    var out = "'"
    var endsNonASCII = false
    forEachRun(of: text) { run, ascii in
        out += ascii ? escaping(run, replacement) : run + "''"
        endsNonASCII = !ascii
    }
    if endsNonASCII { out.removeLast() } else { out += "'" }
    return out
}

/// Calls `body` with each maximal run of ASCII or of non-ASCII scalars.
func forEachRun(of text: String, _ body: (String, Bool) -> Void) {
    var run = String.UnicodeScalarView()
    var runIsASCII = true
    for scalar in text.unicodeScalars {
        if scalar.isASCII != runIsASCII && !run.isEmpty {
            body(String(run), runIsASCII)
            run = String.UnicodeScalarView()
        }
        runIsASCII = scalar.isASCII
        run.append(scalar)
    }
    if !run.isEmpty { body(String(run), runIsASCII) }
}

/// An ASCII character csh takes literally outside quotes in every setting.
func cshPlain(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar {
    case "a"..."z", "A"..."Z", "0"..."9", "-", "_", ".", "/", ",", "+", "=", ":": return true
    default: return false
    }
}

/// `text` with each scalar for which `replacement` gives a text replaced
/// by it. Scalars, not Characters: a combining mark after `'` makes one
/// Character that is not `'`, yet the shell still sees the quote byte. (A
/// function, not a dictionary: the first dictionary of scalars a process
/// makes costs the runtime's search of every conformance, more
/// instructions than the rest of a `cd`'s lookup.)
func escaping(_ text: String, _ replacement: (Unicode.Scalar) -> String?) -> String {
    // Most paths and prompts need nothing replaced: say so without copying.
    if !text.unicodeScalars.contains(where: { replacement($0) != nil }) { return text }
    var out = ""
    out.reserveCapacity(text.utf8.count + 8)
    for scalar in text.unicodeScalars {
        if let replaced = replacement(scalar) { out += replaced } else { out.unicodeScalars.append(scalar) }
    }
    return out
}
