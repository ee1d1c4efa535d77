/// The prompt text that shows an environment's name, `(name) `, as written
/// and as data: for each shell, text its prompt expansion turns back into
/// exactly the name, and in which nothing can run.
///
/// A shell expands its prompt each time it shows it, with the options in
/// force then, so each form holds whatever the user sets later (bash's
/// `promptvars` and POSIX mode, mksh's and ksh93's `!`, tcsh's `histchars`
/// and `%` sequences). Where no form can be exact in every setting, the
/// setting that is not exact still shows data (each case is in
/// Templates/README.md, Threat model). zsh and fish need no form: their
/// activation puts the name into the prompt as data (`psvar`, `printf %s`).
///
/// Each function returns the prompt text itself; written into a script, it
/// is quoted for the script's language like any other value
/// (`ActivationLanguage.quote`). For other code that makes a prompt (the
/// shell integration), `prefix(_:for:)` names the form per shell.
public enum PromptDisplay {
    /// The shells with a prompt form of their own.
    public enum Shell: Sendable {
        case bash, dash, mksh, ksh93, tcsh, tcshASCII, csh
        /// bash with `promptvars` off (and not in POSIX mode) when the
        /// environment is activated, and PS1 not exported.
        case bashPlain
    }

    /// `(name) ` for `shell`'s prompt variable (PS1; csh's and tcsh's `prompt`).
    public static func prefix(_ name: String, for shell: Shell) -> String {
        switch shell {
        case .bash: return bash(name, backquote: "\\`")
        case .bashPlain: return bash(name, backquote: "\\D{`}")
        case .dash: return sh(name, bang: false, quotes: false)
        case .mksh: return sh(name, bang: true, quotes: false)
        case .ksh93: return sh(name, bang: true, quotes: true)
        case .tcsh: return tcsh(name, ascii: false)
        case .tcshASCII: return tcsh(name, ascii: true)
        case .csh: return csh(name)
        }
    }

    /// An empty expansion (`$-` is always set) that cuts a non-ASCII
    /// character from an escape after it: read in GBK, GB18030 or Big5, the
    /// last UTF-8 byte of a character and a following `\` make one character,
    /// and the escape would be lost. `$` is no second byte in any of them.
    static let cut = "${-+}"

    /// bash decodes its escapes on every prompt and then, with `promptvars`
    /// on (the default) or in POSIX mode, expands the result as if between
    /// double quotes. `\D{text}` is strftime's output, which bash quotes for
    /// that expansion itself: `$`, `\` and `!` (POSIX mode's history number)
    /// are each written `\D{c}`, and `%` as `\D{%%}` (so a zsh that inherits
    /// the PS1 finds no `%` sequence), shown as written in every setting.
    /// Read by another shell (an exported PS1), `\D{$}` is a `$` before `}`:
    /// text. A backquote (`backquote`) is the one case that depends on the
    /// setting: `` \` `` (`.bash`) is an escaped backquote for every shell,
    /// but with `promptvars` off bash shows its backslash; `` \D{`} ``
    /// (`.bashPlain`) is exact in bash in every setting, but a dash, ksh or
    /// zsh that inherits it as an exported PS1 would run what follows it. So
    /// the activation script takes `.bashPlain` only when bash, as it
    /// activates, has `promptvars` off, is not in POSIX mode and has not
    /// exported PS1 (Templates/README.md, Threat model).
    static func bash(_ name: String, backquote: String) -> String {
        rewritten(name) { scalar in
            switch scalar {
            case "$", "\\", "!": return ("\\D{" + String(scalar) + "}", true)
            case "%": return ("\\D{%%}", true)
            case "`": return (backquote, true)
            default: return nil
            }
        }
    }

    /// dash, mksh and ksh93 expand PS1 as if between double quotes: `$`,
    /// backquote and `\` are escaped with `\`. mksh and ksh93 show `!` as
    /// the history number and `!!` as `!` (`bang`); ksh93 also removes
    /// quotes, so `'` and `"` are escaped too (`quotes`). `%` is followed by
    /// the empty `${-+}`, for a zsh that inherits an exported PS1.
    static func sh(_ name: String, bang: Bool, quotes: Bool) -> String {
        rewritten(name) { scalar in
            switch scalar {
            case "$", "`", "\\": return ("\\" + String(scalar), true)
            case "'", "\"": return quotes ? ("\\" + String(scalar), true) : nil
            case "!": return bang ? ("!!", false) : nil
            // A zsh that inherits the PS1 would read `%F{red}` as a colour:
            // `%$` is no sequence of its.
            case "%": return ("%" + cut, false)
            default: return nil
            }
        }
    }

    /// `(name) ` with each scalar that `form` rewrites written as it says,
    /// and `cut` between a non-ASCII character and a rewrite that is an
    /// escape (whose backslash the character could take as its own).
    static func rewritten(_ name: String, _ form: (Unicode.Scalar) -> (text: String, escape: Bool)?) -> String {
        var out = "("
        var afterNonASCII = false
        for scalar in name.unicodeScalars {
            if let (text, escape) = form(scalar) {
                if escape && afterNonASCII { out += cut }
                out += text
            } else {
                out.unicodeScalars.append(scalar)
            }
            afterNonASCII = !scalar.isASCII
        }
        return out + ") "
    }

    /// tcsh's prompt gives `%` sequences, the history character (`!`, or
    /// whichever `histchars` names) and backslash escapes (`\a`, `\n`,
    /// octal) a meaning; a backslash before a mark shows the mark. So every
    /// ASCII character but letters, digits and space is written `\c`.
    ///
    /// tcsh holds the prompt as characters and writes each in the locale of
    /// the moment: one that locale cannot represent is written as the low
    /// byte of its code point (U+011B, `ě`, as ESC). A non-ASCII character
    /// is shown as written, but one whose low byte is a control character is
    /// shown as `_`, so no later change of locale sends the terminal a
    /// control byte. `ascii`: every non-ASCII character as `_`, for a locale
    /// that is not UTF-8, in which tcsh does not read the name's characters
    /// as written.
    static func tcsh(_ name: String, ascii: Bool) -> String {
        var out = "("
        for scalar in name.unicodeScalars {
            if scalar.isASCII {
                if !(scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == " ") {
                    out += "\\"
                }
                out.unicodeScalars.append(scalar)
            } else if ascii || TerminalText.isControl(Unicode.Scalar(UInt8(scalar.value & 0xFF))) {
                out += "_"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out + ") "
    }

    /// csh (BSD) shows bytes as they are; only the history character has a
    /// meaning in its prompt, and `\!` shows `!`.
    static func csh(_ name: String) -> String {
        var out = "("
        for scalar in name.unicodeScalars {
            if scalar == "!" { out += "\\" }
            out.unicodeScalars.append(scalar)
        }
        return out + ") "
    }
}
