/// Quoting for POSIX shells: the result reads back as exactly `text`.
enum ShellQuote {
    static let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@%+=:,./-_")

    /// `text` as one word for sh, bash, zsh, dash and ksh: bare when it has
    /// only safe characters, else single-quoted with each `'` as `'\''`.
    static func posix(_ text: String) -> String {
        if !text.isEmpty && text.allSatisfy({ safe.contains($0) }) { return text }
        // By scalars: a `'` followed by a combining mark is one Character,
        // which `replacing` would not match, yet still a quote to the shell.
        return "'" + escaping(text) { $0 == "'" ? "'\\''" : nil } + "'"
    }
}

