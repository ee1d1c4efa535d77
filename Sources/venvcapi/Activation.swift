#if canImport(Glibc)
import Glibc
#endif
import CVenv
import VenvCore

/// What a `venv_activation *` points to: the delta and C copies of its strings.
final class ActivationBox: OpaqueHandle {
    private let setNames: CStrings
    private let setValues: CStrings
    private let unsetNames: CStrings

    init(_ delta: ActivationDelta) {
        setNames = CStrings(delta.set.map(\.name))
        setValues = CStrings(delta.set.map(\.value))
        unsetNames = CStrings(delta.unset)
    }

    var setCount: Int { setNames.count }
    var unsetCount: Int { unsetNames.count }

    func setName(_ i: Int) -> UnsafePointer<CChar>? { setNames[i] }
    func setValue(_ i: Int) -> UnsafePointer<CChar>? { setValues[i] }
    func unsetName(_ i: Int) -> UnsafePointer<CChar>? { unsetNames[i] }
}

/// `PATH` as `envp` (or this process's environment) defines it first.
private func pathVariable(_ envp: UnsafePointer<UnsafePointer<CChar>?>?) throws(VenvError) -> [String: String] {
    var found: [String: String] = [:]
    try Environment.forEachEntry(envp) { (pointer) throws(VenvError) in
        guard strncmp(pointer, "PATH=", 5) == 0 else { return true }
        guard let value = String(validatingCString: pointer + 5) else {
            throw VenvError(.invalid, nil, "PATH is not valid UTF-8, so it cannot be extended",
                            remedy: "fix PATH or pass an envp whose PATH is UTF-8")
        }
        found["PATH"] = value
        return false
    }
    return found
}

/// `venv_activation_env`: the delta of activating `env_dir` in `envp`.
@_cdecl("venv_activation_env")
public func venv_activation_env(_ out: UnsafeMutablePointer<OpaquePointer?>?, _ envDir: UnsafePointer<CChar>?,
                                _ envp: UnsafePointer<UnsafePointer<CChar>?>?) -> Int32 {
    out?.pointee = nil
    return callC { () throws(VenvError) in
        guard let out else { throw VenvError(.invalid, nil, "out is NULL",
                                             remedy: "pass the address of a venv_activation pointer") }
        let dir = try argument(envDir, "env_dir")
        let delta = try ActivationDelta(envDir: dir, environment: try pathVariable(envp))
        out.pointee = ActivationBox(delta).retainedPointer()
    }
}

@_cdecl("venv_activation_set_count")
public func venv_activation_set_count(_ a: OpaquePointer?) -> Int { ActivationBox.from(a)?.setCount ?? 0 }

@_cdecl("venv_activation_set_name")
public func venv_activation_set_name(_ a: OpaquePointer?, _ i: Int) -> UnsafePointer<CChar>? {
    ActivationBox.from(a)?.setName(i)
}

@_cdecl("venv_activation_set_value")
public func venv_activation_set_value(_ a: OpaquePointer?, _ i: Int) -> UnsafePointer<CChar>? {
    ActivationBox.from(a)?.setValue(i)
}

@_cdecl("venv_activation_unset_count")
public func venv_activation_unset_count(_ a: OpaquePointer?) -> Int { ActivationBox.from(a)?.unsetCount ?? 0 }

@_cdecl("venv_activation_unset_name")
public func venv_activation_unset_name(_ a: OpaquePointer?, _ i: Int) -> UnsafePointer<CChar>? {
    ActivationBox.from(a)?.unsetName(i)
}

/// `venv_activation_free`: releases an activation; NULL is a no-op.
@_cdecl("venv_activation_free")
public func venv_activation_free(_ a: OpaquePointer?) {
    ActivationBox.release(a)
}
