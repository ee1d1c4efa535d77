#if canImport(Glibc)
import Glibc
#endif
import CVenv
import VenvCore

/// What a `venv_python *` points to: the record and C copies of its
/// strings, freed together. Its problem codes are computed on the first
/// call that needs them (every check of `doctor`: several times the
/// record's own cost) and kept, under a lock (a record may be read from
/// several threads).
final class PythonBox: OpaqueHandle {
    enum Field: Int, CaseIterable {
        case kind, executable, prefix, basePrefix, version, implementation, manager, creator, name, project, error,
             unsupported
    }
    /// The record's lists, each read by a count and an item accessor.
    enum List: Int, CaseIterable {
        case sitePackages, sources, symlinks, problems
    }

    private let record: FoundPython
    /// The fields in `Field`'s order, then the lists' items in `List`'s
    /// order (one allocation for the record's strings).
    private let strings: CStrings
    /// Where each list (but `problems`) begins in `strings`, and its end.
    private let listBounds: [Int]
    private let problems = Locked<(codes: [String], strings: CStrings)?>(nil)

    init(_ record: FoundPython) {
        self.record = record
        var all = Field.allCases.map { field -> String? in
            switch field {
            case .kind: record.kind.rawValue
            case .executable: record.executable
            case .prefix: record.prefix
            case .basePrefix: record.basePrefix
            case .version: record.version
            case .implementation: record.implementation
            case .manager: record.manager
            case .creator: record.creator
            case .name: record.name
            case .project: record.project
            case .error: record.error
            case .unsupported: record.unsupported
            }
        }
        // In `List`'s order; `problems`, last, is computed on request (`diagnosed`).
        var bounds = [all.count]
        for list in [record.sitePackages, record.sources, record.symlinks] {
            all += list.map { Optional($0) }
            bounds.append(all.count)
        }
        strings = CStrings(all)
        listBounds = bounds
    }

    func string(_ field: Field) -> UnsafePointer<CChar>? { strings[field: field] }

    func count(_ list: List) -> Int {
        list == .problems ? diagnosed.strings.count : listBounds[list.rawValue + 1] - listBounds[list.rawValue]
    }

    func item(_ list: List, _ index: Int) -> UnsafePointer<CChar>? {
        if list == .problems { return diagnosed.strings[index] }
        guard index >= 0, index < count(list) else { return nil }
        return strings[listBounds[list.rawValue] + index]
    }

    /// The record with its problem codes, computed once.
    var diagnosedRecord: FoundPython {
        var full = record
        full.problems = diagnosed.codes
        return full
    }

    private var diagnosed: (codes: [String], strings: CStrings) {
        problems.withLock { kept in
            if let kept { return kept }
            let codes = record.diagnosedProblems()
            let made = (codes: codes, strings: CStrings(codes))
            kept = made
            return made
        }
    }
}

func strings(_ array: UnsafePointer<UnsafePointer<CChar>?>?, _ count: Int,
                     _ name: String) throws(VenvError) -> [String] {
    guard count > 0 else { return [] }
    guard let array else { throw VenvError(.invalid, nil, "opts->\(name) is NULL but its count is \(count)",
                                           remedy: "pass an array of count paths") }
    var result: [String] = []
    for index in 0..<count { result.append(try argument(array[index], "opts->\(name)[\(index)]")) }
    return result
}

private func findOptions(_ opts: UnsafePointer<venv_find_options>?) throws(VenvError) -> FindOptions {
    guard let c = opts?.pointee else { return FindOptions() }
    try checkOptionsVersion(c.version, known: VENV_FIND_OPTIONS_VERSION, "venv_find_options")
    return FindOptions(workspaces: try strings(c.workspaces, c.workspaces_count, "workspaces"),
                       searchPaths: try strings(c.search_paths, c.search_paths_count, "search_paths"))
}

/// `venv_find_options_init`: no workspace, no search path.
@_cdecl("venv_find_options_init")
public func venv_find_options_init(_ opts: UnsafeMutablePointer<venv_find_options>?, _ version: UInt32) -> Int32 {
    initOptions(opts, version, known: VENV_FIND_OPTIONS_VERSION, "venv_find_options") {
        $0.pointee = venv_find_options(version: version, workspaces: nil, workspaces_count: 0,
                                       search_paths: nil, search_paths_count: 0)
    }
}

/// `venv_find`: every Python, one callback each, as each is resolved.
@_cdecl("venv_find")
public func venv_find(_ callback: venv_find_cb?, _ payload: UnsafeMutableRawPointer?,
                      _ opts: UnsafePointer<venv_find_options>?) -> Int32 {
    var stoppedWith: Int32 = 0
    let code = callC { () throws(VenvError) in
        guard let callback else { throw VenvError(.invalid, nil, "callback is NULL",
                                                  remedy: "pass a function to receive each Python") }
        let options = try findOptions(opts)
        Finder.find(options) { record in
            guard stoppedWith == 0 else { return }
            let box = PythonBox(record)
            let pointer = box.unretainedPointer()
            stoppedWith = withExtendedLifetime(box) { callback(pointer, payload) }
        }
    }
    return code == VENV_OK ? stoppedWith : code
}

/// `venv_find_python`: the one Python `spec` means.
@_cdecl("venv_find_python")
public func venv_find_python(_ out: UnsafeMutablePointer<OpaquePointer?>?, _ spec: UnsafePointer<CChar>?,
                             _ opts: UnsafePointer<venv_find_options>?) -> Int32 {
    out?.pointee = nil
    return callC { () throws(VenvError) in
        guard let out else { throw VenvError(.invalid, nil, "out is NULL",
                                             remedy: "pass the address of a venv_python pointer") }
        let text = try spec.map { (s) throws(VenvError) in try argument(s, "spec") }
        let record = try PythonChoice.find(text, options: try findOptions(opts))
        out.pointee = PythonBox(record).retainedPointer()
    }
}

/// `venv_python_free`: releases a record from `venv_find_python`; NULL is a no-op.
@_cdecl("venv_python_free")
public func venv_python_free(_ python: OpaquePointer?) {
    PythonBox.release(python)
}

@_cdecl("venv_python_kind")
public func venv_python_kind(_ p: OpaquePointer?) -> UnsafePointer<CChar>? { PythonBox.from(p)?.string(.kind) }
@_cdecl("venv_python_executable")
public func venv_python_executable(_ p: OpaquePointer?) -> UnsafePointer<CChar>? {
    PythonBox.from(p)?.string(.executable)
}
@_cdecl("venv_python_prefix")
public func venv_python_prefix(_ p: OpaquePointer?) -> UnsafePointer<CChar>? { PythonBox.from(p)?.string(.prefix) }
@_cdecl("venv_python_base_prefix")
public func venv_python_base_prefix(_ p: OpaquePointer?) -> UnsafePointer<CChar>? {
    PythonBox.from(p)?.string(.basePrefix)
}
@_cdecl("venv_python_version")
public func venv_python_version(_ p: OpaquePointer?) -> UnsafePointer<CChar>? { PythonBox.from(p)?.string(.version) }
@_cdecl("venv_python_implementation")
public func venv_python_implementation(_ p: OpaquePointer?) -> UnsafePointer<CChar>? {
    PythonBox.from(p)?.string(.implementation)
}
@_cdecl("venv_python_manager")
public func venv_python_manager(_ p: OpaquePointer?) -> UnsafePointer<CChar>? { PythonBox.from(p)?.string(.manager) }
@_cdecl("venv_python_creator")
public func venv_python_creator(_ p: OpaquePointer?) -> UnsafePointer<CChar>? { PythonBox.from(p)?.string(.creator) }
@_cdecl("venv_python_name")
public func venv_python_name(_ p: OpaquePointer?) -> UnsafePointer<CChar>? { PythonBox.from(p)?.string(.name) }
@_cdecl("venv_python_project")
public func venv_python_project(_ p: OpaquePointer?) -> UnsafePointer<CChar>? { PythonBox.from(p)?.string(.project) }
@_cdecl("venv_python_error")
public func venv_python_error(_ p: OpaquePointer?) -> UnsafePointer<CChar>? { PythonBox.from(p)?.string(.error) }
@_cdecl("venv_python_unsupported")
public func venv_python_unsupported(_ p: OpaquePointer?) -> UnsafePointer<CChar>? {
    PythonBox.from(p)?.string(.unsupported)
}

@_cdecl("venv_python_site_packages_count")
public func venv_python_site_packages_count(_ p: OpaquePointer?) -> Int { PythonBox.from(p)?.count(.sitePackages) ?? 0 }
@_cdecl("venv_python_site_packages_at")
public func venv_python_site_packages_at(_ p: OpaquePointer?, _ i: Int) -> UnsafePointer<CChar>? {
    PythonBox.from(p)?.item(.sitePackages, i)
}
@_cdecl("venv_python_sources_count")
public func venv_python_sources_count(_ p: OpaquePointer?) -> Int { PythonBox.from(p)?.count(.sources) ?? 0 }
@_cdecl("venv_python_sources_at")
public func venv_python_sources_at(_ p: OpaquePointer?, _ i: Int) -> UnsafePointer<CChar>? {
    PythonBox.from(p)?.item(.sources, i)
}
@_cdecl("venv_python_symlinks_count")
public func venv_python_symlinks_count(_ p: OpaquePointer?) -> Int { PythonBox.from(p)?.count(.symlinks) ?? 0 }
@_cdecl("venv_python_symlinks_at")
public func venv_python_symlinks_at(_ p: OpaquePointer?, _ i: Int) -> UnsafePointer<CChar>? {
    PythonBox.from(p)?.item(.symlinks, i)
}

@_cdecl("venv_python_problems_count")
public func venv_python_problems_count(_ p: OpaquePointer?) -> Int { PythonBox.from(p)?.count(.problems) ?? 0 }
@_cdecl("venv_python_problems_at")
public func venv_python_problems_at(_ p: OpaquePointer?, _ i: Int) -> UnsafePointer<CChar>? {
    PythonBox.from(p)?.item(.problems, i)
}

/// `venv_python_to_json`: the record as one line of `swift-venv find --json`.
@_cdecl("venv_python_to_json")
public func venv_python_to_json(_ out: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
                                _ python: OpaquePointer?) -> Int32 {
    toJSON(out, python, as: PythonBox.self, name: "python",
           remedy: "pass a venv_python from venv_find or venv_find_python") { $0.diagnosedRecord.json }
}
