/// A console script as pip makes it with its vendored distlib's
/// `ScriptMaker` (`pip/_vendor/distlib/scripts.py`, the same in pip 22 to 24).
struct ConsoleScript {
    let name: String
    /// `module:attr.path`: imported as `from module import attr`, called as `attr.path()`.
    let module: String
    let function: String

    /// From an entry point's value such as `pip._internal.cli.main:main`;
    /// nil for one pip refuses (no `:callable`). Extras in brackets are ignored.
    init?(name: String, value: String) {
        var text = Substring(value)
        if let bracket = text.firstIndex(of: "[") { text = text[..<bracket] }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map { $0.trimmingSpaces }
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, !name.isEmpty,
              !name.contains("/"), name != ".", name != ".." else { return nil }
        self.name = name
        module = String(parts[0])
        function = String(parts[1])
    }

    /// distlib's `SCRIPT_TEMPLATE`, after the shebang.
    var body: String {
        let importName = function.split(separator: ".").first.map(String.init) ?? function
        return """
            # -*- coding: utf-8 -*-
            import re
            import sys
            from \(module) import \(importName)
            if __name__ == '__main__':
                sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0])
                sys.exit(\(function)())

            """
    }

    /// The shebang line distlib writes for `python` on Linux
    /// (`_build_shebang`): `#!python` when it has no space and the line fits
    /// the kernel's 127 bytes, else a `/bin/sh` line that execs python on
    /// the script, which Python then reads as a string expression.
    static func shebang(python: String) -> String {
        var executable = python
        if executable.contains(" ") && !executable.hasPrefix("\"") { executable = "\"\(executable)\"" }   // enquote_executable
        if !executable.contains(" ") && executable.utf8.count + 3 <= 127 {
            return "#!\(executable)\n"
        }
        // distlib's `_write_script` then ends the shebang with a line break.
        return "#!/bin/sh\n'''exec' \(executable) \"$0\" \"$@\"\n' '''\n"
    }

    static func contents(_ script: ConsoleScript, python: String) -> [UInt8] {
        Array((shebang(python: python) + script.body).utf8)
    }
}

/// `entry_points.txt`: an INI file of `name = value` lines by section.
enum EntryPoints {
    static func parse(_ bytes: [UInt8]) -> [String: [(name: String, value: String)]] {
        var sections: [String: [(name: String, value: String)]] = [:]
        var current: String? = nil
        for raw in bytes.split(separator: UInt8(ascii: "\n")) {
            let line = Substring(String(decoding: raw, as: UTF8.self)).trimmingSpaces
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") && line.hasSuffix("]") {
                current = String(line.dropFirst().dropLast().trimmingSpaces)
                continue
            }
            guard let current, let eq = line.firstIndex(of: "=") else { continue }
            let name = String(line[..<eq].trimmingSpaces)
            let value = String(line[line.index(after: eq)...].trimmingSpaces)
            // importlib.metadata keeps the last of duplicate names in pip's dict.
            sections[current, default: []].removeAll { $0.name == name }
            sections[current, default: []].append((name, value))
        }
        return sections
    }
}

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
                    if i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\"") { field.append(c); i += 1 } else { quoted = false }
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
