#if canImport(Glibc)
import Glibc
#endif

/// The C ABI's one allocator: every string handed to a caller is a
/// `malloc`'d copy that the caller gives back to `venv_string_free` (or
/// that its handle frees), so the library and its caller agree on `free`.
enum CMemory {
    /// A C copy of `text` for the caller to own.
    static func copy(_ text: String) -> UnsafeMutablePointer<CChar> {
        strdup(text)
    }

    /// Frees what `copy` (or `malloc`) returned; nil is a no-op.
    static func release(_ pointer: UnsafeMutableRawPointer?) {
        free(pointer)
    }
}
