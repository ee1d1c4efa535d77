import SystemPackage
import Testing
@testable import VenvCore

/// The build plugin embeds every file of Sources/VenvCore/Templates (but
/// README.md) exactly as it is on disk.
@Test func embeddedTemplatesEqualTheFiles() throws {
    let folder = FilePath(#filePath).removingLastComponent().removingLastComponent().removingLastComponent()
        .appending("Sources/VenvCore/Templates")
    let names = try FS.contents(of: folder).filter { $0 != "README.md" && !$0.hasPrefix(".") }.sorted()
    #expect(EmbeddedTemplates.files.keys.sorted() == names)
    for name in names {
        let disk = String(decoding: try FS.readFile(folder.appending(name)), as: UTF8.self)
        #expect(EmbeddedTemplates.files[name] == disk, "\(name)")
    }
}
