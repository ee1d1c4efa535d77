#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// What is installed in an environment, as that environment's pip sees it
/// (`pip freeze`, `pip list`), read from files without starting Python.
///
/// Where: the directories of the environment's `sys.path` that hold
/// distributions (`SearchPath`), in order. How: the rules of the pip that
/// `python -m pip` would import there (its version decides a few details)
/// and of its metadata backend (`pkg_resources` below Python 3.11,
/// `importlib.metadata` from 3.11), which differ in where names, versions
/// and locations come from (see `PackageScanner`).
public struct InstalledPackages: Sendable {
    /// The environment read.
    public let environment: EnvironmentInfo
    /// Every distribution pip reports, in the order it finds them
    /// (`sys.path` order); the first of a project's copies wins.
    public let distributions: [InstalledDistribution]
    /// What pip would warn about on stderr (a broken METADATA, an invalid
    /// direct_url.json, an unreadable directory), one line each.
    public let notes: [String]
    /// The version of the pip whose rules were followed, or nil when the
    /// environment has none (then the newest rules known, pip 24).
    public let pipVersion: String?

    let rules: PipRules

    /// Reads the environment (or interpreter) at `path`. With `details`
    /// false, `installer` and `requested` are not read (left "" and false):
    /// what `freeze` needs, two files fewer per distribution.
    public static func read(_ path: FilePath, details: Bool = true) throws(VenvError) -> InstalledPackages {
        read(try EnvironmentInfo.resolve(path), details: details)
    }

    /// Reads the environment `info` describes (see `read(_:details:)`).
    public static func read(_ info: EnvironmentInfo, details: Bool = true) -> InstalledPackages {
        var environment: [String: String] = [:]
        for name in ["HOME", "PYTHONUSERBASE", "PYTHONNOUSERSITE"] {
            if let value = Environment.variable(name) { environment[name] = value }
        }
        let searchPath = SearchPath(info, environment: environment)
        var scanner = PackageScanner(info: info, searchPath: searchPath, details: details)
        scanner.scan()
        return InstalledPackages(environment: info, distributions: scanner.distributions, notes: scanner.notes,
                                 pipVersion: scanner.pipVersion, rules: scanner.rules)
    }

    /// `pip freeze`'s options.
    public struct FreezeOptions: Sendable {
        /// `--all`: do not leave out pip (and setuptools, wheel, distribute before Python 3.12).
        public var all = false
        /// `--exclude-editable`.
        public var excludeEditable = false
        /// `--exclude NAME`, any spelling of the name.
        public var exclude: [String] = []
        /// `--local`: in an environment with system site packages, leave out what is outside it.
        public var local = false
        /// `--user`: only what is in the user site directory.
        public var user = false
        public init() {}
    }

    /// `pip list`'s `--local` and `--user` filters.
    func selected(local: Bool, user: Bool) -> [InstalledDistribution] {
        distributions.filter { dist in
            if local && environment.isVenv && !dist.installedLocation.hasPrefix(rules.normalizedPrefix) { return false }
            if user {
                guard let site = rules.normalizedUserSite, dist.installedLocation.hasPrefix(site) else { return false }
            }
            return true
        }
    }

    /// What `pip freeze` prints, byte for byte.
    public func freeze(_ options: FreezeOptions = FreezeOptions()) -> String {
        var skip: Set<String> = ["python", "wsgiref", "argparse"]
        if !options.all {
            skip.insert("pip")
            if rules.pythonMinor < 12 { skip.formUnion(["setuptools", "distribute", "wheel"]) }
        }
        for name in options.exclude { skip.insert(canonicalName(name)) }

        // One requirement per project, in the order found; a later copy
        // replaces an earlier one's text but keeps its place, as a dict does.
        var order: [String] = []
        var requirements: [String: (name: String, text: String)] = [:]
        for dist in selected(local: options.local, user: options.user) {
            if options.excludeEditable && dist.editable { continue }
            // Keyed by the normalized METADATA name, as FrozenRequirement is.
            let key = canonicalName(dist.name)
            if requirements[key] == nil { order.append(key) }
            requirements[key] = (dist.name, frozenRequirement(dist))
        }
        // sorted(key=lambda x: x.name.lower()): code point order, stable.
        let keyed = order.enumerated().map { index, key in
            (key: Array(requirements[key]!.name.lowercased().unicodeScalars.map(\.value)), index: index,
             entry: requirements[key]!, canonical: key)
        }
        let sorted = keyed.sorted { a, b in
            a.key == b.key ? a.index < b.index : a.key.lexicographicallyPrecedes(b.key)
        }
        var out = ""
        for item in sorted where !skip.contains(item.canonical) {
            out += item.entry.text + "\n"
        }
        return out
    }

    /// `FrozenRequirement.from_dist` rendered: the comment lines, then the requirement.
    func frozenRequirement(_ dist: InstalledDistribution) -> String {
        guard let location = dist.editableProjectLocation else {
            if let url = dist.directURL { return url.requirement(name: dist.name) }
            return nameVersion(dist)
        }
        return """
            \(EditableRequirement(dist, location: location, display: nameVersion(dist)).lines.joined(separator: "\n"))
            """
    }

    /// `_format_as_name_version`.
    func nameVersion(_ dist: InstalledDistribution) -> String {
        dist.isPEP440 ? "\(dist.name)==\(dist.version)" : "\(dist.name)===\(rules.legacyVersionText(dist))"
    }

    /// `pip list`'s default table (columns), sorted by normalized name; ""
    /// when nothing is installed. A table is read by a person: control
    /// characters are escaped (pip prints them as they are).
    public func table(local: Bool = false, user: Bool = false) -> String {
        let dists = listed(local: local, user: user)
        guard !dists.isEmpty else { return "" }
        let editable = dists.contains { $0.editable }
        var rows: [[String]] = [["Package", "Version"] + (editable ? ["Editable project location"] : [])]
        for dist in dists {
            rows.append(([dist.name, rules.listsRawVersion ? dist.rawVersion : dist.version]
                         + (editable ? [dist.editableProjectLocation ?? ""] : [])).map { TerminalText.escaped($0) })
        }
        let widths = (0..<rows[0].count).map { column in rows.map { $0[column].unicodeScalars.count }.max()! }
        func line(_ cells: [String]) -> String {
            var text = cells.enumerated().map { index, cell in
                cell + String(repeating: " ", count: widths[index] - cell.unicodeScalars.count)
            }.joined(separator: " ")
            while text.hasSuffix(" ") { text.removeLast() }
            return text + "\n"
        }
        var out = line(rows[0])
        out += widths.map { String(repeating: "-", count: $0) }.joined(separator: " ") + "\n"
        for row in rows.dropFirst() { out += line(row) }
        return out
    }

    /// The distributions `pip list` shows, in its order.
    public func listed(local: Bool = false, user: Bool = false) -> [InstalledDistribution] {
        let skip: Set<String> = ["python", "wsgiref", "argparse"]
        let keyed = selected(local: local, user: user).filter { !skip.contains($0.normalizedName) }
            .enumerated().map { (key: Array($1.normalizedName.unicodeScalars.map(\.value)), index: $0, dist: $1) }
        return keyed.sorted { a, b in
            a.key == b.key ? a.index < b.index : a.key.lexicographicallyPrecedes(b.key)
        }.map(\.dist)
    }

    /// One JSON array: per distribution `pip list --format=json`'s `name`,
    /// `version` and `editable_project_location` (null when not editable),
    /// then `normalized_name`, `location`, `installer`, `requested`,
    /// `editable` and `direct_url` (the PEP 610 object, or null).
    public func json(local: Bool = false, user: Bool = false) -> String {
        "[" + listed(local: local, user: user).map { InstalledPackages.jsonObject($0).text }
            .joined(separator: ", ") + "]"
    }

    static func jsonObject(_ dist: InstalledDistribution) -> JSONObject {
        var object = JSONObject()
        object["name"] = .string(dist.name)
        object["version"] = .string(dist.version)
        object["editable_project_location"] = .optional(dist.editableProjectLocation)
        object["normalized_name"] = .string(dist.normalizedName)
        object["location"] = .string(dist.location)
        object["installer"] = .string(dist.installer)
        object["requested"] = .bool(dist.requested)
        object["editable"] = .bool(dist.editable)
        object["direct_url"] = dist.directURL.flatMap { JSONReader.parse(Array($0.json.utf8)) } ?? .null
        return object
    }
}

/// The details in which pip versions and their metadata backends differ.
struct PipRules: Sendable {
    /// The environment's Python minor version (3.X).
    var pythonMinor: Int
    /// pip's (major, minor), nil when the environment has no pip.
    var pip: (Int, Int)?
    /// `realpath(sys.prefix)`, for `--local`.
    var normalizedPrefix: String
    /// `realpath(site.USER_SITE)`, for `--user`.
    var normalizedUserSite: String?

    /// `importlib.metadata` (Python 3.11+) rather than `pkg_resources`.
    var importlibBackend: Bool { pythonMinor >= 11 }
    /// pip 24 shows METADATA's own version in `pip list`'s table; older ones the normalized one.
    var listsRawVersion: Bool { (pip?.0 ?? 24) >= 24 }
    /// pip 24 takes a distribution's name (and a dist-info's version) from
    /// its info directory's name; pip 23 from METADATA.
    var namesFromInfoDirectory: Bool { (pip?.0 ?? 24) >= 24 }
    /// pip 24 also looks for `.egg-link` files under the unnormalized name.
    var eggLinkRawName: Bool { (pip?.0 ?? 24) >= 24 }

    /// The text after `===` for a version that is not PEP 440.
    func legacyVersionText(_ dist: InstalledDistribution) -> String {
        // pip 24: raw_version; older pips: str(LegacyVersion), the version it read.
        (pip?.0 ?? 24) >= 24 ? dist.rawVersion : dist.version
    }
}

extension PipRules: Equatable {
    static func == (a: PipRules, b: PipRules) -> Bool {
        a.pythonMinor == b.pythonMinor && a.pip?.0 == b.pip?.0 && a.pip?.1 == b.pip?.1
            && a.normalizedPrefix == b.normalizedPrefix && a.normalizedUserSite == b.normalizedUserSite
    }
}
