#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// This process's standard input and output as a byte stream, for a server
/// speaking over them (Editor/'s `PetServer`): reads as they come, writes
/// in full, and a reader that has gone away seen as an error, not a signal.
package enum StandardStreams {
    /// Reads what is available (at most `buffer.count - offset` bytes) from
    /// standard input into `buffer` at `offset`; 0 at its end, and on an error.
    package static func read(into buffer: inout [UInt8], at offset: Int) -> Int {
        (try? Syscall.read(0, into: &buffer, at: offset)) ?? 0
    }

    /// Writes all of `bytes` to standard output; false when it is closed
    /// (EPIPE, once `ignoreBrokenPipe` has run) or fails.
    package static func write(_ bytes: [UInt8]) -> Bool {
        write(bytes, to: 1)
    }

    /// Writes all of `bytes` to `fd` (1 or 2, or a server's FIFO),
    /// unbuffered; false when it fails.
    package static func write(_ bytes: [UInt8], to fd: Int32) -> Bool {
        do throws(Errno) {
            try Syscall.writeAll(fd, bytes)
            return true
        } catch {
            return false
        }
    }

    /// `signal(SIGPIPE, SIG_IGN)`: writing to a client that has gone fails
    /// with EPIPE instead of killing the process.
    package static func ignoreBrokenPipe() {
        _ = signal(SIGPIPE, SIG_IGN)
    }

    /// Ends the process now, from any thread, with `status` (`_exit`: no
    /// other thread's work is waited for or flushed).
    package static func endProcess(status: Int32) -> Never {
        _exit(status)
    }
}
