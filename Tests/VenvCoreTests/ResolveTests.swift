#if canImport(Glibc)
import Glibc
#endif
import Testing
import SystemPackage
@testable import VenvCore

@Suite struct PathTextTests {
    // Expected values are posixpath's.
    @Test(arguments: [("/a/b", "/a"), ("/a", "/"), ("/", "/"), ("a", ""), ("/a/b/", "/a/b"), ("//a", "//"), ("a/b", "a")])
    func dirname(path: String, expected: String) {
        #expect(PathText.dirname(path) == expected)
    }

    // PathText.parent is FilePath.removeLastComponent on the text (nil where it gives false).
    @Test(arguments: ["/a/b", "/a", "/", "/a/b/c", "/a b/c\nd", "/中文/x"])
    func parent(path: String) {
        var expected = FilePath(path)
        let removed = expected.removeLastComponent()
        #expect(PathText.parent(FilePath(path)) == (removed ? expected : nil))
    }

    // posixpath.join for relative parts: an empty start adds no `/`
    // (dirname of a bare name is "", and "" joined with "x" is "x", not "/x").
    @Test(arguments: [("", ["x"], "x"), ("", ["", "x"], "x"), ("", ["a", "b"], "a/b"), ("a", ["b"], "a/b"),
                      ("a/", ["b"], "a/b"), ("/", ["b"], "/b"), ("a", [""], "a/"), ("a", ["b", "c"], "a/b/c")])
    func join(start: String, parts: [String], expected: String) {
        #expect(parts.dropFirst().reduce(PathText.join(start, parts[0])) { PathText.join($0, $1) } == expected)
        if parts.count == 2 { #expect(PathText.join(start, parts[0], parts[1]) == expected) }
    }

    @Test(arguments: [("/a/./b/../c", "/a/c"), ("/../a", "/a"), ("a/../../b", "../b"), ("//a//b/", "//a/b"), ("///a", "/a"), ("", ".")])
    func normpath(path: String, expected: String) {
        #expect(PathText.normpath(path) == expected)
    }

    @Test func searchUpNeverReachesRoot() {
        var seen: [String] = []
        _ = BaseInstall.searchUp("/usr/bin/") { seen.append($0); return false }
        #expect(seen == ["/usr/bin/", "/usr/bin", "/usr"])
    }
}

@Suite struct GetpathConfigTests {
    func home(_ text: String) -> String? { Resolver.legacyHome(Array(text.utf8)) }

    // getpath.c (3.8-3.10) reads only `home = value` lines that end in a newline.
    @Test func legacyHomeNeedsSpacesAndNewline() {
        #expect(home("home = /usr/bin\n") == "/usr/bin")
        #expect(home("home\t=\t/usr/bin\r\n") == "/usr/bin")
        #expect(home("home=/usr/bin\n") == nil)
        #expect(home("home =/usr/bin\n") == nil)
        #expect(home("Home = /usr/bin\n") == nil)
        #expect(home("home = /usr/bin") == nil)
        #expect(home("#x\nhome = /a b\nhome = /c\n") == "/a b")
        #expect(home("home =  /usr/bin\n") == " /usr/bin")
    }

    @Test(arguments: [("python3.11", true), ("python3.13t", true), ("python3", false), ("python", false),
                      ("python3.11-config", false), ("pypy3.10", false), ("python3.11d", true),
                      ("python3.", false), ("python.11", false), ("python3.11.1", false), ("python3.1x1", false),
                      ("python3.11T", false), ("python3.99999999999999999999", false)])
    func versionFromBinaryName(name: String, versioned: Bool) {
        #expect((Resolver.shortVersion(binaryName: name) != nil) == versioned)
    }

    // site.py's getsitepackages(): `lib/site-python` up to 3.4 (2.7's is
    // checked against the real 2.7 in Tests/find); Debian's 2.7 left unknown.
    @Test(arguments: [(2, 7, ["/p/lib/python2.7/site-packages", "/p/lib/site-python"]),
                      (3, 4, ["/p/lib/python3.4/site-packages", "/p/lib/site-python"]),
                      (3, 5, ["/p/lib/python3.5/site-packages"])])
    func sitePackagesOfOlderPythons(major: Int, minor: Int, expected: [String]) {
        let short = "\(major).\(minor)"
        #expect(Resolver.sitePackages(prefixes: ["/p", "/p"], short: short, threaded: short, platlibdir: "lib",
                                      debian: false, isVenv: false, major: major, minor: minor) == expected)
        #expect(Resolver.sitePackages(prefixes: ["/p"], short: short, threaded: short, platlibdir: "lib",
                                      debian: true, isVenv: false, major: major, minor: minor).isEmpty == (major == 2))
    }

    @Test func sysconfigValues() {
        let text = Array("build_time_vars = {'ABIFLAGS': 't',\n 'PLATLIBDIR': 'lib64',\n 'exec_prefix': '/opt/py'}\n".utf8)
        #expect(SysconfigData.value(of: "ABIFLAGS", in: text) == "t")
        #expect(SysconfigData.value(of: "PLATLIBDIR", in: text) == "lib64")
        #expect(SysconfigData.value(of: "exec_prefix", in: text) == "/opt/py")
        #expect(SysconfigData.value(of: "MISSING", in: text) == nil)
    }

    @Test func microVersion() {
        #expect(MicroVersion.fromHeader(Array("#define PY_VERSION              \"3.13.0rc1\"\n".utf8), short: "3.13") == "3.13.0")
        let binary: [UInt8] = Array("x\u{0}3.11.\u{0}3.11.7abc(\u{0}3.11.7\u{0}y".utf8)
        #expect(MicroVersion.fromBinary(binary, short: "3.11") == "3.11.7")
        #expect(MicroVersion.fromBinary(Array("\u{0}3.12.1+\u{0}".utf8), short: "3.12") == "3.12.1")
        #expect(MicroVersion.fromBinary(Array("3.11.7".utf8), short: "3.11") == nil)
    }
}

@Suite struct JSONTests {
    @Test func escapesLikeJSONDumps() {
        #expect(JSONObject.quote("a\"b\\c") == #""a\"b\\c""#)
        #expect(JSONObject.quote("\n\r\t\u{8}\u{C}\u{1}\u{1F}") == #""\n\r\t\b\f\u0001\u001f""#)
        // DEL and the C1 controls too (a terminal obeys U+009B as CSI); é (U+00E9) is no control.
        #expect(JSONObject.quote("☕ é \u{7F}\u{80}\u{9B}\u{9F}\u{A0}") == "\"☕ é \\u007f\\u0080\\u009b\\u009f\u{A0}\"")
    }

    @Test func terminalTextEscapesEveryControlCharacter() {
        #expect(TerminalText.escaped("/home/ümlaut proj") == "/home/ümlaut proj")
        #expect(TerminalText.escaped("\u{1B}]0;x\u{7}\u{1B}[2J\u{9B}1m\u{7F}\u{0}") == #"\x1b]0;x\x07\x1b[2J\x9b1m\x7f\x00"#)
        #expect(TerminalText.escaped("a\tb\nc\rd\\x") == #"a\tb\nc\rd\x"#)
        #expect(TerminalText.escaped("l1\nl2\u{1B}\n", keepingLineBreaks: true) == "l1\nl2\\x1b\n")
        #expect(ActivationScripts.firstControl(in: "ok\u{85}") == "U+0085")
    }

    @Test func objectShape() {
        var object = JSONObject()
        object["a"] = .strings(["x", "y"])
        object["b"] = .null
        object["c"] = .bool(false)
        object["a"] = .strings([])
        #expect(object.text == #"{"b": null, "c": false, "a": []}"#)
    }
}

/// Resolution against installations built in a temporary directory, for the
/// layouts no interpreter on the test machine has (lib64, free-threaded).
@Suite final class SyntheticInstallTests {
    let root: String

    init() {
        var template = Array("/tmp/resolve-tests-XXXXXX".utf8CString)
        root = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
    }

    deinit { try? Removal.removeTree(FilePath(root)) }

    func write(_ path: String, _ text: String, mode: mode_t = 0o644) {
        var directory = ""
        for part in PathText.dirname(path).split(separator: "/") {
            directory += "/" + part
            mkdir(directory, 0o755)
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode)
        _ = text.withCString { Glibc.write(fd, $0, strlen($0)) }
        close(fd)
    }

    /// A base installation at root/base whose binary is bin/pythonX.Y.
    func install(_ version: String, libdir: String = "lib", abiflags: String = "", micro: String = "4") -> String {
        let base = root + "/base"
        let stdlib = "\(base)/\(libdir)/python\(version)\(abiflags.contains("t") ? "t" : "")"
        write("\(stdlib)/os.py", "")
        mkdir("\(stdlib)/lib-dynload", 0o755)
        write("\(stdlib)/_sysconfigdata_\(abiflags)_linux_\(SysconfigData.multiarch).py",
              "build_time_vars = {'ABIFLAGS': '\(abiflags)', 'PLATLIBDIR': '\(libdir)', 'exec_prefix': '\(base)'}\n")
        write("\(base)/include/python\(version)\(abiflags)/patchlevel.h", "#define PY_VERSION \"\(version).\(micro)\"\n")
        write("\(base)/bin/python\(version)", "#!/bin/sh\n", mode: 0o755)
        return base
    }

    func makeVenv(_ base: String, _ version: String, cfg: String) -> String {
        let env = root + "/env"
        write("\(env)/pyvenv.cfg", cfg)
        mkdir("\(env)/bin", 0o755)
        symlink("\(base)/bin/python\(version)", "\(env)/bin/python")
        return env
    }

    @Test func lib64Platlibdir() throws {
        let base = install("3.12", libdir: "lib64")
        let info = try EnvironmentInfo.resolve(FilePath("\(base)/bin/python3.12"))
        #expect(info.prefix == base && info.execPrefix == base && !info.isVenv)
        #expect(info.sitePackages == ["\(base)/lib64/python3.12/site-packages", "\(base)/lib/python3.12/site-packages"])
        #expect(info.platlib == "\(base)/lib64/python3.12/site-packages")
        #expect(info.purelib == "\(base)/lib/python3.12/site-packages")
        #expect(info.version == "3.12.4")
    }

    @Test func freeThreaded() throws {
        let base = install("3.13", abiflags: "t")
        let env = makeVenv(base, "3.13", cfg: "home = \(base)/bin\ninclude-system-site-packages = true\nversion = 3.13.1\n")
        let info = try EnvironmentInfo.resolve(FilePath(env))
        #expect(info.sitePackages == ["\(env)/lib/python3.13t/site-packages", "\(base)/lib/python3.13t/site-packages"])
        #expect(info.include == "\(base)/include/python3.13t")
        #expect(info.version == "3.13.1")
        #expect(info.baseExecutable == "\(base)/bin/python3.13")
    }

    @Test func python38HardCodesLib() throws {
        let base = install("3.8", libdir: "lib")
        let env = makeVenv(base, "3.8", cfg: "home = \(base)/bin\nversion = 3.8.18\nprompt = 'x'\n")
        let info = try EnvironmentInfo.resolve(FilePath(env + "/bin/python"))
        #expect(info.sitePackages == ["\(env)/lib/python3.8/site-packages", "\(base)/lib/python3.8/site-packages"])
        #expect(info.baseExecutable == env + "/bin/python")
        #expect(info.prompt == "x" && info.includeSystemSitePackages)
    }

    @Test func stalePyvenvVersionYieldsToTheBase() throws {
        let base = install("3.12", micro: "9")
        let env = makeVenv(base, "3.12", cfg: "home = \(base)/bin\nversion = 3.11.2\n")
        #expect(try EnvironmentInfo.resolve(FilePath(env)).version == "3.12.9")
    }

    @Test func errorsNameThePathAndTheReason() {
        let plain = root + "/plain"
        mkdir(plain, 0o755)
        func code(_ path: String) -> VenvError.Code? {
            do { _ = try EnvironmentInfo.resolve(FilePath(path)); return nil } catch { return error.code }
        }
        #expect(code(plain) == .notVenv)
        #expect(code(root + "/missing") == .notVenv)
        write(root + "/text", "not python")
        #expect(code(root + "/text") == .notVenv)
        #expect(code("/dev/null") == .notVenv)
        #expect(code("") == .invalid)
        // A copied python with no home and no standard library above it.
        write("\(root)/orphan/pyvenv.cfg", "version = 3.12.1\n")
        write("\(root)/orphan/bin/python", "#!/bin/sh\n", mode: 0o755)
        #expect(code("\(root)/orphan") == .noPython)
        do {
            _ = try EnvironmentInfo.resolve(FilePath("\(root)/orphan"))
        } catch {
            #expect(error.message.contains("\(root)/orphan/bin") && error.message.contains("compiled into it"))
        }
    }
}

@Suite struct NormpathFastPathTests {
    @Test(arguments: ["/a/b", "/", "a", "/a/.b", "/a/b..", "/.a", "a.", "/a/..b/c", ".", "..", "/a/.", "/a/..", "./a", "../a",
                      "/a//b", "/a/", "a/./b", "/a/../b", "//a", "///a", "", "/..", "/."])
    func fastPathAgreesWithTheFullAlgorithm(path: String) {
        #expect(PathText.normpath(path) == PathText.normalizing(path))
        #expect(!PathText.isNormal(path) || PathText.normalizing(path) == path)
    }
}

@Suite struct PyvenvConfigBytesTests {
    @Test func linesEndInLFCRorCRLFAndValuesKeepUTF8() throws {
        let config = try PyvenvConfig(parsing: Array("a = 1\r\nB = 2\rc=3\n\n =x\nprompt = ' ☕ é '\t\u{B}\n".utf8), path: "/x/pyvenv.cfg")
        #expect(config.entries.map(\.key) == ["a", "b", "c", "", "prompt"])
        #expect(config.entries.map(\.value) == ["1", "2", "3", "x", "' ☕ é '"])
        #expect(config.prompt == " ☕ é ")
    }
}
