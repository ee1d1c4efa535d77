/// Reads one JSON document (RFC 8259) into `JSONObject.Value`, the writer's
/// own model, so what is read can be written back unchanged: direct_url.json
/// (PEP 610) is the one JSON file swift-venv reads. Strict like Python's
/// `json.loads`: no trailing commas, no comments; NaN and Infinity as Python
/// accepts them are refused (pip's writer never produces them).
struct JSONReader {
    private let bytes: [UInt8]
    private var at = 0

    struct Malformed: Error { let offset: Int }

    /// The value `bytes` holds, or nil when it is not one JSON document.
    static func parse(_ bytes: [UInt8]) -> JSONObject.Value? {
        var reader = JSONReader(bytes: bytes)
        guard let value = try? reader.value() else { return nil }
        reader.skipSpace()
        return reader.at == bytes.count ? value : nil
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private mutating func skipSpace() {
        while at < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[at]) { at += 1 }
    }

    private mutating func expect(_ literal: String) throws(Malformed) {
        for byte in literal.utf8 {
            guard at < bytes.count, bytes[at] == byte else { throw Malformed(offset: at) }
            at += 1
        }
    }

    private mutating func value() throws(Malformed) -> JSONObject.Value {
        skipSpace()
        guard at < bytes.count else { throw Malformed(offset: at) }
        switch bytes[at] {
        case UInt8(ascii: "{"):
            at += 1
            var object = JSONObject()
            skipSpace()
            if at < bytes.count, bytes[at] == UInt8(ascii: "}") { at += 1; return .object(object) }
            while true {
                skipSpace()
                let key = try string()
                skipSpace()
                try expect(":")
                // Python's json keeps the last of repeated keys, as the subscript does.
                object[key] = try value()
                skipSpace()
                guard at < bytes.count else { throw Malformed(offset: at) }
                if bytes[at] == UInt8(ascii: ",") { at += 1; continue }
                try expect("}")
                return .object(object)
            }
        case UInt8(ascii: "["):
            at += 1
            var items: [JSONObject.Value] = []
            skipSpace()
            if at < bytes.count, bytes[at] == UInt8(ascii: "]") { at += 1; return .array(items) }
            while true {
                items.append(try value())
                skipSpace()
                guard at < bytes.count else { throw Malformed(offset: at) }
                if bytes[at] == UInt8(ascii: ",") { at += 1; continue }
                try expect("]")
                return .array(items)
            }
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try expect("true"); return .bool(true)
        case UInt8(ascii: "f"): try expect("false"); return .bool(false)
        case UInt8(ascii: "n"): try expect("null"); return .null
        default: return .number(try number())
        }
    }

    private mutating func number() throws(Malformed) -> String {
        let start = at
        func digits(_ reader: inout JSONReader) -> Int {
            let from = reader.at
            while reader.at < reader.bytes.count, (0x30...0x39).contains(reader.bytes[reader.at]) { reader.at += 1 }
            return reader.at - from
        }
        if at < bytes.count, bytes[at] == UInt8(ascii: "-") { at += 1 }
        let leading = at
        guard digits(&self) > 0 else { throw Malformed(offset: at) }
        if bytes[leading] == UInt8(ascii: "0") && at - leading > 1 { throw Malformed(offset: leading) }
        if at < bytes.count, bytes[at] == UInt8(ascii: ".") {
            at += 1
            guard digits(&self) > 0 else { throw Malformed(offset: at) }
        }
        if at < bytes.count, bytes[at] | 0x20 == UInt8(ascii: "e") {
            at += 1
            if at < bytes.count, bytes[at] == UInt8(ascii: "+") || bytes[at] == UInt8(ascii: "-") { at += 1 }
            guard digits(&self) > 0 else { throw Malformed(offset: at) }
        }
        return String(decoding: bytes[start..<at], as: UTF8.self)
    }

    private mutating func string() throws(Malformed) -> String {
        try expect("\"")
        var scalars = String.UnicodeScalarView()
        var run = at
        func flush(_ reader: JSONReader, _ run: Int, _ scalars: inout String.UnicodeScalarView) throws(Malformed) {
            guard let text = String(validating: reader.bytes[run..<reader.at], as: UTF8.self) else {
                throw Malformed(offset: run)
            }
            scalars.append(contentsOf: text.unicodeScalars)
        }
        while at < bytes.count {
            let byte = bytes[at]
            if byte == UInt8(ascii: "\"") {
                try flush(self, run, &scalars)
                at += 1
                return String(scalars)
            }
            if byte < 0x20 { throw Malformed(offset: at) }
            if byte != UInt8(ascii: "\\") { at += 1; continue }
            try flush(self, run, &scalars)
            at += 1
            guard at < bytes.count else { throw Malformed(offset: at) }
            let escape = bytes[at]
            at += 1
            switch escape {
            case UInt8(ascii: "\""): scalars.append("\"")
            case UInt8(ascii: "\\"): scalars.append("\\")
            case UInt8(ascii: "/"): scalars.append("/")
            case UInt8(ascii: "b"): scalars.append("\u{08}")
            case UInt8(ascii: "f"): scalars.append("\u{0C}")
            case UInt8(ascii: "n"): scalars.append("\n")
            case UInt8(ascii: "r"): scalars.append("\r")
            case UInt8(ascii: "t"): scalars.append("\t")
            case UInt8(ascii: "u"):
                var unit = try hex4()
                if (0xD800..<0xDC00).contains(unit), at + 1 < bytes.count,
                   bytes[at] == UInt8(ascii: "\\"), bytes[at + 1] == UInt8(ascii: "u") {
                    let save = at
                    at += 2
                    let low = try hex4()
                    if (0xDC00..<0xE000).contains(low) {
                        unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        at = save
                    }
                }
                // A lone surrogate (Python keeps it) cannot be a Swift
                // string; it becomes U+FFFD.
                scalars.append(Unicode.Scalar(unit) ?? "\u{FFFD}")
            default: throw Malformed(offset: at - 1)
            }
            run = at
        }
        throw Malformed(offset: at)
    }

    private mutating func hex4() throws(Malformed) -> UInt32 {
        guard at + 4 <= bytes.count else { throw Malformed(offset: at) }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[at] | 0x20
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x61...0x66: digit = byte - 0x61 + 10
            default: throw Malformed(offset: at)
            }
            value = value << 4 | UInt32(digit)
            at += 1
        }
        return value
    }
}
