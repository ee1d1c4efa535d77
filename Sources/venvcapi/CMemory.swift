#if canImport(Glibc)
import Glibc
#endif

/// The C ABI's one allocator: every string a caller owns is a `malloc`'d
/// copy that it gives back to `venv_string_free`, so the library and its
/// caller agree on `free` (a handle's strings live and die with the handle,
/// `CStrings`).
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
