#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// Finds every Python on the machine: each locator reports the paths it
/// knows, paths reaching the same Python become one record, and each record
/// is resolved from files (`EnvironmentInfo.resolve`) and handed on as soon
/// as it is complete. Python is never started.
public enum Finder {
    /// Calls `report` once per Python, in the order the sources found them.
    public static func find(_ options: FindOptions = FindOptions(), report: (FoundPython) -> Void) {
        find(through: Locators.all, options, report: report)
    }

    /// The `.venv` environment in `directory` (the working directory when
    /// nil) or its nearest parent that has one, as `--workspace` finds them
    /// (a `.venv` file naming an environment is followed): where `freeze`
    /// and `packages` look when no environment is named. Nil when there is none.
    public static func nearestDotVenv(from directory: String? = nil) -> String? {
        guard let directory = directory ?? (try? FS.currentDirectory().string) else { return nil }
        var nearest: String?
        WorkspaceLocator.dotVenvs(from: directory, FindContext(options: FindOptions())) { path, _ in
            nearest = path
            return false
        }
        return nearest
    }

    /// The directories of every environment with a pyvenv.cfg among
    /// `discover`'s groups, in the order found, without resolving them
    /// (`doctor --all`).
    static func environmentDirectories(_ groups: [Group]) -> [String] {
        groups.compactMap { group in
            group.isEnvironment && FS.kind(PathText.join(group.paths[0], "pyvenv.cfg"), followingLinks: true) != .missing
                ? group.paths[0] : nil
        }
    }

    /// The records of every base interpreter among `discover`'s groups,
    /// environments left out (the replacements `doctor` offers for a base
    /// that is gone): `doctor --all` discovers once for both.
    static func interpreters(_ groups: [Group]) -> [FoundPython] {
        groups.filter { !$0.isEnvironment }.map { $0.record() }
    }

    /// Every Python, as a list.
    public static func findAll(_ options: FindOptions = FindOptions()) -> [FoundPython] {
        var found: [FoundPython] = []
        find(options) { found.append($0) }
        return found
    }

    /// The candidates of `locators`, grouped by the Python they reach, in
    /// the order first found.
    static func discover(_ locators: [any Locator], _ options: FindOptions) -> [Group] {
        let context = FindContext(options: options)
        var groups: [Group] = []
        var index: [Group.Key: Int] = [:]
        for locator in locators {
            locator.find(context) { candidate in
                let key = Group.key(candidate)
                if let at = index[key] {
                    groups[at].add(candidate)
                } else {
                    index[key] = groups.count
                    groups.append(Group(candidate))
                }
            }
        }
        return groups
    }

    /// The paths that reach one Python, and what their sources said of it.
    struct Group {
        var isEnvironment: Bool
        /// Executables (interpreters) or directories (environments), as found.
        var paths: [String]
        var sources: [FindSource]
        var manager: String?
        var name: String?
        var project: String?
        /// `paths[0]`'s pyvenv.cfg as its locator read it (`Candidate.config`).
        var configBytes: [UInt8]?

        init(_ candidate: Candidate) {
            isEnvironment = candidate.isEnvironment
            paths = [candidate.path]
            sources = [candidate.source]
            manager = candidate.manager
            name = candidate.name
            project = candidate.project
            configBytes = candidate.config
        }

        mutating func add(_ candidate: Candidate) {
            if !paths.contains(candidate.path) { paths.append(candidate.path) }
            if !sources.contains(candidate.source) { sources.append(candidate.source) }
            // The owner's word beats a place's: pyenv names what it installed
            // even when PATH reached it first.
            if manager == nil { manager = candidate.manager; name = candidate.name ?? name }
            project = project ?? candidate.project
        }

        /// One Python, one key: an environment's real directory, an
        /// interpreter's real binary (a missing one keyed by its own path).
        /// The identity is the file's device and inode (`stat`, links
        /// followed): one system call, where `realpath` takes one per component.
        static func key(_ candidate: Candidate) -> Key {
            guard let st = try? Syscall.stat(candidate.path) else {
                return .missing(isEnvironment: candidate.isEnvironment, path: PathText.normpath(candidate.path))
            }
            return .file(isEnvironment: candidate.isEnvironment, device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
        }

        /// What `key` tells apart: kind and identity, or kind and path.
        enum Key: Hashable {
            case file(isEnvironment: Bool, device: UInt64, inode: UInt64)
            case missing(isEnvironment: Bool, path: String)
        }

        /// The record, resolved from files.
        func record(_ memo: ResolveMemo = ResolveMemo()) -> FoundPython {
            var record = FoundPython(kind: isEnvironment ? .environment : .interpreter, executable: paths[0],
                                     sources: sources.map(\.rawValue), manager: manager, name: name, project: project)
            var config: PyvenvConfig?
            var resolved = false
            let directory = paths[0]
            let configPath = PathText.join(directory, "pyvenv.cfg")
            // Read once here, for the check and for the resolution (an
            // unreadable one exists all the same, and is resolved to its error).
            var configs = Resolver.ConfigFiles()
            if let configBytes { configs.keep(configPath, configBytes) }
            if isEnvironment
                && (configs.read(configPath) != nil || FS.kind(configPath, followingLinks: true) != .missing) {
                record.prefix = directory
                do {
                    // One resolution, whose reading of pyvenv.cfg also serves `creator`.
                    let (info, read, followed) = try EnvironmentInfo.resolveKeepingConfig(directory, config: configPath,
                                                                                              configs: configs, memo: memo)
                    config = read
                    fill(&record, info)
                    record.error = Self.brokenPython(info.executable, end: followed, memo)
                        ?? Self.problem(info, isEnvironment: true, memo)
                    resolved = true
                } catch {
                    config = try? PyvenvConfig.read(FilePath(configPath))
                    record.executable = Resolver.environmentPython(directory).executable
                    record.version = config?.version
                    record.error = Self.brokenPython(record.executable) ?? error.message
                }
                record.creator = Self.creator(config)
            } else {
                if isEnvironment {
                    // A conda prefix has no pyvenv.cfg: its python is a base.
                    record.prefix = directory
                    record.creator = "conda"
                    if record.manager == nil { record.manager = "conda" }
                    record.executable = Resolver.environmentPython(directory).executable
                }
                do {
                    let info = try EnvironmentInfo.resolve(FilePath(record.executable), olderPythons: true, memo: memo)
                    fill(&record, info)
                    record.error = Self.problem(info, isEnvironment: false, memo)
                    resolved = true
                } catch {
                    record.error = (isEnvironment ? Self.brokenPython(record.executable) : nil) ?? error.message
                }
            }
            record.implementation = Self.implementation(config, executable: record.executable, resolved: resolved)
            record.symlinks = paths.dropFirst().map { path in
                isEnvironment ? PathText.join(path, "bin", PathText.basename(record.executable)) : path
            }.filter { $0 != record.executable }
            return record
        }

        private func fill(_ record: inout FoundPython, _ info: EnvironmentInfo) {
            record.executable = info.executable
            record.prefix = info.prefix
            record.basePrefix = info.basePrefix
            record.version = info.version
            record.sitePackages = info.sitePackages
            if let version = PythonVersion(info.version), version < PythonVersion(3, 8) {
                record.unsupported = EnvironmentInfo.unsupported(info.version)
            }
        }

        /// Why an environment's python cannot run, told before resolving:
        /// a link to a base that is gone, a loop of links, or nothing there.
        /// Given `end`, where its resolution found its chain of links to
        /// end (in this call), a python whose end is a base already checked
        /// through `memo` is answered without a system call: twenty
        /// environments of one base check its binary once. A python found
        /// broken is checked again without them.
        static func brokenPython(_ executable: String, end: String? = nil, _ memo: ResolveMemo? = nil) -> String? {
            if let memo, let end, memo.isExecutableFile(end) { return nil }
            if FS.isExecutableFile(executable) { return nil }
            guard FS.readLink(FilePath(executable)) != nil else {
                return "\(executable): is missing; recreate the environment"
            }
            do throws(Errno) { _ = try Syscall.stat(executable) } catch {
                if error == .tooManySymbolicLinkLevels {
                    return "\(executable): is a loop of symbolic links; recreate the environment"
                }
            }
            // The end of the chain of links, the file that is gone.
            let end = Check.chainEnd(executable)
            return "\(executable): links to \(end), which does not exist: the base interpreter is gone; " +
                   "reinstall it or recreate the environment"
        }

        /// What the resolver cannot see: a python that does not run because
        /// it, or the base it links to, is gone.
        static func problem(_ info: EnvironmentInfo, isEnvironment: Bool, _ memo: ResolveMemo) -> String? {
            // An environment's python was checked before resolving.
            if !isEnvironment, !FS.isExecutableFile(info.executable) {
                return "\(info.executable): is missing or a dangling link"
            }
            if isEnvironment, !memo.isExecutableFile(info.baseExecutable) {
                return "\(info.baseExecutable): the base interpreter is gone; reinstall it or recreate the environment"
            }
            return nil
        }

        /// The tool that wrote pyvenv.cfg, as its keys say: uv and virtualenv
        /// sign it; swift-venv and venv (3.11+) write a `command` naming
        /// themselves; an older venv's (or swift-venv's, identical) has
        /// `home`, `include-system-site-packages` and `version` alone.
        static let venvKeys = ["home", "include-system-site-packages", "version", "prompt"]

        static func creator(_ config: PyvenvConfig?) -> String? {
            guard let config else { return nil }
            if config.value(lowercased: "uv") != nil { return "uv" }
            if config.value(lowercased: "virtualenv") != nil { return "virtualenv" }
            if var command = config.value(lowercased: "command") {
                // Read as bytes: String.contains walks Characters (tens of
                // thousands of instructions for a long command line).
                return command.withUTF8 { bytes -> String? in
                    let space = UInt8(ascii: " ")
                    let start = bytes.firstIndex { $0 != space } ?? bytes.endIndex
                    let first = bytes[start...].prefix { $0 != space }
                    // The first word's basename.
                    let name = first.lastIndex(of: UInt8(ascii: "/")).map { first[($0 + 1)...] } ?? first
                    if name.elementsEqual("swift-venv".utf8) { return "swift-venv" }
                    if bytes.firstRange(of: " -m venv ".utf8) != nil { return "venv" }
                    return nil
                }
            }
            return config.entries.allSatisfy { venvKeys.contains($0.key) } && config.home != nil ? "venv" : nil
        }

        /// pyvenv.cfg's `implementation` (uv, virtualenv); else CPython when
        /// the resolver (which knows CPython's layout only) resolved it; else
        /// the real binary's name.
        static func implementation(_ config: PyvenvConfig?, executable: String, resolved: Bool) -> String {
            if let written = config?.value(lowercased: "implementation"), !written.isEmpty { return written.lowercased() }
            if resolved { return "cpython" }
            let real = PathText.basename(FS.followLinks(executable) ?? executable)
            return real.hasPrefix("pypy") ? "pypy" : "cpython"
        }
    }
}

extension EnvironmentInfo {
    /// `resolve(_:)`, also handing back the pyvenv.cfg at `config` as the
    /// resolution read it (read once for both), and where the python's
    /// chain of links ended when the resolution followed it (nil: missing).
    static func resolveKeepingConfig(_ path: String, config: String, configs read: Resolver.ConfigFiles,
                                     memo: ResolveMemo) throws(VenvError)
        -> (EnvironmentInfo, PyvenvConfig?, followed: String?) {
        var configs = read
        let located = try Resolver.locate(path, configs: &configs, memo: memo)
        var resolver = Resolver(located: located, configs: configs)
        resolver.olderPythons = true
        resolver.memo = memo
        let info = try resolver.resolve()
        return (info, try? resolver.configs.parsed(config), located.followed ?? nil)
    }
}
