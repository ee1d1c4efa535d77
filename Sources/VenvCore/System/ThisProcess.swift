#if canImport(Glibc)
import Glibc
#endif

/// This process: who it runs as, its umask, whether a standard stream is a
/// terminal, the machine it runs on, and how it ends. The library and the
/// command line ask here instead of calling Glibc themselves.
package enum ThisProcess {
    /// `getuid()`.
    package static var userID: uid_t { getuid() }
    /// `geteuid()`.
    package static var effectiveUserID: uid_t { geteuid() }
    /// `getgid()`.
    package static var groupID: gid_t { getgid() }
    /// `getegid()`.
    package static var effectiveGroupID: gid_t { getegid() }

    /// The umask, read from /proc (Linux 4.7+) rather than set and reset,
    /// which would race with other threads of a process using libvenv.
    package static var umask: mode_t {
        if let status = try? FS.readFile("/proc/self/status", limit: 65536) {
            for line in status.split(separator: UInt8(ascii: "\n")) where line.starts(with: "Umask:".utf8) {
                let digits = line.dropFirst(6).filter { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "7") }
                if !digits.isEmpty { return digits.reduce(0) { $0 * 8 + mode_t($1 - UInt8(ascii: "0")) } }
            }
        }
        let mask = Glibc.umask(0o022)
        _ = Glibc.umask(mask)
        return mask
    }

    /// Whether `fd` (0, 1 or 2) is a terminal: `isatty(3)`.
    package static func isTerminal(_ fd: Int32) -> Bool { isatty(fd) == 1 }

    /// The machine's architecture as `uname -m` prints it (`x86_64`,
    /// `aarch64`), as wheel platform tags end.
    package static var machine: String {
        var names = utsname()
        guard uname(&names) == 0 else { return "" }
        return withUnsafeBytes(of: names.machine) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    }

    /// Ends the process with `status` after flushing C's streams (`exit(3)`).
    package static func exit(_ status: Int32) -> Never { Glibc.exit(status) }

    /// Ends the process at once with SIGKILL, as `kill -9` would (the fault
    /// injection's kill points).
    package static func killNow() {
        _ = raise(SIGKILL)
    }
}
