import SystemPackage

/// What the diagnoses of one `Doctor` share, read once: the environments of
/// a machine share a few bases, whose files (`BaseVersion`), links and
/// identities are then read once, not once an environment. It lives as long
/// as its `Doctor` (one run of `doctor`, one C call), as `ResolveMemo` lives
/// for one `find`: nothing is older than the run that reads it.
final class DoctorMemo {
    /// Links followed and executables checked (`ResolveMemo`'s).
    let links = ResolveMemo()
    private var bases: [String: BaseVersion?] = [:]
    private var identities: [String: FS.Identity?] = [:]
    private var states: [String: Check.State] = [:]
    /// swift-venv's hidden names (`.NAME.swift-venv-ROLE`) in directories
    /// listed, and the directories met once.
    private var hidden: [String: Set<String>?] = [:]
    private var met: Set<String> = []

    init() {}

    /// `BaseVersion.read`, once per python, home and minor version.
    func base(python: String, home: String?, minor: (Int, Int)?) -> BaseVersion? {
        let key = "\(python)\u{0}\(home ?? "")\u{0}\(minor.map { "\($0.0).\($0.1)" } ?? "")"
        if let known = bases[key] { return known }
        let read = BaseVersion.read(python: python, home: home, minor: minor)
        bases[key] = .some(read)
        return read
    }

    /// `FS.identity` (the entry itself), or with `followingLinks` the file
    /// a path leads to; once per path.
    func identity(_ path: String, followingLinks: Bool = false) -> FS.Identity? {
        let key = (followingLinks ? "L" : "") + path
        if let known = identities[key] { return known }
        let identity = followingLinks ? FS.status(FilePath(path)).map {
            FS.Identity(device: UInt64($0.st_dev), inode: UInt64($0.st_ino))
        } : FS.identity(FilePath(path))
        identities[key] = .some(identity)
        return identity
    }

    /// The names of `directory` that `FS.hidden`'s scheme makes (a `.`
    /// first, `.swift-venv-` within), when listing it pays: from the second
    /// environment checked there on (`--all` over a store), the first one's
    /// names being looked up one by one. Nil otherwise, or when it cannot be
    /// listed.
    func hiddenNames(in directory: String) -> Set<String>? {
        if let known = hidden[directory] { return known }
        guard !met.insert(directory).inserted else { return nil }
        let marker = Array(".swift-venv-".utf8)
        let names = try? Syscall.utf8Names(directory) { bytes in
            bytes.first == UInt8(ascii: ".") && bytes.count > marker.count
                && (1...(bytes.count - marker.count)).contains { start in
                    marker.indices.allSatisfy { bytes[start + $0] == marker[$0] }
                }
        }.names
        let found = names.map(Set.init)
        hidden[directory] = .some(found)
        return found
    }

    /// `Check.state`, once per path.
    func state(_ path: String) -> Check.State {
        if let known = states[path] { return known }
        let state = Check.state(path)
        states[path] = state
        return state
    }
}
