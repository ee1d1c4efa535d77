/// `swift-venv shell-init SHELL`: virtualenvwrapper's shell functions,
/// written from the templates `shell-init.sh` (bash, zsh, POSIX sh),
/// `shell-init.fish` and `shell-init.csh` (tcsh, csh: aliases that run
/// `swift-venv shell-do`), with the path of the swift-venv to call quoted in.
public enum ShellIntegration {
    /// The shells an integration is written for.
    public static let shells = ["bash", "zsh", "sh", "fish", "tcsh", "csh"]

    /// The placeholders `shell-init.csh` needs besides SWIFT_VENV and
    /// SHELL_NAME, which the caller computes (`swift-venv shell-init`).
    public static let cshValues = ["WORKON_HOME", "HOOK_DIR", "PROJECT_FILENAME", "WORKON_CD", "RUN_DIR"]

    /// The script for `shell`; `swiftVenv` is the program its functions run;
    /// `values` fills the placeholders of `cshValues` for csh and tcsh.
    public static func render(shell: String, swiftVenv: String,
                              values: [String: String] = [:]) throws(VenvError) -> String {
        let template: String, language: ActivationLanguage
        switch shell {
        case "bash", "zsh", "sh", "dash", "ksh":
            (template, language) = ("shell-init.sh", .posixShell)
        case "fish":
            (template, language) = ("shell-init.fish", .fish)
        case "csh", "tcsh":
            (template, language) = ("shell-init.csh", .csh)
        default:
            throw VenvError(.invalid, nil, "no shell integration for '\(shell)'",
                            remedy: "choose one of \(shells.joined(separator: ", "))")
        }
        guard let pieces = ActivationScripts.parsedTemplates[template] else {
            throw VenvError(.failed, nil, "the template \(template) is missing from this build of swift-venv")
        }
        var all = values
        all["SWIFT_VENV"] = swiftVenv
        all["SHELL_NAME"] = shell
        let text = try ActivationScripts.fill(pieces, name: template, language: language, values: all)
        return language == .csh ? evalReady(text) : text
    }

    /// csh is loaded by `eval "`swift-venv shell-init tcsh`"`, which joins
    /// the lines into one: comments go, and each command ends with `;`.
    static func evalReady(_ text: String) -> String {
        var out = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let trimmed = line.drop { $0 == " " }
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            out += line + " ;\n"
        }
        return out
    }
}
