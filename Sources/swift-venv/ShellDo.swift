import ArgumentParser
import SystemPackage
import VenvCore

/// `swift-venv shell-do SHELL FILE COMMAND ARGS...`: the helper behind every
/// shell's integration (`shell-init`). Each of virtualenvwrapper's commands
/// is a function (an alias in csh, which has no functions) that runs this
/// with the words the user typed. The command is VenvCore's `Wrapper`
/// (which does the work a process can do); the code that must run in the
/// shell itself is its plan, rendered for SHELL into FILE, which the shell
/// then sources or evaluates. FILE `-` means the command needs no code,
/// `&3` file descriptor 3 (bash, zsh, sh and fish read it from a pipe);
/// SHELL ends with `:1` when the active environment was activated by workon.
struct ShellDoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shell-do",
        abstract: "The helper of `shell-init`'s commands (not for direct use).",
        shouldDisplay: false
    )

    @Argument(parsing: .captureForPassthrough, help: "SHELL FILE COMMAND ARGS...")
    var words: [String] = []

    func run() throws { ShellDo.main(words) }
}

enum ShellDo {
    /// `arguments`: the words after `shell-do`.
    static func main(_ arguments: [String]) -> Never {
        guard arguments.count >= 3 else {
            printError("swift-venv: error: shell-do takes SHELL FILE COMMAND [ARGS...]; it is run by shell-init's aliases\n")
            ThisProcess.exit(Wrapper.Status.usage)
        }
        let file = arguments[1]
        guard let shell = Wrapper.shell(named: String(arguments[0].prefix { $0 != ":" })) else {
            printError("swift-venv: error: shell-do has no integration for the shell '\(arguments[0])'\n")
            ThisProcess.exit(Wrapper.Status.usage)
        }
        do {
            var wrapper = try Wrapper(shell: shell, wrapped: arguments[0].hasSuffix(":1"), program: ownPath())
            do {
                try wrapper.perform(arguments[2], Array(arguments.dropFirst(3)))
            } catch {
                if let shown = error.shown { printError(shown + "\n") }
                ThisProcess.exit(error.status)
            }
            let code = try shell.render(wrapper.plan)
            if file == "&3" {
                try FS.writeAll(3, Array(code.utf8), FilePath("/dev/fd/3"))
            } else if file != "-" {
                // Replaced by rename, so that a shell still reading the previous code keeps it.
                try FS.replaceFile(FilePath(file), code, mode: 0o600)
            }
            ThisProcess.exit(Wrapper.Status.success)
        } catch {
            printFailure(error)
            ThisProcess.exit(Wrapper.Status.failure)
        }
    }
}
