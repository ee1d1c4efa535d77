/// The 64-bit FNV-1a hash: short, stable names for cache entries (not a
/// cryptographic hash; the entries are validated by their contents).
enum FNV1a {
    static func hash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }

    /// The hash as 16 hexadecimal digits.
    static func name(_ text: String) -> String {
        Hex.digits(hash(text), width: 16)
    }
}
