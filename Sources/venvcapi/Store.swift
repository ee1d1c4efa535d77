#if canImport(Glibc)
import Glibc
#endif
import CVenv
import SystemPackage
import VenvCore

/// What a `venv_store_entries *` points to: the entries and C copies of their strings.
final class StoreEntriesBox: OpaqueHandle {
    enum Field: Int, CaseIterable {
        case name, path, version, project, problem
    }

    let entries: [StoreEntry]
    /// One set per entry, indexed by `Field`.
    private let strings: [CStrings]

    init(_ entries: [StoreEntry]) {
        self.entries = entries
        strings = entries.map { entry in
            CStrings(Field.self) { field in
                switch field {
                case .name: entry.name
                case .path: entry.path.string
                case .version: entry.version
                case .project: entry.project
                case .problem: entry.problem
                }
            }
        }
    }

    func string(_ index: Int, _ field: Field) -> UnsafePointer<CChar>? { strings.string(index, field) }
}

/// `venv_store_list`: the environments of a store.
@_cdecl("venv_store_list")
public func venv_store_list(_ out: UnsafeMutablePointer<OpaquePointer?>?,
                            _ workonHome: UnsafePointer<CChar>?) -> Int32 {
    out?.pointee = nil
    return callC { () throws(VenvError) in
        guard let out else { throw VenvError(.invalid, nil, "out is NULL",
                                             remedy: "pass the address of a venv_store_entries pointer") }
        let store: Store
        if let workonHome {
            let path = try pathArgument(workonHome, "workon_home", remedy: "pass NULL for $WORKON_HOME, or a directory")
            store = Store(workonHome: FilePath(path))
        } else {
            store = try Store.fromEnvironment()
        }
        out.pointee = StoreEntriesBox(try store.list()).retainedPointer()
    }
}

@_cdecl("venv_store_entries_count")
public func venv_store_entries_count(_ e: OpaquePointer?) -> Int { StoreEntriesBox.from(e)?.entries.count ?? 0 }

@_cdecl("venv_store_entries_name")
public func venv_store_entries_name(_ e: OpaquePointer?, _ i: Int) -> UnsafePointer<CChar>? {
    StoreEntriesBox.from(e)?.string(i, .name)
}

@_cdecl("venv_store_entries_path")
public func venv_store_entries_path(_ e: OpaquePointer?, _ i: Int) -> UnsafePointer<CChar>? {
    StoreEntriesBox.from(e)?.string(i, .path)
}

@_cdecl("venv_store_entries_version")
public func venv_store_entries_version(_ e: OpaquePointer?, _ i: Int) -> UnsafePointer<CChar>? {
    StoreEntriesBox.from(e)?.string(i, .version)
}

@_cdecl("venv_store_entries_project")
public func venv_store_entries_project(_ e: OpaquePointer?, _ i: Int) -> UnsafePointer<CChar>? {
    StoreEntriesBox.from(e)?.string(i, .project)
}

@_cdecl("venv_store_entries_problem")
public func venv_store_entries_problem(_ e: OpaquePointer?, _ i: Int) -> UnsafePointer<CChar>? {
    StoreEntriesBox.from(e)?.string(i, .problem)
}

/// `venv_store_entries_to_json`: the list as `swift-venv list --json` prints it.
@_cdecl("venv_store_entries_to_json")
public func venv_store_entries_to_json(_ out: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
                                       _ e: OpaquePointer?) -> Int32 {
    toJSON(out, e, as: StoreEntriesBox.self, name: "entries",
           remedy: "pass a list from venv_store_list") { StoreEntry.json($0.entries) }
}

/// `venv_store_entries_free`: releases a list; NULL is a no-op.
@_cdecl("venv_store_entries_free")
public func venv_store_entries_free(_ e: OpaquePointer?) {
    StoreEntriesBox.release(e)
}

/// `venv_remove`: removes one environment.
@_cdecl("venv_remove")
public func venv_remove(_ envDir: UnsafePointer<CChar>?) -> Int32 {
    callC { () throws(VenvError) in
        let path = try pathArgument(envDir, "env_dir", remedy: "name the environment to remove")
        try EnvironmentRemoval.remove(FilePath(path))
    }
}

/// `venv_relocate_options_init`: the defaults.
@_cdecl("venv_relocate_options_init")
public func venv_relocate_options_init(_ opts: UnsafeMutablePointer<venv_relocate_options>?,
                                       _ version: UInt32) -> Int32 {
    initOptions(opts, version, known: VENV_RELOCATE_OPTIONS_VERSION, "venv_relocate_options") {
        $0.pointee = venv_relocate_options(version: version, replace: 0)
    }
}

private func relocation(_ src: UnsafePointer<CChar>?, _ dst: UnsafePointer<CChar>?,
                        _ opts: UnsafePointer<venv_relocate_options>?,
                        _ body: (FilePath, FilePath, Relocation.Options) throws(VenvError) -> Void) -> Int32 {
    callC { () throws(VenvError) in
        let source = try argument(src, "src"), destination = try argument(dst, "dst")
        var options = Relocation.Options()
        if let opts {
            try checkOptionsVersion(opts.pointee.version, known: VENV_RELOCATE_OPTIONS_VERSION, "venv_relocate_options")
            options.replace = opts.pointee.replace != 0
        }
        try body(FilePath(source), FilePath(destination), options)
    }
}

/// `venv_copy`: copies an environment, relocated.
@_cdecl("venv_copy")
public func venv_copy(_ src: UnsafePointer<CChar>?, _ dst: UnsafePointer<CChar>?,
                      _ opts: UnsafePointer<venv_relocate_options>?) -> Int32 {
    relocation(src, dst, opts) { (s, d, o) throws(VenvError) in try Relocation.copy(from: s, to: d, options: o) }
}

/// `venv_move`: moves an environment, relocated, or finishes an interrupted move.
@_cdecl("venv_move")
public func venv_move(_ src: UnsafePointer<CChar>?, _ dst: UnsafePointer<CChar>?,
                      _ opts: UnsafePointer<venv_relocate_options>?) -> Int32 {
    relocation(src, dst, opts) { (s, d, o) throws(VenvError) in try Relocation.move(from: s, to: d, options: o) }
}
