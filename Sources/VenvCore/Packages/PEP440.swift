/// PEP 440 versions as pip's vendored `packaging` reads them: whether a
/// version string is valid, and its normalized form (`str(Version(text))`),
/// which `pip freeze` and `pip list --format=json` print.
enum PEP440 {
    /// `str(packaging.version.Version(text))`, or nil for a version
    /// `packaging` refuses (pip then prints `name===text`).
    static func normalize(_ text: String) -> String? {
        var scanner = Scanner(Array(text.utf8))
        return scanner.version()
    }

    private struct Scanner {
        let bytes: [UInt8]
        var at = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        private static func isSpace(_ byte: UInt8) -> Bool {
            byte == 0x20 || (0x09...0x0D).contains(byte)
        }

        private func peek(_ offset: Int = 0) -> UInt8? {
            at + offset < bytes.count ? bytes[at + offset] : nil
        }

        private mutating func digits() -> String? {
            let start = at
            while let byte = peek(), (0x30...0x39).contains(byte) { at += 1 }
            guard at > start else { return nil }
            // int(): leading zeros go.
            var text = Substring(String(decoding: bytes[start..<at], as: UTF8.self))
            while text.count > 1 && text.first == "0" { text = text.dropFirst() }
            return String(text)
        }

        private mutating func separator() -> Bool {
            if let byte = peek(), byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") {
                at += 1
                return true
            }
            return false
        }

        /// The longest of `words` at the current position, case-insensitively.
        private mutating func word(_ words: [String]) -> String? {
            for word in words.sorted(by: { $0.utf8.count > $1.utf8.count }) {
                let w = Array(word.utf8)
                guard at + w.count <= bytes.count else { continue }
                if (0..<w.count).allSatisfy({ bytes[at + $0] | 0x20 == w[$0] }) {
                    at += w.count
                    return word
                }
            }
            return nil
        }

        /// `[-_.]? LABEL [-_.]? N?`: the label and its number (0 when absent),
        /// or nil with nothing consumed.
        private mutating func labelled(_ words: [String]) -> (String, String)? {
            let start = at
            _ = separator()
            guard let label = word(words) else { at = start; return nil }
            let afterLabel = at
            _ = separator()
            if let number = digits() { return (label, number) }
            // The separator may belong to what follows (the regex backtracks);
            // a separator at the very end is part of this segment.
            if at < bytes.count { at = afterLabel }
            return (label, "0")
        }

        mutating func version() -> String? {
            while let byte = peek(), Scanner.isSpace(byte) { at += 1 }
            if let byte = peek(), byte | 0x20 == UInt8(ascii: "v") { at += 1 }
            var out = ""
            // Epoch and release.
            guard var first = digits() else { return nil }
            if peek() == UInt8(ascii: "!") {
                at += 1
                if first != "0" { out += first + "!" }
                guard let release = digits() else { return nil }
                first = release
            }
            var release = [first]
            while peek() == UInt8(ascii: "."), let next = peek(1), (0x30...0x39).contains(next) {
                at += 1
                release.append(digits()!)
            }
            out += release.joined(separator: ".")
            // Pre-release.
            if let (label, number) = labelled(["a", "b", "c", "rc", "alpha", "beta", "pre", "preview"]) {
                let short: String
                switch label {
                case "alpha": short = "a"
                case "beta": short = "b"
                case "c", "pre", "preview": short = "rc"
                default: short = label
                }
                out += short + number
            }
            // Post-release: `-N`, or a labelled one.
            if peek() == UInt8(ascii: "-"), let next = peek(1), (0x30...0x39).contains(next) {
                at += 1
                out += ".post" + digits()!
            } else if let (_, number) = labelled(["post", "rev", "r"]) {
                out += ".post" + number
            }
            // Development release.
            if let (_, number) = labelled(["dev"]) {
                out += ".dev" + number
            }
            // Local version label.
            if peek() == UInt8(ascii: "+") {
                at += 1
                var parts: [String] = []
                while true {
                    let start = at
                    while let byte = peek(), (0x30...0x39).contains(byte) || (0x61...0x7A).contains(byte | 0x20) {
                        at += 1
                    }
                    guard at > start else { return nil }
                    var part = String(decoding: bytes[start..<at].map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 },
                                      as: UTF8.self)
                    if part.utf8.allSatisfy({ (0x30...0x39).contains($0) }) {
                        while part.count > 1 && part.first == "0" { part.removeFirst() }
                    }
                    parts.append(part)
                    if let byte = peek(),
                       byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "."),
                       let next = peek(1), (0x30...0x39).contains(next) || (0x61...0x7A).contains(next | 0x20) {
                        at += 1
                        continue
                    }
                    break
                }
                out += "+" + parts.joined(separator: ".")
            }
            while let byte = peek(), Scanner.isSpace(byte) { at += 1 }
            return at == bytes.count ? out : nil
        }
    }
}
