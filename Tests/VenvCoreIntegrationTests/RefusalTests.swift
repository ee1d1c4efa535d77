#if canImport(Glibc)
import Glibc
#endif
import SystemPackage
import Testing
@testable import VenvCore

/// Runs swift-venv expecting a refusal: exit status 1, one line naming
/// `path` and a remedy, and nothing written anywhere under `scratch`.
func expectRefusal(_ arguments: [String], naming path: String, scratch: Scratch,
                   environment: [String] = [], mentioning remedy: String) throws {
    let before = try tree(scratch.path)
    let result = try runSwiftVenv(arguments, in: scratch.path, environment: environment)
    #expect(result.status == 1, "exit status")
    let lines = result.output.split(separator: "\n")
    #expect(lines.count == 1, "one line: \(result.output)")
    #expect(result.output.contains(path), "names the path: \(result.output)")
    #expect(result.output.contains(remedy), "gives the remedy: \(result.output)")
    #expect(try tree(scratch.path) == before, "nothing written")
}

@Suite("Refusals and existing directories")
struct RefusalTests {
    let python = Pythons.present.first

    @Test func refusesPathSeparator() throws {
        let s = Scratch()
        try expectRefusal(["--without-pip", s("a:b").string], naming: s("a:b").string, scratch: s, mentioning: "without ':'")
    }

    @Test func refusesAFile() throws {
        let s = Scratch()
        try FS.writeFile(s("file"), "data\n")
        try expectRefusal(["--without-pip", "file"], naming: s("file").string, scratch: s, mentioning: "choose another path")
    }

    @Test func refusesEmptyPath() throws {
        let s = Scratch()
        try expectRefusal(["--without-pip", ""], naming: "empty path", scratch: s, mentioning: ".venv")
    }

    @Test func refusesNonEmptyDirectoryThatIsNotAVenv() throws {
        let s = Scratch()
        try FS.makeDirectory(s("project"))
        try FS.writeFile(s("project/keep.txt"), "mine\n")
        try expectRefusal(["--without-pip", "project"], naming: s("project").string, scratch: s, mentioning: "--allow-existing")
    }

    @Test(.enabled(if: Pythons.present.first != nil, "no Python on this machine"))
    func allowExistingCreatesAmongFiles() throws {
        let s = Scratch()
        try FS.makeDirectory(s("project"))
        try FS.writeFile(s("project/keep.txt"), "mine\n")
        let r = try runSwiftVenv(["--python", python!.string, "--without-pip", "--allow-existing", "project"], in: s.path)
        #expect(r.succeeded, "\(r.output)")
        #expect(FS.kind(s("project/keep.txt")) == .file)
        #expect(try reportedPaths(s("project")).contains("'$ENV', '$ENV'"))
    }

    @Test(.enabled(if: Pythons.present.first != nil, "no Python on this machine"))
    func updatesAnExistingVenvInPlaceAsVenvDoes() throws {
        // As `python -m venv` and virtualenv do, so tools that call us in
        // their place (virtualenvwrapper's mkvirtualenv) keep working.
        let s = Scratch()
        #expect(try runSwiftVenv(["--python", python!.string, "--without-pip", "--prompt", "old", "env"], in: s.path).succeeded)
        try FS.writeFile(s("env/lib/mine.txt"), "kept\n")
        try FS.remove(s("env/bin/activate"))
        let r = try runSwiftVenv(["--python", python!.string, "--without-pip", "env"], in: s.path)
        #expect(r.succeeded && r.output.isEmpty, "\(r.output)")
        #expect(FS.kind(s("env/bin/activate")) == .file, "the activation scripts are written again")
        #expect(try FS.readFile(s("env/lib/mine.txt")) == Array("kept\n".utf8), "other files are left alone")
        #expect(try PyvenvConfig.read(s("env/pyvenv.cfg")).prompt == nil, "pyvenv.cfg written again, as venv writes it")
        #expect(try reportedPaths(s("env")).contains("'$ENV', '$ENV'"))
    }

    @Test func clearRefusesADirectoryWithoutPyvenvCfg() throws {
        let s = Scratch()
        try FS.makeDirectory(s("data"))
        try FS.writeFile(s("data/precious.txt"), "mine\n")
        try expectRefusal(["--without-pip", "--clear", "data"], naming: s("data").string, scratch: s, mentioning: "--force")
    }

    @Test(.enabled(if: Pythons.present.first != nil, "no Python on this machine"))
    func clearWithForceEmptiesADirectoryWithoutPyvenvCfg() throws {
        let s = Scratch()
        try FS.makeDirectory(s("data"))
        try FS.writeFile(s("data/stale.txt"), "old\n")
        let r = try runSwiftVenv(["--python", python!.string, "--without-pip", "--clear", "--force", "data"], in: s.path)
        #expect(r.succeeded, "\(r.output)")
        #expect(FS.kind(s("data/stale.txt")) == .missing)
        #expect(FS.kind(s("data/pyvenv.cfg")) == .file)
    }

    @Test func clearRefusesTheHomeDirectoryEvenWithForce() throws {
        let s = Scratch()
        try FS.makeDirectory(s("home"))
        try FS.writeFile(s("home/pyvenv.cfg"), "home = /usr/bin\n")
        try FS.writeFile(s("home/notes.txt"), "mine\n")
        try expectRefusal(["--without-pip", "--clear", "--force", "home"], naming: s("home").string, scratch: s,
                          environment: ["HOME=\(s("home"))"], mentioning: "never empties it")
    }

    @Test(.enabled(if: Pythons.present.first != nil, "no Python on this machine"))
    func clearNeverFollowsSymlinksOutOfTheEnvironment() throws {
        let s = Scratch()
        try FS.makeDirectories(s("outside/dir"))
        try FS.writeFile(s("outside/dir/file.txt"), "keep\n")
        try FS.writeFile(s("outside/file.txt"), "keep\n")
        #expect(try runSwiftVenv(["--python", python!.string, "--without-pip", "env"], in: s.path).succeeded)
        try FS.symlink(target: s("outside/dir").string, at: s("env/lib/linked-dir"))
        try FS.symlink(target: s("outside/file.txt").string, at: s("env/bin/linked-file"))
        try FS.writeFile(s("env/stray.txt"), "stray\n")

        let r = try runSwiftVenv(["--python", python!.string, "--without-pip", "--clear", "env"], in: s.path)
        #expect(r.succeeded, "\(r.output)")
        #expect(FS.kind(s("outside/dir/file.txt")) == .file)
        #expect(FS.kind(s("outside/file.txt")) == .file)
        #expect(FS.kind(s("env/stray.txt")) == .missing)
        #expect(FS.kind(s("env/lib/linked-dir")) == .missing)
        #expect(try reportedPaths(s("env")).contains("'$ENV', '$ENV'"))
    }

    @Test func clearAndUpgradeExcludeEachOther() throws {
        let s = Scratch()
        let r = try runSwiftVenv(["--clear", "--upgrade", "env"], in: s.path)
        #expect(!r.succeeded)
        #expect(r.output.contains("--clear and --upgrade"))
        #expect(FS.kind(s("env")) == .missing)
    }

    @Test(.enabled(if: Pythons.present.first != nil, "no Python on this machine"))
    func upgradeKeepsThePrompt() throws {
        let s = Scratch()
        #expect(try runSwiftVenv(["--python", python!.string, "--without-pip", "--prompt", "kept", "env"], in: s.path).succeeded)
        let r = try runSwiftVenv(["--python", python!.string, "--without-pip", "--upgrade", "env"], in: s.path)
        #expect(r.succeeded, "\(r.output)")
        #expect(try PyvenvConfig.read(s("env/pyvenv.cfg")).prompt == "kept")
        #expect(try reportedPaths(s("env")).contains("'$ENV', '$ENV'"))
    }

    @Test(.enabled(if: Pythons.present.first != nil, "no Python on this machine"))
    func upgradeRefusesADirectoryThatIsNotAVenv() throws {
        let s = Scratch()
        try FS.makeDirectory(s("data"))
        try FS.writeFile(s("data/file.txt"), "mine\n")
        try expectRefusal(["--python", python!.string, "--without-pip", "--upgrade", "data"], naming: s("data").string, scratch: s, mentioning: "check the path")
    }

    @Test(.enabled(if: Pythons.present.first != nil, "no Python on this machine"))
    func severalEnvironmentsAtOnce() throws {
        let s = Scratch()
        let r = try runSwiftVenv(["--python", python!.string, "--without-pip", "one", "two", "three"], in: s.path)
        #expect(r.succeeded, "\(r.output)")
        for name in ["one", "two", "three"] {
            #expect(try reportedPaths(s(name)).contains("'$ENV', '$ENV'"), "\(name)")
        }
    }

    @Test(.enabled(if: Pythons.present.first != nil, "no Python on this machine"))
    func oneRefusedTargetMeansNoneWritten() throws {
        let s = Scratch()
        try FS.writeFile(s("file"), "data\n")
        try expectRefusal(["--python", python!.string, "--without-pip", "good", "file"], naming: s("file").string, scratch: s, mentioning: "choose another path")
    }

    @Test(.enabled(if: Pythons.present.first != nil, "no Python on this machine"))
    func promptDotMeansTheCurrentDirectory() throws {
        let s = Scratch()
        try FS.makeDirectory(s("my project"))
        let r = try runSwiftVenv(["--python", python!.string, "--without-pip", "--prompt", ".", "env"], in: s("my project"))
        #expect(r.succeeded, "\(r.output)")
        #expect(try PyvenvConfig.read(s("my project/env/pyvenv.cfg")).prompt == "my project")
    }

    @Test(.enabled(if: Pythons.present.first != nil, "no Python on this machine"))
    func missingParentsAreCreatedAndNoStagingIsLeft() throws {
        let s = Scratch()
        let r = try runSwiftVenv(["--python", python!.string, "--without-pip", "deep/er/env"], in: s.path)
        #expect(r.succeeded, "\(r.output)")
        #expect(try FS.contents(of: s("deep/er")) == ["env"])
    }
}
