#if canImport(Glibc)
import Glibc
#endif
import SystemPackage
import Testing
@testable import VenvCore

/// The interpreters of the test matrix, as Tests/support/interpreters.py
/// (the one list every suite uses) names them: Debian's /usr/bin/python3.11
/// and the newest pyenv build of each version 3.8 to 3.13, each as its
/// `bin/python3.X`. Absent ones are skipped by name.
enum Pythons {
    static let home = Environment.variable("HOME") ?? "/root"

    /// `name<TAB>path` of each present interpreter, printed by the module.
    static let matrix: [(name: String, path: FilePath)] = {
        let root = FilePath(#filePath).removingLastComponent().removingLastComponent().removingLastComponent()
        let module = root.appending("Tests/support/interpreters.py")
        guard let listed = try? run("/usr/bin/env", ["python3", module.string]), listed.succeeded else {
            preconditionFailure("python3 \(module) did not list the interpreter matrix")
        }
        return listed.output.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: "\t", maxSplits: 1)
            return fields.count == 2 ? (String(fields[0]), FilePath(String(fields[1]))) : nil
        }
    }()

    static func named(_ name: String) -> FilePath? { matrix.first { $0.name == name }?.path }

    static let debian311 = named("debian-3.11")
    static let p38 = named("pyenv-3.8"), p39 = named("pyenv-3.9"), p310 = named("pyenv-3.10")
    static let p311 = named("pyenv-3.11"), p312 = named("pyenv-3.12"), p313 = named("pyenv-3.13")

    /// Every present interpreter of the matrix, for tests that need just one or all.
    static var present: [FilePath] { matrix.map(\.path) }
}

/// The swift-venv executable under test: $SWIFT_VENV_BIN (set by scripts/test
/// to the release build), else the debug build beside these sources.
let swiftVenv: FilePath = {
    if let bin = Environment.variable("SWIFT_VENV_BIN"), !bin.isEmpty { return FilePath(bin) }
    let root = FilePath(#filePath).removingLastComponent().removingLastComponent().removingLastComponent()
    return root.appending(".build/debug/swift-venv")
}()

/// Runs a program; the environment is the current one without PYTHONHOME and
/// PYTHONPATH, plus `extra`.
@discardableResult
func run(_ program: FilePath, _ arguments: [String], in directory: FilePath? = nil,
         environment extra: [String] = []) throws -> ChildProcess.Result {
    try ChildProcess.run(program, arguments, environment: ChildProcess.pythonEnvironment(adding: extra), directory: directory)
}

func runSwiftVenv(_ arguments: [String], in directory: FilePath? = nil, environment: [String] = []) throws -> ChildProcess.Result {
    try run(swiftVenv, arguments, in: directory, environment: environment)
}

/// Every entry below `root` as "kind relative-path [-> target]", sorted, with
/// `root` in symlink targets replaced by `$ENV`.
func tree(_ root: FilePath) throws -> [String] {
    var lines: [String] = []
    func walk(_ relative: String) throws {
        let dir = relative.isEmpty ? root : root.appending(relative)
        for name in try FS.contents(of: dir) {
            let rel = relative.isEmpty ? name : relative + "/" + name
            let path = root.appending(rel)
            switch FS.kind(path) {
            case .directory:
                lines.append("dir  \(rel)")
                try walk(rel)
            case .symlink:
                let target = (FS.readLink(path) ?? "?").replacing(root.string, with: "$ENV")
                lines.append("link \(rel) -> \(target)")
            case .file:
                lines.append("file \(rel)")
            default:
                lines.append("other \(rel)")
            }
        }
    }
    try walk("")
    return lines.sorted()
}

/// What an environment's own python says of itself, with `root` replaced by `$ENV`.
func reportedPaths(_ root: FilePath) throws -> String {
    let code = "import sys, site; print(repr([sys.prefix, sys.exec_prefix, sys.base_prefix, sys.base_exec_prefix, site.getsitepackages()]))"
    let result = try run(root.appending("bin/python"), ["-c", code])
    #expect(result.succeeded, "\(root)/bin/python failed: \(result.output)")
    return result.output.replacing(root.string, with: "$ENV")
}
