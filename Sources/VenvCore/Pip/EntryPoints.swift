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
