#if canImport(Glibc)
import Glibc
#endif

/// The directories of an environment's `sys.path` that can hold installed
/// distributions, in `sys.path` order, computed as `site` computes them:
/// an environment's own site-packages (`site.venv()` adds them first, so
/// that they take precedence over the user site), the user site directory
/// (when the environment includes system site packages, or for a base
/// interpreter, and it exists), then the rest of `site.getsitepackages()`
/// that exist (the base's), each followed by the directories its `.pth`
/// files add. The standard library's directories and the working
/// directory `python -m pip` puts first are left out.
struct SearchPath {
    private(set) var entries: [String] = []
    private var known: Set<String> = []
    let userSite: String?

    init(_ info: EnvironmentInfo, environment: [String: String]) {
        let minor = info.version.split(separator: ".").prefix(2).joined(separator: ".")
        let userBase = environment["PYTHONUSERBASE"].flatMap { $0.isEmpty ? nil : $0 }
            ?? environment["HOME"].map { PathText.join($0, ".local") }
        userSite = userBase.map { PathText.join($0, "lib", "python\(minor)", "site-packages") }
        let userSiteEnabled = (!info.isVenv || info.includeSystemSitePackages)
            && (environment["PYTHONNOUSERSITE"] ?? "").isEmpty
            && ThisProcess.userID == ThisProcess.effectiveUserID && ThisProcess.groupID == ThisProcess.effectiveGroupID
        // getsitepackages() lists the prefixes' directories in turn, sys.prefix's first.
        let own = info.isVenv ? info.sitePackages.prefix { $0.hasPrefix(info.prefix + "/") }.count : 0
        for directory in info.sitePackages.prefix(own) where FS.isDirectory(directory) {
            addSiteDirectory(directory, info)
        }
        if userSiteEnabled, let userSite, FS.isDirectory(userSite) { addSiteDirectory(userSite, info) }
        for directory in info.sitePackages.dropFirst(own) where FS.isDirectory(directory) {
            addSiteDirectory(directory, info)
        }
    }

    /// `site.addsitedir`.
    private mutating func addSiteDirectory(_ directory: String, _ info: EnvironmentInfo) {
        let site = PathText.normpath(directory)
        if known.insert(site).inserted { entries.append(site) }
        guard let names = try? FS.contents(of: .init(site)) else { return }
        let hidesDotFiles = (Int(info.version.split(separator: ".").dropFirst().first ?? "") ?? 0) >= 13
        let pthFiles = names.filter { $0.hasSuffix(".pth") && !(hidesDotFiles && $0.hasPrefix(".")) }
        for name in pthFiles.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            guard let bytes = FS.readRegularFile(PathText.join(site, name), limit: 16 << 20) else { continue }
            var text = String(decoding: bytes, as: UTF8.self)
            if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
            for rawLine in text.split(omittingEmptySubsequences: false,
                                      whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
                if rawLine.hasPrefix("#") || rawLine.hasPrefix("import ") || rawLine.hasPrefix("import\t") { continue }
                var line = Substring(rawLine)
                while let last = line.unicodeScalars.last, last == " " || (0x09...0x0D).contains(last.value) {
                    line = line.dropLast()
                }
                let path = PathText.normpath(line.hasPrefix("/") ? String(line) : PathText.join(site, String(line)))
                if !known.contains(path) && FS.kind(path, followingLinks: true) != .missing {
                    entries.append(path)
                    known.insert(path)
                }
            }
        }
    }
}
