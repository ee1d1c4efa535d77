import ArgumentParser
import SystemPackage
import VenvCore

/// `swift-venv shell-auto SHELL DIR`: the one process automatic activation
/// (`shell-init SHELL --auto`) starts, when the nearest project directory
/// the shell found by itself changed: prints the code the shell evaluates
/// (`AutoActivation`). For tcsh, `shell-auto tcsh CWD FILE MARK AUTOENV`:
/// the program finds the project itself, and writes into FILE the code to
/// source (none when MARK, the project seen last, is the same), knowing the
/// environment it activated (AUTOENV) from the shell. Run before the
/// argument parser: it is on the path of every `cd` into a project.
enum ShellAuto {
    static func main(_ arguments: [String]) -> Never {
        let shell = arguments.first ?? ""
        let csh = shell == "tcsh" || shell == "csh"
        guard arguments.count == (csh ? 5 : 2), AutoActivation.shells.contains(shell), arguments[1].hasPrefix("/") else {
            printError("swift-venv: error: shell-auto takes SHELL DIR (tcsh: CWD FILE MARK AUTOENV); " +
                       "it is run by shell-init --auto\n")
            ThisProcess.exit(2)
        }
        func note(_ line: String) { printError("swift-venv: " + TerminalText.escaped(line) + "\n") }
        // Bounded: the prompt waits at most 50 ms for the answer
        // (SWIFT_VENV_AUTO_TIMEOUT_MS, so that tests on a loaded machine can
        // wait longer where nothing hangs).
        let bound = Environment.variable("SWIFT_VENV_AUTO_TIMEOUT_MS").flatMap { Int($0) }.map { max(1, $0) } ?? 50
        guard let outcome = AutoActivation.lookup(FilePath(arguments[1]), within: bound) else {
            note("finding the environment of \(arguments[1]) took more than \(bound) ms " +
                 "(a network mount that hangs?); nothing activated")
            // Nothing for the shell to run; the lookup's thread ends with the process.
            if csh { _ = try? FS.replaceFile(FilePath(arguments[2]), "", mode: 0o600) }
            ThisProcess.exit(0)
        }
        do {
            let allowance = AutoAllowance.fromEnvironment()
            guard csh else {
                writeOut(try AutoActivation.code(for: outcome, shell: shell, allowance: allowance, note: note))
                ThisProcess.exit(0)
            }
            let file = FilePath(arguments[2]), mark = arguments[3], autoEnv = arguments[4]
            let active = Environment.variable("VIRTUAL_ENV") ?? ""
            var code = ""
            let leave = !autoEnv.isEmpty && active == autoEnv
            let removed = leave && FS.kind(FilePath(autoEnv).appending("pyvenv.cfg"), followingLinks: true) != .file
            if removed { note("\(autoEnv) is no longer an environment (removed?); deactivated") }
            let root: String
            switch outcome {
            case .environment(_, _, let found), .refused(let found, _): root = found.string
            case .none: root = ""
            }
            if root != mark || removed {
                code += "set _swift_venv_auto_mark=" + (AutoActivation.cshWord(root) ?? "''") + "\n"
                // An environment activated by hand (or inherited) is the user's: left alone.
                if active.isEmpty || leave {
                    if leave { code += "deactivate\n" }
                    code += "set _swift_venv_auto_env=''\n"
                    code += try AutoActivation.code(for: outcome, shell: shell, allowance: allowance, note: note)
                }
            }
            // Replaced by rename, so that a shell still reading the previous code keeps it.
            try FS.replaceFile(file, code, mode: 0o600)
            ThisProcess.exit(0)
        } catch {
            printFailure(error)
            ThisProcess.exit(1)
        }
    }
}

/// `swift-venv allow [DIR]`.
struct AllowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "allow",
        abstract: "Let automatic activation run the hooks of DIR's project environment (bin/postactivate), as they are now.",
        discussion: """
            Automatic activation (shell-init SHELL --auto) activates a project's environment from its path alone, \
            and runs its bin/postactivate (postactivate.fish, postactivate.csh) only for a directory allowed here. \
            What is kept: the directory's identity (device, inode) and each hook file's SHA-256; a hook that \
            changes asks again.
            """
    )

    @Argument(help: ArgumentHelp("A directory of the project (default: the current directory).", valueName: "DIR"))
    var directory = "."

    func run() throws {
        guard let allowance = AutoAllowance.fromEnvironment() else {
            throw fail(VenvError(.invalid, nil, "neither XDG_DATA_HOME nor HOME is set, so there is nowhere to keep what is allowed",
                                 remedy: "set HOME"))
        }
        do {
            let (root, env) = try allowance.allow(logical(directory))
            printError("swift-venv: allowed \(TerminalText.escaped(root.string)): the hooks of " +
                       "\(TerminalText.escaped(env.string)) as they are now\n")
        } catch {
            throw fail(error)
        }
    }
}

/// `swift-venv deny [DIR]`.
struct DenyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deny",
        abstract: "Take back `swift-venv allow` for DIR's project: its environment's hooks no longer run."
    )

    @Argument(help: ArgumentHelp("A directory of the project (default: the current directory).", valueName: "DIR"))
    var directory = "."

    func run() throws {
        guard let allowance = AutoAllowance.fromEnvironment() else { return }
        do {
            let root = try allowance.deny(logical(directory))
            printError("swift-venv: denied \(TerminalText.escaped(root.string))\n")
        } catch {
            throw fail(error)
        }
    }
}

/// `.` as the shell names it ($PWD, symbolic links kept) when $PWD is the
/// current directory, else `argument` as it is.
private func logical(_ argument: String) -> FilePath {
    if argument == ".", let pwd = Environment.variable("PWD"), pwd.hasPrefix("/"),
       let here = FS.status(FilePath(".")), let there = FS.status(FilePath(pwd)),
       here.st_dev == there.st_dev, here.st_ino == there.st_ino {
        return FilePath(pwd)
    }
    return FilePath(argument)
}
