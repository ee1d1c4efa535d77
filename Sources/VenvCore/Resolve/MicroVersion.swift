/// The full `X.Y.Z` of a base interpreter, read from its files: the
/// installed `patchlevel.h` when there is one, else the version string
/// compiled into the binary or its libpython.
enum MicroVersion {
    static func find(_ install: BaseInstall, major: Int, minor: Int, realExecutable: String?) -> String? {
        let short = "\(major).\(minor)"
        let header = PathText.join(install.prefix, "include", "python\(short)\(install.abiflags)", "patchlevel.h")
        if let bytes = FS.readRegularFile(header), let version = fromHeader(bytes, short: short) { return version }
        var binaries: [String] = []
        if let realExecutable { binaries.append(realExecutable) }
        binaries.append(PathText.join(install.prefix, install.platlibdir,
                                      "libpython\(short)\(install.abiflags).so.1.0"))
        binaries.append(PathText.join(install.prefix, "lib", "libpython\(short)\(install.abiflags).so.1.0"))
        for binary in binaries {
            if let bytes = FS.readRegularFile(binary, limit: 256 << 20), let version = fromBinary(bytes, short: short) {
                return version
            }
        }
        return nil
    }

    /// `#define PY_VERSION "3.11.7"` (a suffix such as `rc1` dropped, as
    /// `sys.version_info[:3]` drops it).
    static func fromHeader(_ bytes: [UInt8], short: String) -> String? {
        let needle = Array("#define PY_VERSION ".utf8)
        guard let at = bytes.firstRange(of: needle),
              let open = bytes[(at + needle.count)...].firstIndex(of: UInt8(ascii: "\"")) else { return nil }
        return numericVersion(bytes, from: open + 1, short: short)
    }

    /// `PY_VERSION` as a NUL-terminated string in the binary's read-only data.
    static func fromBinary(_ bytes: [UInt8], short: String) -> String? {
        let needle = [0] + Array("\(short).".utf8)
        var from = 0
        while let at = bytes.firstRange(of: needle, from: from) {
            if let version = numericVersion(bytes, from: at + 1, short: short) {
                var end = at + 1
                while end < bytes.count, bytes[end] != 0, end - at < 24 { end += 1 }
                let tail = bytes[at + 1 + version.utf8.count..<end]
                // Only the whole string: "3.11.7", "3.13.0rc1", "3.12.1+".
                if end < bytes.count, bytes[end] == 0,
                   tail.allSatisfy({ $0 == UInt8(ascii: "+")
                                     || ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z"))
                                     || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) }) {
                    return version
                }
            }
            from = at + 1
        }
        return nil
    }

    /// `short` followed by `.digits` at `start`, as `X.Y.Z`.
    static func numericVersion(_ bytes: [UInt8], from start: Int, short: String) -> String? {
        let prefix = Array("\(short).".utf8)
        guard start + prefix.count < bytes.count, Array(bytes[start..<start + prefix.count]) == prefix else {
            return nil
        }
        var end = start + prefix.count
        while end < bytes.count, bytes[end] >= UInt8(ascii: "0"), bytes[end] <= UInt8(ascii: "9") { end += 1 }
        guard end > start + prefix.count, end - start - prefix.count <= 3 else { return nil }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}
