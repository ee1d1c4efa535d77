#if canImport(Glibc)
import Glibc
#endif
import SystemPackage
import Testing
@testable import VenvCore

/// A stand-in "python": a shell script that answers swift-venv's one
/// question with fixed facts and counts how often it is asked.
func fakeInterpreter(in scratch: Scratch, ensurepip: Bool, debian: Bool) throws -> (python: FilePath, count: FilePath) {
    let count = scratch("asked")
    let python = scratch("fakebin/python3.11")
    try FS.makeDirectories(scratch("fakebin"))
    try FS.writeFile(python, """
        #!/bin/sh
        echo asked >> '\(count)'
        echo version=3.11.2
        echo platlibdir=lib
        echo abiflags=
        echo stdlib=/usr/lib/python3.11
        echo prefix=\(debian ? "/usr" : "/opt/py")
        echo exec_prefix=\(debian ? "/usr" : "/opt/py")
        echo debian_site=\(debian ? 1 : 0)
        echo ensurepip=\(ensurepip ? 1 : 0)

        """, mode: 0o755)
    return (python, count)
}

func timesAsked(_ count: FilePath) -> Int {
    guard let bytes = try? FS.readFile(count) else { return 0 }
    return bytes.filter { $0 == UInt8(ascii: "\n") }.count
}

@Suite("Base interpreters")
struct InterpreterTests {
    @Test func debianWithoutEnsurepipNamesTheAptPackageAndWritesNothing() throws {
        let s = Scratch()
        let fake = try fakeInterpreter(in: s, ensurepip: false, debian: true)
        try FS.makeDirectory(s("work"))
        let before = try tree(s("work"))
        let r = try runSwiftVenv(["--python", fake.python.string, "env"], in: s("work"),
                                 environment: ["SWIFT_VENV_CACHE_DIR=\(s("cache"))"])
        #expect(r.status == 1)
        #expect(r.output.contains("apt install python3.11-venv"), "\(r.output)")
        #expect(r.output.contains("--without-pip"))
        #expect(try tree(s("work")) == before)
    }

    @Test func warmCreationAsksThePythonNothing() throws {
        let s = Scratch()
        let fake = try fakeInterpreter(in: s, ensurepip: true, debian: false)
        let cache = ["SWIFT_VENV_CACHE_DIR=\(s("cache"))"]
        #expect(try runSwiftVenv(["--python", fake.python.string, "--without-pip", "one"], in: s.path, environment: cache).succeeded)
        #expect(timesAsked(fake.count) == 1)
        #expect(try runSwiftVenv(["--python", fake.python.string, "--without-pip", "two"], in: s.path, environment: cache).succeeded)
        #expect(timesAsked(fake.count) == 1, "the second creation used the cache")
        #expect(try PyvenvConfig.read(s("two/pyvenv.cfg")).version == "3.11.2")

        // A changed binary (new size and time) invalidates its entry.
        let script = String(decoding: try FS.readFile(fake.python), as: UTF8.self)
        try FS.writeFile(fake.python, script + "# changed\n", mode: 0o755)
        #expect(try runSwiftVenv(["--python", fake.python.string, "--without-pip", "three"], in: s.path, environment: cache).succeeded)
        #expect(timesAsked(fake.count) == 2)
    }

    @Test func cacheFollowsXDG() throws {
        let s = Scratch()
        let fake = try fakeInterpreter(in: s, ensurepip: true, debian: false)
        #expect(try runSwiftVenv(["--python", fake.python.string, "--without-pip", "env"], in: s.path,
                                 environment: ["SWIFT_VENV_CACHE_DIR=", "XDG_CACHE_HOME=\(s("xdg"))"]).succeeded)
        #expect(try FS.contents(of: s("xdg/swift-venv/interpreters")).count == 1)
    }

    @Test func refusesSomethingThatIsNotAPython() throws {
        let s = Scratch()
        try FS.writeFile(s("notpython"), "#!/bin/sh\necho hello\n", mode: 0o755)
        let r = try runSwiftVenv(["--python", s("notpython").string, "--without-pip", "env"], in: s.path,
                                 environment: ["SWIFT_VENV_CACHE_DIR=\(s("cache"))"])
        #expect(r.status == 1)
        #expect(r.output.contains(s("notpython").string) && r.output.contains("--python"), "\(r.output)")
        #expect(FS.kind(s("env")) == .missing)
    }

    @Test func refusesAMissingPython() throws {
        let s = Scratch()
        let r = try runSwiftVenv(["--python", s("nothing/python3").string, "--without-pip", "env"], in: s.path)
        #expect(r.status == 1)
        #expect(r.output.contains(s("nothing/python3").string), "\(r.output)")
        #expect(FS.kind(s("env")) == .missing)
    }

    @Test(.enabled(if: Pythons.p312 != nil, "no pyenv 3.12 on this machine"))
    func versionFindsPythonXYOnPath() throws {
        let s = Scratch()
        let bin = Pythons.p312!.removingLastComponent()
        let r = try runSwiftVenv(["--python", "3.12", "--without-pip", "env"], in: s.path, environment: ["PATH=\(bin):/usr/bin:/bin"])
        #expect(r.succeeded, "\(r.output)")
        let config = try PyvenvConfig.read(s("env/pyvenv.cfg"))
        #expect(config.home == bin.string)
        #expect(FS.readLink(s("env/bin/python3.12")) == bin.appending("python3.12").string)
    }

    static let shims = FilePath(Pythons.home).appending(".pyenv/shims")
    static let hasShims = FS.isExecutableFile(shims.appending("python3")) && Pythons.p312 != nil

    /// The pyenv version directory of an interpreter: ~/.pyenv/versions/V/bin/python3 → V.
    static func pyenvVersion(_ python: FilePath) -> String {
        python.removingLastComponent().removingLastComponent().name
    }

    @Test(.enabled(if: hasShims, "no pyenv shims (or no pyenv 3.12) on this machine"))
    func pyenvShimOnPathIsResolvedNotUsed() throws {
        let s = Scratch()
        let version = Self.pyenvVersion(Pythons.p312!)
        let r = try runSwiftVenv(["--without-pip", "env"], in: s.path,
                                 environment: ["PATH=\(Self.shims):/usr/bin:/bin", "PYENV_VERSION=\(version)"])
        #expect(r.succeeded, "\(r.output)")
        #expect(try PyvenvConfig.read(s("env/pyvenv.cfg")).home == Pythons.p312!.removingLastComponent().string)
        #expect(try reportedPaths(s("env")).contains("'$ENV', '$ENV'"))
    }

    @Test(.enabled(if: hasShims, "no pyenv shims (or no pyenv 3.12) on this machine"))
    func explicitPyenvShimIsResolved() throws {
        let s = Scratch()
        let version = Self.pyenvVersion(Pythons.p312!)
        let r = try runSwiftVenv(["--python", Self.shims.appending("python3").string, "--without-pip", "env"], in: s.path,
                                 environment: ["PYENV_VERSION=\(version)"])
        #expect(r.succeeded, "\(r.output)")
        #expect(try PyvenvConfig.read(s("env/pyvenv.cfg")).home == Pythons.p312!.removingLastComponent().string)
    }

    @Test(.enabled(if: hasShims, "no pyenv shims on this machine"))
    func shimForAVersionPyenvLacksIsRefusedWithTheReason() throws {
        let s = Scratch()
        let r = try runSwiftVenv(["--python", Self.shims.appending("python3").string, "--without-pip", "env"], in: s.path,
                                 environment: ["PYENV_VERSION=0.0.0-not-installed"])
        #expect(r.status == 1)
        #expect(r.output.contains("pyenv shim") && r.output.contains("0.0.0-not-installed"), "\(r.output)")
        #expect(FS.kind(s("env")) == .missing)
    }

    @Test(.enabled(if: Pythons.present.first != nil, "no Python on this machine"))
    func aVenvsPythonStandsForItsBase() throws {
        let s = Scratch()
        let base = Pythons.present.first!
        #expect(try runSwiftVenv(["--python", base.string, "--without-pip", "first"], in: s.path).succeeded)
        let r = try runSwiftVenv(["--python", s("first/bin/python").string, "--without-pip", "second"], in: s.path)
        #expect(r.succeeded, "\(r.output)")
        #expect(try PyvenvConfig.read(s("second/pyvenv.cfg")).home == base.removingLastComponent().string)
        #expect(try reportedPaths(s("second")).contains("'$ENV', '$ENV'"))
    }

    @Test(.enabled(if: Pythons.present.first != nil, "no Python on this machine"))
    func defaultInterpreterMakesAWorkingEnvironment() throws {
        let s = Scratch()
        let r = try runSwiftVenv(["--without-pip", "env"], in: s.path)
        #expect(r.succeeded, "\(r.output)")
        let reported = try reportedPaths(s("env"))
        #expect(reported.hasPrefix("['$ENV', '$ENV', '/"), "\(reported)")
    }

    /// pip by default: seeded from ensurepip's wheels (ensurepip itself is the fallback).
    @Test(.enabled(if: Pythons.p312 != nil, "no pyenv 3.12 on this machine"))
    func pipIsInstalledByDefault() throws {
        let s = Scratch()
        let r = try runSwiftVenv(["--python", Pythons.p312!.string, "--system-site-packages", "env"], in: s.path)
        #expect(r.succeeded, "\(r.output)")
        let pip = try run(s("env/bin/python"), ["-m", "pip", "--version"])
        #expect(pip.output.contains(s("env/lib/python3.12/site-packages").string), "\(pip.output)")
        #expect(FS.isExecutableFile(s("env/bin/pip")))
        #expect(try PyvenvConfig.read(s("env/pyvenv.cfg")).includeSystemSitePackages, "rewritten true after pip")
    }
}
