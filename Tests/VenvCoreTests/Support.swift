#if canImport(Glibc)
import Glibc
#endif
import SystemPackage
import Testing
@testable import VenvCore

/// The interpreters of the test matrix: Debian's /usr/bin/python3.11 and the
/// newest pyenv build of each version 3.8 to 3.13. Absent ones are skipped
/// by name.
enum Pythons {
    static let home = Process.variable("HOME") ?? "/root"

    static let debian311: FilePath? = FS.isExecutableFile("/usr/bin/python3.11") ? "/usr/bin/python3.11" : nil

    /// `~/.pyenv/versions/3.M.*/bin/python3`, the newest micro version.
    static func pyenv(_ minor: Int) -> FilePath? {
        let versions = FilePath(home).appending(".pyenv/versions")
        let best = ((try? FS.contents(of: versions)) ?? [])
            .filter { $0.hasPrefix("3.\(minor).") }
            .compactMap { name in PythonVersion(name).map { ($0, name) } }
            .max { $0.0 < $1.0 }
        guard let best else { return nil }
        let python = versions.appending(best.1).appending("bin/python3")
        return FS.isExecutableFile(python) ? python : nil
    }

    static let p38 = pyenv(8), p39 = pyenv(9), p310 = pyenv(10), p311 = pyenv(11), p312 = pyenv(12), p313 = pyenv(13)

    /// Every present interpreter of the matrix, for tests that need just one or all.
    static var present: [FilePath] { [debian311, p38, p39, p310, p311, p312, p313].compactMap { $0 } }
}

/// The swift-venv executable under test: $SWIFT_VENV_BIN (set by scripts/test
/// to the release build), else the debug build beside these sources.
let swiftVenv: FilePath = {
    if let bin = Process.variable("SWIFT_VENV_BIN"), !bin.isEmpty { return FilePath(bin) }
    let root = FilePath(#filePath).removingLastComponent().removingLastComponent().removingLastComponent()
    return root.appending(".build/debug/swift-venv")
}()

/// A fresh directory, removed when the value is released.
final class Scratch {
    let path: FilePath

    init() {
        var template = Array("/tmp/swift-venv-test-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(made != nil, "mkdtemp failed")
        path = FilePath(String(cString: template.map { $0 }))
    }

    deinit { try? Removal.removeTree(path) }

    func callAsFunction(_ relative: String) -> FilePath { path.appending(relative) }
}

/// Runs a program; the environment is the current one without PYTHONHOME and
/// PYTHONPATH, plus `extra`.
@discardableResult
func run(_ program: FilePath, _ arguments: [String], in directory: FilePath? = nil,
         environment extra: [String] = []) throws -> Process.Result {
    try Process.run(program, arguments, environment: Process.pythonEnvironment(adding: extra), directory: directory)
}

func runSwiftVenv(_ arguments: [String], in directory: FilePath? = nil, environment: [String] = []) throws -> Process.Result {
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
