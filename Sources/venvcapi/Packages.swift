#if canImport(Glibc)
import Glibc
#endif
import CVenv
import SystemPackage
import VenvCore

/// What a `venv_packages *` points to: the listing in pip list's order and
/// C copies of its strings, freed together by `venv_packages_free`.
final class PackagesBox: OpaqueHandle {
    enum Field: Int, CaseIterable {
        case name, version, normalizedName, location, installer, editableProjectLocation, directURL
    }

    let packages: InstalledPackages
    let listed: [InstalledDistribution]
    /// One set per distribution, indexed by `Field`.
    private let strings: [CStrings]
    private let notes: CStrings

    init(_ packages: InstalledPackages) {
        self.packages = packages
        listed = packages.listed()
        strings = listed.map { dist in
            CStrings(Field.self) { field in
                switch field {
                case .name: dist.name
                case .version: dist.version
                case .normalizedName: dist.normalizedName
                case .location: dist.location
                case .installer: dist.installer
                case .editableProjectLocation: dist.editableProjectLocation
                case .directURL: dist.directURL?.json
                }
            }
        }
        notes = CStrings(packages.notes)
    }

    func string(_ index: Int, _ field: Field) -> UnsafePointer<CChar>? { strings.string(index, field) }

    func flag(_ index: Int, _ read: (InstalledDistribution) -> Bool) -> Int32 {
        index >= 0 && index < listed.count ? (read(listed[index]) ? 1 : 0) : -1
    }

    func note(_ index: Int) -> UnsafePointer<CChar>? { notes[index] }

    var noteCount: Int { notes.count }
}

/// `venv_packages_read`: what is installed where `path` looks, from files.
@_cdecl("venv_packages_read")
public func venv_packages_read(_ out: UnsafeMutablePointer<OpaquePointer?>?, _ path: UnsafePointer<CChar>?) -> Int32 {
    out?.pointee = nil
    return callC { () throws(VenvError) in
        guard let out else { throw VenvError(.invalid, nil, "out is NULL",
                                             remedy: "pass the address of a venv_packages pointer") }
        let text = try pathArgument(path, "path", remedy: "name an environment or an interpreter")
        let packages = try InstalledPackages.read(FilePath(text))
        out.pointee = PackagesBox(packages).retainedPointer()
    }
}

@_cdecl("venv_packages_count")
public func venv_packages_count(_ p: OpaquePointer?) -> Int { PackagesBox.from(p)?.listed.count ?? 0 }

@_cdecl("venv_packages_name")
public func venv_packages_name(_ p: OpaquePointer?, _ i: Int) -> UnsafePointer<CChar>? {
    PackagesBox.from(p)?.string(i, .name)
}

@_cdecl("venv_packages_version")
public func venv_packages_version(_ p: OpaquePointer?, _ i: Int) -> UnsafePointer<CChar>? {
    PackagesBox.from(p)?.string(i, .version)
}

@_cdecl("venv_packages_normalized_name")
public func venv_packages_normalized_name(_ p: OpaquePointer?, _ i: Int) -> UnsafePointer<CChar>? {
    PackagesBox.from(p)?.string(i, .normalizedName)
}

@_cdecl("venv_packages_location")
public func venv_packages_location(_ p: OpaquePointer?, _ i: Int) -> UnsafePointer<CChar>? {
    PackagesBox.from(p)?.string(i, .location)
}

@_cdecl("venv_packages_installer")
public func venv_packages_installer(_ p: OpaquePointer?, _ i: Int) -> UnsafePointer<CChar>? {
    PackagesBox.from(p)?.string(i, .installer)
}

@_cdecl("venv_packages_requested")
public func venv_packages_requested(_ p: OpaquePointer?, _ i: Int) -> Int32 {
    PackagesBox.from(p)?.flag(i) { $0.requested } ?? -1
}

@_cdecl("venv_packages_editable")
public func venv_packages_editable(_ p: OpaquePointer?, _ i: Int) -> Int32 {
    PackagesBox.from(p)?.flag(i) { $0.editable } ?? -1
}

@_cdecl("venv_packages_editable_project_location")
public func venv_packages_editable_project_location(_ p: OpaquePointer?, _ i: Int) -> UnsafePointer<CChar>? {
    PackagesBox.from(p)?.string(i, .editableProjectLocation)
}

@_cdecl("venv_packages_direct_url")
public func venv_packages_direct_url(_ p: OpaquePointer?, _ i: Int) -> UnsafePointer<CChar>? {
    PackagesBox.from(p)?.string(i, .directURL)
}

@_cdecl("venv_packages_note_count")
public func venv_packages_note_count(_ p: OpaquePointer?) -> Int { PackagesBox.from(p)?.noteCount ?? 0 }

@_cdecl("venv_packages_note_at")
public func venv_packages_note_at(_ p: OpaquePointer?, _ i: Int) -> UnsafePointer<CChar>? {
    PackagesBox.from(p)?.note(i)
}

/// `venv_packages_free`: releases packages; NULL is a no-op.
@_cdecl("venv_packages_free")
public func venv_packages_free(_ p: OpaquePointer?) {
    PackagesBox.release(p)
}

/// `venv_packages_to_json`: swift-venv packages --json's array.
@_cdecl("venv_packages_to_json")
public func venv_packages_to_json(_ out: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
                                  _ p: OpaquePointer?) -> Int32 {
    toJSON(out, p, as: PackagesBox.self, name: "packages",
           remedy: "pass what venv_packages_read returned") { $0.packages.json() }
}

/// `venv_freeze_options_init`: pip freeze's defaults.
@_cdecl("venv_freeze_options_init")
public func venv_freeze_options_init(_ opts: UnsafeMutablePointer<venv_freeze_options>?, _ version: UInt32) -> Int32 {
    initOptions(opts, version, known: VENV_FREEZE_OPTIONS_VERSION, "venv_freeze_options") {
        $0.pointee = venv_freeze_options(version: version, all: 0, exclude_editable: 0, local: 0, user: 0,
                                         exclude: nil)
    }
}

/// `venv_packages_freeze`: pip freeze's text.
@_cdecl("venv_packages_freeze")
public func venv_packages_freeze(_ out: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ p: OpaquePointer?,
                                 _ opts: UnsafePointer<venv_freeze_options>?) -> Int32 {
    out?.pointee = nil
    return callC { () throws(VenvError) in
        guard let out else { throw VenvError(.invalid, nil, "out is NULL",
                                             remedy: "pass the address of a char pointer") }
        guard let box = PackagesBox.from(p) else { throw VenvError(.invalid, nil, "packages is NULL",
                                                                   remedy: "pass what venv_packages_read returned") }
        var options = InstalledPackages.FreezeOptions()
        if let c = opts?.pointee {
            try checkOptionsVersion(c.version, known: VENV_FREEZE_OPTIONS_VERSION, "venv_freeze_options")
            options.all = c.all != 0
            options.excludeEditable = c.exclude_editable != 0
            options.local = c.local != 0
            options.user = c.user != 0
            if var entry = c.exclude {
                while let name = entry.pointee {
                    options.exclude.append(try argument(name, "exclude entry"))
                    entry += 1
                }
            }
        }
        out.pointee = CMemory.copy(box.packages.freeze(options))
    }
}
