import Testing
import SystemPackage
@testable import VenvCore

@Suite struct PythonLiteralTests {
    @Test(arguments: [
        ("plain", "'plain'"),
        ("it's", "\"it's\""),
        ("both ' and \"", "'both \\' and \"'"),
        ("back\\slash", "'back\\\\slash'"),
        ("tab\there", "'tab\\there'"),
        ("nul\u{1}", "'nul\\x01'"),
        ("café ☕", "'café ☕'"),
        ("nbsp\u{A0}", "'nbsp\\xa0'"),
        ("zwsp\u{200B}", "'zwsp\\u200b'"),
    ])
    func reprMatchesPython(text: String, expected: String) {
        #expect(PythonLiteral.repr(text) == expected)
        #expect(PythonLiteral.unquote(expected) == text)
    }

    @Test func unquotedPromptStaysAsWritten() {
        #expect(PythonLiteral.unquote("raw prompt") == "raw prompt")
    }
}

@Suite struct PyvenvConfigParsingTests {
    func parse(_ text: String) throws -> PyvenvConfig {
        try PyvenvConfig(parsing: Array(text.utf8), path: "/x/pyvenv.cfg")
    }

    @Test func readsLikeSitePy() throws {
        let config = try parse("Home=/usr/bin\n  INCLUDE-System-Site-Packages =  TRUE \nversion_info = 3.12.1\nno equals here\nprompt = 'a = b'\n")
        #expect(config.home == "/usr/bin")
        #expect(config.includeSystemSitePackages)
        #expect(config.version == "3.12.1")
        #expect(config.prompt == "a = b")
    }

    @Test func missingIncludeKeyMeansTrue() throws {
        #expect(try parse("home = /usr/bin\n").includeSystemSitePackages)
        #expect(try !parse("include-system-site-packages = yes\n").includeSystemSitePackages)
    }

    @Test func refusesBinary() {
        #expect(throws: VenvError.self) { try PyvenvConfig(parsing: [0xff, 0xfe, 0x00], path: "/x/pyvenv.cfg") }
    }
}
