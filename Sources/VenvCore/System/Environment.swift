#if canImport(Glibc)
import Glibc
#endif

/// The process environment (or a caller's `envp`), walked in one place.
public enum Environment {
    /// The value of `name` in this process's environment, or nil.
    public static func variable(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    /// Sets `name` to `value` in this process's environment (nil: unsets
    /// it). Only where no other thread reads the environment.
    package static func set(_ name: String, _ value: String?) {
        if let value { setenv(name, value, 1) } else { unsetenv(name) }
    }

    /// Calls `body` with each `KEY=value` entry of `envp` (nil: this
    /// process's environment) until it returns false.
    public static func forEachEntry(_ envp: UnsafePointer<UnsafePointer<CChar>?>?,
                                    _ body: (UnsafePointer<CChar>) throws(VenvError) -> Bool) throws(VenvError) {
        var entry = envp ?? UnsafePointer(OpaquePointer(environ))
        while let pointer = entry.pointee {
            guard try body(pointer) else { return }
            entry += 1
        }
    }

    /// Every `KEY=value` entry of this process's environment.
    public static func current() -> [String] {
        var result: [String] = []
        try? forEachEntry(nil) { result.append(String(cString: $0)); return true }
        return result
    }

    /// This process's environment as a dictionary, the first definition of a
    /// name winning (as in a shell and in env(1)). Fails on a variable that is
    /// not UTF-8, since its value could not be given back unchanged.
    public static func strictDictionary() throws(VenvError) -> [String: String] {
        var result: [String: String] = [:]
        try forEachEntry(nil) { (pointer) throws(VenvError) in
            guard let text = String(validatingCString: pointer) else {
                let bytes = UnsafeRawBufferPointer(start: pointer, count: strlen(pointer))
                let name = String(decoding: bytes.prefix { $0 != UInt8(ascii: "=") }, as: UTF8.self)
                throw VenvError(.invalid, nil, "the environment variable \(name) is not UTF-8 text",
                                remedy: "unset it or fix its value")
            }
            if let equals = text.firstIndex(of: "="), result[String(text[..<equals])] == nil {
                result[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            return true
        }
        return result
    }
}
