/// Lines of `key=value` (the interpreter-fact cache and the interpreter's
/// own answers): split at the first `=`; lines without one are skipped.
enum KeyValueLines {
    static func parse(_ text: some StringProtocol) -> [String: String] {
        var entries: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let eq = line.firstIndex(of: "=") else { continue }
            entries[String(line[..<eq])] = String(line[line.index(after: eq)...])
        }
        return entries
    }

    /// `entries` as lines, sorted by key.
    static func text(_ entries: [String: String]) -> String {
        entries.keys.sorted().map { "\($0)=\(entries[$0]!)\n" }.joined()
    }
}
