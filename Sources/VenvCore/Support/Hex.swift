/// Hexadecimal digits, the one way every escape and name is written with them.
package enum Hex {
    /// `value` in hexadecimal, zero-padded to `width` digits.
    package static func digits(_ value: some BinaryInteger, width: Int = 0, uppercase: Bool = false) -> String {
        let digits = String(value, radix: 16, uppercase: uppercase)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
