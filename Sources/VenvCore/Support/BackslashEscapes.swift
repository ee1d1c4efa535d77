/// A string literal's backslash escapes, as one table per language: JSON
/// strings and Python's `repr` share `\\`, `\n`, `\r` and `\t`; each adds
/// its quote (JSON also `\b` and `\f`) and says how it writes any other
/// character (JSON `\u00XX` for a control, Python `\xXX`, `\uXXXX` or
/// `\UXXXXXXXX` for what `str.isprintable()` refuses).
struct BackslashEscapes {
    /// The escapes both languages write.
    private static let shared: [Unicode.Scalar: String] = ["\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"]

    private let escapes: [Unicode.Scalar: String]

    /// The shared escapes and `extra`.
    init(adding extra: [Unicode.Scalar: String]) {
        escapes = Self.shared.merging(extra) { _, added in added }
    }

    /// `text` onto `out`: each character of the table as its escape, any
    /// other as `other` writes it.
    func write(_ text: String, into out: inout String, other: (Unicode.Scalar, inout String) -> Void) {
        for scalar in text.unicodeScalars {
            if let escape = escapes[scalar] { out += escape } else { other(scalar, &out) }
        }
    }
}
