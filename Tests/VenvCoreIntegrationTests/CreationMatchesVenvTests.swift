import SystemPackage
import Testing
@testable import VenvCore

/// One way of creating an environment, given to both `python -m venv` and
/// swift-venv.
struct Variant: CustomTestStringConvertible, Sendable {
    let name: String
    let flags: [String]
    var testDescription: String { name }

    static let all = [
        Variant(name: "symlinks", flags: []),
        Variant(name: "copies", flags: ["--copies"]),
        Variant(name: "system site packages", flags: ["--system-site-packages"]),
        Variant(name: "prompt", flags: ["--prompt", "my project"]),
        Variant(name: "copies, system site packages, prompt", flags: ["--copies", "--system-site-packages", "--prompt", "it's \"quoted\""]),
    ]
}

/// The files we write that `python -m venv` does not: activation scripts for
/// more shells (see docs/activation.md).
let extraScripts: Set<String> = ["file bin/activate.nu", "file bin/activate_this.py"]

/// Creates an environment with `python -m venv --without-pip` and one with
/// swift-venv, then compares their trees, their pyvenv.cfg and what their
/// own pythons report.
func compareWithVenv(_ python: FilePath, _ variant: Variant) throws {
    let scratch = Scratch()
    let theirs = scratch("cpython/env"), ours = scratch("ours/env")
    try FS.makeDirectories(scratch("cpython"))
    try FS.makeDirectories(scratch("ours"))

    let venv = try run(python, ["-m", "venv", "--without-pip"] + variant.flags + [theirs.string], in: scratch.path)
    try #require(venv.succeeded, "python -m venv failed: \(venv.output)")
    let made = try runSwiftVenv(["--python", python.string, "--without-pip"] + variant.flags + [ours.string], in: scratch.path)
    try #require(made.succeeded, "swift-venv failed: \(made.output)")
    #expect(made.output.isEmpty, "swift-venv is quiet on success, like venv")

    // (a) the trees: same entries, kinds and link targets.
    let theirTree = try tree(theirs)
    let ourTree = try tree(ours).filter { !extraScripts.contains($0) }
    #expect(ourTree == theirTree)

    // (b) pyvenv.cfg: same keys in the same order, same values but `command`.
    let theirConfig = try PyvenvConfig.read(theirs.appending("pyvenv.cfg"))
    let ourConfig = try PyvenvConfig.read(ours.appending("pyvenv.cfg"))
    #expect(ourConfig.entries.map(\.key) == theirConfig.entries.map(\.key))
    for (key, value) in theirConfig.entries where key != "command" {
        #expect(ourConfig[key] == value, "pyvenv.cfg key \(key)")
    }
    if theirConfig["command"] != nil {
        #expect(ourConfig["command"]?.hasSuffix(" " + ours.string) == true)
        #expect(ourConfig["command"]?.contains("--python " + python.string) == true)
    }
    // The raw text too, `command` aside: same form, spacing and quoting.
    func lines(_ env: FilePath) throws -> [String] {
        let text = String(decoding: try FS.readFile(env.appending("pyvenv.cfg")), as: UTF8.self)
        return text.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("command = ") }
    }
    #expect(try lines(ours) == lines(theirs))

    // (c) what each environment's own python reports.
    #expect(try reportedPaths(ours) == reportedPaths(theirs))
}

@Suite("Environments equal python -m venv's", .serialized)
struct CreationMatchesVenvTests {
    @Test("Debian /usr/bin/python3.11", .enabled(if: Pythons.debian311 != nil, "/usr/bin/python3.11 is not on this machine"), arguments: Variant.all)
    func debian311(_ variant: Variant) throws { try compareWithVenv(Pythons.debian311!, variant) }

    @Test("pyenv 3.8", .enabled(if: Pythons.p38 != nil, "no ~/.pyenv/versions/3.8.*/bin/python3.8 on this machine"), arguments: Variant.all)
    func python38(_ variant: Variant) throws { try compareWithVenv(Pythons.p38!, variant) }

    @Test("pyenv 3.9", .enabled(if: Pythons.p39 != nil, "no ~/.pyenv/versions/3.9.*/bin/python3.9 on this machine"), arguments: Variant.all)
    func python39(_ variant: Variant) throws { try compareWithVenv(Pythons.p39!, variant) }

    @Test("pyenv 3.10", .enabled(if: Pythons.p310 != nil, "no ~/.pyenv/versions/3.10.*/bin/python3.10 on this machine"), arguments: Variant.all)
    func python310(_ variant: Variant) throws { try compareWithVenv(Pythons.p310!, variant) }

    @Test("pyenv 3.11", .enabled(if: Pythons.p311 != nil, "no ~/.pyenv/versions/3.11.*/bin/python3.11 on this machine"), arguments: Variant.all)
    func python311(_ variant: Variant) throws { try compareWithVenv(Pythons.p311!, variant) }

    @Test("pyenv 3.12", .enabled(if: Pythons.p312 != nil, "no ~/.pyenv/versions/3.12.*/bin/python3.12 on this machine"), arguments: Variant.all)
    func python312(_ variant: Variant) throws { try compareWithVenv(Pythons.p312!, variant) }

    @Test("pyenv 3.13", .enabled(if: Pythons.p313 != nil, "no ~/.pyenv/versions/3.13.*/bin/python3.13 on this machine"), arguments: Variant.all)
    func python313(_ variant: Variant) throws { try compareWithVenv(Pythons.p313!, variant) }

    /// The name the base is run by decides bin/'s files: the matrix runs
    /// each as `python3.X` (bin/python3.X is the absolute link); python3.12
    /// run as `python3` gives bin/python3 instead.
    @Test("the interpreter's other name", .enabled(if: Pythons.p312 != nil, "no pyenv 3.12 on this machine"))
    func unversionedName() throws {
        let unversioned = Pythons.p312!.removingLastComponent().appending("python3")
        try compareWithVenv(unversioned, Variant.all[0])
    }
}
