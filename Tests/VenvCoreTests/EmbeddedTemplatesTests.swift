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

/// Every template parses, names only known placeholders, and parsing then
/// filling gives the text a plain search-and-replace would.
@Test func templatesParseAndFillLikeSearchAndReplace() throws {
    let values = ActivationScripts.placeholderValues(envDir: "/tmp/x y", prompt: "p", binName: "bin")
    for (name, language) in ActivationScripts.templates {
        let text = try #require(EmbeddedTemplates.files[name])
        let pieces = try #require(ActivationScripts.parsedTemplate(name), "\(name) parses")
        var expected = text
        for (key, value) in values { expected = expected.replacing("{{\(key)}}", with: language.quote(value)!) }
        #expect(try ActivationScripts.fill(pieces, name: name, language: language, values: values) == expected, "\(name)")
    }
    #expect(ActivationScripts.parse("a {{B") == nil)
    #expect(ActivationScripts.parse("{{A}}x{{B}}") == [.text(""), .placeholder("A"), .text("x"), .placeholder("B"), .text("")])
}
