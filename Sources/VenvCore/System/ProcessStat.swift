#if canImport(Glibc)
import Glibc
#endif

/// A /proc `stat` file (`/proc/PID/stat`, `/proc/self/task/TID/stat`) as
/// fields: what `BoundedChild` reads of a task's state.
enum ProcessStat {
    /// The fields of the `stat` file at `path` after the command, from
    /// field 3 (the state) on: the command, in parentheses, may hold any
    /// byte (spaces, `)` too), so they are the words after its last `)`.
    /// Nil when the file cannot be read.
    static func fields(_ path: String) -> [Substring]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        guard let n = try? Syscall.read(fd, into: &buffer), n > 0,
              let parenthesis = buffer[..<n].lastIndex(of: UInt8(ascii: ")")) else { return nil }
        return String(decoding: buffer[(parenthesis + 1)..<n], as: UTF8.self).split(separator: " ")
    }
}
