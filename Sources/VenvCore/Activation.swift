import SystemPackage

/// The activation scripts of an environment, rendered from the embedded
/// templates (see Templates/README.md for the placeholder syntax).
public enum ActivationScripts {
    public struct Script: Sendable {
        public let name: String
        public let contents: String
        public let mode: UInt32
    }

    /// The language each template is written in, which decides the quoting.
    enum Language {
        case posixShell, fish, csh, powerShell

        /// `text` as one literal of this language that reads back exactly,
        /// or nil when this language cannot hold it safely.
        func quote(_ text: String) -> String? {
            if text.contains("\0") || text.contains("\n") || text.contains("\r") { return nil }
            switch self {
            case .posixShell:
                return "'" + text.replacing("'", with: "'\\''") + "'"
            case .fish:
                return "'" + text.replacing("\\", with: "\\\\").replacing("'", with: "\\'") + "'"
            case .csh:
                // Single quotes stop everything in csh but history
                // substitution, which `\!` stops.
                return "'" + text.replacing("'", with: "'\\''").replacing("!", with: "\\!") + "'"
            case .powerShell:
                // PowerShell also ends a single-quoted string at the
                // typographic single quotes; doubling any of them escapes it.
                var out = "'"
                for c in text {
                    if "'\u{2018}\u{2019}\u{201A}\u{201B}".contains(c) { out.append(c) }
                    out.append(c)
                }
                return out + "'"
            }
        }
    }

    static let templates: [(name: String, language: Language)] = [
        ("activate", .posixShell),
        ("activate.csh", .csh),
        ("activate.fish", .fish),
        ("Activate.ps1", .powerShell),
    ]

    /// Renders every activation script for the environment at `envDir`.
    /// Refuses (`VENV_EINVALID`) a path or prompt some script cannot quote.
    public static func render(envDir: FilePath, prompt: String, binName: String = "bin") throws(VenvError) -> [Script] {
        let values = ["VIRTUAL_ENV": envDir.string, "VIRTUAL_ENV_PROMPT": prompt, "BIN_NAME": binName]
        var scripts: [Script] = []
        for (name, language) in templates {
            guard let template = EmbeddedTemplates.files[name] else {
                throw VenvError(.failed, "the activation template \(name) is missing from this build of swift-venv")
            }
            scripts.append(Script(name: name, contents: try fill(template, name: name, language: language, values: values), mode: 0o644))
        }
        return scripts
    }

    static func fill(_ template: String, name: String, language: Language, values: [String: String]) throws(VenvError) -> String {
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
                throw VenvError(.invalid, "\(value): cannot be written safely into \(name) (it holds a NUL or a line break); choose another \(key == "VIRTUAL_ENV_PROMPT" ? "prompt" : "path")")
            }
            out += quoted
            rest = rest[close.upperBound...]
        }
        out += rest
        return out
    }
}
