#if canImport(Glibc)
import Glibc
#endif
import CVenv
import VenvCore

// The calling thread's last error lives in a malloc'd `venv_error` behind a
// pthread key, so its address is stable for the thread and it is freed when
// the thread exits.

private let errorKey: pthread_key_t = {
    var key = pthread_key_t()
    pthread_key_create(&key) { pointer in
        guard let pointer else { return }
        let error = pointer.assumingMemoryBound(to: venv_error.self)
        CMemory.release(UnsafeMutableRawPointer(mutating: error.pointee.message))
        CMemory.release(UnsafeMutableRawPointer(mutating: error.pointee.path))
        CMemory.release(pointer)
    }
    return key
}()

/// This thread's error record, made on first use.
func threadError() -> UnsafeMutablePointer<venv_error> {
    if let existing = pthread_getspecific(errorKey) {
        return existing.assumingMemoryBound(to: venv_error.self)
    }
    let error = malloc(MemoryLayout<venv_error>.size)!.assumingMemoryBound(to: venv_error.self)
    error.initialize(to: venv_error(code: VENV_OK, message: UnsafePointer(CMemory.copy("")), sys_errno: 0, path: nil))
    pthread_setspecific(errorKey, error)
    return error
}

/// Records `failure` (nil: success) as this thread's last error.
func setError(_ failure: VenvError?) {
    let error = threadError()
    CMemory.release(UnsafeMutableRawPointer(mutating: error.pointee.message))
    CMemory.release(UnsafeMutableRawPointer(mutating: error.pointee.path))
    error.pointee.code = failure?.code.rawValue ?? VENV_OK
    error.pointee.message = UnsafePointer(CMemory.copy(failure?.message ?? ""))
    error.pointee.sys_errno = failure?.errno?.rawValue ?? 0
    error.pointee.path = failure?.path.map { UnsafePointer(CMemory.copy($0.string)) } ?? nil
}

/// Runs `body`, recording its error for `venv_error_last` and returning the
/// C code: no Swift error crosses the boundary.
func callC(_ body: () throws(VenvError) -> Void) -> Int32 {
    do {
        try body()
        setError(nil)
        return VENV_OK
    } catch {
        setError(error)
        return error.code.rawValue
    }
}

/// A C string argument as a Swift string: NULL or non-UTF-8 is VENV_EINVALID.
func argument(_ pointer: UnsafePointer<CChar>?, _ name: String) throws(VenvError) -> String {
    guard let pointer else { throw VenvError(.invalid, nil, "\(name) is NULL",
                                             remedy: "pass a NUL-terminated UTF-8 string") }
    guard let string = String(validatingCString: pointer) else {
        throw VenvError(.invalid, nil, "\(name) is not valid UTF-8", remedy: "pass paths and names as UTF-8")
    }
    return string
}

/// A path argument: `argument`'s checks, and empty is VENV_EINVALID too
/// (the working directory is never meant by "").
func pathArgument(_ pointer: UnsafePointer<CChar>?, _ name: String, remedy: String) throws(VenvError) -> String {
    let path = try argument(pointer, name)
    guard !path.isEmpty else { throw VenvError(.invalid, nil, "\(name) is empty", remedy: remedy) }
    return path
}

/// `venv_error_last`: the calling thread's last error, never NULL.
@_cdecl("venv_error_last")
public func venv_error_last() -> UnsafePointer<venv_error> {
    UnsafePointer(threadError())
}

/// An options struct's `version` field: 1 to the header's version
/// (`known`), else VENV_EINVALID naming the struct and its `_INIT` macro.
func checkOptionsVersion(_ version: UInt32, known: Int32, _ structName: String) throws(VenvError) {
    guard version >= 1 && version <= UInt32(known) else {
        throw VenvError(.invalid, nil,
                        "\(structName) version \(version) is unknown to this library (it knows 1 to \(known))",
                        remedy: "initialise options with \(structName.uppercased())_INIT")
    }
}

/// The `*_options_init` functions: `set` writes the defaults into `opts`
/// once it is not NULL and `version` is one this library knows.
func initOptions<Options>(_ opts: UnsafeMutablePointer<Options>?, _ version: UInt32, known: Int32,
                          _ structName: String, _ set: (UnsafeMutablePointer<Options>) -> Void) -> Int32 {
    callC { () throws(VenvError) in
        guard let opts else {
            throw VenvError(.invalid, nil, "opts is NULL", remedy: "pass the address of a \(structName)")
        }
        try checkOptionsVersion(version, known: known, structName)
        set(opts)
    }
}

/// The `*_to_json` functions: `json(handle)` into a new string at `out`
/// (freed with venv_string_free); NULL `out` or handle is VENV_EINVALID.
func toJSON<Handle: OpaqueHandle>(_ out: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
                                  _ pointer: OpaquePointer?, as _: Handle.Type, name: String, remedy: String,
                                  _ json: (Handle) -> String) -> Int32 {
    out?.pointee = nil
    return callC { () throws(VenvError) in
        guard let out else {
            throw VenvError(.invalid, nil, "out is NULL", remedy: "pass the address of a char pointer")
        }
        guard let handle = Handle.from(pointer) else {
            throw VenvError(.invalid, nil, "\(name) is NULL", remedy: remedy)
        }
        out.pointee = CMemory.copy(json(handle))
    }
}
