/// What the files of a base CPython installation say about it: where its
/// prefixes are, as CPython's getpath would find them, and the build facts
/// that shape `site.getsitepackages()` (from `_sysconfigdata_*.py` and the
/// standard library's `site.py`).
struct BaseInstall: Equatable {
    /// `sys.base_prefix`: the first directory, searching up from the start
    /// directory, that holds `{platlibdir}/pythonX.Y{t}/os.py` (or `os.pyc`).
    var prefix: String
    /// `sys.base_exec_prefix`: the same search for `lib-dynload`, else the
    /// compiled-in `exec_prefix`, as getpath falls back to.
    var execPrefix: String
    /// The standard library directory, `{prefix}/{platlibdir}/pythonX.Y{t}`.
    var stdlib: String
    /// `sys.platlibdir` (3.9+; 3.8 always uses `lib`).
    var platlibdir: String
    /// `sysconfig.get_config_var("ABIFLAGS")`.
    var abiflags: String
    /// Whether `site` is Debian's, adding `dist-packages` directories.
    var debianSite: Bool
    /// `t` on a free-threaded build of 3.13 and later, else empty.
    var abiThread: String

    /// Searches up from `start` as getpath does for Python `major.minor`.
    /// `start` is the directory getpath starts from (pyvenv.cfg's `home`, or
    /// the directory of the real executable); `what` names it in errors.
    static func find(from start: String, major: Int, minor: Int, what: String) throws(VenvError) -> BaseInstall {
        let version = "\(major).\(minor)"
        // getpath knows its platlibdir and ABI_THREAD at compile time; files
        // tell them only once the standard library is found, so try the
        // possible layouts, then check the one found against sysconfigdata.
        let libdirs = (major, minor) >= (3, 9) ? ["lib", "lib64"] : ["lib"]
        let threads = (major, minor) >= (3, 13) ? ["", "t"] : [""]
        var layouts: [(libdir: String, thread: String)] = []
        for thread in threads { for libdir in libdirs { layouts.append((libdir, thread)) } }

        var probe = LibdirProbe()
        guard let (prefix, layout) = searchUp(start, layouts: layouts, version: version, libdirs: &probe) else {
            throw VenvError(.noPython, start,
                            "no parent directory holds Python \(version)'s standard library " +
                            "(lib/python\(version)/os.py), \(what)",
                            remedy: "CPython would fall back to the prefix compiled into it, " +
                                    "which files cannot tell, so the paths cannot be predicted; " +
                                    "check that the base interpreter is still installed")
        }
        var stdlib = PathText.join(prefix, layout.libdir, "python\(version)\(layout.thread)")
        var facts = BuildFacts.of(stdlib: stdlib)
        let data = facts.sysconfig
        var install = BaseInstall(prefix: prefix, execPrefix: prefix, stdlib: stdlib,
                                  platlibdir: (major, minor) >= (3, 9) ? (data?.platlibdir ?? layout.libdir) : "lib",
                                  abiflags: data?.abiflags ?? layout.thread, debianSite: false,
                                  abiThread: "")
        if (major, minor) >= (3, 13), install.abiflags.contains("t") { install.abiThread = "t" }
        if install.platlibdir != layout.libdir || install.abiThread != layout.thread {
            // The build's own layout differs from the first one found: search
            // again for exactly what this build looks for.
            guard let (exact, _) = searchUp(start, layouts: [(install.platlibdir, install.abiThread)], version: version,
                                            libdirs: &probe) else {
                throw VenvError(.noPython, start,
                                "no parent directory holds " +
                                "\(install.platlibdir)/python\(version)\(install.abiThread)/os.py, \(what)",
                                remedy: "the paths cannot be predicted from files")
            }
            install.prefix = exact
            stdlib = PathText.join(exact, install.platlibdir, "python\(version)\(install.abiThread)")
            install.stdlib = stdlib
            facts = BuildFacts.of(stdlib: stdlib)
        }
        let dynload = PathText.join(install.platlibdir, "python\(version)\(install.abiThread)", "lib-dynload")
        if let execPrefix = searchUp(start, where: {
            probe.exists($0, install.platlibdir) && FS.isDirectory(PathText.join($0, dynload))
        }) {
            install.execPrefix = execPrefix
        } else if let compiled = data?.execPrefix {
            install.execPrefix = compiled
        } else {
            throw VenvError(.noPython, start,
                            "no parent directory holds \(dynload), \(what), " +
                            "and \(stdlib) has no sysconfigdata naming the compiled-in exec_prefix",
                            remedy: "the paths cannot be predicted from files")
        }
        install.debianSite = facts.debianSite
        return install
    }

    /// getpath's `search_up`: `start`, then each parent. getpath's own
    /// `dirname` (and 3.8-3.10's `reduce`) cuts at the last `/`, so `/usr`
    /// is followed by the empty string and `/` itself is never searched:
    /// on a merged-/usr system `/lib/python3.11/os.py` exists, yet a copied
    /// python without `home` falls back to its compiled-in prefix.
    static func searchUp(_ start: String, where found: (String) -> Bool) -> String? {
        var directory = start
        while !directory.isEmpty {
            if found(directory) { return directory }
            guard let slash = directory.utf8.lastIndex(of: UInt8(ascii: "/")) else { return nil }
            directory = String(directory[..<slash])
        }
        return nil
    }

    private static func searchUp(_ start: String, layouts: [(libdir: String, thread: String)],
                                 version: String,
                                 libdirs: inout LibdirProbe) -> (String, (libdir: String, thread: String))? {
        var hit: (libdir: String, thread: String)?
        let prefix = searchUp(start) { directory in
            for layout in layouts where libdirs.exists(directory, layout.libdir) {
                let stdlib = PathText.join(directory, layout.libdir, "python\(version)\(layout.thread)")
                if FS.isFile(PathText.join(stdlib, "os.py")) || FS.isFile(PathText.join(stdlib, "os.pyc")) {
                    hit = layout
                    return true
                }
            }
            return false
        }
        guard let prefix, let hit else { return nil }
        return (prefix, hit)
    }
}

/// Whether `{directory}/{libdir}` is a directory, asked once per search:
/// most directories searched (`home` itself, usually `bin/`) have neither
/// `lib` nor `lib64`, and one `stat` then rules out every landmark under it.
struct LibdirProbe {
    private var known: [String: Bool] = [:]

    mutating func exists(_ directory: String, _ libdir: String) -> Bool {
        let path = PathText.join(directory, libdir)
        if let answer = known[path] { return answer }
        let answer = FS.isDirectory(path)
        known[path] = answer
        return answer
    }
}

/// The few build variables read from `_sysconfigdata_*.py`, the file
/// `sysconfig` loads, without running it: each is a `'KEY': 'value'` line.
struct SysconfigData {
    var platlibdir: String?
    var abiflags: String?
    var execPrefix: String?

    static func read(path: String) -> SysconfigData? {
        guard let bytes = FS.readRegularFile(path, limit: 16 << 20) else { return nil }
        return SysconfigData(platlibdir: value(of: "PLATLIBDIR", in: bytes),
                             abiflags: value(of: "ABIFLAGS", in: bytes),
                             execPrefix: value(of: "exec_prefix", in: bytes))
    }

    #if arch(x86_64)
    static let multiarch = "x86_64-linux-gnu"
    #elseif arch(arm64)
    static let multiarch = "aarch64-linux-gnu"
    #elseif arch(i386)
    static let multiarch = "i386-linux-gnu"
    #else
    static let multiarch = ""
    #endif

    /// `_sysconfigdata_{abiflags}_{platform}_{multiarch}.py`: the usual names
    /// first (one open each), else whatever the directory holds.
    static func file(in stdlib: String) -> String? {
        if !multiarch.isEmpty {
            for abiflags in ["", "t", "d", "td"] {
                let candidate = PathText.join(stdlib, "_sysconfigdata_\(abiflags)_linux_\(multiarch).py")
                if FS.isFile(candidate) { return candidate }
            }
        }
        guard let names = try? FS.contents(of: .init(stdlib)) else { return nil }
        return names.filter { $0.hasPrefix("_sysconfigdata_") && $0.hasSuffix(".py") }.min()
            .map { PathText.join(stdlib, $0) }
    }

    /// The string value of `'key': '...'` in the file's dictionary.
    static func value(of key: String, in bytes: [UInt8]) -> String? {
        let needle = Array("'\(key)': '".utf8)
        guard let at = bytes.firstRange(of: needle) else { return nil }
        let start = at + needle.count
        guard let end = bytes[start...].firstIndex(of: UInt8(ascii: "'")) else { return nil }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}

/// Facts about the standard library's `site` module.
enum SiteModule {
    /// Debian patches `site.py` to add `dist-packages` directories; from 3.11
    /// on, site is frozen into the binary, compiled from this same file.
    static func isDebian(sitePath: String) -> Bool {
        guard let bytes = FS.readRegularFile(sitePath) else { return false }
        return bytes.firstRange(of: "dist-packages".utf8) != nil
    }
}
