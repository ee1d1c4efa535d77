#if canImport(Glibc)
import Glibc
#endif

/// Writes `text` to standard error in full.
func printError(_ text: String) {
    writeAll(2, text)
}

/// Writes `text` to standard output in full, at once (each JSON line is
/// handed on as soon as it is known, not when a buffer fills).
func writeOut(_ text: String) {
    writeAll(1, text)
}

/// Writes `text` to `fd` in full, unbuffered (so that what this program
/// prints and what the programs it runs print arrive in order).
func writeAll(_ fd: Int32, _ text: String) {
    let bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
        let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
        if n < 0 { if errno == EINTR { continue }; return }
        offset += n
    }
}
