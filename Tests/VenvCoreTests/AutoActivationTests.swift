import Testing
@testable import VenvCore

/// The parts of automatic activation that are text alone (the shells' side
/// is tested in real shells: Tests/auto).
@Suite struct AutoActivationTextTests {
    // A .python-version's first name: pyenv's syntax (words, lines, # comments).
    @Test(arguments: [("named\n", "named"), ("# pyenv\nnamed\n", "named"), ("  \t x y\n", "x"),
                      ("\r\n\n#c d\n  #e\nname#1\n", "name#1"), ("a\rb", "a"), ("", nil), ("# only\n \n", nil),
                      ("中文 x", "中文")] as [(String, String?)])
    func firstName(text: String, expected: String?) {
        #expect(AutoActivation.firstName(Array(text.utf8)) == expected)
    }

    // Comment and empty lines dropped, and the dead block from `dead` to `end`.
    @Test func compacted() {
        let script = "a\n\n  # c\n#d\nif no\nx\nend\n  b # not a comment\nend\n"
        #expect(AutoActivation.compacted(script) == "a\nif no\nx\nend\n  b # not a comment\nend\n")
        #expect(AutoActivation.compacted(script, dead: "if no", end: "end") == "a\n  b # not a comment\nend\n")
        // No end: nothing left out.
        #expect(AutoActivation.compacted("a\nif no\nx\n", dead: "if no", end: "end") == "a\nif no\nx\n")
    }
}
