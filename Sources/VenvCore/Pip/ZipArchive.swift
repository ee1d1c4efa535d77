import CVenvSystem
import SystemPackage

/// A zip file read whole into memory: its central directory, and each
/// member's bytes (stored, or deflated and inflated by zlib), CRC-checked.
/// Enough of the format for wheels; ZIP64 and encryption are refused.
struct ZipArchive {
    struct Entry {
        /// The member's name, `/`-separated as zip stores it.
        let name: String
        let method: UInt16
        let crc: UInt32
        let compressedSize: Int
        let size: Int
        /// The upper half of the external attributes: a Unix mode, or 0.
        let unixMode: UInt32
        let localHeaderOffset: Int

        var isDirectory: Bool { name.hasSuffix("/") }
        /// As pip decides (`zip_item_is_executable`): a regular file with any x bit.
        var isExecutable: Bool { unixMode != 0 && unixMode & 0o170000 == 0o100000 && unixMode & 0o111 != 0 }
    }

    let path: FilePath
    let bytes: [UInt8]
    let entries: [Entry]

    init(_ path: FilePath) throws(VenvError) {
        self.path = path
        bytes = try FS.readFile(path, limit: 256 << 20)
        entries = try Self.centralDirectory(bytes, path)
    }

    /// The uncompressed contents of `entry`.
    func contents(_ entry: Entry) throws(VenvError) -> [UInt8] {
        let local = entry.localHeaderOffset
        guard local + 30 <= bytes.count, u32(local) == 0x0403_4b50 else {
            throw corrupt("bad local header of \(entry.name)")
        }
        let start = local + 30 + Int(u16(local + 26)) + Int(u16(local + 28))
        guard start + entry.compressedSize <= bytes.count else { throw corrupt("\(entry.name) runs past the end") }
        var output = [UInt8](repeating: 0, count: entry.size)
        switch entry.method {
        case 0:
            guard entry.compressedSize == entry.size else { throw corrupt("\(entry.name): stored sizes differ") }
            output.replaceSubrange(0..<entry.size, with: bytes[start..<start + entry.size])
        case 8:
            let rc = bytes.withUnsafeBufferPointer { input in
                output.withUnsafeMutableBufferPointer { out in
                    venv_sys_inflate_raw(input.baseAddress! + start, entry.compressedSize, out.baseAddress, entry.size)
                }
            }
            guard rc == 0 else { throw corrupt("\(entry.name) does not inflate") }
        default:
            throw corrupt("\(entry.name) uses compression method \(entry.method)")
        }
        let crc = output.withUnsafeBufferPointer {
            UInt32(truncatingIfNeeded: venv_sys_crc32($0.baseAddress, $0.count))
        }
        guard crc == entry.crc else { throw corrupt("\(entry.name) fails its CRC check") }
        return output
    }

    // MARK: the format

    private static func centralDirectory(_ bytes: [UInt8], _ path: FilePath) throws(VenvError) -> [Entry] {
        func u16(_ at: Int) -> UInt16 { UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> UInt32 { UInt32(u16(at)) | UInt32(u16(at + 2)) << 16 }
        func corrupt(_ why: String) -> VenvError { VenvError(.failed, path, "not a readable wheel (\(why))") }

        // The end-of-central-directory record: 22 bytes plus a comment of up to 64 KiB.
        guard bytes.count >= 22 else { throw corrupt("too short") }
        var eocd = bytes.count - 22
        let lowest = max(0, bytes.count - 22 - 65535)
        while eocd >= lowest && u32(eocd) != 0x0605_4b50 { eocd -= 1 }
        guard eocd >= lowest else { throw corrupt("no end of central directory") }
        let count = Int(u16(eocd + 10))
        let size = Int(u32(eocd + 12))
        let offset = Int(u32(eocd + 16))
        guard count != 0xffff, size != 0xffff_ffff, offset != 0xffff_ffff else {
            throw corrupt("ZIP64 is not supported")
        }
        guard offset + size <= bytes.count else { throw corrupt("central directory out of range") }

        var entries: [Entry] = []
        entries.reserveCapacity(count)
        var at = offset
        for _ in 0..<count {
            guard at + 46 <= bytes.count, u32(at) == 0x0201_4b50 else { throw corrupt("bad central directory entry") }
            let flags = u16(at + 8)
            guard flags & 1 == 0 else { throw corrupt("encrypted member") }
            let nameLength = Int(u16(at + 28)), extraLength = Int(u16(at + 30)), commentLength = Int(u16(at + 32))
            guard at + 46 + nameLength <= bytes.count else { throw corrupt("name out of range") }
            let compressed = u32(at + 20), uncompressed = u32(at + 24), local = u32(at + 42)
            guard compressed != 0xffff_ffff, uncompressed != 0xffff_ffff, local != 0xffff_ffff else {
                throw corrupt("ZIP64 is not supported")
            }
            entries.append(Entry(
                name: String(decoding: bytes[at + 46..<at + 46 + nameLength], as: UTF8.self),
                method: u16(at + 10),
                crc: u32(at + 16),
                compressedSize: Int(compressed),
                size: Int(uncompressed),
                unixMode: u32(at + 38) >> 16,
                localHeaderOffset: Int(local)))
            at += 46 + nameLength + extraLength + commentLength
        }
        return entries
    }

    private func u16(_ at: Int) -> UInt16 { UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8 }
    private func u32(_ at: Int) -> UInt32 { UInt32(u16(at)) | UInt32(u16(at + 2)) << 16 }
    private func corrupt(_ why: String) -> VenvError { VenvError(.failed, path, "not a readable wheel (\(why))") }
}
