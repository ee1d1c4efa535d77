/// A wheel's `RECORD` (PEP 376): CSV rows of path, hash, size.
enum Record {
    struct Row {
        var path: String
        var hash: String
        var size: String
    }

    /// Python's csv reader, for the subset RECORD files use: commas,
    /// double-quoted fields with `""` escapes, `\n` or `\r\n` line ends.
    static func parse(_ bytes: [UInt8]) -> [Row] {
        var rows: [Row] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false, wasQuoted = false
        var i = 0
        func endRow() {
            fields.append(String(decoding: field, as: UTF8.self))
            if fields.count > 1 || !fields[0].isEmpty || wasQuoted {
                while fields.count < 3 { fields.append("") }
                rows.append(Row(path: fields[0], hash: fields[1], size: fields[2]))
            }
            fields = []; field = []; wasQuoted = false
        }
        while i < bytes.count {
            let c = bytes[i]
            if quoted {
                if c == UInt8(ascii: "\"") {
                    if i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\"") {
                        field.append(c); i += 1
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(c)
                }
            } else if c == UInt8(ascii: "\"") && field.isEmpty {
                quoted = true; wasQuoted = true
            } else if c == UInt8(ascii: ",") {
                fields.append(String(decoding: field, as: UTF8.self)); field = []
            } else if c == UInt8(ascii: "\n") {
                endRow()
            } else if c != UInt8(ascii: "\r") {
                field.append(c)
            }
            i += 1
        }
        if !field.isEmpty || !fields.isEmpty { endRow() }
        return rows
    }

    /// pip's `_normalized_outrows` then `csv.writer`: sorted by path, hash
    /// and size; `\r\n` line ends; fields quoted only where needed.
    static func render(_ rows: [Row]) -> [UInt8] {
        // Python compares str by code point: the order of their UTF-8 bytes.
        let keyed = rows.map { row in (row, [Array(row.path.utf8), Array(row.hash.utf8), Array(row.size.utf8)]) }
        let sorted = keyed.sorted { a, b in
            for (x, y) in zip(a.1, b.1) where x != y { return x.lexicographicallyPrecedes(y) }
            return false
        }
        var out: [UInt8] = []
        out.reserveCapacity(rows.count * 100)
        for (row, _) in sorted {
            out += Array(quote(row.path).utf8) + [UInt8(ascii: ",")]
            out += Array(quote(row.hash).utf8) + [UInt8(ascii: ",")]
            out += Array(quote(row.size).utf8) + [13, 10]
        }
        return out
    }

    /// csv.QUOTE_MINIMAL: quote a field holding the delimiter, a quote or a line break.
    private static func quote(_ field: String) -> String {
        guard field.utf8.contains(where: { $0 == 0x2c || $0 == 0x22 || $0 == 0x0a || $0 == 0x0d }) else { return field }
        return "\"" + field.replacingAll("\"", with: "\"\"") + "\""
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
