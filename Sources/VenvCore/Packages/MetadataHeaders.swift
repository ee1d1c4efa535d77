/// The headers of a METADATA or PKG-INFO file as pip reads them: Python's
/// `email` parser with its default (compat32) policy. Lines end at `\n`,
/// `\r\n` or `\r`. Headers run up to the first blank line or the first line
/// that is neither a header nor a continuation; a value keeps its
/// continuation lines (with their line breaks) and loses only the blanks
/// after the colon and its final line break; an mbox `From ` line and a
/// header with an empty name are skipped; of repeated headers, `get` gives
/// the first. Only the header block is looked at (a long description in the
/// body costs nothing).
struct MetadataHeaders {
    private(set) var fields: [(name: String, value: String)] = []

    /// Parses `bytes`, which the caller has checked are UTF-8 (every cut is
    /// made at an ASCII byte, so each piece is UTF-8 too).
    init(utf8 bytes: [UInt8]) {
        let n = bytes.count
        var i = 0
        var current: (name: Range<Int>, value: [UInt8])? = nil
        func flush(_ fields: inout [(name: String, value: String)], _ current: (name: Range<Int>, value: [UInt8])?) {
            guard let current else { return }
            var value = current.value[...]
            while let first = value.first, first == 0x20 || first == 0x09 { value = value.dropFirst() }
            while let last = value.last, last == 0x0A || last == 0x0D { value = value.dropLast() }
            fields.append((String(decoding: bytes[current.name], as: UTF8.self),
                           String(decoding: value, as: UTF8.self)))
        }
        while i < n {
            var end = i
            while end < n && bytes[end] != 0x0A && bytes[end] != 0x0D { end += 1 }
            var next = end
            if end < n { next = bytes[end] == 0x0D && end + 1 < n && bytes[end + 1] == 0x0A ? end + 2 : end + 1 }
            defer { i = next }
            let first = bytes[i]
            if first == 0x20 || first == 0x09 {
                // A continuation line; before any header it is a defect, dropped.
                if current != nil { current!.value.append(contentsOf: bytes[i..<next]) }
                continue
            }
            if end == i { break }  // the blank line ending the headers
            if end - i >= 5 && bytes[i..<(i + 5)].elementsEqual("From ".utf8) {
                flush(&fields, current)
                current = nil
                continue
            }
            var colon = i
            while colon < end && bytes[colon] != 0x3A && (0x21...0x7E).contains(bytes[colon]) { colon += 1 }
            guard colon < end && bytes[colon] == 0x3A else { break }  // not a header: the body starts here
            flush(&fields, current)
            current = colon == i ? nil : (i..<colon, Array(bytes[(colon + 1)..<next]))
        }
        flush(&fields, current)
    }

    /// `message.get(name)`: the first header of that name, ASCII
    /// case-insensitively.
    func get(_ name: String) -> String? {
        let wanted = Array(name.utf8)
        return fields.first { field in
            field.name.utf8.count == wanted.count
                && zip(field.name.utf8, wanted).allSatisfy { ($0 | 0x20) == ($1 | 0x20) }
        }?.value
    }

    /// pkg_resources' `_version_from_file`: the first line of the whole file
    /// (headers or body) starting with `version:` in any case, its value stripped.
    static func pkgResourcesVersion(utf8 bytes: [UInt8]) -> String? {
        let n = bytes.count
        var i = 0
        while i < n {
            var end = i
            while end < n && bytes[end] != 0x0A && bytes[end] != 0x0D { end += 1 }
            var start = i  // yield_lines strips each line first
            while start < end && (bytes[start] == 0x20 || bytes[start] == 0x09) { start += 1 }
            if end - start >= 8 && zip(bytes[start..<(start + 8)], "version:".utf8).allSatisfy({ ($0 | 0x20) == $1 }) {
                return String(decoding: bytes[(start + 8)..<end],
                              as: UTF8.self).trimmingCharacters(in: " \t\u{0B}\u{0C}")
            }
            i = end < n ? (bytes[end] == 0x0D && end + 1 < n && bytes[end + 1] == 0x0A ? end + 2 : end + 1) : n
        }
        return nil
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
