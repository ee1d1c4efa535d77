#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// `rebuild`: an environment moved to another base, a new minor version
/// above all, with the same packages:
///
/// 1. what is installed (`freeze`, read from the environment's own
///    site-packages, so it works when the old base is gone) is written beside
///    it as `NAME.swift-venv-requirements.txt`, editable projects as `-e DIR`,
///    local wheels and direct URLs as recorded;
/// 2. a new environment is made aside (`.NAME.swift-venv-rebuild`) with the
///    new base, its prompt, links or copies and system site-packages as the
///    old one's, and its pip installs those requirements (`--find-links`,
///    `--no-index` passed through);
/// 3. only then, one `Transaction` on the environment: its files are made
///    to name the environment's path (`Relocator`), it and the old one swap
///    in one exchange of the two names (`FS.exchange`, Linux's `RENAME_EXCHANGE`), and the old one is renamed to
///    `NAME.swift-venv-old` (removed with `prune`): `Transaction.swap`,
///    whose journal (`rebuild`, beside them) lets the recovery of the next
///    transaction there tell, after a kill, whether the swap happened.
///
/// A failure before the swap removes the new environment and the
/// requirements file: the old environment is untouched, and the error names
/// the package pip could not install.
public enum Rebuild {
    public struct Options: Sendable {
        /// The new base (required): a path, a command or a version.
        public var python: String
        /// `--find-links` for pip, each passed through.
        public var findLinks: [String] = []
        /// pip's `--no-index`.
        public var noIndex = false
        /// Remove the old environment once the new one is in place.
        public var prune = false
        /// Receives a line as each stage starts.
        public var progress: (@Sendable (Stage) -> Void)? = nil
        public init(python: String) { self.python = python }
    }

    /// The stages, in order, for a progress display.
    public enum Stage: Sendable {
        case freezing
        case creating(python: String, version: String)
        case installing(requirements: Int)
        case swapping
        case pruning

        public var number: Int {
            switch self {
            case .freezing: 1
            case .creating: 2
            case .installing: 3
            case .swapping: 4
            case .pruning: 5
            }
        }

        public var text: String {
            switch self {
            case .freezing: "reading what is installed"
            case .creating(let python, let version): "making the new environment with \(python) (Python \(version))"
            case .installing(let count): "installing \(count) requirement\(count == 1 ? "" : "s") with pip"
            case .swapping: "putting the new environment in place"
            case .pruning: "removing the old environment"
            }
        }
    }

    public struct Result: Sendable {
        /// The requirements file kept beside the environment.
        public let requirements: FilePath
        /// Where the old environment is kept; nil once pruned.
        public let old: FilePath?
        public let version: String
    }

    public static func requirementsPath(_ env: FilePath) -> FilePath {
        env.removingLastComponent().appending("\(env.name).swift-venv-requirements.txt")
    }

    public static func oldPath(_ env: FilePath) -> FilePath {
        env.removingLastComponent().appending("\(env.name).swift-venv-old")
    }

    static func asidePath(_ env: FilePath) -> FilePath {
        FS.hidden(.rebuild, beside: env)
    }

    public static func rebuild(_ envDir: FilePath, _ options: Options) throws(VenvError) -> Result {
        let env = try FS.absolute(envDir)
        guard FS.kind(env.appending("pyvenv.cfg"), followingLinks: true) == .file else {
            throw Repair.EnvironmentFacts.notEnvironment(env)
        }
        // The lock taken once: its recovery finishes or undoes a killed rebuild.
        try Transaction.run(env, makingParents: false) { (_) throws(VenvError) in }
        let old = oldPath(env)
        if FS.kind(old) != .missing {
            guard options.prune else {
                throw VenvError(.exists, old, "holds the environment a previous rebuild replaced",
                                remedy: "remove it (swift-venv remove \(ShellQuote.posix(old.string))), " +
                                        "or pass --prune to remove it and the one this rebuild replaces")
            }
            try EnvironmentRemoval.remove(old)
        }
        let facts = try Repair.EnvironmentFacts(try Target.check(env, .upgrade))
        let interpreter = try Interpreter.find(options.python)
        guard interpreter.cacheTag.hasPrefix("cpython-") else {
            throw VenvError(.noPython, interpreter.executable,
                            "is \(interpreter.cacheTag.split(separator: "-").first ?? "not CPython"), not CPython",
                            remedy: "pass --python with a CPython")
        }

        options.progress?(.freezing)
        let requirements = try self.requirements(facts)
        let requirementsFile = requirementsPath(env)
        try FS.replaceFile(requirementsFile, requirements.text)
        let aside = asidePath(env)
        do {
            options.progress?(.creating(python: interpreter.executable.string,
                                        version: interpreter.version.description))
            if FS.kind(aside) != .missing { try Removal.removeTree(aside) }
            try EnvBuilder(options: createOptions(facts, interpreter, pip: facts.hasPip || requirements.count > 0))
                .create(aside)
            if requirements.count > 0 {
                options.progress?(.installing(requirements: requirements.count))
                try install(requirementsFile, into: aside, options)
            }
        } catch {
            try? Removal.removeTree(aside)
            try? FS.remove(requirementsFile)
            throw error
        }
        options.progress?(.swapping)
        do {
            try Transaction.run(env, makingParents: false) { (transaction) throws(VenvError) in
                let relocator = try Relocator(from: aside, to: env, root: aside)
                try relocator.relocate(try relocator.plan())
                try transaction.swap(in: aside, keeping: old)
            }
        } catch {
            // Before the swap (no journal kept): the old environment stays,
            // the new one and the requirements file go.
            if FS.kind(FS.hidden(.journal, beside: env)) == .missing {
                try? Removal.removeTree(aside)
                try? FS.remove(requirementsFile)
            }
            throw error
        }
        var kept: FilePath? = old
        if options.prune {
            options.progress?(.pruning)
            try EnvironmentRemoval.remove(old)
            kept = nil
        }
        return Result(requirements: requirementsFile, old: kept, version: interpreter.version.description)
    }

    // MARK: the requirements

    struct Requirements {
        let text: String
        let count: Int
    }

    /// pip freeze's lines for the environment's own site-packages (pip,
    /// setuptools and wheel left out, as freeze leaves them), an editable
    /// project's directory quoted when it needs to be for pip's parser.
    static func requirements(_ facts: Repair.EnvironmentFacts) throws(VenvError) -> Requirements {
        let prefix = facts.path.string
        let site = PathText.join(prefix, facts.sitePackages)
        let info = EnvironmentInfo(prefix: prefix, execPrefix: prefix, basePrefix: prefix, baseExecPrefix: prefix,
                                   sitePackages: [site], version: facts.version.description,
                                   includeSystemSitePackages: false, home: nil,
                                   executable: PathText.join(prefix, "bin", "python"),
                                   baseExecutable: PathText.join(prefix, "bin", "python"), isVenv: true,
                                   prompt: nil, purelib: site, platlib: site,
                                   scripts: PathText.join(prefix, "bin"), include: PathText.join(prefix, "include"))
        let frozen = InstalledPackages.read(info, details: false).freeze()
        var lines: [String] = []
        var count = 0
        for line in frozen.split(separator: "\n") {
            var line = String(line)
            if line.hasPrefix("-e "), line.contains(" ") || line.contains("#") {
                let target = String(line.dropFirst(3))
                if target.contains(" ") && !target.hasPrefix("\"") && !target.contains("://") {
                    line = "-e " + ShellQuote.posix(target)
                }
            }
            if !line.hasPrefix("#") { count += 1 }
            lines.append(line)
        }
        return Requirements(text: lines.map { $0 + "\n" }.joined(), count: count)
    }

    /// The new environment's options: the old one's links or copies, system
    /// site-packages, prompt and relocatability; pip when it had pip or
    /// there is something for pip to install.
    static func createOptions(_ facts: Repair.EnvironmentFacts, _ interpreter: Interpreter,
                              pip: Bool) -> CreateOptions {
        var options = CreateOptions()
        options.withPip = pip
        options.python = interpreter.executable.string
        let envExe = facts.path.appending("bin").appending("python")
        options.linking = FS.kind(envExe) == .file ? .copies : .symlinks
        options.systemSitePackages = facts.config["include-system-site-packages"] != nil
            && facts.config.includeSystemSitePackages
        if let prompt = facts.config.prompt { options.prompt = .text(prompt) }
        options.relocatable = facts.config.relocatable
        options.onExisting = .update
        return options
    }

    /// The new environment's pip installs the requirements; a failure names
    /// the package pip could not install.
    static func install(_ requirements: FilePath, into env: FilePath, _ options: Options) throws(VenvError) {
        try Fault.check(.rebuildInstall)
        var arguments = ["-m", "pip", "install", "--disable-pip-version-check", "--no-input", "-r",
                         requirements.string]
        for link in options.findLinks { arguments += ["--find-links", link] }
        if options.noIndex { arguments.append("--no-index") }
        let result = try ChildProcess.run(env.appending("bin").appending("python"), arguments,
                                          environment: ChildProcess.pythonEnvironment(
                                              adding: ["VIRTUAL_ENV=\(env)"]),
                                          directory: env.removingLastComponent())
        guard !result.succeeded else { return }
        let package = failedPackage(result.output)
        let errors = result.output.split(separator: "\n").filter { $0.hasPrefix("ERROR:") }
        let said = (errors.last ?? result.output.split(separator: "\n").last).map { ": \($0.trimmingSpaces)" } ?? ""
        throw VenvError(.failed, requirements,
                        "pip could not install \(package.map { "'\($0)'" } ?? "the requirements") " +
                        "into the new environment (exit status \(result.status))\(said)",
                        remedy: "the old environment is untouched; make that package installable " +
                                "(--find-links DIR with its wheel, a compiler for its sdist, the index " +
                                "reachable), or remove it from the environment, and run rebuild again")
    }

    /// The package pip names in its failure, from the lines it prints.
    static func failedPackage(_ output: String) -> String? {
        let markers = ["No matching distribution found for ", "Failed building wheel for ",
                       "Could not build wheels for ", "Failed to build ", "Building wheel for ",
                       "Getting requirements to build wheel", "Could not find a version that satisfies the requirement "]
        for line in output.split(separator: "\n").reversed() {
            for marker in markers {
                guard let start = line.indices.first(where: { line[$0...].hasPrefix(marker) }) else { continue }
                let rest = line[line.index(start, offsetBy: marker.count)...].trimmingSpaces
                let name = rest.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "(" }).first
                if let name, !name.isEmpty { return String(name) }
            }
        }
        return nil
    }
}
