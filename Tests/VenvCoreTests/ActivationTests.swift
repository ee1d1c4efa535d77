import Testing
import SystemPackage
@testable import VenvCore

/// Paths and prompts that break naive quoting in one language or another.
let hostileTexts: [String] = [
    "with  space", "it's", "say \"hi\"", "$HOME${PATH}$1", "$(touch x)", "`touch x`",
    "bang!x!!", "back\\slash\\", "a;touch x;b", "100%~%n%%", "#not a comment #> ]]",
    "café-日本-🐍", "x'\u{301};touch x;'", "*?[a]{b,c}~(x)<y>", "-n -e --",
    "it\u{2019}s \u{2018}typographic\u{201B}\u{201A}", "\"; touch x; \"", "r#'raw'#",
    "'\"$(touch x)`touch x`!x\\;%#é {} \\$PWD ${HOME} #> \u{2019}",
]

/// `/tmp/<text>`, less any `%` (refused in paths: dash reads it on PATH).
func hostilePath(_ text: String) -> String { "/tmp/" + text.replacing("%", with: "") }

/// The scripts rendered for `hostilePath(text)` with `text` as the prompt.
func rendered(_ text: String) throws -> [String: String] {
    let scripts = try ActivationScripts.render(envDir: FilePath(hostilePath(text)), prompt: text)
    return Dictionary(uniqueKeysWithValues: scripts.map { ($0.name, $0.contents) })
}

/// The literal that follows `prefix` on its line, up to the end of the line.
func literal(after prefix: String, in script: String) -> Substring? {
    for line in script.split(separator: "\n", omittingEmptySubsequences: false) {
        let code = line.drop { $0 == " " }   // indented inside a block
        if code.hasPrefix(prefix) { return code.dropFirst(prefix.count) }
    }
    return nil
}

// Readers of each language's literal, strict: nil unless the whole text is
// exactly one literal (so a quote that ended early shows up as nil).

/// PowerShell: one '...' literal, or `('...' + '...')` whose parts alternate
/// ASCII and non-ASCII text (so each non-ASCII run ends at a quote).
func readPowerShell(_ text: Substring) -> String? {
    guard text.hasPrefix("(") else { return readPowerShellLiteral(text) }
    guard text.hasSuffix(")") else { return nil }
    var out = ""
    for part in text.dropFirst().dropLast().split(separator: " + ", omittingEmptySubsequences: false) {
        guard let value = readPowerShellLiteral(part), !value.isEmpty else { return nil }
        guard value.unicodeScalars.allSatisfy(\.isASCII) || value.unicodeScalars.allSatisfy({ !$0.isASCII }) else {
            return nil
        }
        out += value
    }
    return out
}

func readPowerShellLiteral(_ text: Substring) -> String? {
    let quotes: Set<Unicode.Scalar> = ["'", "\u{2018}", "\u{2019}", "\u{201A}", "\u{201B}"]
    let scalars = Array(text.unicodeScalars)
    guard scalars.count >= 2, scalars.first == "'", scalars.last == "'" else { return nil }
    var out = String.UnicodeScalarView()
    var i = 1
    while i < scalars.count - 1 {
        if quotes.contains(scalars[i]) {
            // Inside, any single quote must be doubled.
            guard i + 1 < scalars.count - 1, quotes.contains(scalars[i + 1]) else { return nil }
            out.append(scalars[i])
            i += 2
        } else {
            out.append(scalars[i])
            i += 1
        }
    }
    return String(out)
}

func readBackslashQuoted(_ text: Substring, quote: Unicode.Scalar, escapes: Set<Unicode.Scalar>) -> String? {
    let scalars = Array(text.unicodeScalars)
    guard scalars.count >= 2, scalars.first == quote, scalars.last == quote else { return nil }
    var out = String.UnicodeScalarView()
    var i = 1
    while i < scalars.count - 1 {
        let c = scalars[i]
        if c == quote { return nil }
        if c == "\\" {
            guard i + 1 < scalars.count - 1, escapes.contains(scalars[i + 1]) else {
                if escapes.contains("\\") && quote == "\"" { return nil }  // nushell: no other escapes used
                out.append(c); i += 1; continue
            }
            out.append(scalars[i + 1])
            i += 2
        } else {
            out.append(c)
            i += 1
        }
    }
    return String(out)
}

/// sh: a sequence of '...' parts and \' ; csh: a sequence of '...' parts
/// (holding no `!` or `\`) and `\c` escapes. Read by scalars, as the shell
/// reads bytes. With `multibyteSafe`, also nil when a non-ASCII character is
/// followed by anything but a quote (a multibyte locale could take that byte
/// into the character), as activation scripts must never do.
func readShellWord(_ text: Substring, csh: Bool, multibyteSafe: Bool = true) -> String? {
    let scalars = Array(text.unicodeScalars)
    var out = String.UnicodeScalarView()
    var i = 0
    while i < scalars.count {
        if multibyteSafe && !scalars[i].isASCII && i + 1 < scalars.count && scalars[i + 1].isASCII && scalars[i + 1] != "'" {
            return nil
        }
        if scalars[i] == "\\" && i + 1 < scalars.count && (csh || scalars[i + 1] == "'") {
            guard scalars[i + 1].isASCII else { return nil }
            out.append(scalars[i + 1])
            i += 2
        } else if scalars[i] == "'" {
            i += 1
            while i < scalars.count && scalars[i] != "'" {
                if csh && (scalars[i] == "!" || scalars[i] == "\\") { return nil }
                if multibyteSafe && !scalars[i].isASCII && i + 1 < scalars.count && scalars[i + 1] != "'"
                    && scalars[i + 1].isASCII { return nil }
                out.append(scalars[i])
                i += 1
            }
            guard i < scalars.count else { return nil }
            i += 1
        } else if csh && scalars[i].isASCII && cshPlain(scalars[i]) {
            out.append(scalars[i])
            i += 1
        } else {
            return nil
        }
    }
    return String(out)
}

/// fish: adjacent '...' parts, inside which only `\\` and `\'` are escapes.
func readFishWord(_ text: Substring) -> String? {
    let scalars = Array(text.unicodeScalars)
    var out = String.UnicodeScalarView()
    var i = 0
    while i < scalars.count {
        guard scalars[i] == "'" else { return nil }
        i += 1
        while i < scalars.count && scalars[i] != "'" {
            if scalars[i] == "\\" && i + 1 < scalars.count && (scalars[i + 1] == "\\" || scalars[i + 1] == "'") { i += 1 }
            if !scalars[i].isASCII && i + 1 < scalars.count && scalars[i + 1].isASCII && scalars[i + 1] != "'" { return nil }
            out.append(scalars[i])
            i += 1
        }
        guard i < scalars.count else { return nil }
        i += 1
    }
    return String(out)
}

func readPython(_ text: Substring) -> String? {
    guard text.allSatisfy({ $0.isASCII }) else { return nil }
    return readBackslashQuoted(text, quote: "'", escapes: ["\\", "'", "u", "U"]).flatMap { _ in
        PythonLiteral.unquote(String(text))
    }
}

@Suite struct ActivationTemplateTests {
    @Test func writesCPythonsFourScriptsAndTwoMore() throws {
        let names = try ActivationScripts.render(envDir: "/tmp/env", prompt: "env").map(\.name)
        #expect(names.sorted() == ["Activate.ps1", "activate", "activate.csh", "activate.fish", "activate.nu", "activate_this.py"])
    }

    @Test(arguments: hostileTexts)
    func everyLiteralReadsBackExactly(text: String) throws {
        let scripts = try rendered(text)
        let path = hostilePath(text)
        #expect(literal(after: "_VIRTUAL_ENV_FOUND=", in: scripts["activate"]!).flatMap { readShellWord($0, csh: false) } == path)
        #expect(literal(after: "VIRTUAL_ENV_PROMPT=", in: scripts["activate"]!).flatMap { readShellWord($0, csh: false) } == text)
        #expect(literal(after: "setenv VIRTUAL_ENV ", in: scripts["activate.csh"]!).flatMap { readShellWord($0, csh: true) } == path)
        #expect(literal(after: "setenv VIRTUAL_ENV_PROMPT ", in: scripts["activate.csh"]!).flatMap { readShellWord($0, csh: true) } == text)
        #expect(literal(after: "set -l _virtual_env_found ", in: scripts["activate.fish"]!).flatMap(readFishWord) == path)
        #expect(literal(after: "$VirtualEnvDir = ", in: scripts["Activate.ps1"]!).flatMap(readPowerShell) == path)
        #expect(literal(after: "$env:VIRTUAL_ENV_PROMPT = ", in: scripts["Activate.ps1"]!).flatMap(readPowerShell) == text)
        #expect(literal(after: "let venv = ", in: scripts["activate.nu"]!).flatMap {
            readBackslashQuoted($0, quote: "\"", escapes: ["\\", "\""]) } == path)
        #expect(literal(after: "let name = ", in: scripts["activate.nu"]!).flatMap {
            readBackslashQuoted($0, quote: "\"", escapes: ["\\", "\""]) } == text)
        let call = literal(after: "_activate_virtual_env(", in: scripts["activate_this.py"]!)
        let arguments = call.map { String($0.dropLast()).split(separator: ", ", maxSplits: 1).first.map { readPython($0) } }
        #expect(arguments == path)
    }

    @Test(arguments: hostileTexts)
    func noValueLandsInAComment(text: String) throws {
        let scripts = try rendered(text)
        // PowerShell's block comment would end at a `#>` in a value.
        let ps1 = scripts["Activate.ps1"]!
        let template = EmbeddedTemplates.files["Activate.ps1"]!
        let header = template[..<template.firstRange(of: "#>")!.upperBound]
        #expect(ps1.hasPrefix(header))
        for (name, template) in EmbeddedTemplates.files {
            for line in template.split(separator: "\n") where line.trimmingPrefix(while: { $0 == " " }).hasPrefix("#") {
                #expect(!line.contains("{{"), "a placeholder in a comment of \(name)")
            }
        }
    }

    @Test func cshTemplateHasNoBareExclamationMark() {
        // History substitution applies to every line csh reads from the file.
        let template = EmbeddedTemplates.files["activate.csh"]!
        #expect(!template.replacing("\\!", with: "").replacing("!=", with: "").contains("!"))
    }

    @Test(arguments: ["a\nb", "a\rb", "a\u{1B}[31mb", "a\u{7F}", "a\u{85}b", "a\0b"])
    func refusesControlCharacters(text: String) {
        if !text.contains("\0") {  // a FilePath cannot hold a NUL at all
            #expect(throws: VenvError.self) { try ActivationScripts.render(envDir: FilePath("/tmp/" + text), prompt: "ok") }
        }
        do {
            _ = try ActivationScripts.render(envDir: "/tmp/ok", prompt: text)
            Issue.record("accepted a prompt with a control character")
        } catch {
            #expect(error.code == .invalid)
            #expect(error.message.contains("control character") && error.message.contains("choose"))
        }
    }

    @Test func refusesAPathThatIsNotUTF8() {
        let bytes: [CChar] = [47, 116, 109, 112, 47, -1, 0]  // "/tmp/\xFF"
        let path = bytes.withUnsafeBufferPointer { FilePath(platformString: $0.baseAddress!) }
        do {
            try ActivationScripts.validate(envDir: path, prompt: "ok")
            Issue.record("accepted a path that is not UTF-8")
        } catch {
            #expect(error.code == .invalid && error.message.contains("UTF-8"))
        }
    }
}

@Suite struct PromptDisplayTests {
    @Test func bashWritesDollarBackslashAndBangAsStrftimeText() {
        // \D{c} is shown as c with promptvars on or off and in POSIX mode.
        #expect(PromptDisplay.prefix("a\\b$c`d`!e%f^g\"h'i", for: .bash)
                    == "(a\\D{\\}b\\D{$}c\\`d\\`\\D{!}e\\D{%%}f^g\"h'i) ")
        #expect(PromptDisplay.prefix("café-日本 #;*?[x]{y}~", for: .bash) == "(café-日本 #;*?[x]{y}~) ")
        // With promptvars off at activation, a backquote too (no backslash shown).
        #expect(PromptDisplay.prefix("a\\b$c`d`中`", for: .bashPlain)
                    == "(a\\D{\\}b\\D{$}c\\D{`}d\\D{`}中${-+}\\D{`}) ")
    }

    @Test func anEscapeAfterANonASCIICharacterIsCutFromIt() {
        // In GBK, the last byte of 中 (0xAD) and a backslash make one character.
        #expect(PromptDisplay.prefix("中$x", for: .bash) == "(中${-+}\\D{$}x) ")
        #expect(PromptDisplay.prefix("中`x", for: .dash) == "(中${-+}\\`x) ")
        #expect(PromptDisplay.prefix("中x$", for: .dash) == "(中x\\$) ")
    }

    @Test func shellsOfTheKshFamilyDoubleTheBang() {
        #expect(PromptDisplay.prefix("a!$'\"", for: .dash) == "(a!\\$'\") ")
        #expect(PromptDisplay.prefix("a!$'\"", for: .mksh) == "(a!!\\$'\") ")
        #expect(PromptDisplay.prefix("a!$'\"", for: .ksh93) == "(a!!\\$\\'\\\") ")
        #expect(PromptDisplay.prefix("100%F{red}", for: .dash) == "(100%${-+}F{red}) ")
    }

    @Test func tcshEscapesEveryMarkAndShowsNonASCIIThatNoLocaleTurnsIntoAControl() {
        #expect(PromptDisplay.prefix("a b%!@^\\1", for: .tcsh) == "(a b\\%\\!\\@\\^\\\\1) ")
        // проект survives any locale change as printable bytes; ě (U+011B)
        // would become ESC and 文 (U+6587) the C1 byte 0x87.
        #expect(PromptDisplay.prefix("проект", for: .tcsh) == "(проект) ")
        #expect(PromptDisplay.prefix("aě中文é", for: .tcsh) == "(a_中_é) ")
        #expect(PromptDisplay.prefix("aě中文é", for: .tcshASCII) == "(a____) ")
        #expect(PromptDisplay.prefix("a!ě\\", for: .csh) == "(a\\!ě\\) ")
    }

    @Test func displayIsScalarBased() {
        // `$` followed by a combining mark is one Character but still a `$` to the shell.
        #expect(PromptDisplay.prefix("$\u{301}(x)", for: .dash) == "(\\$\u{301}(x)) ")
        #expect(ActivationLanguage.posixShell.quote("'\u{301}") == "''\\''\u{301}'")
    }

    @Test func nonASCIIRunsEndWithAQuote() {
        #expect(ActivationLanguage.posixShell.quote("a你0") == "'a你''0'")
        #expect(ActivationLanguage.fish.quote("中\\") == "'中''\\\\'")
        #expect(ActivationLanguage.csh.quote("中!b") == "'中'\\!b")
        #expect(ActivationLanguage.csh.quote("e\\") == "e\\\\")
        #expect(ActivationLanguage.csh.quote("") == "''")
        #expect(ActivationLanguage.powerShell.quote("caf\u{E9}0'") == "('caf' + '\u{E9}' + '0''')")
        #expect(ActivationLanguage.powerShell.quote("it's") == "'it''s'")
    }
}

@Suite struct ActivationRefusalTests {
    @Test(arguments: ["/tmp/p%func", "/tmp/demo\u{12F}evil", "/tmp/st\u{13A}p", "/tmp/a\u{100}b"])
    func refusesWhatNoScriptCanKeepSafe(path: String) {
        do {
            try ActivationScripts.validate(envDir: FilePath(path), prompt: "ok")
            Issue.record("accepted \(path)")
        } catch {
            #expect(error.code == .invalid && error.message.contains("choose a path without"))
            #expect(!error.message.contains("\n"))
        }
    }

    @Test(arguments: ["/tmp/caf\u{E9}", "/tmp/\u{4E2D}\u{6587}", "/tmp/e\u{301}", "/tmp/\u{1F40D}", "/tmp/a\u{2028}b"])
    func acceptsOtherCharacters(path: String) throws {
        try ActivationScripts.validate(envDir: FilePath(path), prompt: "ok")
    }
}

@Suite struct ActivationDeltaTests {
    let env = FilePath("/work/my env")

    @Test func putsBinFirstAndUnsetsPythonHome() {
        let delta = ActivationDelta(envDir: env, prompt: "my env", environment: ["PATH": "/usr/bin:/bin", "PYTHONHOME": "/x"])
        #expect(delta.set.map(\.name) == ["VIRTUAL_ENV", "VIRTUAL_ENV_PROMPT", "PATH"])
        #expect(delta.set.map(\.value) == ["/work/my env", "my env", "/work/my env/bin:/usr/bin:/bin"])
        #expect(delta.unset == ["PYTHONHOME"])
        let applied = delta.applied(to: ["PATH": "/usr/bin:/bin", "PYTHONHOME": "/x", "HOME": "/root", "PS1": "$ "])
        #expect(applied == ["PATH": "/work/my env/bin:/usr/bin:/bin", "VIRTUAL_ENV": "/work/my env",
                            "VIRTUAL_ENV_PROMPT": "my env", "HOME": "/root", "PS1": "$ "])
    }

    @Test(arguments: [[:], ["PATH": ""]])
    func missingOrEmptyPathGetsBinAlone(environment: [String: String]) {
        // A trailing `:` would put the current directory on PATH.
        let delta = ActivationDelta(envDir: env, prompt: "e", environment: environment)
        #expect(delta.set.last?.value == "/work/my env/bin")
    }

    @Test func refusesADirectoryWithoutPyvenvCfg() {
        do {
            _ = try ActivationDelta(envDir: "/nonexistent-swift-venv-test", environment: [:])
            Issue.record("accepted a directory that is not an environment")
        } catch {
            #expect(error.code == .notVenv)
        }
    }
}

@Suite struct ShellQuoteTests {
    @Test func quoteBeforeACombiningMarkIsEscaped() {
        // pyvenv.cfg's command line: "x'\u{301};echo INJECTED;'" must stay one word.
        let quoted = ShellQuote.posix("x'\u{301};echo INJECTED;'")
        #expect(readShellWord(Substring(quoted), csh: false, multibyteSafe: false) == "x'\u{301};echo INJECTED;'")
    }
}
