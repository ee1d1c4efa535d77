#if canImport(Glibc)
import Glibc
#endif

/// A Swift object handed to C as an opaque pointer (`venv_info *`,
/// `venv_python *`, ...): retained when handed out, released by its `*_free`.
protocol OpaqueHandle: AnyObject {}

extension OpaqueHandle {
    /// The object behind a pointer this library handed out, or nil for NULL.
    static func from(_ pointer: OpaquePointer?) -> Self? {
        pointer.map { Unmanaged<Self>.fromOpaque(UnsafeRawPointer($0)).takeUnretainedValue() }
    }

    /// A +1 pointer for C, to be given back to `release`.
    func retainedPointer() -> OpaquePointer {
        OpaquePointer(Unmanaged.passRetained(self).toOpaque())
    }

    /// A pointer that C may use only while the object is alive elsewhere.
    func unretainedPointer() -> OpaquePointer {
        OpaquePointer(Unmanaged.passUnretained(self).toOpaque())
    }

    /// Releases what `retainedPointer` handed out; NULL is a no-op.
    static func release(_ pointer: OpaquePointer?) {
        guard let pointer else { return }
        Unmanaged<Self>.fromOpaque(UnsafeRawPointer(pointer)).release()
    }
}

/// C copies of strings (nil stays NULL), freed with their owner; an index
/// out of range reads as NULL.
final class CStrings {
    /// Every string, each ended by a NUL, in one allocation (a record has
    /// some twenty strings: one `malloc` instead of one each).
    private let storage: UnsafeMutablePointer<CChar>
    private let pointers: [UnsafeMutablePointer<CChar>?]

    init(_ strings: [String?]) {
        var total = 0
        for case let string? in strings { total += string.utf8.count + 1 }
        let storage = UnsafeMutablePointer<CChar>.allocate(capacity: max(total, 1))
        var at = 0
        pointers = strings.map { string -> UnsafeMutablePointer<CChar>? in
            guard var string else { return nil }
            let start = storage + at
            string.withUTF8 { bytes in
                if let source = bytes.baseAddress {
                    UnsafeMutableRawPointer(start).copyMemory(from: source, byteCount: bytes.count)
                }
                start[bytes.count] = 0
                at += bytes.count + 1
            }
            return start
        }
        self.storage = storage
    }

    convenience init(_ strings: [String]) {
        self.init(strings.map { Optional($0) })
    }

    /// The one way a handle's fields are built: one string per case of
    /// `Field` (an `Int` enum whose cases are the C accessors), in case
    /// order, read through `subscript(field)`.
    convenience init<Field: CaseIterable & RawRepresentable>(_ fields: Field.Type, _ value: (Field) -> String?)
    where Field.RawValue == Int {
        self.init(Field.allCases.map(value))
    }

    deinit {
        storage.deallocate()
    }

    var count: Int { pointers.count }

    subscript(index: Int) -> UnsafePointer<CChar>? {
        index >= 0 && index < pointers.count ? pointers[index].map { UnsafePointer($0) } : nil
    }

    subscript<Field: RawRepresentable>(field field: Field) -> UnsafePointer<CChar>? where Field.RawValue == Int {
        self[field.rawValue]
    }
}

extension Array where Element == CStrings {
    /// A field of the `index`th of a list of records (a handle's entries,
    /// packages, problems); NULL for an index out of range.
    func string<Field: RawRepresentable>(_ index: Int, _ field: Field) -> UnsafePointer<CChar>?
    where Field.RawValue == Int {
        indices.contains(index) ? self[index][field: field] : nil
    }
}
