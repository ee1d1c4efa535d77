/// A JSON object written in insertion order: the little JSON swift-venv
/// writes, without Foundation's coders (their start-up cost is the point).
struct JSONObject: Sendable {
    indirect enum Value: Sendable {
        case string(String)
        case strings([String])
        case bool(Bool)
        case null
        case object(JSONObject)
        /// A number, kept as the text it was read as (issue 16: direct_url.json).
        case number(String)
        case array([Value])

        static func optional(_ text: String?) -> Value { text.map(Value.string) ?? .null }
    }

    private var members: [(String, Value)] = []

    subscript(key: String) -> Value? {
        get { members.first { $0.0 == key }?.1 }
        set {
            members.removeAll { $0.0 == key }
            if let newValue { members.append((key, newValue)) }
        }
    }

    /// The object on one line, as `json.dumps` would write it with
    /// `ensure_ascii=False` and `separators=(", ", ": ")`.
    var text: String {
        var out = "{"
        for (index, (key, value)) in members.enumerated() {
            if index > 0 { out += ", " }
            JSONObject.quote(key, into: &out)
            out += ": "
            JSONObject.write(value, into: &out)
        }
        return out + "}"
    }

    /// One value as `json.dumps` writes it (see `text`).
    static func write(_ value: Value, into out: inout String) {
        switch value {
        case .string(let text): JSONObject.quote(text, into: &out)
        case .bool(let flag): out += flag ? "true" : "false"
        case .null: out += "null"
        case .object(let object): out += object.text
        case .strings(let list):
            out += "["
            for (i, item) in list.enumerated() {
                if i > 0 { out += ", " }
                JSONObject.quote(item, into: &out)
            }
            out += "]"
        case .number(let text): out += text
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += ", " }
                write(item, into: &out)
            }
            out += "]"
        }
    }

    /// The members in the order they were set or read.
    var entries: [(String, Value)] { members }

    /// A JSON string literal (RFC 8259): `"` and `\` escaped, control
    /// characters (C0, DEL and C1, as `TerminalText` escapes them) as short
    /// escapes or `\u00XX`, everything else as UTF-8.
    static func quote(_ text: String, into out: inout String) {
        out += "\""
        // The usual string (a path) needs no escape: appended whole.
        if isPlain(text) {
            out += text
            out += "\""
            return
        }
        escapes.write(text, into: &out) { scalar, out in
            if TerminalText.isControl(scalar) {
                out += "\\u" + Hex.digits(scalar.value, width: 4)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }

    /// JSON's short escapes: the shared ones, `"`, backspace and form feed.
    private static let escapes = BackslashEscapes(adding: ["\"": "\\\"", "\u{08}": "\\b", "\u{0C}": "\\f"])

    /// Whether `text` needs no escape: no control character (0xC2 leads
    /// U+0080 to U+00BF, the C1 controls among them), no `"`, no `\`.
    private static func isPlain(_ text: String) -> Bool {
        @inline(__always) func plain(_ byte: UInt8) -> Bool {
            byte >= 0x20 && byte != 0x7F && byte != 0xC2 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\")
        }
        return text.utf8.withContiguousStorageIfAvailable { $0.allSatisfy(plain) } ?? text.utf8.allSatisfy(plain)
    }

    /// `quote(_:into:)` onto bytes: a string without escapes (a path) is
    /// copied whole, any other through the one escaping above.
    static func quote(_ text: String, into out: inout [UInt8]) {
        if isPlain(text) {
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: text.utf8)
            out.append(UInt8(ascii: "\""))
        } else {
            out.append(contentsOf: quote(text).utf8)
        }
    }

    static func quote(_ text: String) -> String {
        var out = ""
        quote(text, into: &out)
        return out
    }
}
