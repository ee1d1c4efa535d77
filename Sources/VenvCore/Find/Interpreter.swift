#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// A Python version, `major.minor.micro`.
public struct PythonVersion: Comparable, CustomStringConvertible, Sendable {
    public var major: Int
    public var minor: Int
    public var micro: Int

    public init(_ major: Int, _ minor: Int, _ micro: Int = 0) {
        (self.major, self.minor, self.micro) = (major, minor, micro)
    }

    /// Parses `X.Y` or `X.Y.Z` (anything after Z, such as `rc1`, is ignored).
    public init?(_ text: String) {
        // `X.Y.Z` and `X.Y` (nearly every version read) as numbers, without
        // a string per part; anything else as below, which gives the same
        // for these.
        var numbers = (0, 0, 0)
        var part = 0
        var digits = 0
        var simple = true
        for byte in text.utf8 {
            if byte == UInt8(ascii: "."), digits > 0, part < 2 {
                part += 1
                digits = 0
            } else if byte >= 0x30, byte <= 0x39, digits < 9 {
                let value = Int(byte - 0x30)
                switch part {
                case 0: numbers.0 = numbers.0 * 10 + value
                case 1: numbers.1 = numbers.1 * 10 + value
                default: numbers.2 = numbers.2 * 10 + value
                }
                digits += 1
            } else {
                simple = false
                break
            }
        }
        if simple, digits > 0, part >= 1 {
            self.init(numbers.0, numbers.1, numbers.2)
            return
        }
        // ASCII text (every version written by a tool) split as bytes: the
        // same answer without Character's Unicode tables (`find` reads one
        // version per environment).
        let parts = text.utf8.allSatisfy({ $0 < 0x80 })
            ? text.utf8.split(separator: UInt8(ascii: "."), maxSplits: 2).map {
                String(decoding: $0.prefix { (0x30...0x39).contains($0) }, as: UTF8.self)
            }
            : text.split(separator: ".", maxSplits: 2).map { String($0.prefix { $0.isNumber }) }
        guard parts.count >= 2, let major = Int(parts[0]), let minor = Int(parts[1]) else { return nil }
        self.init(major, minor, parts.count > 2 ? Int(parts[2]) ?? 0 : 0)
    }

    public var description: String { "\(major).\(minor).\(micro)" }
    /// `X.Y`, as in `lib/pythonX.Y`.
    public var short: String { "\(major).\(minor)" }

    public static func < (a: Self, b: Self) -> Bool {
        (a.major, a.minor, a.micro) < (b.major, b.minor, b.micro)
    }
}

/// What creating an environment needs to know about a base interpreter.
public struct Interpreter: Sendable {
    /// The interpreter as it is run: absolute, not resolved through symlinks.
    /// This is what venv calls `sys._base_executable`; its directory becomes
    /// `home` and its name the first file in the environment's `bin/`.
    public var executable: FilePath
    /// `executable` with every symlink resolved: the real binary.
    public var realExecutable: FilePath
    public var version: PythonVersion
    /// `sys.platlibdir` (`lib` before 3.9).
    public var platlibdir: String
    /// `sysconfig.get_config_var("ABIFLAGS")`: `t` marks a free-threaded build.
    public var abiflags: String
    /// The directory of the standard library (where `os.py` is).
    public var stdlib: FilePath
    /// `sys.base_prefix` and `sys.base_exec_prefix`.
    public var prefix: FilePath
    public var execPrefix: FilePath
    /// Whether `site` is Debian's, which adds `dist-packages` directories.
    public var debianSite: Bool
    /// Whether the `ensurepip` module is installed.
    public var hasEnsurepip: Bool
    /// The wheels `ensurepip` would install, in its order (setuptools then
    /// pip up to 3.11, pip alone from 3.12); empty when it has none or one
    /// of them is missing. Debian's ensurepip takes them from
    /// `/usr/share/python-wheels`, 3.13's from `WHEEL_PKG_DIR` when set.
    public var ensurepipWheels: [FilePath]
    /// `sys.implementation.cache_tag` (`cpython-312`) and the bytecode magic
    /// number in hex: which `.pyc` files this interpreter reads.
    public var cacheTag: String
    public var bytecodeMagic: String

    /// The name the interpreter is run by, such as `python3` or `python3.12`.
    public var name: String { executable.name }
    public var isFreeThreaded: Bool { abiflags.contains("t") }
    /// Whether the operating system's package manager installed it under
    /// `/usr` (then a missing ensurepip is a package to install).
    public var isDebianSystemPython: Bool { debianSite && prefix == "/usr" }
}

extension Interpreter {
    /// Finds the base interpreter named by `spec` and learns its facts.
    ///
    /// - `nil`: `python3` on `PATH`.
    /// - a version such as `3.12` or `3`: `python3.12` (`python3`) on `PATH`.
    /// - a name without `/`, such as `python3.12`: searched on `PATH`.
    /// - anything else: a path to an interpreter.
    ///
    /// pyenv shims are resolved to the interpreter they would run; a Python
    /// inside a virtual environment is replaced by the environment's base.
    public static func find(_ spec: String? = nil) throws(VenvError) -> Interpreter {
        let executable = try InterpreterLocator.locate(spec)
        return try facts(for: executable)
    }

    /// The facts of the interpreter at `executable` (absolute), from the
    /// cache when the real binary has not changed, else by asking it once.
    public static func facts(for executable: FilePath) throws(VenvError) -> Interpreter {
        guard let real = FS.realPath(executable), FS.isExecutableFile(real) else {
            throw VenvError(.noPython, executable, "no such Python interpreter",
                            remedy: "check the path or pass --python with another one")
        }
        let cache = InterpreterCache()
        if let cached = cache.load(real: real) {
            return Interpreter(executable: executable, realExecutable: real, answers: cached)
        }
        // 2.7 does not even take `-I`: one older than 3.8 is known by its
        // binary's name and files, without starting it.
        if let (major, minor) = Resolver.shortVersion(binaryName: real.name), (major, minor) < (3, 8) {
            let version = (try? EnvironmentInfo.resolve(real, olderPythons: true))?.version ?? "\(major).\(minor)"
            throw VenvError(.noPython, executable, EnvironmentInfo.unsupported(version),
                            remedy: "pass --python with Python 3.8 or newer")
        }
        let answers = try query(real: real, executable: executable)
        cache.store(real: real, answers: answers)
        return Interpreter(executable: executable, realExecutable: real, answers: answers)
    }

    /// The Python run once per binary to learn what files cannot say (the
    /// full version above all). Written for every Python from 3.6 on.
    static let queryCode = """
        import os, sys, sysconfig
        def out(key, value): sys.stdout.write("%s=%s\\n" % (key, value))
        out("version", "%d.%d.%d" % sys.version_info[:3])
        out("platlibdir", getattr(sys, "platlibdir", "lib"))
        out("abiflags", sysconfig.get_config_var("ABIFLAGS") or "")
        out("stdlib", os.path.dirname(os.__file__))
        out("prefix", sys.base_prefix)
        out("exec_prefix", sys.base_exec_prefix)
        try:
            import site
            out("debian_site", int(any("dist-packages" in p for p in site.getsitepackages())))
        except Exception:
            out("debian_site", 0)
        import importlib.util
        spec = importlib.util.find_spec("ensurepip")
        out("ensurepip", int(spec is not None))
        # The wheels ensurepip itself would pick (its private helpers differ
        # between versions); none at all if one of them is missing.
        picked = []
        try:
            import ensurepip as e
            bundled = os.path.join(os.path.dirname(e.__file__), "_bundled")
            if hasattr(e, "_get_pip_whl_path_ctx"):
                with e._get_pip_whl_path_ctx() as p:
                    picked = [str(p)]
            elif hasattr(e, "_get_packages"):
                for p in e._get_packages().values():
                    picked.append(p.wheel_path or os.path.join(bundled, p.wheel_name))
            else:
                for name, version, tag in e._PROJECTS:
                    picked.append(os.path.join(bundled, "%s-%s-%s-none-any.whl" % (name, version, tag)))
            if not all(os.path.isfile(p) for p in picked):
                picked = []
        except Exception:
            picked = []
        out("ensurepip_wheels", "\t".join(picked))
        out("cache_tag", sys.implementation.cache_tag or "")
        out("magic", importlib.util.MAGIC_NUMBER.hex())
        """

    static func query(real: FilePath, executable: FilePath) throws(VenvError) -> [String: String] {
        // -I: isolated (no PYTHON* variables, no user site, no cwd on sys.path).
        let result = try ChildProcess.run(real, ["-I", "-c", queryCode], environment: ChildProcess.pythonEnvironment())
        var answers: [String: String] = [:]
        for line in result.output.split(separator: "\n") {
            guard let eq = line.firstIndex(of: "=") else { continue }
            answers[String(line[..<eq])] = String(line[line.index(after: eq)...])
        }
        guard result.succeeded, let version = answers["version"].flatMap(PythonVersion.init), version.major == 3 else {
            let detail = result.output.split(separator: "\n").last.map(String.init) ?? "exit status \(result.status)"
            throw VenvError(.noPython, executable, "does not work as a Python 3 interpreter (\(detail))",
                            remedy: "pass --python with another one")
        }
        guard version >= PythonVersion(3, 8) else {
            throw VenvError(.noPython, executable, EnvironmentInfo.unsupported(version.description),
                            remedy: "pass --python with Python 3.8 or newer")
        }
        return answers
    }

    init(executable: FilePath, realExecutable: FilePath, answers: [String: String]) {
        self.executable = executable
        self.realExecutable = realExecutable
        self.version = answers["version"].flatMap(PythonVersion.init) ?? PythonVersion(3, 0)
        self.platlibdir = answers["platlibdir"] ?? "lib"
        self.abiflags = answers["abiflags"] ?? ""
        self.stdlib = FilePath(answers["stdlib"] ?? "")
        self.prefix = FilePath(answers["prefix"] ?? "")
        self.execPrefix = FilePath(answers["exec_prefix"] ?? "")
        self.debianSite = answers["debian_site"] == "1"
        self.hasEnsurepip = answers["ensurepip"] == "1"
        self.ensurepipWheels = (answers["ensurepip_wheels"] ?? "").split(separator: "\t").map { FilePath(String($0)) }
        self.cacheTag = answers["cache_tag"] ?? ""
        self.bytecodeMagic = answers["magic"] ?? ""
    }
}
