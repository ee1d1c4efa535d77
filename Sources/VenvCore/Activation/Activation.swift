import SystemPackage

/// The activation scripts of an environment, rendered from the embedded
/// templates (see Templates/README.md for the placeholder syntax).
public enum ActivationScripts {
    public struct Script: Sendable {
        public let name: String
        public let contents: String
        public let mode: UInt32
    }

    /// Every file written into bin/, and the language that decides its quoting.
    /// CPython's venv writes the first four; `activate.nu` and
    /// `activate_this.py` are swift-venv's only additions.
    static let templates: [(name: String, language: ActivationLanguage)] = [
        ("activate", .posixShell),
        ("activate.csh", .csh),
        ("activate.fish", .fish),
        ("Activate.ps1", .powerShell),
        ("activate.nu", .nushell),
        ("activate_this.py", .python),
    ]

    /// Renders every activation script for the environment at `envDir`.
    /// Refuses (`VENV_EINVALID`) a path or prompt some script cannot hold
    /// safely, before rendering anything.
    /// `relocatable`: the scripts find the environment from where they are
    /// (in the shells that can say), `envDir` being where it was made.
    public static func render(envDir: FilePath, prompt: String, binName: String = "bin",
                              relocatable: Bool = false) throws(VenvError) -> [Script] {
        try validate(envDir: envDir, prompt: prompt)
        let values = placeholderValues(envDir: envDir.string, prompt: prompt, binName: binName,
                                       relocatable: relocatable)
        var scripts: [Script] = []
        for (name, language) in templates {
            guard let pieces = parsedTemplate(name) else {
                throw VenvError(.failed, nil,
                                "the activation template \(name) is missing or has an unclosed placeholder",
                                remedy: "rebuild swift-venv from a clean checkout")
            }
            let contents = try fill(pieces, name: name, language: language, values: values)
            scripts.append(Script(name: name, contents: contents, mode: 0o644))
        }
        return scripts
    }

    /// Refuses what no activation script can keep safe, each with one line
    /// naming the path and the remedy (the threat model in
    /// Templates/README.md says why): a path that is not UTF-8; a control character in the path or the
    /// prompt (a line break ends a literal in some language, an escape
    /// sequence drives the terminal); `%` in the path (dash reads a PATH
    /// entry `dir%word` as `dir` with an option); and a path character above
    /// U+00FF whose low byte is `/`, `:` or NUL (tcsh, after
    /// a change to a single-byte locale, searches its path with each
    /// character cut to that byte: `demoįevil/bin` becomes `demo/evil/bin`).
    /// Every other character is quoted for each language.
    public static func validate(envDir: FilePath, prompt: String) throws(VenvError) {
        let path = envDir.string
        guard FilePath(path) == envDir else {
            throw VenvError(.invalid, envDir,
                            "the path is not valid UTF-8, so the activation scripts could not name it",
                            remedy: "choose a path in UTF-8")
        }
        if let bad = firstControl(in: path) {
            // Named as a Python literal: printed as it is, it would drive the terminal.
            throw VenvError(.invalid, nil,
                            "path \(PythonLiteral.repr(path)) contains the control character \(bad), "
                                + "which cannot be written safely into the activation scripts",
                            remedy: "choose a path without control characters")
        }
        if path.unicodeScalars.contains("%") {
            throw VenvError(.invalid, envDir,
                            "the path contains '%', which dash reads in a PATH entry as an option, "
                                + "so bin/ would not be searched",
                            remedy: "choose a path without '%'")
        }
        if let bad = path.unicodeScalars.first(where: tcshMisreads) {
            throw VenvError(.invalid, envDir,
                            "the path contains \(unicodeName(bad)), which tcsh reads as '\(lowByteName(bad))' "
                                + "on PATH after a change to a single-byte locale",
                            remedy: "choose a path without it")
        }
        if let bad = firstControl(in: prompt) {
            throw VenvError(.invalid, nil,
                            "prompt \(PythonLiteral.repr(prompt)) contains the control character \(bad), "
                                + "which cannot be shown safely in a shell prompt",
                            remedy: "choose a --prompt without control characters")
        }
    }

    /// A character tcsh turns into `/`, `:` or NUL on PATH once the locale
    /// changes to one that cannot represent it: each would make the entry
    /// name another directory (a NUL cuts it short). Other characters become
    /// other bytes in the same place (see Templates/README.md).
    static func tcshMisreads(_ scalar: Unicode.Scalar) -> Bool {
        guard scalar.value > 0xFF else { return false }
        let low = scalar.value & 0xFF
        return low == 0 || low == UInt32(UInt8(ascii: "/")) || low == UInt32(UInt8(ascii: ":"))
    }

    static func unicodeName(_ scalar: Unicode.Scalar) -> String {
        "'\(scalar)' (\(codePoint(scalar)))"
    }

    static func lowByteName(_ scalar: Unicode.Scalar) -> String {
        let low = scalar.value & 0xFF
        if low == 0x2F || low == 0x3A { return String(Unicode.Scalar(UInt8(low))) }
        return "\\x" + Hex.digits(low, width: 2, uppercase: true)
    }

    /// The first control character (C0, DEL or C1) of `text`, as `U+XXXX`.
    static func firstControl(in text: String) -> String? {
        text.unicodeScalars.first(where: TerminalText.isControl).map(codePoint)
    }

    /// `U+XXXX` (at least four hex digits).
    static func codePoint(_ scalar: Unicode.Scalar) -> String {
        "U+" + Hex.digits(scalar.value, width: 4, uppercase: true)
    }

    /// The value of every placeholder, before quoting for a file's language.
    static func placeholderValues(envDir: String, prompt: String, binName: String,
                                  relocatable: Bool = false) -> [String: String] {
        var values: [String: String] = [:]
        for key in ["VIRTUAL_ENV", "RELOCATABLE", "VIRTUAL_ENV_PROMPT", "BIN_NAME"] + promptForms.map({ $0.0 }) {
            values[key] = placeholderValue(key, envDir: envDir, prompt: prompt, binName: binName,
                                           relocatable: relocatable)
        }
        return values
    }

    /// The placeholders holding the prompt's prefix, each with the shell
    /// whose form it is (`PromptDisplay.prefix`).
    static let promptForms: [(String, PromptDisplay.Shell)] = [
        ("PROMPT_BASH", .bash), ("PROMPT_BASH_PLAIN", .bashPlain), ("PROMPT_DASH", .dash), ("PROMPT_MKSH", .mksh),
        ("PROMPT_KSH93", .ksh93), ("PROMPT_TCSH", .tcsh), ("PROMPT_TCSH_ASCII", .tcshASCII), ("PROMPT_CSH", .csh),
    ]

    /// The value of one placeholder of `placeholderValues`, made alone:
    /// automatic activation needs two (fish) or five of the twelve on every
    /// `cd` into a project, without a dictionary of all of them.
    static func placeholderValue(_ key: String, envDir: String, prompt: String, binName: String,
                                 relocatable: Bool = false) -> String? {
        switch key {
        case "VIRTUAL_ENV": return envDir
        case "RELOCATABLE": return relocatable ? "yes" : "no"
        case "VIRTUAL_ENV_PROMPT": return prompt
        case "BIN_NAME": return binName
        default: return promptForms.first { $0.0 == key }.map { PromptDisplay.prefix(prompt, for: $0.1) }
        }
    }

    /// A template, split once into its text and its placeholders.
    enum Piece: Equatable {
        case text(String)
        case placeholder(String)
    }

    /// The embedded template `name`, parsed on its first use (once per
    /// process); nil when it is missing or has an unclosed placeholder.
    /// One at a time: a `cd` that activates fills one of the thirteen
    /// (parsing them all was a seventh of its instructions).
    static func parsedTemplate(_ name: String) -> [Piece]? {
        if let known = parsed.withLock({ $0[name] }) { return known }
        let pieces = EmbeddedTemplates.files[name].flatMap(parse)
        parsed.withLock { $0[name] = .some(pieces) }
        return pieces
    }

    private static let parsed = Locked<[String: [Piece]?]>([:])

    /// Splits `template` at its `{{NAME}}` placeholders; nil when one is unclosed.
    static func parse(_ template: String) -> [Piece]? {
        let bytes = Array(template.utf8)
        let open = UInt8(ascii: "{"), close = UInt8(ascii: "}")
        var pieces: [Piece] = []
        var start = 0, i = 0
        while i + 1 < bytes.count {
            guard bytes[i] == open && bytes[i + 1] == open else { i += 1; continue }
            var j = i + 2
            while j + 1 < bytes.count && !(bytes[j] == close && bytes[j + 1] == close) { j += 1 }
            guard j + 1 < bytes.count else { return nil }
            pieces.append(.text(String(decoding: bytes[start..<i], as: UTF8.self)))
            pieces.append(.placeholder(String(decoding: bytes[(i + 2)..<j], as: UTF8.self)))
            i = j + 2
            start = i
        }
        pieces.append(.text(String(decoding: bytes[start...], as: UTF8.self)))
        return pieces
    }

    /// The template with each placeholder replaced by its value quoted for
    /// `language` (each value quoted once, however often it is used), or,
    /// with `quoting` false, by its value as it is (shell text).
    static func fill(_ pieces: [Piece], name: String, language: ActivationLanguage,
                     values: [String: String], quoting: Bool = true, code: [String: String] = [:]) throws(VenvError) -> String {
        // (`code`: placeholders whose values are shell text written by
        // swift-venv itself from constants, inserted as they are.)
        var quoted = code
        var out = ""
        for piece in pieces {
            switch piece {
            case .text(let text):
                out += text
            case .placeholder(let key):
                if let done = quoted[key] { out += done; continue }
                guard let value = values[key] else {
                    throw VenvError(.failed, nil,
                                    "the activation template \(name) names an unknown placeholder {{\(key)}}",
                                    remedy: "fix the template")
                }
                // (Unquoted: shell text standing for the value, AutoActivation.activationFunction.)
                guard let literal = quoting ? language.quote(value) : value else {
                    throw VenvError(.invalid, nil, "\(PythonLiteral.repr(value)) cannot be written safely into \(name)",
                                    remedy: "choose another \(key == "VIRTUAL_ENV" ? "path" : "prompt")")
                }
                quoted[key] = literal
                out += literal
            }
        }
        return out
    }

    /// `fill` for a template given as text (parsed on each call).
    static func fill(_ template: String, name: String, language: ActivationLanguage,
                     values: [String: String]) throws(VenvError) -> String {
        guard let pieces = parse(template) else {
            throw VenvError(.failed, nil, "the activation template \(name) has an unclosed placeholder",
                            remedy: "fix the template")
        }
        return try fill(pieces, name: name, language: language, values: values)
    }
}
