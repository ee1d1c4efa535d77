import SystemPackage

extension EnvironmentInfo {
    /// Predicts, from files alone and without starting Python, what CPython
    /// computes at start-up for `path`: an environment directory (or its
    /// pyvenv.cfg), a python inside one, or a base interpreter.
    ///
    /// The steps are CPython's own: `site.py` finds pyvenv.cfg beside the
    /// executable or one directory up and makes the directory above `bin/`
    /// the prefix; getpath searches up from pyvenv.cfg's `home` (3.8-3.10:
    /// from the real executable unless its own pyvenv.cfg names a home) for
    /// the standard library; `site.getsitepackages()` joins the prefixes with
    /// the build's platlibdir, ABI flags and, on Debian, `dist-packages`.
    ///
    /// Throws `.notVenv` when `path` is neither an environment nor an
    /// interpreter (or its pyvenv.cfg cannot be read), `.noPython` when the
    /// base installation cannot be found from the files (CPython would then
    /// fall back to a prefix compiled into its binary, which files cannot
    /// tell) or the version is unsupported, `.invalid` for an empty path.
    /// These are the C ABI's `venv_resolve` codes.
    public static func resolve(_ path: FilePath) throws(VenvError) -> EnvironmentInfo {
        try resolve(path, olderPythons: false)
    }

    /// `resolve(_:)`, taking 2.7 and 3.0-3.7 too when `olderPythons` (for `find`).
    static func resolve(_ path: FilePath, olderPythons: Bool,
                        memo: ResolveMemo? = nil) throws(VenvError) -> EnvironmentInfo {
        var configs = Resolver.ConfigFiles()
        let located = try Resolver.locate(path.string, configs: &configs, memo: memo)
        var resolver = Resolver(located: located, configs: configs)
        resolver.olderPythons = olderPythons
        resolver.memo = memo
        return try resolver.resolve()
    }

    /// The message for a Python older than 3.8, which `find` reports (with
    /// its version and paths) but nothing creates environments from.
    public static func unsupported(_ version: String) -> String {
        "Python \(version) is older than 3.8, the oldest swift-venv creates environments from"
    }
}

/// One resolution, step by step.
struct Resolver {
    static let configName = "pyvenv.cfg"

    /// `sys.executable`: absolute, symlinks kept.
    let executable: String
    /// Whether the user named an environment (directory or pyvenv.cfg)
    /// rather than an interpreter.
    let namedEnvironment: Bool

    /// The pyvenv.cfg files read so far.
    var configs: ConfigFiles

    /// `executable` with its chain of links followed, when `locate` already
    /// followed it.
    let followedByLocate: String??
    /// Whether that chain, followed normalizing each step (3.11+), ends at
    /// the same path (`FS.followLinks(_:reading:alreadyNormal:)`).
    let followedAlreadyNormal: Bool

    /// Whether 2.7 and 3.0-3.7 are resolved too, as `find` reports them;
    /// `info` and creation take 3.8 and newer only.
    var olderPythons = false

    /// What the resolutions of one `find` share (nil: nothing shared).
    var memo: ResolveMemo?

    init(located: Located, configs: ConfigFiles) {
        executable = located.executable
        namedEnvironment = located.namedEnvironment
        followedByLocate = located.followed
        followedAlreadyNormal = located.alreadyNormal
        self.configs = configs
    }

    /// What `locate` found: the python, whether an environment was named,
    /// and (when it looked) the python's chain of links followed.
    typealias Located = (executable: String, namedEnvironment: Bool, followed: String??, alreadyNormal: Bool)

    /// The python `path` stands for: itself, or an environment's `bin/python`.
    static func locate(_ path: String, configs: inout ConfigFiles,
                       memo: ResolveMemo? = nil) throws(VenvError) -> Located {
        guard !path.isEmpty, !path.utf8.contains(0) else {
            throw VenvError(.invalid, nil, "'\(path)': not a path",
                            remedy: "name an environment directory or a Python interpreter")
        }
        let absolute = try FS.absolute(path)
        // The usual case first: an environment directory, known by its
        // pyvenv.cfg without a stat of the directory itself.
        if configs.read(PathText.join(absolute, configName)) != nil {
            return environmentPython(absolute, memo: memo)
        }
        switch FS.kind(absolute, followingLinks: true) {
        case .directory:
            // site.py also takes a pyvenv.cfg beside bin/python.
            guard configs.read(PathText.join(absolute, "bin", configName)) != nil else {
                throw VenvError(.notVenv, absolute,
                                "is a directory without pyvenv.cfg, so it is not a virtual environment",
                                remedy: "name an environment directory (one holding pyvenv.cfg) " +
                                        "or a Python interpreter")
            }
            return environmentPython(absolute)
        case .file where PathText.basename(absolute) == configName:
            return environmentPython(PathText.dirname(absolute))
        case .file:
            guard FS.isExecutableFile(absolute) else {
                throw VenvError(.notVenv, absolute,
                                "is not an executable file, so it is neither an environment nor a Python interpreter",
                                remedy: "name an environment directory or an interpreter")
            }
            return (absolute, false, nil, false)
        case .missing:
            throw VenvError(.notVenv, absolute, "no such file or directory",
                            remedy: "name an existing environment directory or Python interpreter")
        case .other, .symlink:   // never .symlink: links are followed
            throw VenvError(.notVenv, absolute, "is neither a directory nor a regular file",
                            remedy: "name an environment directory or a Python interpreter")
        }
    }

    /// `ENV/bin/python` (or `python3` where only that exists): what runs
    /// when the environment is activated and `python` is typed.
    /// Its links are followed on the way, which also tells whether it exists.
    static func environmentPython(_ environment: String, memo: ResolveMemo? = nil) -> Located {
        var normal = false
        func follow(_ path: String) -> String? {
            if let memo { return memo.followLinks(path, alreadyNormal: &normal) }
            return FS.followLinks(path, reading: nil, alreadyNormal: &normal)
        }
        let python = PathText.join(environment, "bin", "python")
        if let followed = follow(python) {
            return (python, true, .some(followed), normal)
        }
        let python3 = PathText.join(environment, "bin", "python3")
        if let followed = follow(python3) {
            return (python3, true, .some(followed), normal)
        }
        return (python, true, .some(nil), false)
    }

    mutating func resolve() throws(VenvError) -> EnvironmentInfo {
        let executableDirectory = PathText.dirname(executable)
        let sitePrefix = PathText.dirname(executableDirectory)

        // 1. site.venv(): pyvenv.cfg beside the executable, then one up.
        var config: PyvenvConfig?
        for path in [PathText.join(executableDirectory, Self.configName), PathText.join(sitePrefix, Self.configName)]
        where configs.read(path) != nil {
            config = try configs.parsed(path)
            break
        }
        if namedEnvironment && config == nil {
            throw VenvError(.notVenv, executable, "has no pyvenv.cfg beside it or one directory up",
                            remedy: "the environment is incomplete; recreate it")
        }

        // 2. The version X.Y: the real binary's name, else pyvenv.cfg's.
        func follow(_ path: String, normalizing: Bool = false) -> String? {
            memo.map { $0.followLinks(path, normalizing: normalizing) } ?? FS.followLinks(path, normalizing: normalizing)
        }
        let followed = followedByLocate ?? follow(executable)
        guard let (major, minor) = Self.shortVersion(binaryName: followed.map(PathText.basename))
                ?? config?.version.flatMap(PythonVersion.init).map({ ($0.major, $0.minor) }) else {
            if config == nil, InterpreterLocator.isPyenvShim(FilePath(executable)) {
                throw VenvError(.noPython, executable, "is a pyenv shim, a script that picks an interpreter when run",
                                remedy: "name the interpreter itself, such as the path `pyenv which python3` prints")
            }
            throw VenvError(.noPython, executable,
                            "neither the name of the real binary (\(followed ?? "missing")) " +
                            "nor a pyvenv.cfg tells the Python version",
                            remedy: "the paths cannot be predicted from files")
        }
        // 3.11+ (getpath.py) follows the executable's chain of links,
        // normalizing each step; 3.8-3.10 follow it without normalizing.
        let real = (major, minor) >= (3, 11) && !(followedByLocate != nil && followedAlreadyNormal)
            ? follow(executable, normalizing: true) : followed
        guard (major, minor) >= (3, 8) || (olderPythons && (major == 3 || (major, minor) == (2, 7))) else {
            throw VenvError(.noPython, executable, "Python \(major).\(minor) is not supported",
                            remedy: "swift-venv resolves Python 3.8 and newer")
        }
        // Before 3.3, neither site.py nor getpath reads pyvenv.cfg: what an
        // environment of 2.7 is depends on the site.py virtualenv put in it.
        if (major, minor) < (3, 3), config != nil {
            throw VenvError(.noPython, executable,
                            "is Python \(major).\(minor), whose environments' paths are set by their own site.py",
                            remedy: "the paths cannot be predicted from files")
        }

        // 3. getpath: where the base installation is searched from.
        let getpathHome = try Self.getpathHome(executable: executable, real: real, major: major, minor: minor,
                                               configs: &configs)
        let start = getpathHome ?? PathText.dirname(real ?? executable)
        let what = getpathHome != nil ? "searched from pyvenv.cfg's home" : "searched from the interpreter's directory"
        let base = if let memo { try memo.base(from: start, major: major, minor: minor, what: what) }
                   else { try BaseInstall.find(from: start, major: major, minor: minor, what: what) }

        // 4. The prefixes, as site.py leaves them.
        let prefix = config != nil ? sitePrefix : base.prefix
        let execPrefix = config != nil ? sitePrefix : base.execPrefix
        let isVenv = prefix != base.prefix
        let includeSystem = config?.includeSystemSitePackages ?? true
        var prefixes = [prefix]
        if config == nil { prefixes.append(execPrefix) }
        else if includeSystem { prefixes += [base.prefix, base.execPrefix] }

        // 5. The version X.Y.Z: pyvenv.cfg's when it is this Python's.
        let version: String
        if let written = config?.version.flatMap(PythonVersion.init), written.major == major, written.minor == minor {
            version = written.description
        } else if let found = BuildFacts.version(stdlib: base.stdlib, compute: {
            MicroVersion.find(base, major: major, minor: minor, realExecutable: real)
        }) {
            version = found
        } else {
            throw VenvError(.noPython, base.prefix,
                            "neither pyvenv.cfg, include/python\(major).\(minor)/patchlevel.h " +
                            "nor the binary tells Python \(major).\(minor)'s full version")
        }

        let short = "\(major).\(minor)"
        let threaded = short + base.abiThread
        let platlibdir = (major, minor) >= (3, 9) ? base.platlibdir : "lib"
        return EnvironmentInfo(
            prefix: prefix, execPrefix: execPrefix,
            basePrefix: base.prefix, baseExecPrefix: base.execPrefix,
            sitePackages: Self.sitePackages(prefixes: prefixes, short: short, threaded: threaded,
                                            platlibdir: platlibdir, debian: base.debianSite, isVenv: isVenv,
                                            major: major, minor: minor),
            version: version,
            includeSystemSitePackages: includeSystem,
            home: config?.home,
            executable: executable,
            baseExecutable: Self.baseExecutable(executable: executable, real: real, getpathHome: getpathHome,
                                                major: major, minor: minor),
            isVenv: isVenv,
            prompt: config?.prompt,
            purelib: PathText.normpath(PathText.join(prefix, "lib", "python\(threaded)", "site-packages")),
            platlib: PathText.normpath(PathText.join(execPrefix, platlibdir, "python\(threaded)", "site-packages")),
            scripts: PathText.normpath(PathText.join(prefix, "bin")),
            include: PathText.normpath(PathText.join(base.prefix, "include", "python\(short)\(base.abiflags)"))
        )
    }

    /// The pyvenv.cfg files one resolution reads, each read and parsed once
    /// (site.py and getpath usually read the same file). A resolution reads
    /// two or three: a list searched by path costs less than hashing each.
    struct ConfigFiles {
        private var files: [(path: String, bytes: [UInt8]?, config: PyvenvConfig?)] = []

        private func index(_ path: String) -> Int? { files.firstIndex { $0.path == path } }

        /// The file's bytes, or nil when it cannot be opened.
        mutating func read(_ path: String) -> [UInt8]? {
            if let at = index(path) { return files[at].bytes }
            let read = FS.readRegularFile(path)
            files.append((path, read, nil))
            return read
        }

        /// Takes `bytes` as the file's, read by the caller in the same call.
        mutating func keep(_ path: String, _ bytes: [UInt8]) {
            if let at = index(path) { files[at] = (path, bytes, nil) } else { files.append((path, bytes, nil)) }
        }

        mutating func parsed(_ path: String) throws(VenvError) -> PyvenvConfig {
            if let at = index(path), let known = files[at].config { return known }
            guard let bytes = read(path), let at = index(path) else {
                throw VenvError(.notVenv, path, "cannot be read (or is larger than 1 MiB)",
                                remedy: "check its permissions")
            }
            let config = try PyvenvConfig(parsing: bytes, path: FilePath(path))
            files[at].config = config
            return config
        }
    }

    /// `X.Y` from a binary named `pythonX.Y` (an ABI suffix such as `t` allowed).
    /// Read on the bytes (once per record in `find`): `X` as `Int` reads it
    /// (a sign allowed), `Y` ASCII digits, the suffix ASCII lower-case letters.
    static func shortVersion(binaryName name: String?) -> (Int, Int)? {
        guard var name else { return nil }
        return name.withUTF8 { bytes -> (Int, Int)? in
            let digits = UInt8(ascii: "0")...UInt8(ascii: "9")
            guard bytes.starts(with: "python".utf8) else { return nil }
            let rest = bytes[6...]
            guard let dot = rest.firstIndex(of: UInt8(ascii: ".")),
                  let major = Int(String(decoding: rest[..<dot], as: UTF8.self)) else { return nil }
            let minorEnd = rest[(dot + 1)...].firstIndex { !digits.contains($0) } ?? rest.endIndex
            guard minorEnd > dot + 1, let minor = Int(String(decoding: rest[(dot + 1)..<minorEnd], as: UTF8.self)),
                  rest[minorEnd...].allSatisfy({ (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) }) else {
                return nil
            }
            return (major, minor)
        }
    }

    /// The `home` getpath itself takes from pyvenv.cfg, which is not always
    /// the one site.py reads: 3.11+ (getpath.py) looks one directory above
    /// the executable's first, then beside it, and takes the first `home`;
    /// 3.8-3.10 (getpath.c) look beside the *real* executable, then one up,
    /// and accept only a `home = value` line with spaces around `=`.
    static func getpathHome(executable: String, real: String?, major: Int, minor: Int,
                            configs: inout ConfigFiles) throws(VenvError) -> String? {
        // getpath reads pyvenv.cfg from 3.3 on (PEP 405).
        if (major, minor) < (3, 3) { return nil }
        if (major, minor) >= (3, 11) {
            let directory = PathText.dirname(executable)
            for candidate in [PathText.join(PathText.dirname(directory), configName),
                              PathText.join(directory, configName)] {
                guard let bytes = configs.read(candidate) else { continue }
                if let refused = configRefused(candidate, size: bytes.count, major: major, minor: minor) {
                    throw refused
                }
                return try configs.parsed(candidate).entries.first { $0.key == "home" }?.value
            }
            return nil
        }
        let argv0 = PathText.dirname(real ?? executable)
        for candidate in [PathText.join(argv0, configName), PathText.join(PathText.dirname(argv0), configName)] {
            guard let bytes = configs.read(candidate) else { continue }
            return legacyHome(bytes)
        }
        return nil
    }

    /// The most bytes of pyvenv.cfg getpath reads: 3.11+ (getpath.py's
    /// `readlines`, in C) reads a file into a buffer of 32 KiB and fails
    /// with "cannot read file larger than 32KB during initialization" when
    /// the buffer is full, which stops Python's start ("Fatal Python error:
    /// error evaluating path"). 3.8-3.10 (getpath.c) read it line by line,
    /// without a limit.
    static let getpathConfigLimit = 32 * 1024

    /// Why the Python X.Y that runs for an environment refuses its
    /// pyvenv.cfg of `size` bytes; nil when it reads it. `info`, `find` and
    /// `doctor` say the same.
    static func configRefused(_ path: String, size: Int, major: Int, minor: Int) -> VenvError? {
        guard (major, minor) >= (3, 11), size >= getpathConfigLimit else { return nil }
        return VenvError(.notVenv, path,
                         "is \(size) bytes: Python \(major).\(minor) refuses to start with a pyvenv.cfg of " +
                         "\(getpathConfigLimit) bytes or more (3.11 and newer read at most 32 KiB of it)",
                         remedy: "remove the lines that are not CPython's or its creator's (keep home, " +
                                 "include-system-site-packages and version), so that it is shorter than " +
                                 "\(getpathConfigLimit) bytes")
    }

    /// getpath.c's `_Py_FindEnvConfigValue(..., "home")` (3.8-3.10): whole
    /// lines only (a last line without a newline is ignored), `#` comments
    /// skipped, tokens `home`, `=` then the rest of the line.
    static func legacyHome(_ bytes: [UInt8]) -> String? {
        var start = 0
        while let newline = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) {
            let line = Array(bytes[start...newline])
            start = newline + 1
            if line.first == UInt8(ascii: "#") { continue }
            var state = 0
            guard let key = strtok(line, &state, delimiters: " \t\r\n"), key == Array("home".utf8),
                  let equals = strtok(line, &state, delimiters: " \t"), equals == [UInt8(ascii: "=")],
                  let value = strtok(line, &state, delimiters: "\r\n") else { continue }
            return String(decoding: value, as: UTF8.self)
        }
        return nil
    }

    /// `wcstok`: skips leading delimiters, returns the token up to the next
    /// delimiter and moves `state` past that delimiter.
    private static func strtok(_ line: [UInt8], _ state: inout Int, delimiters: String) -> [UInt8]? {
        let set = Array(delimiters.utf8)
        while state < line.count, set.contains(line[state]) { state += 1 }
        guard state < line.count else { return nil }
        let begin = state
        while state < line.count, !set.contains(line[state]) { state += 1 }
        let token = Array(line[begin..<state])
        if state < line.count { state += 1 }
        return token
    }

    /// `sys._base_executable`. 3.8-3.10 on Linux: the executable itself.
    /// 3.11+ in an environment whose pyvenv.cfg has a home: the real binary
    /// when the executable is a symlink, else the same name in `home`, else
    /// `python3` or `pythonX.Y` there if that exists.
    static func baseExecutable(executable: String, real: String?, getpathHome: String?, major: Int,
                               minor: Int) -> String {
        guard (major, minor) >= (3, 11), let home = getpathHome else { return executable }
        if let real, real != executable { return real }
        let name = PathText.basename(executable)
        let same = PathText.join(home, name)
        if FS.isFile(same) { return same }
        for candidate in ["python\(major)", "python\(major).\(minor)"] where candidate != name {
            let path = PathText.join(home, candidate)
            if FS.isFile(path) { return path }
        }
        return same
    }

    /// `site.getsitepackages()` for these prefixes (duplicates dropped):
    /// before 3.9 always under `lib`; up to 3.4 also `lib/site-python`;
    /// Debian's 2.7 site.py, not read here, left unknown (empty).
    static func sitePackages(prefixes: [String], short: String, threaded: String, platlibdir: String,
                             debian: Bool, isVenv: Bool, major: Int, minor: Int) -> [String] {
        if debian && major == 2 { return [] }
        let sitePython = (major, minor) < (3, 5)
        let libdirs = (major, minor) < (3, 9) || platlibdir == "lib" ? ["lib"] : [platlibdir, "lib"]
        let pythonShort = "python" + short, pythonThreaded = "python" + threaded
        var seen: [String] = []
        var paths: [String] = []
        paths.reserveCapacity(4 * prefixes.count)
        for prefix in prefixes where !prefix.isEmpty && !seen.contains(prefix) {
            seen.append(prefix)
            if debian {
                if isVenv { paths.append(PathText.join(prefix, "lib", pythonShort, "site-packages")) }
                paths.append(PathText.join(prefix, "local/lib", pythonShort, "dist-packages"))
                paths.append(PathText.join(prefix, "lib", "python3", "dist-packages"))
                for libdir in libdirs { paths.append(PathText.join(prefix, libdir, pythonShort, "dist-packages")) }
            } else {
                for libdir in libdirs {
                    paths.append(PathText.join(prefix, libdir, pythonThreaded, "site-packages"))
                }
                if sitePython { paths.append(PathText.join(prefix, "lib", "site-python")) }
            }
        }
        return paths
    }
}
