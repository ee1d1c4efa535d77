/// The shells with functions: each of virtualenvwrapper's commands is a
/// one-line function that runs `swift-venv shell-do SHELL '&3' COMMAND
/// ARGS...` and evaluates the code rendered here, which the helper writes
/// to its file descriptor 3 (`_swift_venv_do` in shell-init.sh and
/// shell-init.fish). Every path and name is one single-quoted literal (the
/// activation scripts' quoting, `ActivationLanguage.unchecked`, with line
/// breaks kept inside the quotes), so the code holds no text of the user's as code.

/// A shell whose every word is single-quoted in its activation scripts' language.
protocol QuotingShell: WrapperShell {
    var language: ActivationLanguage { get }
}

extension QuotingShell {
    /// `text` as one word between single quotes.
    func q(_ text: String) -> String { language.unchecked(text) }

    func words(_ texts: [String]) -> String { texts.map(q).joined(separator: " ") }
}

/// bash, zsh, ksh and POSIX sh.
package struct PosixShell: QuotingShell {
    package let name: String
    package var hookSuffix: String { "" }
    package var activationScript: String { "activate" }
    var language: ActivationLanguage { .posixShell }

    package init(name: String) { self.name = name }

    package func code(for step: Wrapper.Step) throws(VenvError) -> String {
        switch step {
        case .echo(let text):
            return "printf '%s\\n' \(q(text))"
        case .source(let path):
            return "if [ -f \(q(path)) ]; then . \(q(path)); fi"
        case .runHook(let path, let args, let directory):
            return "(_swift_venv_cd \(q(directory)) && \(words([path] + args)))"
        case .activate(let env):
            return "_swift_venv_activate \(q(env))"
        case .leave(let argument):
            return "_swift_venv_env_deactivate \(q(argument ?? ""))"
        case .setVariable(let variable, let value):
            return "\(variable)=\(q(value))"
        case .unsetVariable(let variable):
            return "unset \(variable)"
        case .forgetDeactivate:
            return "unset -f _swift_venv_env_deactivate deactivate >/dev/null 2>&1; unset _SWIFT_VENV_WRAPPED"
        case .cd(let path, let ifDirectory):
            return ifDirectory ? "if [ -d \(q(path)) ]; then _swift_venv_cd \(q(path)); fi" : "_swift_venv_cd \(q(path))"
        case .run(let argv):
            return words(argv)
        case .inside(let env, let command):
            return "(. \(q(env + "/bin/activate")); _swift_venv_cd \(q(env)); \(words(command)))"
        case .callback(let args):
            return "\"$_swift_venv\" shell-do \(name) - \(words(args))"
        }
    }

    package func temporaryRemoval(readme: String, environment: String) throws(VenvError) -> String {
        """
        if [ -f \(q(readme)) ]
        then
            echo "Removing temporary environment:" \(q(environment))
            rmvirtualenv \(q(environment))
        fi

        """
    }
}

/// fish.
package struct FishShell: QuotingShell {
    package var name: String { "fish" }
    package var hookSuffix: String { ".fish" }
    package var activationScript: String { "activate.fish" }

    var language: ActivationLanguage { .fish }

    package init() {}

    package func code(for step: Wrapper.Step) throws(VenvError) -> String {
        switch step {
        case .echo(let text):
            return "printf '%s\\n' \(q(text))"
        case .source(let path):
            return "test -f \(q(path + hookSuffix)); and source \(q(path + hookSuffix))"
        case .runHook(let path, let args, let directory):
            // fish has no subshell: a child fish changes directory.
            return "fish -c 'builtin cd $argv[1]; and $argv[2..-1]' \(words([directory, path] + args))"
        case .activate(let env):
            return "_swift_venv_activate \(q(env))"
        case .leave(let argument):
            return "_swift_venv_env_deactivate" + (argument.map { " " + q($0) } ?? "")
        case .setVariable(let variable, let value):
            return "set -g \(variable) \(q(value))"
        case .unsetVariable(let variable):
            return "set -e \(variable)"
        case .forgetDeactivate:
            return "functions -e _swift_venv_env_deactivate deactivate; set -e _SWIFT_VENV_WRAPPED"
        case .cd(let path, let ifDirectory):
            return ifDirectory ? "test -d \(q(path)); and builtin cd \(q(path))" : "builtin cd \(q(path))"
        case .run(let argv):
            return words(argv)
        case .inside(let env, let command):
            // A child fish, which loads the integration so its commands can be run.
            return "fish -c '$argv[1] shell-init fish | source; source $argv[2]/bin/activate.fish; " +
                "builtin cd $argv[2]; $argv[3..-1]' \"$_swift_venv\" \(words([env] + command))"
        case .callback(let args):
            return "$_swift_venv shell-do fish - \(words(args))"
        }
    }

    package func temporaryRemoval(readme: String, environment: String) throws(VenvError) -> String {
        "if test -f \(q(readme))\n    echo \"Removing temporary environment:\" \(q(environment))\n" +
            "    rmvirtualenv \(q(environment))\nend\n"
    }
}
