import ArgumentParser
import SystemPackage
import VenvCore

/// `swift-venv shell-auto SHELL DIR`: the one process automatic activation
/// (`shell-init SHELL --auto`) starts, when the nearest project directory
/// the shell found by itself changed: prints the code the shell evaluates
/// (`AutoActivation`). `shell-auto SHELL CWD FILE MARK AUTOENV` (tcsh on
/// every directory change, the other shells under a remote mount, where
/// they test no file themselves): the program finds the project itself,
/// and writes into FILE (`-`: standard output) the code to run (none when
/// MARK, the project seen last, is the same), knowing the environment it
/// activated (AUTOENV) from the shell. `shell-auto SHELL --mounts`: the
/// remote mount points, set again after the mount table changed;
/// `shell-auto SHELL --function`: the activation function, for a shell
/// whose cached copy is gone (bash, zsh, fish). Run
/// before the argument parser: it is on the path of every `cd` into a
/// project.
enum ShellAuto {
    static func main(_ arguments: [String]) -> Never {
        let shell = arguments.first ?? ""
        let csh = shell == "tcsh" || shell == "csh"
        if arguments.count == 2, arguments[1] == "--mounts", AutoActivation.shells.contains(shell), !csh {
            writeOut(AutoActivation.mountsCode(shell: shell))
            ThisProcess.exit(0)
        }
        if arguments.count == 2, arguments[1] == "--function", AutoActivation.shells.contains(shell), !csh {
            do throws(VenvError) {
                writeOut(try AutoActivation.activationFunction(shell: shell))
                ThisProcess.exit(0)
            } catch {
                printFailure(error)
                ThisProcess.exit(1)
            }
        }
        if arguments.count >= 2, arguments[1] == "--serve", shell == "bash" || shell == "zsh" {
            serve(arguments, shell: shell)
        }
        // `shell-auto SHELL DIR --no-remote-mounts`: the shell read this
        // process's mount table at this cd (the same namespace) and it
        // names no remote mount, so it is not read again.
        let local = arguments.count == 3 && arguments[2] == "--no-remote-mounts" && !csh
        let arguments = local ? Array(arguments.prefix(2)) : arguments
        guard arguments.count == 5 || (arguments.count == 2 && !csh), AutoActivation.shells.contains(shell),
              arguments[1].hasPrefix("/") else {
            printError("swift-venv: error: shell-auto takes SHELL DIR [--no-remote-mounts] (or SHELL CWD FILE MARK AUTOENV, " +
                       "SHELL --mounts or SHELL --function); it is run by shell-init --auto\n")
            ThisProcess.exit(2)
        }
        let file = arguments.count == 5 && arguments[2] != "-" ? FilePath(arguments[2]) : nil
        // Past the bound: the line, and nothing for the shell to run.
        let (lines, code) = answer(arguments, shell: shell, remoteMounts: !local, ending: true, file: file)
        writeAll(2, bytes: lines)
        guard let code else {
            // Nothing for the shell to run.
            if let file { _ = try? FS.replaceFile(file, "", mode: 0o600) }
            ThisProcess.exit(0)
        }
        guard let file else {
            writeAll(1, bytes: code)
            ThisProcess.exit(0)
        }
        do throws(VenvError) {
            // Replaced by rename, so that a shell still reading the previous code keeps it.
            try FS.replaceFile(file, code, mode: 0o600)
            ThisProcess.exit(0)
        } catch {
            printFailure(error)
            ThisProcess.exit(1)
        }
    }

    /// The lines to say and the code to run for `arguments` (SHELL DIR or
    /// SHELL CWD FILE MARK AUTOENV); the code is nil when the lookup took
    /// longer than its bound (a hung mount), which the lines then say.
    /// `remoteMounts` false: the caller knows this process's mount table
    /// holds no remote mount (the shell read it at this cd). `ending`: the
    /// process ends after the answer (its code going to `file`, if given),
    /// so where no mount can hold the lookup, it runs on the caller's
    /// thread under a timer signal, which past the bound says the lines,
    /// empties `file` and ends the process (`BoundedChild.runTimed`: no
    /// thread to start, nor to end at the exit).
    static func answer(_ arguments: [String], shell: String, remoteMounts: Bool = true,
                       ending: Bool = false, file: FilePath? = nil) -> (lines: [UInt8], code: [UInt8]?) {
        // Bounded: the prompt waits at most 50 ms for the answer
        // (SWIFT_VENV_AUTO_TIMEOUT_MS, so that tests on a loaded machine can
        // wait longer where nothing hangs). The work is a child's, which a
        // hung mount may hold: its lines and code come back through a pipe,
        // the lines first, then a NUL, then the code. Where no mount can
        // hold it against SIGKILL, a thread's (a fork and its copies cost
        // more than the lookup).
        let bound = Environment.variable("SWIFT_VENV_AUTO_TIMEOUT_MS").flatMap { Int($0) }.map { max(1, $0) } ?? 50
        let work: @Sendable () -> [UInt8] = {
            var lines = ""
            let code: String
            do throws(VenvError) {
                code = try decide(arguments, shell: shell) { lines += "swift-venv: " + TerminalText.escaped($0) + "\n" }
            } catch {
                lines += "swift-venv: error: " + TerminalText.escaped(error.message) + "\n"
                code = ""
            }
            return Array(lines.utf8) + [0] + Array(code.utf8)
        }
        @Sendable func timedOut() -> [UInt8] {
            Array(("swift-venv: " + TerminalText.escaped("finding the environment of \(arguments[1]) took more " +
                "than \(bound) ms (a network mount that hangs?); nothing activated") + "\n").utf8)
        }
        let answer: [UInt8]?
        if remoteMounts && AutoActivation.seesRemoteMounts() {
            answer = BoundedChild.run(within: bound, work)
        } else if ending {
            answer = BoundedChild.runTimed(within: bound, work, timedOut: timedOut(), emptying: file?.string)
        } else {
            answer = BoundedChild.runInThread(within: bound, work)
        }
        guard let answer, let nul = answer.firstIndex(of: 0) else { return (timedOut(), nil) }
        return (Array(answer[..<nul]), Array(answer[(nul + 1)...]))
    }

    /// `shell-auto SHELL --serve CLIENT` (bash and zsh): starts the lookup
    /// server of the shell whose process is CLIENT (`FIFOServer`), and prints
    /// its process id and directory (`PID DIR`). A request is its number,
    /// the project directory, `AutoActivation.requestVariables` (each `=VALUE`, or empty
    /// when unset) and how many remote mounts the shell's table names,
    /// NUL-terminated; the answer: the files `code` and
    /// `lines` (the lines to say) in the server's directory, then its
    /// token on the FIFO `a`, one NUL-terminated field: RS (0x1e), the
    /// request's number, a space, the flags, a space and the ending lines
    /// (`l`: there are lines in the file; `e`: the server ended, after a
    /// lookup that passed its bound, whose thread may be held, and the
    /// lines are the token's, its directory being gone; `a`: ask
    /// `shell-auto SHELL DIR` instead, as for a NUL in the code, which a
    /// shell's `$(<file)` would drop, or a directory or variable not in
    /// UTF-8). RS is in no token but at its start (the lines are terminal
    /// text: no control character but the line break), so that what a
    /// read interrupted by Ctrl-C left of a token is never taken for one.
    static func serve(_ arguments: [String], shell: String) -> Never {
        guard arguments.count == 3, let client = Int32(arguments[2]), client > 1 else {
            printError("swift-venv: error: shell-auto SHELL --serve takes the shell's process id\n")
            ThisProcess.exit(2)
        }
        guard let base = FIFOServer.privateBase() else {
            printError("swift-venv: no directory for the lookup server: neither $XDG_RUNTIME_DIR, $TMPDIR nor /tmp " +
                       "is safe from other users\n")
            ThisProcess.exit(1)
        }
        let fields = 3 + AutoActivation.requestVariables.count
        let started = FIFOServer.start(base: base, client: client, fields: fields) { request in
            // The token: RS, the request's number; `l` when there are lines to say, `e` when the
            // server ends, `a` when the shell must ask the process; and the lines when the server
            // ends (its directory goes with it; escaped text, so neither RS nor NUL).
            func reply(_ flags: String, lines: [UInt8] = [], code: [UInt8] = [], end: Bool = false) -> FIFOServer.Reply {
                let space = UInt8(ascii: " ")
                return FIFOServer.Reply(files: end ? [] : [("code", code)] + (lines.isEmpty ? [] : [("lines", lines)]),
                                        token: [0x1e] + request[0] + [space] + Array(flags.utf8) + [space] +
                                            (end ? lines.filter { $0 != 0x1e && $0 != 0 } : []) + [0], end: end)
            }
            guard let directory = String(validating: request[1], as: UTF8.self), directory.hasPrefix("/") else {
                return reply("a")
            }
            for (name, value) in zip(AutoActivation.requestVariables, request[2...]) {
                guard value.first == UInt8(ascii: "=") else {
                    Environment.set(name, nil)
                    continue
                }
                // (A value not in UTF-8: the process reads it as its environment has it.)
                guard let text = String(validating: value.dropFirst(), as: UTF8.self) else { return reply("a") }
                Environment.set(name, text)
            }
            // The shell names no remote mount in the table it read at this cd
            // (the server shares its mount namespace): no need to read it again.
            let (lines, code) = answer([shell, directory], shell: shell, remoteMounts: request[fields - 1] != [UInt8(ascii: "0")])
            let flags = lines.isEmpty ? "" : "l"
            guard let code else { return reply("e", lines: lines, end: true) }
            // `$(<file)` drops NUL bytes and a final line break: the process's pipe gives them.
            if code.contains(0) || lines.contains(0) { return reply("a") }
            return reply(flags, lines: lines, code: code)
        }
        guard let started else {
            printError("swift-venv: could not start the lookup server in \(TerminalText.escaped(base))\n")
            ThisProcess.exit(1)
        }
        writeOut("\(started.pid) \(started.dir)\n")
        ThisProcess.exit(0)
    }

    /// The code for the shell: for SHELL DIR, `AutoActivation.code`; for
    /// SHELL CWD FILE MARK AUTOENV, nothing when the project is MARK still
    /// (and AUTOENV was not removed), else the new mark and, unless an
    /// environment activated by hand is active, the leaving of AUTOENV and
    /// the code.
    static func decide(_ arguments: [String], shell: String,
                       note: (String) -> Void) throws(VenvError) -> String {
        let outcome = AutoActivation.lookup(FilePath(arguments[1]))
        let allowance = AutoAllowance.fromEnvironment()
        guard arguments.count == 5 else {
            return try AutoActivation.code(for: outcome, shell: shell, allowance: allowance, note: note)
        }
        let csh = shell == "tcsh" || shell == "csh"
        let mark = arguments[3], autoEnv = arguments[4]
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
        guard root != mark || removed else { return "" }
        code += AutoActivation.markCode(root, shell: shell)
        // An environment activated by hand (or inherited) is the user's: left alone.
        if active.isEmpty || leave {
            // (bash, zsh and fish: the code's _swift_venv_auto_off leaves.)
            if csh {
                if leave { code += "deactivate\n" }
                code += "set _swift_venv_auto_env=''\n"
            }
            code += try AutoActivation.code(for: outcome, shell: shell, allowance: allowance, note: note)
        }
        return code
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
        try reportingFailure { () throws(VenvError) in
            let (root, env) = try allowance.allow(logical(directory))
            printError("swift-venv: allowed \(TerminalText.escaped(root.string)): the hooks of " +
                       "\(TerminalText.escaped(env.string)) as they are now\n")
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
        try reportingFailure { () throws(VenvError) in
            let root = try allowance.deny(logical(directory))
            printError("swift-venv: denied \(TerminalText.escaped(root.string))\n")
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
