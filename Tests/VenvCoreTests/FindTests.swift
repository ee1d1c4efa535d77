import Testing
import SystemPackage
@testable import VenvCore

/// The parts of `find` that files alone decide, without a process: the
/// spec parser, PEP 440 matching, the names a PATH directory is searched
/// for, pyenv's version files, and the names tools give their environments.
/// The whole command, against the real tools, is Tests/suites/25-find.sh.
@Suite struct FindTests {
    @Test(arguments: [
        ("3.12", "3.12.1", true), ("3.12", "3.13.0", false), ("3", "3.8.18", true), ("3.1", "3.12.1", false),
        ("3.12.1", "3.12.1", true), ("3.12.1", "3.12.10", false),
        (">=3.10,<3.13", "3.12.1", true), (">=3.10,<3.13", "3.13.0", false), (">=3.10,<3.13", "3.9.18", false),
        ("==3.12.*", "3.12.0", true), ("==3.12.*", "3.13.0", false), ("!=3.12.*", "3.12.5", false),
        ("==3.12", "3.12.0", true), ("==3.12", "3.12.1", false),
        ("~=3.11", "3.12.0", true), ("~=3.11", "4.0.0", false), ("~=3.11.2", "3.11.9", true), ("~=3.11.2", "3.12.0", false),
        (">3.12.0", "3.12.1", true), ("<=3.8.18", "3.8.18", true), ("===3.9.18", "3.9.18", true),
        (" >= 3.10 , < 3.11 ", "3.10.13", true),
    ])
    func specifierMatchesAsPep440Does(spec: String, version: String, expected: Bool) throws {
        let specifier = try #require(VersionSpecifier(spec))
        #expect(specifier.matches(version) == expected, "\(spec) on \(version)")
    }

    @Test(arguments: ["~=3", "3.x", "==3.*.1", ">=", "3,>=3.1", "<3.12.*"])
    func malformedSpecifiersAreRefused(spec: String) {
        #expect(VersionSpecifier(spec) == nil)
    }

    @Test func aSpecIsAPathACommandOrAVersion() throws {
        #expect(try PythonRequest(nil) == .pyenvOrder)
        #expect(try PythonRequest("/usr/bin/python3") == .path("/usr/bin/python3"))
        #expect(try PythonRequest("./venv/bin/python") == .path("./venv/bin/python"))
        #expect(try PythonRequest("python3.12") == .command("python3.12"))
        #expect(try PythonRequest("pypy3") == .command("pypy3"))
        guard case .version = try PythonRequest("3.12") else { Issue.record("3.12 is a version"); return }
        guard case .version = try PythonRequest(">=3.10,<3.13") else { Issue.record("a specifier"); return }
        #expect(throws: VenvError.self) { try PythonRequest("") }
        #expect(throws: VenvError.self) { try PythonRequest(">=three") }
    }

    @Test(arguments: [
        ("python", true), ("python3", true), ("python3.12", true), ("python3.13t", true), ("pypy3", true),
        ("pypy3.10", true), ("pypy", true), ("python3-config", false), ("python3.12-config", false),
        ("python2", false), ("python2.7", false), ("pythonw", false), ("python3.", false), ("python3.x", false),
        ("ipython3", false),
    ])
    func pathNames(name: String, expected: Bool) {
        #expect(PathLocator.isPythonName(name) == expected, "\(name)")
    }

    @Test func pathNamesInTheOrderAUserReachesForThem() {
        #expect(PathLocator.pythonNames(["pypy3", "python", "python3.12", "python3", "python3-config"])
                == ["python3", "python3.12", "python", "pypy3"])
    }

    @Test func versionFilesAreReadAsPyenvReadsThem() throws {
        let s = Scratch()
        func read(_ text: String) throws -> [String]? {
            try FS.writeFile(s("v"), text)
            return PyenvSelection.read(s("v").string)
        }
        #expect(try read("3.12.1\n") == ["3.12.1"])
        #expect(try read("# pinned\n\n  3.11.7 extra words\r\npvenv\n") == ["3.11.7", "pvenv"])
        #expect(try read("python-3.12.1") == ["python-3.12.1"], "a last line without a newline counts")
        #expect(try read("../../etc\n3.9/x\n3.8.18\n") == ["3.8.18"], "names climbing out of versions/ are ignored")
        #expect(try read("# only a comment\n") == nil)
        #expect(try read("") == nil)
    }

    @Test func pyenvLatestPicksTheNewestReleaseOfAPrefix() throws {
        let s = Scratch()
        for name in ["3.12.1", "3.12.10", "3.12.2", "3.12.11rc1", "3.12-dev", "3.13.0", "3.13.0t", "3.1.5"] {
            try FS.makeDirectories(s("versions/\(name)"))
        }
        let versions = s("versions").string
        #expect(PyenvSelection.latest(prefix: "3.12", versions: versions) == "3.12.10")
        #expect(PyenvSelection.latest(prefix: "3.13", versions: versions) == "3.13.0")
        #expect(PyenvSelection.latest(prefix: "3.13t", versions: versions) == "3.13.0t")
        #expect(PyenvSelection.latest(prefix: "3.1", versions: versions) == "3.1.5")
        #expect(PyenvSelection.latest(prefix: "3.14", versions: versions) == nil)
    }

    @Test func pipenvNamesAProjectsEnvironmentAsPipenvDoes() {
        // Values from pipenv's own rule (sanitize, then sha256 of PROJECT/Pipfile, URL-safe base64, 8 characters).
        #expect(PipenvLocator.environmentName(project: "/tmp/fh/proj-pipenv") == "proj-pipenv-Ddphlsa2")
        #expect(PipenvLocator.environmentName(project: "/home/u/my project") == "my_project-RfPcusG4")
    }

    /// freeze's and packages' default environment: the same walk as
    /// `--workspace`'s parents, the nearest `.venv` that is an environment.
    @Test func nearestDotVenvIsTheClosestEnvironmentUpwards() throws {
        let s = Scratch()
        try FS.makeDirectories(s("a/b/c/.venv/bin"))   // not an environment: no pyvenv.cfg
        try FS.makeDirectories(s("a/.venv"))
        try FS.writeFile(s("a/.venv/pyvenv.cfg"), "home = /usr/bin\n")
        #expect(Finder.nearestDotVenv(from: s("a/b/c").string) == s("a/.venv").string)
        #expect(Finder.nearestDotVenv(from: s("a").string) == s("a/.venv").string, "the directory itself first")
        try FS.makeDirectories(s("a/b/.venv"))
        try FS.writeFile(s("a/b/.venv/pyvenv.cfg"), "home = /usr/bin\n")
        #expect(Finder.nearestDotVenv(from: s("a/b/c").string) == s("a/b/.venv").string)
    }

    /// FS.kind says whether it follows links, on either kind of path.
    @Test func kindFollowsLinksOnlyWhenAsked() throws {
        let s = Scratch()
        try FS.makeDirectory(s("dir"))
        try FS.symlink(target: "dir", at: s("to-dir"))
        try FS.symlink(target: "nowhere", at: s("dangling"))
        for path in [s("to-dir"), s("dangling")] {
            #expect(FS.kind(path) == .symlink)
            #expect(FS.kind(path.string) == .symlink)
        }
        #expect(FS.kind(s("to-dir"), followingLinks: true) == .directory)
        #expect(FS.kind(s("to-dir").string, followingLinks: true) == .directory)
        #expect(FS.kind(s("dangling"), followingLinks: true) == .missing)
        #expect(!FS.exists(s("dangling").string) && FS.isDirectory(s("to-dir").string) && !FS.isFile(s("to-dir")))
    }

    @Test func projectFilesWithWindowsLineEnds() throws {
        let s = Scratch()
        try FS.writeFile(s("project"), "/home/u/proj\r\n")
        #expect(FindContext(options: FindOptions()).firstLine(s("project").string) == "/home/u/proj")
    }

    @Test func pipxMainPackage() throws {
        let s = Scratch()
        try FS.writeFile(s("m.json"), """
            {"injected_packages": {"other": {"package": "dep"}}, "main_package": {"app_paths": [],
              "package": "findme-tool", "package_or_url": "/w/findme_tool-1.0-py3-none-any.whl"}}
            """)
        #expect(PipxLocator.mainPackage(s("m.json").string) == "findme-tool")
        #expect(PipxLocator.mainPackage(s("missing.json").string) == nil)
    }

    @Test(arguments: [
        ("home = /usr/bin\nimplementation = CPython\nuv = 0.13.9\nversion_info = 3.12.1\n", "uv"),
        ("home = /usr/bin\nvirtualenv = 21.15.8\n", "virtualenv"),
        ("home = /usr/bin\ninclude-system-site-packages = false\nversion = 3.12.1\nexecutable = /usr/bin/python3.12\ncommand = /usr/bin/python3.12 -m venv /e\n", "venv"),
        ("home = /usr/bin\ninclude-system-site-packages = false\nversion = 3.12.1\ncommand = /opt/bin/swift-venv --python 3.12 /e\n", "swift-venv"),
        ("home = /usr/bin\ninclude-system-site-packages = false\nversion = 3.9.18\n", "venv"),
        ("home = /usr/bin\nsomething-else = 1\n", nil),
    ] as [(String, String?)])
    func creatorAsPyvenvCfgSaysIt(text: String, expected: String?) throws {
        let config = try PyvenvConfig(parsing: Array(text.utf8), path: "/e/pyvenv.cfg")
        #expect(Finder.Group.creator(config) == expected)
    }

    @Test func recordJSONHasExactlyTheKeysInOrder() {
        let record = FoundPython(kind: .environment, executable: "/e/bin/python", prefix: "/e", sources: ["workspace"],
                                 error: "a \"quoted\" problem")
        #expect(record.json == #"{"kind": "environment", "executable": "/e/bin/python", "prefix": "/e", "base_prefix": null, "version": null, "site_packages": [], "implementation": "cpython", "sources": ["workspace"], "manager": null, "creator": null, "name": null, "project": null, "symlinks": [], "error": "a \"quoted\" problem", "unsupported": null, "problems": null}"#)
    }
}
