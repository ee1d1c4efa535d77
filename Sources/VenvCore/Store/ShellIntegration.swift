/// `swift-venv shell-init SHELL`: virtualenvwrapper's shell functions,
/// written from the templates `shell-init.sh` (bash, zsh, POSIX sh) and
/// `shell-init.fish`, with the path of the swift-venv to call quoted in.
public enum ShellIntegration {
    /// The shells an integration is written for.
    public static let shells = ["bash", "zsh", "sh", "fish"]

    /// The script for `shell`; `swiftVenv` is the program its functions run.
    public static func render(shell: String, swiftVenv: String) throws(VenvError) -> String {
        let template: String, language: ActivationLanguage
        switch shell {
        case "bash", "zsh", "sh", "dash", "ksh":
            (template, language) = ("shell-init.sh", .posixShell)
        case "fish":
            (template, language) = ("shell-init.fish", .fish)
        case "csh", "tcsh":
            throw VenvError(.invalid, nil, "\(shell) has no shell functions, which virtualenvwrapper's commands need",
                            remedy: "use bash, zsh, sh or fish; in \(shell), " +
                                    "activate with `source $WORKON_HOME/NAME/bin/activate.csh`")
        default:
            throw VenvError(.invalid, nil, "no shell integration for '\(shell)'",
                            remedy: "choose one of \(shells.joined(separator: ", "))")
        }
        guard let pieces = ActivationScripts.parsedTemplates[template] else {
            throw VenvError(.failed, nil, "the template \(template) is missing from this build of swift-venv")
        }
        return try ActivationScripts.fill(pieces, name: template, language: language,
                                          values: ["SWIFT_VENV": swiftVenv, "SHELL_NAME": shell])
    }
}
