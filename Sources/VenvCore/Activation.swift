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
    public static func render(envDir: FilePath, prompt: String, binName: String = "bin") throws(VenvError) -> [Script] {
        try validate(envDir: envDir, prompt: prompt)
        let values = placeholderValues(envDir: envDir.string, prompt: prompt, binName: binName)
        var scripts: [Script] = []
        for (name, language) in templates {
            guard let template = EmbeddedTemplates.files[name] else {
                throw VenvError(.failed, "the activation template \(name) is missing from this build of swift-venv")
            }
            scripts.append(Script(name: name, contents: try fill(template, name: name, language: language, values: values), mode: 0o644))
        }
        return scripts
    }

    /// Checks that the scripts can hold `envDir` and `prompt` safely: both must
    /// be valid UTF-8 without control characters (a line break would end a
    /// quoted literal in some language; an escape sequence in a prompt would
    /// drive the terminal). Every other character is quoted for each language.
    public static func validate(envDir: FilePath, prompt: String) throws(VenvError) {
        let path = envDir.string
        guard FilePath(path) == envDir else {
            throw VenvError(.invalid, "\(path): the path is not valid UTF-8, so the activation scripts could not name it; choose a path in UTF-8")
        }
        if let bad = firstControl(in: path) {
            throw VenvError(.invalid, "\(PythonLiteral.repr(path)): the path contains the control character \(bad), which cannot be written safely into the activation scripts; choose a path without control characters")
        }
        if let bad = firstControl(in: prompt) {
            throw VenvError(.invalid, "prompt \(PythonLiteral.repr(prompt)): contains the control character \(bad), which cannot be shown safely in a shell prompt; choose a --prompt without control characters")
        }
    }

    /// The first control character (C0, DEL or C1) of `text`, as `U+XXXX`.
    static func firstControl(in text: String) -> String? {
        guard let scalar = text.unicodeScalars.first(where: { $0.properties.generalCategory == .control }) else { return nil }
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// The value of every placeholder, before quoting for a file's language.
    static func placeholderValues(envDir: String, prompt: String, binName: String) -> [String: String] {
        let prefix = "(\(prompt)) "
        return [
            "VIRTUAL_ENV": envDir,
            "VIRTUAL_ENV_PROMPT": prompt,
            "BIN_NAME": binName,
            "PROMPT_PREFIX_BASH": PromptEscape.bash(prefix),
            "PROMPT_PREFIX_BASH_NOVARS": PromptEscape.bashWithoutPromptvars(prefix),
            "PROMPT_PREFIX_ZSH": PromptEscape.zsh(prefix),
            "PROMPT_PREFIX_ZSH_SUBST": PromptEscape.zshWithPromptSubst(prefix),
            "PROMPT_PREFIX_KSH": PromptEscape.ksh(prefix),
            "PROMPT_PREFIX_SH": PromptEscape.sh(prefix),
            "PROMPT_PREFIX_TCSH": PromptEscape.tcsh(prefix),
            "PROMPT_PREFIX_CSH": PromptEscape.csh(prefix),
        ]
    }

    static func fill(_ template: String, name: String, language: ActivationLanguage, values: [String: String]) throws(VenvError) -> String {
        var out = ""
        var rest = template[...]
        while let open = rest.firstRange(of: "{{") {
            out += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].firstRange(of: "}}") else {
                throw VenvError(.failed, "the activation template \(name) has an unclosed placeholder")
            }
            let key = String(rest[open.upperBound..<close.lowerBound])
            guard let value = values[key] else {
                throw VenvError(.failed, "the activation template \(name) names an unknown placeholder {{\(key)}}")
            }
            guard let quoted = language.quote(value) else {
                throw VenvError(.invalid, "\(PythonLiteral.repr(value)): cannot be written safely into \(name); choose another \(key == "VIRTUAL_ENV" ? "path" : "prompt")")
            }
            out += quoted
            rest = rest[close.upperBound...]
        }
        out += rest
        return out
    }
}
