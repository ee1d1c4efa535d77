#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// `repair`: an environment whose base Python moved or was replaced by
/// another build of the same minor version (a pyenv patch upgrade, a moved
/// install, a new uv build) is pointed at the new base, and nothing else of
/// it changes:
///
/// - `pyvenv.cfg`: `home`, `version` (or `version_info`), `executable` and
///   `command` as that version's `python -m venv --upgrade` writes them,
///   other tools' `base-prefix`, `base-exec-prefix` and `base-executable`
///   following; each line rewritten where it stands, keys that are not
///   there never added, the others (the prompt included) kept;
/// - `bin/`'s absolute links to the old base, and the copies of its binary,
///   made again for the new base (relative links between `bin/`'s pythons
///   already follow);
/// - console scripts whose shebang runs a python of the old base's
///   directory, with their `RECORD` rows.
///
/// All of it goes in at once, one `Transaction` on the environment
/// (`replace`: its lock, staging, journal and recovery): a failure or a kill
/// leaves the old environment, or, once committed, the new one.
public enum Repair {
    public struct Options: Sendable {
        /// The new base: a path, a command or a version; nil means the
        /// environment's minor version, chosen as `find --python X.Y` chooses.
        public var python: String? = nil
        /// Receives a line for each file changed when set (`--verbose`).
        public var log: (@Sendable (String) -> Void)? = nil
        public init() {}
    }

    /// What a repair did.
    public struct Result: Sendable {
        /// The new base interpreter, as pyvenv.cfg's `command` names it.
        public let python: FilePath
        public let version: String
        /// The files replaced, relative to the environment; empty when it
        /// already pointed at this base.
        public let changed: [String]
    }

    public static func repair(_ envDir: FilePath, _ options: Options = Options()) throws(VenvError) -> Result {
        let absolute = try FS.absolute(envDir)
        guard FS.kind(absolute.appending("pyvenv.cfg"), followingLinks: true) == .file else {
            throw EnvironmentFacts.notEnvironment(absolute)
        }
        let target = try Target.check(envDir, .upgrade)
        let facts = try EnvironmentFacts(target)
        let interpreter = try Interpreter.find(options.python ?? facts.version.short)
        try facts.check(interpreter)
        var changed: [String] = []
        try Transaction.run(target.path, makingParents: false) { (transaction) throws(VenvError) in
            try Fault.check(.lock)
            let checked = try Target.check(target.path, .upgrade)      // again, under the lock
            guard checked.state == .venv else { throw EnvironmentFacts.notEnvironment(target.path) }
            let changes = try Plan(facts: try EnvironmentFacts(checked), interpreter).changes()
            for change in changes { options.log?("replacing \(target.path.appending(change.path))") }
            if !changes.isEmpty { try transaction.replace(changes) }
            changed = changes.map(\.path)
        }
        return Result(python: interpreter.executable, version: interpreter.version.description, changed: changed)
    }

    /// What the environment says of itself, from its files.
    struct EnvironmentFacts {
        let path: FilePath
        let config: PyvenvConfig
        let configBytes: [UInt8]
        /// `major.minor` of the base it was made with (`version`, else its
        /// `lib/pythonX.Y` directory).
        let version: PythonVersion
        let freeThreaded: Bool
        /// `lib/pythonX.Y[t]/site-packages`, relative.
        let sitePackages: String

        init(_ target: Target) throws(VenvError) {
            path = target.path
            guard target.state == .venv else { throw Self.notEnvironment(path) }
            let cfg = path.appending("pyvenv.cfg")
            guard FS.kind(cfg) == .file else { throw Self.notEnvironment(path) }
            configBytes = try FS.readFile(cfg, limit: 1 << 20)
            config = try PyvenvConfig(parsing: configBytes, path: cfg)
            let libs = ((try? FS.contents(of: path.appending("lib"))) ?? []).filter { $0.hasPrefix("python3.") }.sorted()
            if let stated = config.version.flatMap(PythonVersion.init) {
                version = stated
            } else if let lib = libs.first, let found = PythonVersion(String(lib.dropFirst("python".count))) {
                version = found
            } else {
                throw VenvError(.notVenv, cfg, "names no version, and the environment has no lib/python3.X",
                                remedy: "recreate the environment with the Python it should use")
            }
            freeThreaded = libs.contains("python\(version.short)t")
            sitePackages = "lib/python\(version.short)\(freeThreaded ? "t" : "")/site-packages"
        }

        static func notEnvironment(_ path: FilePath) -> VenvError {
            VenvError(.notVenv, path, "has no pyvenv.cfg, so it is not a virtual environment to repair",
                      remedy: "check the path")
        }

        /// The new base must be CPython of the same minor version and ABI:
        /// the packages stay as they are.
        func check(_ interpreter: Interpreter) throws(VenvError) {
            guard interpreter.cacheTag.hasPrefix("cpython-") else {
                let implementation = interpreter.cacheTag.split(separator: "-").first.map(String.init) ?? "unknown"
                throw VenvError(.noPython, interpreter.executable,
                                "is \(implementation), not CPython, and the environment's packages are CPython's",
                                remedy: "pass --python with a CPython \(version.short)")
            }
            guard interpreter.version.short == version.short else {
                throw VenvError(.noPython, interpreter.executable,
                                "is Python \(interpreter.version), and the environment is \(version.short): " +
                                "repair keeps the packages, which need the same minor version",
                                remedy: "pass --python with a \(version.short), or move the packages to " +
                                        "\(interpreter.version.short) with `swift-venv rebuild \(path) --python " +
                                        "\(interpreter.version.short)`")
            }
            guard interpreter.isFreeThreaded == freeThreaded else {
                let (build, wants) = interpreter.isFreeThreaded ? ("free-threaded", "with the GIL")
                                                                : ("built with the GIL", "free-threaded")
                throw VenvError(.noPython, interpreter.executable,
                                "is \(build), and the environment is \(wants): their extension modules differ",
                                remedy: "pass --python with a \(version.short) \(wants)")
            }
        }

        var hasPip: Bool {
            ((try? FS.contents(of: path.appending(sitePackages))) ?? []).contains {
                $0.hasPrefix("pip-") && $0.hasSuffix(".dist-info")
            }
        }
    }

    /// The files that change, with their new contents.
    struct Plan {
        let facts: EnvironmentFacts
        let interpreter: Interpreter

        init(facts: EnvironmentFacts, _ interpreter: Interpreter) {
            self.facts = facts
            self.interpreter = interpreter
        }

        var newHome: String { interpreter.executable.removingLastComponent().string }

        /// The directories the old base's pythons were in, as pyvenv.cfg
        /// names them, but the new base's.
        var oldHomes: [String] {
            var homes: [String] = []
            for key in ["home", "executable", "base-executable"] {
                guard var value = facts.config[key], value.hasPrefix("/") else { continue }
                if key != "home" { value = PathText.dirname(value) }
                value = PathText.normpath(value)
                if value != newHome && !homes.contains(value) { homes.append(value) }
            }
            return homes
        }

        func changes() throws(VenvError) -> [(path: String, new: Transaction.Replacement)] {
            var changes: [(path: String, new: Transaction.Replacement)] = []
            var scripts: [String: [UInt8]] = [:]
            let bin = facts.path.appending("bin")
            for name in ((try? FS.contents(of: bin)) ?? []).sorted() {
                let path = bin.appending(name)
                switch FS.kind(path) {
                case .symlink:
                    guard let destination = FS.readLink(path), let new = relinked(destination) else { continue }
                    changes.append(("bin/" + name, .symbolicLink(new)))
                case .file:
                    guard let head = try? FS.readPrefix(path, count: 4) else { continue }
                    let mode = FS.status(path).map { $0.st_mode & 0o7777 } ?? 0o755
                    if head == [0x7F, 0x45, 0x4C, 0x46] && Self.isPythonName(name) {
                        changes.append(("bin/" + name, .copy(interpreter.realExecutable, mode: 0o755)))
                    } else if head.starts(with: "#!".utf8), let fixed = try reshebanged(path) {
                        scripts["bin/" + name] = fixed
                        changes.append(("bin/" + name, .bytes(fixed, mode: mode)))
                    }
                default:
                    continue
                }
            }
            if !scripts.isEmpty {
                let relocator = try Relocator(from: facts.path, to: facts.path, root: facts.path)
                for (record, bytes) in try relocator.rehashedRecords(Set(scripts.keys), contents: { scripts[$0] }) {
                    changes.append((record, .bytes(bytes, mode: FS.status(facts.path.appending(record))
                                                        .map { $0.st_mode & 0o7777 } ?? 0o644)))
                }
            }
            if let config = rewrittenConfig() {
                let mode = FS.status(facts.path.appending("pyvenv.cfg")).map { $0.st_mode & 0o7777 } ?? 0o644
                changes.append(("pyvenv.cfg", .bytes(config, mode: mode)))   // last, as creation places it
            }
            return changes
        }

        /// `python`, `python3`, `python3.12`, `python3.13t`.
        static func isPythonName(_ name: String) -> Bool {
            guard name.hasPrefix("python") else { return false }
            return name.dropFirst("python".count).allSatisfy { $0.isNumber || $0 == "." || $0 == "t" }
        }

        /// The new target of a link in bin/ that leads to a python of the
        /// old base, or nil to leave it: the python of the same name in the
        /// new base's directory, else the new base itself.
        func relinked(_ destination: String) -> String? {
            guard destination.hasPrefix("/"), Self.isPythonName(PathText.basename(destination)),
                  !destination.hasPrefix(facts.path.string + "/") else { return nil }
            let sameName = PathText.join(newHome, PathText.basename(destination))
            let new = FS.isExecutableFile(sameName) ? sameName : interpreter.executable.string
            return new == destination ? nil : new
        }

        /// A console script whose shebang runs a python of an old home, with
        /// the new home's.
        func reshebanged(_ path: FilePath) throws(VenvError) -> [UInt8]? {
            guard let head = try? FS.readPrefix(path, count: 4096),
                  let (executable, _) = Relocator.shebangExecutable(head),
                  oldHomes.contains(where: { executable.hasPrefix($0 + "/") }) else { return nil }
            let bytes = try FS.readFile(path, limit: Int.max)
            for old in oldHomes where executable.hasPrefix(old + "/") {
                let relocator = try Relocator(from: FilePath(old), to: FilePath(newHome), root: facts.path)
                return relocator.rewriteShebang(bytes)
            }
            return nil
        }

        /// pyvenv.cfg with the base's lines rewritten where they stand; nil
        /// when nothing changes.
        func rewrittenConfig() -> [UInt8]? {
            PyvenvConfig.rewritingValues(facts.configBytes) { value(for: $0, old: $1) }
        }

        /// The new value of pyvenv.cfg's `key`, or nil to keep it.
        func value(for key: String, old: String) -> String? {
            switch key {
            case "home": return newHome
            case "version": return interpreter.version.description
            case "version_info":
                // virtualenv writes 3.12.1.final.0, uv 3.12.1.
                let parts = old.split(separator: ".", omittingEmptySubsequences: false)
                return ([interpreter.version.description] + parts.dropFirst(3).map(String.init)).joined(separator: ".")
            case "executable": return interpreter.realExecutable.string
            case "command": return venvCommand
            case "base-prefix": return interpreter.prefix.string
            case "base-exec-prefix": return interpreter.execPrefix.string
            case "base-executable": return interpreter.executable.string
            default: return nil
            }
        }

        /// The `command` line `python -m venv --upgrade` of the new base
        /// writes for this environment (its flags in venv's order).
        var venvCommand: String {
            var args: [String] = []
            let envExe = facts.path.appending("bin").appending(interpreter.name)
            if FS.kind(envExe) == .file { args.append("--copies") }
            if !facts.hasPip { args.append("--without-pip") }
            if facts.config.includeSystemSitePackages && facts.config["include-system-site-packages"] != nil {
                args.append("--system-site-packages")
            }
            args.append("--upgrade")
            if let prompt = facts.config.prompt { args.append("--prompt=\"\(prompt)\"") }
            if interpreter.version >= PythonVersion(3, 13) && FS.kind(facts.path.appending(".gitignore")) == .missing {
                args.append("--without-scm-ignore-files")
            }
            args.append(facts.path.string)
            return "\(interpreter.executable) -m venv " + args.joined(separator: " ")
        }
    }
}
