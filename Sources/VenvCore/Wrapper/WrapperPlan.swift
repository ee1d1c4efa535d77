/// What a command leaves to the shell, and the shells that render it.
extension Wrapper {
    /// One thing the shell does after the command's process, in its order.
    package enum Step: Equatable {
        /// Prints a line (from the shell, in its place among the hooks' output).
        case echo(String)
        /// Sources the hook at this path (sh code: a shell of another
        /// language sources the file with its suffix beside it), if present.
        case source(String)
        /// Runs the hook program at this path with these arguments, from a directory.
        case runHook(String, [String], in: String)
        /// Sources the environment's activation script, keeps its
        /// deactivate under another name, and defines the wrapper's
        /// deactivate (which runs `deactivate` of this model).
        case activate(String)
        /// Runs the environment's own deactivate (kept by `activate`), with an argument.
        case leave(argument: String?)
        /// Sets an environment variable.
        case setVariable(String, String)
        /// Removes an environment variable.
        case unsetVariable(String)
        /// Removes the wrapper's deactivate and the kept one: the shell is
        /// no longer in an environment workon activated.
        case forgetDeactivate
        /// Changes directory (when `ifDirectory`, only if it is one).
        case cd(String, ifDirectory: Bool)
        /// Runs a program found on the shell's PATH (pip, in the new environment).
        case run([String])
        /// Runs these words in a child shell with the environment activated,
        /// in its directory.
        case inside(String, [String])
        /// Runs a command of this model from the shell, after the steps before it.
        case callback([String])
    }

    /// The steps, in order.
    package struct Plan: Equatable {
        package private(set) var steps: [Step] = []
        package var isEmpty: Bool { steps.isEmpty }
        mutating func append(_ step: Step) { steps.append(step) }
    }
}

extension Wrapper {
    /// The renderer for the shell `name` (`bash`, `zsh`, `sh`, `ksh`,
    /// `dash`, `fish`, `tcsh`, `csh`), nil for another.
    package static func shell(named name: String) -> WrapperShell? {
        switch name {
        case "bash", "zsh", "sh", "ksh", "dash": return PosixShell(name: name)
        case "fish": return FishShell()
        case "tcsh", "csh": return CshShell(name: name)
        default: return nil
        }
    }
}

/// A shell that renders a `Wrapper.Plan` as its own code; every path and
/// name in it one literal of that shell (data, never code).
package protocol WrapperShell {
    /// The shell's name, as `shell-do` is given it.
    var name: String { get }
    /// The suffix of the hook files this shell sources in place of
    /// virtualenvwrapper's sh ones (`.csh`, `.fish`), "" for sh.
    var hookSuffix: String { get }
    /// The environment's activation script for this shell (in bin/).
    var activationScript: String { get }
    /// One step as this shell's code (a line, or a few).
    func code(for step: Wrapper.Step) throws(VenvError) -> String
    /// What mktmpenv appends to the temporary environment's postdeactivate
    /// hook: if `readme` is still there, say so and remove `environment`.
    func temporaryRemoval(readme: String, environment: String) throws(VenvError) -> String
}

extension WrapperShell {
    /// The plan as this shell's code.
    package func render(_ plan: Wrapper.Plan) throws(VenvError) -> String {
        var text = ""
        for step in plan.steps { text += try code(for: step) + "\n" }
        return text
    }
}

/// csh and tcsh: no functions, so each command is an alias that runs
/// `swift-venv shell-do` and sources the code rendered here (see
/// `shell-init.csh`). The code holds no if-block around a path (csh skips a
/// block's lines without honouring backslashes); every path or name is one
/// csh word from the csh quoting of `ActivationQuoting.swift`.
package struct CshShell: WrapperShell {
    /// `csh` or `tcsh`.
    package let name: String
    package var hookSuffix: String { ".csh" }
    package var activationScript: String { "activate.csh" }

    package init(name: String) { self.name = name == "csh" ? "csh" : "tcsh" }

    /// `text` as one csh word; text no csh word can hold (a control
    /// character) is refused.
    func q(_ text: String) throws(VenvError) -> String {
        guard let word = ActivationLanguage.csh.quote(text) else {
            throw VenvError(.invalid, nil, "\(text.debugDescription) holds a control character, " +
                            "which csh cannot be given")
        }
        return word
    }

    func words(_ texts: [String]) throws(VenvError) -> String {
        var out: [String] = []
        for text in texts { out.append(try q(text)) }
        return out.joined(separator: " ")
    }

    package func code(for step: Wrapper.Step) throws(VenvError) -> String {
        switch step {
        case .echo(let text):
            // csh's echo may read backslashes and a leading -n: such
            // text is printed by the helper instead.
            if text.contains("\\") || text.hasPrefix("-") {
                return "$_swift_venv:q shell-do \(name) - print \(try q(text))"
            } else {
                return "echo \(try q(text))"
            }
        case .source(let path):
            let word = try q(path + hookSuffix)
            return "if ( -f \(word) ) source \(word)"
        case .runHook(let path, let args, let directory):
            return "( cd \(try q(directory)) && \(try words([path] + args)) )"
        case .activate(let env):
            // The environment's own deactivate, kept under another name
            // (its text still unaliases `deactivate`, which is then ours: as wanted).
            return "source \(try q(env + "/bin/" + activationScript))\n" +
                "alias _swift_venv_env_deactivate \"`alias deactivate`\"\n" +
                "alias deactivate '_swift_venv_shell_do deactivate \\!* && source $_swift_venv_do:q'\n" +
                "set _swift_venv_wrapped"
        case .leave(let argument):
            return "_swift_venv_env_deactivate" + (argument == nil ? "" : " " + (try q(argument!)))
        case .setVariable(let variable, let value):
            return "setenv \(variable) \(try q(value))"
        case .unsetVariable(let variable):
            return "unsetenv \(variable)"
        case .forgetDeactivate:
            return "unalias _swift_venv_env_deactivate\nunalias deactivate\nunset _swift_venv_wrapped"
        case .cd(let path, let ifDirectory):
            let word = try q(path)
            return ifDirectory ? "if ( -d \(word) ) chdir \(word)" : "chdir \(word)"
        case .run(let argv):
            return try words(argv)
        case .inside(let env, let command):
            return "( source \(try q(env + "/bin/" + activationScript)) ; chdir \(try q(env)) ; " +
                "\(try words(command)) )"
        case .callback(let args):
            return "$_swift_venv:q shell-do \(name) - \(try words(args))"
        }
    }

    package func temporaryRemoval(readme: String, environment: String) throws(VenvError) -> String {
        """
        if ( -f \(try q(readme)) ) then
            echo "Removing temporary environment:" \(try q(environment))
            rmvirtualenv \(try q(environment))
        endif

        """
    }
}
