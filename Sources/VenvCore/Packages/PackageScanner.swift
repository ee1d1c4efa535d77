#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// Finds the distributions in a `SearchPath` as pip's metadata backend
/// would:
///
/// - `importlib.metadata` (Python 3.11+): each directory's `*.dist-info`
///   and `*.egg-info` in directory order, then its `.egg-link` files
///   followed to the directories they name. The name and, for a dist-info,
///   the version come from the directory's name (`NAME-VERSION.dist-info`);
///   the version of an egg-info from its PKG-INFO. Locations as written.
/// - `pkg_resources` (below 3.11): only `*.dist-info` and `*.egg-info` (a
///   develop install is found through the directory `easy-install.pth`
///   adds); names through `safe_name`, an egg-info's version from its
///   PKG-INFO first, a dist-info's from its name first; locations resolved
///   through symlinks; empty info directories skipped.
///
/// Of a project found twice, the first wins. Eggs (`*.egg`) are not read.
struct PackageScanner {
    let info: EnvironmentInfo
    let searchPath: SearchPath
    private(set) var rules: PipRules
    private(set) var distributions: [InstalledDistribution] = []
    private(set) var notes: [String] = []
    private(set) var pipVersion: String?
    private var seen: Set<String> = []
    /// `.egg-link` file names of each directory listed, for pip's
    /// `egg_link_path_from_sys_path` without a stat per distribution.
    private var eggLinks: [String: Set<String>] = [:]
    /// realpath of each directory met (one answer per directory, not per distribution).
    private var realPaths: [String: String] = [:]

    /// Whether INSTALLER and REQUESTED are read.
    let details: Bool

    init(info: EnvironmentInfo, searchPath: SearchPath, details: Bool = true) {
        self.info = info
        self.searchPath = searchPath
        self.details = details
        let minor = Int(info.version.split(separator: ".").dropFirst().first ?? "") ?? 0
        rules = PipRules(pythonMinor: minor, pip: nil,
                         normalizedPrefix: FS.realPath(info.prefix) ?? PathText.normpath(info.prefix),
                         normalizedUserSite: searchPath.userSite.map { FS.realPath($0) ?? PathText.normpath($0) })
    }

    /// A found info directory or file, before pip's version rules apply.
    private struct Found {
        var directory: String
        var child: String
        var linkedFrom: String?
    }

    mutating func scan() {
        var found: [Found] = []
        for entry in searchPath.entries {
            let directory = rules.importlibBackend ? entry : realPath(entry)
            let names: [String]
            do {
                names = try FS.contents(of: FilePath(directory))
            } catch {
                notes.append("\(directory): cannot list the directory " +
                             "(\(error.errno?.description ?? error.problem)); what it holds is left out")
                continue
            }
            eggLinks[entry] = Set(names.filter { $0.hasSuffix(".egg-link") })
            for name in names where PackageScanner.isInfo(name) {
                found.append(Found(directory: directory, child: name))
            }
            guard rules.importlibBackend else { continue }
            for name in names where name.hasSuffix(".egg-link") && name != ".egg-link" {
                guard let bytes = FS.readRegularFile(PathText.join(directory, name), limit: 1 << 20) else { continue }
                let text = String(decoding: bytes, as: UTF8.self)
                guard let line = text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
                    .map({ $0.trimmingCharacters(in: " \t\u{0B}\u{0C}") })
                    .first(where: { !$0.isEmpty }) else { continue }
                let target = PackageScanner.pathlibNormalized(line.hasPrefix("/") ? line
                                                                                  : PathText.join(directory, line))
                guard let targetNames = try? FS.contents(of: FilePath(target)) else { continue }
                for child in targetNames where PackageScanner.isInfo(child) {
                    found.append(Found(directory: target, child: child, linkedFrom: directory))
                }
            }
        }
        // pip's own version decides details of everything else: read the
        // first pip (by its info directory's name) before the rest.
        for item in found where item.child.lowercased().hasPrefix("pip-") {
            if let dist = read(item, announce: false), dist.normalizedName == "pip" {
                pipVersion = dist.version
                let parts = dist.version.split(separator: ".").compactMap { Int($0.prefix { $0.isNumber }) }
                if parts.count >= 2 { rules.pip = (parts[0], parts[1]) }
                break
            }
        }
        for item in found {
            guard let dist = read(item, announce: true) else { continue }
            distributions.append(dist)
        }
    }

    /// `os.path.realpath` of a directory, asked once.
    private mutating func realPath(_ directory: String) -> String {
        if let known = realPaths[directory] { return known }
        let resolved = FS.realPath(directory) ?? PathText.normpath(directory)
        realPaths[directory] = resolved
        return resolved
    }

    private static func isInfo(_ name: String) -> Bool {
        let lower = name.lowercased()
        return lower.hasSuffix(".dist-info") || lower.hasSuffix(".egg-info")
    }

    /// `str(pathlib.Path(text))`: repeated and trailing slashes and `.`
    /// components dropped, `..` kept.
    static func pathlibNormalized(_ text: String) -> String {
        let absolute = text.hasPrefix("/")
        let parts = text.split(separator: "/").filter { $0 != "." }
        let joined = parts.joined(separator: "/")
        return absolute ? "/" + joined : (joined.isEmpty ? "." : joined)
    }

    /// `pkg_resources.safe_name`.
    static func safeName(_ name: String) -> String {
        var out = ""
        var inRun = false
        for scalar in name.unicodeScalars {
            let keep = scalar.isASCII
                && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == ".")
            if keep {
                out.unicodeScalars.append(scalar)
                inRun = false
            } else if !inRun {
                out.append("-")
                inRun = true
            }
        }
        return out
    }

    /// `pkg_resources.safe_version`.
    static func safeVersion(_ version: String) -> String {
        if let normalized = PEP440.normalize(version) { return normalized }
        return safeName(String(version.map { $0 == " " ? "." : $0 }))
    }

    /// The bytes of a metadata file, or nil when absent, not a regular file or unreadable.
    private func readText(_ path: String) -> [UInt8]? {
        FS.readRegularFile(path, limit: 64 << 20)
    }

    /// Reads one info directory or file into a distribution as pip reports
    /// it, or nil (with a note when `announce`) when pip skips it, warns
    /// about it or stops on it.
    private mutating func read(_ item: Found, announce: Bool) -> InstalledDistribution? {
        let infoPath = PathText.join(item.directory, item.child)
        // Opened once: the files inside are then found relative to it,
        // which spares the kernel walking the whole path for each (the
        // largest cost of reading an environment).
        let directory = InfoDirectory(infoPath)
        let isDirectory = directory != nil
        let lowerChild = item.child.lowercased()
        let isDistInfo = lowerChild.hasSuffix(".dist-info")
        func note(_ text: String) { if announce { notes.append(text) } }

        if !rules.importlibBackend && isDirectory, (try? FS.contents(of: FilePath(infoPath)))?.isEmpty ?? true {
            return nil  // pkg_resources skips an empty (or unreadable) metadata directory
        }
        if !rules.importlibBackend && isDistInfo && !isDirectory { return nil }

        // The metadata file, as each backend picks it.
        var metadataBytes: [UInt8]? = nil
        if isDirectory {
            if rules.importlibBackend {
                metadataBytes = directory!.read("METADATA") ?? directory!.read("PKG-INFO")
            } else {
                metadataBytes = directory!.read(isDistInfo ? "METADATA" : "PKG-INFO")
            }
        } else {
            metadataBytes = readText(infoPath)
        }
        let metadata = metadataBytes ?? []
        if metadataBytes != nil {
            guard PackageScanner.isUTF8(metadata) else {
                note("\(infoPath): metadata is not UTF-8; left out (pip stops with UnicodeDecodeError)")
                return nil
            }
        } else if !rules.importlibBackend && announce {
            note("\(infoPath): no metadata found (pip warns \"No metadata found\")")
        }
        let headers = MetadataHeaders(utf8: metadata)

        // Name and version from the file name, as each backend splits it.
        let stem = String(item.child[..<item.child.lastIndex(of: ".")!])
        var normalized: String
        var versionText: String?
        var key: String
        if rules.importlibBackend {
            let suffix = String(item.child[item.child.lastIndex(of: ".")!...])
            let metadataName = headers.get("Name")
            if rules.namesFromInfoDirectory {
                // pip 24: NAME-VERSION.dist-info gives both; NAME-*.egg-info the name.
                var fileName: String? = nil
                var fileVersion: String? = nil
                if suffix == ".dist-info", let dash = stem.firstIndex(of: "-") {
                    fileName = String(stem[..<dash])
                    fileVersion = String(stem[stem.index(after: dash)...])
                } else if suffix == ".egg-info" {
                    fileName = String(stem.split(separator: "-", maxSplits: 1,
                                                 omittingEmptySubsequences: false).first ?? "")
                }
                if let fileName, !fileName.isEmpty {
                    normalized = canonicalName(fileName)
                } else if let metadataName {
                    normalized = canonicalName(metadataName)
                } else {
                    note("Skipping \(infoPath) due to invalid metadata entry 'name'")
                    return nil
                }
                key = normalized
                versionText = (fileVersion?.isEmpty == false) ? fileVersion : headers.get("Version")
            } else {
                // pip 23: the finder needs METADATA's Name; the normalized
                // name comes from the directory's name; the version from METADATA.
                guard let metadataName else {
                    note("Skipping \(infoPath) due to invalid metadata entry 'name'")
                    return nil
                }
                key = canonicalName(metadataName)
                let fileName = suffix == ".dist-info" || suffix == ".egg-info"
                    ? String(stem.split(separator: "-", maxSplits: 1,
                                        omittingEmptySubsequences: false).first ?? "") : ""
                normalized = canonicalName(fileName.isEmpty ? metadataName : fileName)
                versionText = headers.get("Version")
            }
        } else {
            let parts = stem.split(separator: "-", omittingEmptySubsequences: false)
            let project = PackageScanner.safeName(String(parts[0]))
            normalized = canonicalName(project)
            let fileVersion = parts.count > 1 && !parts[1].isEmpty ? PackageScanner.safeVersion(String(parts[1])) : nil
            // pkg_resources scans every line for "Version:", headers or not.
            let metadataVersion = MetadataHeaders.pkgResourcesVersion(utf8: metadata)
                .map { PackageScanner.safeVersion($0) }
                .flatMap { $0.isEmpty ? nil : $0 }
            versionText = isDistInfo ? (fileVersion ?? metadataVersion) : (metadataVersion ?? fileVersion)
            key = project.lowercased()
        }
        // First copy wins, even a broken one.
        if announce {
            guard seen.insert(key).inserted else { return nil }
        }
        guard let versionText else {
            note("\(infoPath): no Version in its metadata; left out (pip stops on it)")
            return nil
        }
        let location = rules.importlibBackend ? item.directory : realPath(item.directory)
        guard PackageScanner.isValidProjectName(normalized) else {
            note("Ignoring invalid distribution \(normalized) (\(location))")
            return nil
        }
        let pep440 = PEP440.normalize(versionText)
        let rawName = headers.get("Name") ?? normalized

        var installer = ""
        var requested = false
        var directURL: DirectURL? = nil
        if isDirectory {
            if details, let bytes = directory!.read("INSTALLER") {
                installer = String(decoding: bytes, as: UTF8.self)
                    .split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
                    .map { $0.trimmingCharacters(in: " \t\u{0B}\u{0C}") }.first { !$0.isEmpty } ?? ""
            }
            requested = details && directory!.isFile("REQUESTED")
            if let bytes = directory!.read("direct_url.json") {
                do {
                    directURL = try DirectURL.parse(bytes)
                } catch {
                    note("Error parsing direct_url.json for \(normalized): \(error.reason)")
                }
            }
        }

        // Editable: a local editable direct URL, else an .egg-link named
        // after the project somewhere on sys.path.
        var editableLocation: String? = nil
        if let directURL {
            if directURL.isLocalEditable { editableLocation = DirectURL.path(fromFileURL: directURL.url) }
        } else if eggLink(onSearchPath: rawName) != nil {
            editableLocation = location
        }

        let installedFrom: String
        if rules.importlibBackend {
            installedFrom = item.linkedFrom ?? item.directory
        } else {
            installedFrom = eggLinkFromLocation(rawName) ?? location
        }
        return InstalledDistribution(
            name: rawName, version: pep440 ?? versionText, rawVersion: headers.get("Version") ?? versionText,
            normalizedName: normalized, location: location, infoLocation: infoPath,
            installer: installer, requested: requested, editableProjectLocation: editableLocation,
            directURL: directURL,
            installedLocation: installedFrom.hasSuffix(".egg-link")
                ? (FS.realPath(installedFrom) ?? PathText.normpath(installedFrom)) : realPath(installedFrom),
            isPEP440: pep440 != nil)
    }

    /// pip's `_egg_link_names`.
    private func eggLinkNames(_ rawName: String) -> [String] {
        let safe = PackageScanner.safeName(rawName) + ".egg-link"
        return rules.eggLinkRawName && rawName + ".egg-link" != safe ? [safe, rawName + ".egg-link"] : [safe]
    }

    /// `egg_link_path_from_sys_path`.
    private func eggLink(onSearchPath rawName: String) -> String? {
        let names = eggLinkNames(rawName)
        for directory in searchPath.entries {
            guard let links = eggLinks[directory], !links.isEmpty else { continue }
            for name in names where links.contains(name) {
                let path = PathText.join(directory, name)
                if FS.isFile(path) { return path }
            }
        }
        return nil
    }

    /// Whether `bytes` are valid UTF-8 (Python's strict decoder: no
    /// surrogates, no overlong forms), checked without making a String.
    static func isUTF8(_ bytes: [UInt8]) -> Bool {
        // ASCII runs are the common case; anything else goes to the
        // standard library's validating decoder.
        if bytes.allSatisfy({ $0 < 0x80 }) { return true }
        return String(validating: bytes, as: UTF8.self) != nil
    }

    /// `egg_link_path_from_location`: the purelib site-packages, and the
    /// user site where the environment sees it.
    private func eggLinkFromLocation(_ rawName: String) -> String? {
        var sites: [String] = []
        if info.isVenv {
            sites.append(info.purelib)
            if info.includeSystemSitePackages, let user = searchPath.userSite { sites.append(user) }
        } else {
            if let user = searchPath.userSite { sites.append(user) }
            sites.append(info.purelib)
        }
        for site in sites {
            for name in eggLinkNames(rawName) {
                let path = PathText.join(site, name)
                if FS.isFile(path) { return path }
            }
        }
        return nil
    }

    /// PEP 508's project name pattern, which pip checks before listing.
    static func isValidProjectName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        func alnum(_ b: UInt8) -> Bool {
            (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b)
        }
        guard let first = bytes.first, let last = bytes.last, alnum(first), alnum(last) else { return false }
        return bytes.allSatisfy {
            alnum($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-")
        }
    }
}

/// An open `.dist-info`/`.egg-info` directory whose files are read relative
/// to it (`openat`, `fstatat`); closed when the last copy goes.
private final class InfoDirectory {
    let fd: Int32

    /// Nil when `path` is not a directory that can be opened.
    init?(_ path: String) {
        guard let fd = try? Syscall.open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC) else { return nil }
        self.fd = fd
    }

    deinit { Syscall.close(fd) }

    /// The whole regular file `name` (symlinks followed), or nil.
    func read(_ name: String, limit: Int = 64 << 20) -> [UInt8]? {
        Syscall.readRegularFile(name, in: fd, limit: limit)
    }

    /// Whether `name` is a regular file (symlinks followed).
    func isFile(_ name: String) -> Bool {
        (try? Syscall.stat(at: fd, name)).map { FileKind(mode: $0.st_mode) == .file } ?? false
    }
}
