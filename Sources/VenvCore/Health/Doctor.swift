import SystemPackage

/// `swift-venv doctor`: what is wrong with an environment and the command
/// that mends it, read from files alone; Python is never started.
///
/// The checks, in order: an interrupted copy, move or rebuild (Store's
/// journal, creation's staging, a rebuild's journal or new environment
/// aside), pyvenv.cfg (readable, its keys), the base interpreter (gone, or
/// changed in place: its files' version against pyvenv.cfg's, as Resolve
/// reads them), the `bin/python*` links, the console scripts' shebangs,
/// site-packages of another minor version, and the RECORD of each
/// distribution pip installed.
public struct Doctor {
    /// Where replacements for a base that is gone are looked for.
    public var findOptions: FindOptions
    /// Whether a base that is gone or changed gets its replacements listed
    /// (`find`'s discovery of interpreters, done once); `find` itself,
    /// wanting the codes only, does without.
    public var listsReplacements: Bool
    private var replacementCache: [Diagnosis.Replacement]?
    /// find's discovery, done once a run: `--all`'s environments and the
    /// replacements both come from it.
    private var discovery: [Finder.Group]?
    /// What the environments of one run share (their bases above all).
    private let memo = DoctorMemo()

    public init(findOptions: FindOptions = FindOptions(), listsReplacements: Bool = true) {
        self.findOptions = findOptions
        self.listsReplacements = listsReplacements
    }

    /// The environments of a store, as `list` sees them.
    public static func environments(of store: Store) throws(VenvError) -> [String] {
        try store.names().map { store.workonHome.appending($0).string }
    }

    /// Every environment `find` knows (conda's, which have no pyvenv.cfg
    /// and no base of their own, left out), without resolving them.
    public mutating func allEnvironments() -> [String] {
        Finder.environmentDirectories(discovered())
    }

    /// `find`'s discovery with `findOptions`, once.
    mutating func discovered() -> [Finder.Group] {
        if let known = discovery { return known }
        let groups = Finder.discover(Locators.all, findOptions)
        discovery = groups
        return groups
    }

    /// Diagnoses the environment at `path`. Throws `.notVenv` when it is
    /// neither an environment nor the place of an interrupted copy or move,
    /// `.invalid` for an empty path.
    public mutating func diagnose(_ path: String) throws(VenvError) -> Diagnosis {
        guard !path.isEmpty, !path.utf8.contains(0) else {
            throw VenvError(.invalid, nil, "'\(path)': not a path", remedy: "name an environment directory")
        }
        let env = PathText.normpath(try FS.absolute(path))
        var check = Check(env: env, memo: memo)
        check.interrupted()
        guard FS.kind(env, followingLinks: true) == .directory else {
            if !check.problems.isEmpty { return check.diagnosis }
            let why = switch Check.state(env) {
            case .present: "is not a directory, so it is not an environment"
            case .loop: "is a loop of symbolic links"
            case .gone: "no such directory"
            case .unknown: "cannot be examined (permission denied?)"
            }
            throw VenvError(.notVenv, env, why, remedy: "name an environment directory (one holding pyvenv.cfg)")
        }
        try check.configuration()
        check.baseInterpreter()
        check.configSize()
        check.nameSwapRemedy()
        check.pythonLinks()
        check.scripts()
        check.sitePackages()
        if check.needsReplacements {
            if listsReplacements { check.replacements = replacements() }
            check.nameRemedies()
        }
        return check.diagnosis
    }

    /// Interpreters that could replace a base, newest first, as `find`'s
    /// discovery reports them (working, 3.8 or newer); found once.
    mutating func replacements() -> [Diagnosis.Replacement] {
        if let known = replacementCache { return known }
        var seen: Set<String> = []
        let found = Finder.interpreters(discovered()).compactMap { record -> (PythonVersion, Diagnosis.Replacement)? in
            guard record.error == nil, record.unsupported == nil, let text = record.version,
                  let version = PythonVersion(text) else { return nil }
            // One entry a binary, however many names reach it.
            if let identity = memo.identity(record.executable, followingLinks: true) {
                guard seen.insert("\(identity.device):\(identity.inode)").inserted else { return nil }
            }
            return (version, Diagnosis.Replacement(version: text, executable: record.executable))
        }
        let sorted = found.sorted { $0.0 > $1.0 }.map(\.1)
        replacementCache = sorted
        return sorted
    }
}

/// One environment's checks, filling `problems` as they go.
struct Check {
    let env: String
    var problems: [HealthProblem] = []
    var config: PyvenvConfig?
    /// pyvenv.cfg's size in bytes, when read.
    var configBytes: Int?
    /// pyvenv.cfg's version.
    var written: PythonVersion?
    var base: BaseVersion?
    /// The base's python, as found: in pyvenv.cfg's home, else where
    /// `bin/python` leads.
    var basePython: String?
    /// The index of the problem of a rebuild interrupted after its exchange.
    var unfinishedSwap: Int?
    var replacements: [Diagnosis.Replacement] = []
    /// Whether the base is gone or of another minor version: the remedy
    /// then depends on which interpreters could replace it.
    var needsReplacements = false
    let memo: DoctorMemo
    /// `bin/`'s names, sorted, listed once (nil: unreadable).
    private var binListing: [String]??

    init(env: String, memo: DoctorMemo = DoctorMemo()) {
        self.env = env
        self.memo = memo
    }

    var bin: String { PathText.join(env, "bin") }

    /// `bin/`'s names, sorted; nil when it cannot be listed.
    mutating func binNames() -> [String]? {
        if let known = binListing { return known }
        let names = (try? FS.contents(of: FilePath(bin)))?.sorted()
        binListing = .some(names)
        return names
    }

    var quoted: String { ShellQuote.posix(env) }
    var repair: String { "swift-venv repair \(quoted)" }

    var diagnosis: Diagnosis {
        Diagnosis(environment: env, version: config?.version, home: config?.home, baseVersion: base?.version,
                  baseExecutable: base?.realExecutable, problems: problems, replacements: replacements)
    }

    mutating func add(_ code: HealthProblem.Code, _ path: String, _ cause: String, remedy: String) {
        problems.append(HealthProblem(code, path: path, cause: cause, remedy: remedy))
    }

    // MARK: interrupted copy or move

    /// A move's journal beside the environment, a copy's or creation's
    /// staging directory beside or inside it (or a repair's, committed), a
    /// move's source renamed aside, a rebuild cut short.
    mutating func interrupted() {
        let target = FilePath(env)
        let inner = Transaction.staging(inside: target).string
        let innerIsDirectory = FS.kind(inner) == .directory
        // What is beside the environment, looked up only when there is some.
        let hiddenPrefix = "." + PathText.basename(env) + ".swift-venv-"
        if let names = memo.hiddenNames(in: PathText.dirname(env)),
           !names.contains(where: { $0.hasPrefix(hiddenPrefix) }) {
            if innerIsDirectory { innerStaging(inner) }
            return
        }
        if let unfinished = Relocation.unfinishedMove(at: target) {
            add(.unfinishedMove, unfinished.path?.string ?? env, unfinished.problem,
                remedy: unfinished.remedy ?? "run the same swift-venv move again")
        }
        let outer = Transaction.staging(beside: target).string
        if FS.kind(outer) == .directory {
            add(.unfinishedCopy, outer,
                "a copy or creation of \(env) was interrupted, leaving its staging directory",
                remedy: "run the same swift-venv copy (or creation) again, which removes it first; " +
                        "or remove \(ShellQuote.posix(outer))")
        }
        if innerIsDirectory { innerStaging(inner) }
        let aside = Relocation.asidePath(for: target).string
        if FS.kind(aside) == .directory {
            add(.unfinishedMove, aside,
                "a move of \(env) to another file system was interrupted: the source, renamed aside, is not yet removed",
                remedy: "run the same swift-venv move again, which finishes it")
        }
        rebuild(target)
    }

    /// The staging directory inside the environment: a repair committed but
    /// not finished, or a creation's.
    mutating func innerStaging(_ inner: String) {
        if Transaction.hasUnfinishedReplacement(FilePath(env)) {
            add(.unfinishedCopy, inner, "a repair of \(env) was interrupted after its commit: some of the files " +
                "it replaces are still the old ones", remedy: "run \(repair) again, which finishes it")
        } else {
            add(.unfinishedCopy, inner, "a creation in \(env) was interrupted, leaving its staging directory",
                remedy: "run the same creation again, which takes it back first")
        }
    }

    /// A rebuild killed before its end, as `Transaction.unfinishedSwap`
    /// reads its journal: after the exchange (the environment is the new
    /// one, the old one not yet renamed to `NAME.swift-venv-old`), before it,
    /// or while the new environment was being made aside (no journal yet).
    mutating func rebuild(_ target: FilePath) {
        let again = "run the same swift-venv rebuild again, which removes it first"
        switch Transaction.unfinishedSwap(of: target) {
        case .swapped(let old, let kept)?:
            // The remedy names the base, found later (`nameSwapRemedy`).
            unfinishedSwap = problems.count
            add(.unfinishedRebuild, old.string,
                "a rebuild of \(env) was interrupted after the new environment took its place: the old one " +
                "is still at \(old), not yet renamed to \(kept.name)",
                remedy: "run \(repair) again, which finishes it")
        case .notSwapped(let new)?:
            add(.unfinishedRebuild, new.string,
                "a rebuild of \(env) was interrupted before the new environment took its place: the environment " +
                "is the old one, untouched, and the new one is left aside",
                remedy: "\(again); or remove \(ShellQuote.posix(new.string))")
        case nil:
            let aside = Rebuild.asidePath(target).string
            guard FS.kind(aside) == .directory else { return }
            add(.unfinishedRebuild, aside,
                "a rebuild of \(env) was interrupted while it made the new environment: the environment is " +
                "the old one, untouched", remedy: "\(again); or remove \(ShellQuote.posix(aside))")
        }
    }

    /// A rebuild interrupted after its exchange is finished by the next
    /// transaction on the environment: a repair with the base it has now,
    /// which changes nothing else.
    mutating func nameSwapRemedy() {
        guard let index = unfinishedSwap, let python = basePython else { return }
        problems[index].remedy = "run \(repair) --python \(ShellQuote.posix(python)), which finishes it"
    }

    // MARK: pyvenv.cfg

    mutating func configuration() throws(VenvError) {
        let path = PathText.join(env, "pyvenv.cfg")
        switch FS.kind(path, followingLinks: true) {
        case .missing:
            guard FS.exists(PathText.join(env, "bin/activate")) || !Self.libVersions(env).isEmpty else {
                if !problems.isEmpty { return }
                throw VenvError(.notVenv, env, "is a directory without pyvenv.cfg, so it is not a virtual environment",
                                remedy: "name an environment directory (one holding pyvenv.cfg)")
            }
            add(.configUnreadable, path, "is missing: Python does not know this directory as an environment",
                remedy: repair)
            return
        case .file:
            do {
                let bytes = try FS.readFile(FilePath(path))
                config = try PyvenvConfig(parsing: bytes, path: FilePath(path))
                configBytes = bytes.count
            } catch {
                add(.configUnreadable, path, error.problem, remedy: repair)
                return
            }
        default:
            add(.configUnreadable, path, "is not a regular file", remedy: repair)
            return
        }
        guard let config else { return }
        var missing: [String] = []
        if config.home == nil { missing.append("home") }
        if config["include-system-site-packages"] == nil { missing.append("include-system-site-packages") }
        if config.version == nil { missing.append("version") }
        if !missing.isEmpty {
            add(.configMissingKey, path, "has no \(missing.joined(separator: ", ")) line, which its creator writes",
                remedy: repair)
        }
        written = config.version.flatMap(PythonVersion.init)
    }

    /// pyvenv.cfg larger than the getpath of the Python that runs reads
    /// (3.11+: less than 32 KiB), by the base's version (else pyvenv.cfg's).
    mutating func configSize() {
        guard let size = configBytes, let version = base.flatMap({ PythonVersion($0.version) }) ?? written else {
            return
        }
        let path = PathText.join(env, "pyvenv.cfg")
        guard let refused = Resolver.configRefused(path, size: size, major: version.major, minor: version.minor)
        else { return }
        add(.configTooLarge, path, refused.problem, remedy: refused.remedy ?? repair)
    }

    // MARK: the base

    /// The base: the python in pyvenv.cfg's `home` (`pythonX.Y` first), as
    /// the environment declares it; without `home`, the python the
    /// environment's `bin/python` leads to. Gone when `home` holds none.
    mutating func baseInterpreter() {
        guard let config else { return }
        let short = written.map { ($0.major, $0.minor) }
        let candidates = config.home.map { home in Self.pythonNames(short).map { PathText.join(home, $0) } } ?? []
        let homePython = candidates.first(where: memo.links.isExecutableFile)
        if let home = config.home, homePython == nil {
            // Gone only when the files say so: a home this user may not search tells nothing.
            guard candidates.allSatisfy({ Self.state($0) != .unknown }) else { return }
            needsReplacements = true
            let what = written.map { "Python \($0.short)" } ?? "a python"
            add(.baseMissing, home,
                FS.isDirectory(home) ? "the base interpreter is gone: pyvenv.cfg's home holds no \(what) any more"
                                     : "the base interpreter is gone: pyvenv.cfg's home no longer exists",
                remedy: repair)
            return
        }
        // Without a python in home, the one bin/python leads to.
        guard let python = homePython ?? Resolver.environmentPython(env).followed.flatMap({ $0 })
            .flatMap({ FS.isExecutableFile($0) && !isInside($0) ? $0 : nil }) else { return }
        basePython = python
        base = memo.base(python: python, home: config.home, minor: short)
        guard let base, let now = PythonVersion(base.version), let written else { return }
        if (now.major, now.minor) != (written.major, written.minor) {
            needsReplacements = true
            add(.baseMinorChanged, base.realExecutable,
                "the base interpreter is now Python \(base.version), but the environment was made for " +
                "\(written) (pyvenv.cfg's version): its packages were installed for \(written.short)",
                remedy: repair)
        } else if now.micro != written.micro {
            add(.basePatchChanged, base.realExecutable,
                "the base interpreter was upgraded in place to \(base.version); pyvenv.cfg says \(written)",
                remedy: repair)
        }
    }

    /// The names a base's python has in `home`: `pythonX.Y` first.
    static func pythonNames(_ short: (Int, Int)?) -> [String] {
        guard let (major, minor) = short else { return ["python3", "python"] }
        return ["python\(major).\(minor)", "python\(major)", "python"]
    }

    func isInside(_ path: String) -> Bool {
        PathText.normpath(path).hasPrefix(env == "/" ? "/" : env + "/")
    }

    /// What `stat` says of a path, links followed: there, gone (no such
    /// file, or a component not a directory), a loop of links, or unknown
    /// (this user may not look: nothing can be said).
    enum State { case present, gone, loop, unknown }

    static func state(_ path: String) -> State {
        do throws(Errno) {
            _ = try Syscall.stat(path)
            return .present
        } catch {
            switch error {
            case .noSuchFileOrDirectory, .notDirectory: return .gone
            case .tooManySymbolicLinkLevels: return .loop
            default: return .unknown
            }
        }
    }

    /// The last path of a chain of links, the one that is missing.
    static func chainEnd(_ path: String) -> String {
        var end = path
        for _ in 0..<40 {
            guard let target = FS.readLink(FilePath(end)) else { break }
            end = target.hasPrefix("/") ? target : PathText.join(PathText.dirname(end), target)
        }
        return end
    }

    // MARK: bin/python*

    /// Each `bin/python*` link must lead to the base in `home` (by
    /// identity, whatever the path: one of the base's names there, or the
    /// name the link ends at) or into the environment.
    mutating func pythonLinks() {
        guard let names = binNames() else { return }
        let short = written.map { ($0.major, $0.minor) }
        let homeIsDirectory = config?.home.map(FS.isDirectory) ?? false
        for name in names where Self.isPythonName(name) {
            let path = PathText.join(bin, name)
            guard FS.kind(path) == .symlink else { continue }
            switch Self.state(path) {
            case .loop:
                add(.pythonLinkDangling, path, "is a loop of symbolic links", remedy: repair)
                continue
            case .gone:
                add(.pythonLinkDangling, path, "links to \(Self.chainEnd(path)), which does not exist", remedy: repair)
                continue
            case .unknown:
                continue
            case .present:
                break
            }
            guard let home = config?.home, homeIsDirectory, let end = memo.links.followLinks(path), !isInside(end),
                  let identity = memo.identity(end) else { continue }
            // The base's own names in home, and the name the link ends at there.
            let names = Self.pythonNames(short) + [PathText.basename(end)]
            if names.contains(where: { memo.identity(PathText.join(home, $0)) == identity }) { continue }
            add(.pythonLinkForeign, path,
                "links to \(end), which is neither the base interpreter in pyvenv.cfg's home " +
                "(\(config?.home ?? "")) nor part of the environment",
                remedy: repair)
        }
    }

    /// The activation scripts' names, as creation writes them.
    static let activationScripts = Set(ActivationScripts.templates.map(\.name))

    /// `python`, `python3`, `python3.12`, `python3.13t`: not `python3-config`.
    static func isPythonName(_ name: String) -> Bool {
        guard name.hasPrefix("python") else { return false }
        let rest = name.dropFirst("python".count)
        let digits = rest.last == "t" ? rest.dropLast() : rest
        return digits.allSatisfy { $0 == "." || ($0.isASCII && $0.isNumber) }
    }

    // MARK: console scripts

    /// Scripts in `bin` whose shebang names a python by an absolute path
    /// (either form pip writes) that is gone or outside the environment;
    /// one problem per python named.
    mutating func scripts() {
        guard let names = binNames() else { return }
        let bin = self.bin
        var byPython: [(python: String, scripts: [String])] = []
        // The activation scripts have no shebang: not read.
        for name in names where !Self.isPythonName(name) && !Self.activationScripts.contains(name) {
            let path = FilePath(PathText.join(bin, name))
            // Regular files only: a FIFO would block the open.
            guard let status = FS.linkStatus(path), FileKind(mode: status.st_mode) == .file,
                  let head = try? FS.readPrefix(path, count: 1024),
                  let (python, _) = Relocator.shebangExecutable(head),
                  python.hasPrefix("/"), PathText.basename(python).hasPrefix("python") else { continue }
            let state = memo.state(python)
            if state == .unknown || (state == .present && PathText.dirname(PathText.normpath(python)) == bin) {
                continue
            }
            if let at = byPython.firstIndex(where: { $0.python == python }) { byPython[at].scripts.append(name) }
            else { byPython.append((python, [name])) }
        }
        for (python, scripts) in byPython {
            let shown = scripts.count <= 3 ? scripts.joined(separator: ", ")
                                           : scripts.prefix(3).joined(separator: ", ") + " and \(scripts.count - 3) more"
            let plural = scripts.count == 1 ? "console script" : "\(scripts.count) console scripts"
            if memo.state(python) == .present {
                add(.scriptShebangForeign, python,
                    "\(plural) (\(shown)) run \(python), a python outside the environment", remedy: repair)
            } else {
                add(.scriptShebangMissing, python, "\(plural) (\(shown)) name \(python), which does not exist",
                    remedy: repair)
            }
        }
    }

    // MARK: site-packages and RECORD

    /// `lib/pythonX.Y` directories of the environment, by `X.Y`.
    static func libVersions(_ env: String) -> [(name: String, version: PythonVersion)] {
        guard let names = try? FS.contents(of: FilePath(PathText.join(env, "lib"))) else { return [] }
        return names.sorted().compactMap { name in
            guard name.hasPrefix("python"), let version = PythonVersion(String(name.dropFirst("python".count)))
            else { return nil }
            return (name, version)
        }
    }

    mutating func sitePackages() {
        guard let expected = base.flatMap({ PythonVersion($0.version) }) ?? written else { return }
        for (name, version) in Self.libVersions(env) {
            let site = PathText.join(env, "lib", name, "site-packages")
            if (version.major, version.minor) == (expected.major, expected.minor) {
                records(site)
                continue
            }
            guard let contents = try? FS.contents(of: FilePath(site)), !contents.isEmpty else { continue }
            add(.sitePackagesVersion, site,
                "holds packages for Python \(version.short), which Python \(expected.short) does not see",
                remedy: "reinstall what you need of it with " +
                        "\(ShellQuote.posix(PathText.join(env, "bin/python"))) -m pip install, " +
                        "then remove \(ShellQuote.posix(PathText.join(env, "lib", name)))")
        }
    }

    /// Each `.dist-info` pip wrote must have its RECORD, or pip can neither
    /// uninstall nor upgrade it.
    mutating func records(_ site: String) {
        guard let names = try? FS.contents(of: FilePath(site)) else { return }
        for name in names.sorted() where name.hasSuffix(".dist-info") {
            let info = PathText.join(site, name)
            // RECORD first: there, it is all that is asked.
            guard !FS.exists(PathText.join(info, "RECORD")), FS.isDirectory(info) else { continue }
            let stem = String(name.dropLast(".dist-info".count))
            let parts = stem.split(separator: "-", maxSplits: 1)
            let requirement = parts.count == 2 ? "\(parts[0])==\(parts[1])" : stem
            add(.recordMissing, info, "has no RECORD, so pip can neither uninstall nor upgrade \(stem)",
                remedy: "\(ShellQuote.posix(PathText.join(env, "bin/python"))) -m pip install --ignore-installed " +
                        "--no-deps \(ShellQuote.posix(requirement))")
        }
    }

    // MARK: remedies that depend on the replacements

    /// A base gone or of another minor version: `repair` when an
    /// interpreter of pyvenv.cfg's minor version exists, else `rebuild`
    /// with the newest there is, else install one.
    mutating func nameRemedies() {
        let sameMinor = written.flatMap { w in
            replacements.first { PythonVersion($0.version).map { ($0.major, $0.minor) == (w.major, w.minor) } ?? false }
        }
        if let w = written {
            // Same minor version first, each group newest first.
            replacements = replacements.filter { PythonVersion($0.version)?.short == w.short }
                + replacements.filter { PythonVersion($0.version)?.short != w.short }
        }
        let remedy: String
        if sameMinor != nil || !needsReplacements {
            remedy = repair
        } else if let changed = base.flatMap({ PythonVersion($0.version) }) {
            remedy = "swift-venv rebuild \(quoted) --python \(changed.short)"
        } else if let newest = replacements.first.flatMap({ PythonVersion($0.version) }) {
            remedy = "swift-venv rebuild \(quoted) --python \(newest.short)"
        } else {
            remedy = "install Python \(written?.short ?? "3"), then: \(repair)"
        }
        for index in problems.indices where [.baseMissing, .baseMinorChanged].contains(problems[index].code) {
            problems[index].remedy = remedy
        }
        // With the minor version changed, the old site-packages go with the rebuild.
        if problems.contains(where: { $0.code == .baseMinorChanged }) {
            for index in problems.indices where problems[index].code == .sitePackagesVersion {
                problems[index].remedy = remedy
            }
        }
    }
}
