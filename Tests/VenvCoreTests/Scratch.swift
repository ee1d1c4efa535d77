#if canImport(Glibc)
import Glibc
#endif
import SystemPackage
@testable import VenvCore

/// A fresh directory, removed when the value is released. (One file, compiled
/// into both test targets: Tests/VenvCoreIntegrationTests/Scratch.swift is a
/// symbolic link to it.)
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
