import CVenv
import VenvCore

/// `venv_version`: writes the library's version through the non-NULL pointers.
@_cdecl("venv_version")
public func venv_version(
    _ major: UnsafeMutablePointer<Int32>?,
    _ minor: UnsafeMutablePointer<Int32>?,
    _ patch: UnsafeMutablePointer<Int32>?
) {
    major?.pointee = Int32(VENV_VERSION_MAJOR)
    minor?.pointee = Int32(VENV_VERSION_MINOR)
    patch?.pointee = Int32(VENV_VERSION_PATCH)
}
