extension StringProtocol {
    /// `str.strip()` for the ASCII white space Python strips (space, tab,
    /// vertical tab, form feed, CR, LF).
    func trimmingPythonWhitespace() -> String {
        let isSpace: (Character) -> Bool = {
            $0 == " " || $0 == "\t" || $0 == "\u{0B}" || $0 == "\u{0C}" || $0 == "\r" || $0 == "\n"
        }
        guard let start = firstIndex(where: { !isSpace($0) }) else { return "" }
        let end = lastIndex(where: { !isSpace($0) })!
        return String(self[start...end])
    }
}
