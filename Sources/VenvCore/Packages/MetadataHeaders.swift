/// The headers of a METADATA or PKG-INFO file as pip reads them: Python's
/// `email` parser with its default (compat32) policy. Headers run up to the
/// first blank line or the first line that is neither a header nor a
/// continuation; a value keeps its continuation lines (with their line
/// breaks) and loses only the blanks after the colon and the final line
/// break; of repeated headers, `get` gives the first.
struct MetadataHeaders {
    private(set) var fields: [(name: String, value: String)] = []

    /// Parses `text`, already decoded from UTF-8 with Python's universal
    /// newlines in mind (`\r\n` and `\r` end lines too).
    init(_ text: String) {
        var lines: [Substring] = []
        var start = text.startIndex
        // Split keeping the line ends, as `str.splitlines(keepends=True)` on
        // the three newline forms the parser knows.
        let scalars = text.unicodeScalars
        var i = scalars.startIndex
        while i != scalars.endIndex {
            let scalar = scalars[i]
            var next = scalars.index(after: i)
            if scalar == "\n" || scalar == "\r" {
                if scalar == "\r", next != scalars.endIndex, scalars[next] == "\n" { next = scalars.index(after: next) }
                lines.append(text[start..<next])
                start = next
            }
            i = next
        }
        if start != text.endIndex { lines.append(text[start..<text.endIndex]) }

        var current: (String, String)? = nil
        for line in lines {
            if let c = line.unicodeScalars.first, c == " " || c == "\t" {
                // A continuation line; before any header it is a defect, dropped.
                if current != nil { current!.1 += String(line) }
                continue
            }
            if line.hasPrefix("From ") {
                // The mbox "From " line, skipped; later, a defect, skipped too.
                if let done = current { fields.append(MetadataHeaders.finish(done)); current = nil }
                continue
            }
            let bare = line.trimmingLineEnd()
            if bare.isEmpty { break }
            guard let colon = line.firstIndex(of: ":"),
                  line[..<colon].unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) && $0 != ":" }) else {
                break  // not a header: the body starts here
            }
            if let done = current { fields.append(MetadataHeaders.finish(done)) }
            if colon == line.startIndex { current = nil; continue }  // an empty name is a defect, skipped
            current = (String(line[..<colon]), String(line[line.index(after: colon)...]))
        }
        if let done = current { fields.append(MetadataHeaders.finish(done)) }
    }

    private static func finish(_ field: (String, String)) -> (name: String, value: String) {
        var value = Substring(field.1)
        while let c = value.unicodeScalars.first, c == " " || c == "\t" { value = value.dropFirst() }
        return (field.0, String(value).trimmingLineEnd())
    }

    /// `message.get(name)`: the first header of that name, case-insensitively.
    func get(_ name: String) -> String? {
        let wanted = name.lowercased()
        return fields.first { $0.name.lowercased() == wanted }?.value
    }
}

extension StringProtocol {
    /// `rstrip("\r\n")`.
    func trimmingLineEnd() -> String {
        var scalars = Substring(self).unicodeScalars
        while let last = scalars.last, last == "\n" || last == "\r" { scalars.removeLast() }
        return String(scalars)
    }
}
