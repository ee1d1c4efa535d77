/// `urllib.parse.quote(path, safe="/")` of a path's UTF-8 bytes, the one
/// way `file://` URLs spell paths here (`direct_url.json`, `.egg-link`,
/// pip freeze's editable lines). `Relocator.urlQuoted` in Store/ still has
/// its own copy, to become a call of this when the store is redrawn.
enum URLQuoting {
    static func path(_ path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            switch byte {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "-"),
                 UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + Hex.digits(byte, width: 2, uppercase: true)
            }
        }
        return out
    }
}
