import ArgumentParser
import SystemPackage
import VenvCore

/// The store's commands (issue 15): `list`, `remove`, `copy`, `move`,
/// `shell-init`. Names are directories of `$WORKON_HOME`; anything with a
/// `/` is a path.
func currentStore() throws(VenvError) -> Store { try Store.fromEnvironment() }

struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the environments of $WORKON_HOME (default ~/.virtualenvs), as virtualenvwrapper keeps them.",
        discussion: "Each line: name, Python version, project (from .project), " +
                    "and what is wrong with a broken one. Read from files; no Python is started."
    )

    @Flag(help: "Print a JSON array of objects with keys name, path, version, project, broken, problem.")
    var json = false

    @Flag(name: [.customShort("b"), .long], help: "Print only the names, one a line (lsvirtualenv -b).")
    var brief = false

    @Option(help: ArgumentHelp("Print the names one or two edits from NAME, comma-separated, and nothing else.",
                               visibility: .hidden))
    var closest: String?

    func run() throws {
        let store = try reportingFailure { () throws(VenvError) in try currentStore() }
        if let closest {
            let names = Suggestion.closest(to: closest, among: (try? store.names()) ?? [])
            if !names.isEmpty { print(names.map { TerminalText.escaped($0) }.joined(separator: ", ")) }
            return
        }
        if store.isMissing {
            // As lsvirtualenv says so (it creates the directory; a listing changes nothing).
            printMessage("note", "\(store.workonHome) does not exist, so it holds no environments yet")
        }
        try reportingFailure { () throws(VenvError) in
            if brief {
                for name in try store.names() { print(TerminalText.escaped(name)) }
                return
            }
            let entries = try store.list()
            if json { print(StoreEntry.json(entries)); return }
            let rows = entries.map { entry in
                (name: TerminalText.escaped(entry.name), version: TerminalText.escaped(entry.version ?? "?"),
                 project: entry.project.map { TerminalText.escaped($0) },
                 problem: entry.problem.map { TerminalText.escaped($0) })
            }
            let width = rows.map { $0.name.count }.max() ?? 0
            for row in rows {
                var line = row.name + String(repeating: " ", count: width - row.name.count + 2)
                line += row.version.padding(8)
                if let project = row.project { line += "  project " + project }
                if let problem = row.problem { line += "  BROKEN: " + problem }
                print(line)
            }
        }
    }
}

struct Remove: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Remove environments, named in $WORKON_HOME or by path.",
        discussion: """
            Only a directory with a pyvenv.cfg is removed; a symbolic link is never followed \
            out, pyvenv.cfg is removed last, and /, a directory holding your home or the \
            current directory, and the active environment (without --force) are refused. Every \
            argument, and all it holds, is checked first (no mount point inside, everything \
            writable by you), so a removal does not stop half way.
            """
    )

    @Argument(help: ArgumentHelp("An environment's name in $WORKON_HOME, or its path (with a '/', or . or ..).",
                                 valueName: "NAME|PATH"))
    var environments: [String] = []

    @Flag(help: "Remove the active environment ($VIRTUAL_ENV) too.")
    var force = false

    func validate() throws {
        if environments.isEmpty { throw ValidationError("name at least one environment to remove") }
    }

    func run() throws {
        try reportingFailure { () throws(VenvError) in
            let store = try currentStore()
            let paths = try environments.map { (name) throws(VenvError) in try store.existing(name) }
            for path in paths {
                try EnvironmentRemoval.check(path)
                if !force { try EnvironmentRemoval.refuseActive(path) }
            }
            for path in paths { try EnvironmentRemoval.remove(path) }
        }
    }
}

/// The arguments of copy and move, and the relocation they run.
struct RelocationFlags: ParsableArguments {
    @Argument(help: ArgumentHelp("The environment: a name in $WORKON_HOME, or a path (with a '/').", valueName: "SRC"))
    var source: String

    @Argument(help: ArgumentHelp("Where it goes: a name in $WORKON_HOME, or a path (with a '/').", valueName: "DST"))
    var destination: String

    @Flag(help: "Replace an environment already at DST (never a directory that is not one).")
    var force = false

    @Flag(help: "Print the new environment as a JSON object (as `list --json` does), and no progress.")
    var json = false

    /// Copy or move: the one difference between the two commands, with
    /// their help.
    enum Operation {
        case copy, move

        var configuration: CommandConfiguration {
            switch self {
            case .copy:
                CommandConfiguration(
                    commandName: "copy",
                    abstract: "Copy an environment; everything that names its path is rewritten for the new one.",
                    discussion: """
                        Console scripts, activation scripts, pyvenv.cfg, RECORD hashes, .pth, .egg-link and \
                        direct_url.json files and inner symbolic links are rewritten. The copy is built \
                        beside DST and renamed into place, so it appears whole or not at all; SRC is only read.
                        """
                )
            case .move:
                CommandConfiguration(
                    commandName: "move",
                    abstract: "Move (or rename) an environment; everything that names its path is rewritten for "
                              + "the new one.",
                    discussion: """
                        On one file system: renamed, then rewritten, with a journal beside DST so that an \
                        interrupted move is finished by running the same command again. Across file \
                        systems: copied, compared, and only then is SRC removed.
                        """
                )
            }
        }
    }

    func run(_ operation: Operation) throws {
        try reportingFailure { () throws(VenvError) in
            let store = try currentStore()
            let dst = try store.locate(destination)
            // A move to dst that was interrupted is finished even though its source is gone.
            let src = operation == .move && Relocation.hasUnfinishedMove(to: dst)
                ? try store.locate(source) : try store.existing(source)
            var options = Relocation.Options()
            options.replace = force
            if !json && ThisProcess.isTerminal(2) {
                let verb = operation == .move ? "moving" : "copying"
                options.progress = { done, total in
                    printError("\r\(verb) \(dst.lastComponent?.string ?? ""): \(done)/\(total) files"
                               + (done == total ? "\n" : ""))
                }
            }
            switch operation {
            case .copy: try Relocation.copy(from: src, to: dst, options: options)
            case .move: try Relocation.move(from: src, to: dst, options: options)
            }
            if json { print(StoreEntry.describe(dst).json) }
        }
    }
}

struct Copy: ParsableCommand {
    static let configuration = RelocationFlags.Operation.copy.configuration
    @OptionGroup var flags: RelocationFlags
    func run() throws { try flags.run(.copy) }
}

struct Move: ParsableCommand {
    static let configuration = RelocationFlags.Operation.move.configuration
    @OptionGroup var flags: RelocationFlags
    func run() throws { try flags.run(.move) }
}

struct ShellInit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shell-init",
        abstract: "Print virtualenvwrapper's commands as shell functions: eval \"$(swift-venv shell-init bash)\".",
        discussion: """
            Defines mkvirtualenv, mktmpenv, rmvirtualenv, cpvirtualenv, lsvirtualenv, showvirtualenv, \
            workon, deactivate, cdvirtualenv, cdsitepackages, lssitepackages, add2virtualenv, \
            allvirtualenv, mkproject, setvirtualenvproject, cdproject and wipeenv, runs \
            virtualenvwrapper's hooks in its order, and completes environment names. \
            For fish: swift-venv shell-init fish | source. \
            For tcsh and csh (as aliases; hooks sourced from HOOK.csh): eval "`swift-venv shell-init tcsh`"
            """
    )

    @Argument(help: ArgumentHelp("bash, zsh, sh, fish, tcsh or csh.", valueName: "SHELL"))
    var shell: String

    @Flag(help: ArgumentHelp("Print the functions alone (bash, zsh, sh), which the script printed without this "
                             + "loads the first time one of them runs.", visibility: .hidden))
    var functions = false

    @Flag(help: ArgumentHelp("Also activate the environment of the project of each directory entered, and "
                             + "deactivate it on leaving (bash, zsh, fish, tcsh; docs/activation.md)."))
    var auto = false

    func run() throws {
        let status = Self.emit(shell: shell, functions: functions, auto: auto)
        if status != 0 { throw ExitCode(status) }
    }

    /// Prints the integration for `shell`; the exit status. Run without the
    /// argument parser for the plain forms (`ShellInit.fastPath`): it is on
    /// every shell's start.
    static func emit(shell: String, functions: Bool, auto: Bool = false) -> Int32 {
        do {
            var values: [String: String] = [:]
            if shell == "tcsh" || shell == "csh" { values = try cshValues() }
            let text = try ShellIntegration.render(shell: shell, swiftVenv: ownPath(), values: values,
                                                   part: functions ? .functions : .start, auto: auto)
            writeOut(text)
            return 0
        } catch {
            printFailure(error)
            return 1
        }
    }

    /// `shell-init SHELL`, `shell-init SHELL --functions` and
    /// `shell-init SHELL --auto` without the
    /// argument parser's start-up; nil for anything else (help, a usage
    /// error), which the argument parser then handles.
    static func fastPath(_ arguments: [String]) -> Int32? {
        guard arguments.first == "shell-init", arguments.count == 2 || arguments.count == 3,
              !arguments[1].hasPrefix("-"), ShellIntegration.shells.contains(arguments[1]) else { return nil }
        if arguments.count == 3 && arguments[2] != "--functions" && arguments[2] != "--auto" { return nil }
        return emit(shell: arguments[1], functions: arguments.count == 3 && arguments[2] == "--functions",
                    auto: arguments.count == 3 && arguments[2] == "--auto")
    }

    /// What the csh integration is written with: the variables
    /// virtualenvwrapper derives, and a private directory for the code its
    /// aliases source. Makes the hook files (once), as shell-init.sh does.
    static func cshValues() throws(VenvError) -> [String: String] {
        let workon = try currentStore().workonHome.string
        func value(_ name: String, _ fallback: String) -> String {
            guard let text = Environment.variable(name), !text.isEmpty else { return fallback }
            return text
        }
        let hookDir = value("VIRTUALENVWRAPPER_HOOK_DIR", workon)
        Wrapper.makeGlobalHooks(hookDir)
        return ["WORKON_HOME": workon, "HOOK_DIR": hookDir,
                "PROJECT_FILENAME": value("VIRTUALENVWRAPPER_PROJECT_FILENAME", ".project"),
                "WORKON_CD": value("VIRTUALENVWRAPPER_WORKON_CD", "1"), "RUN_DIR": try privateDirectory()]
    }

    /// `$XDG_RUNTIME_DIR/swift-venv`, else `${TMPDIR:-/tmp}/swift-venv-UID`:
    /// made mode 0700 and used only if it is a directory (not a link) of
    /// this user that no one else can write or read. Files of shells that
    /// have ended are removed.
    static func privateDirectory() throws(VenvError) -> String {
        let uid = ThisProcess.userID
        let directory: String
        if let runtime = Environment.variable("XDG_RUNTIME_DIR"), runtime.hasPrefix("/") {
            directory = runtime + "/swift-venv"
        } else {
            let tmp = Environment.variable("TMPDIR").flatMap { $0.hasPrefix("/") ? $0 : nil } ?? "/tmp"
            directory = tmp + "/swift-venv-\(uid)"
        }
        try? FS.makeDirectory(FilePath(directory), mode: 0o700)
        guard let st = FS.linkStatus(FilePath(directory)), FileKind(mode: st.st_mode) == .directory,
              st.st_uid == uid, st.st_mode & 0o077 == 0 else {
            throw VenvError(.invalid, FilePath(directory),
                            "is not a private directory of yours, so the csh integration cannot keep its code there",
                            remedy: "remove it, or set TMPDIR to a directory of yours")
        }
        for name in (try? FS.contents(of: FilePath(directory))) ?? [] {
            guard let dot = name.firstIndex(of: "."), let pid = Int32(name[..<dot]) else { continue }
            if !ChildProcess.exists(pid) { try? FS.remove(FilePath(directory + "/" + name)) }
        }
        return directory
    }
}

/// Item 6 of issue 15: with more subcommands, `swift-venv NAME` (a drop-in
/// for `python -m venv NAME`) must not turn a mistyped subcommand into a new
/// environment. A first argument one or two edits from a subcommand's name
/// is refused unless written as a path (`./lsit`).
enum SubcommandTypo {
    /// `arguments`: the command line without the program's name.
    static func check(_ arguments: [String]) {
        guard let first = arguments.first else { return }
        guard !first.hasPrefix("-"), !first.contains("/") else { return }
        let names = SwiftVenv.commandWords.sorted()
        guard !names.contains(first) else { return }
        let close = Suggestion.closest(to: first, among: names)
        guard !close.isEmpty else { return }
        let quoted = close.map { "'\($0)'" }.joined(separator: " or ")
        printMessage("error", "'\(first)' is not a subcommand; " +
                              "did you mean \(quoted)? To create an environment named \(first), write its path: ./\(first)")
        ThisProcess.exit(1)
    }
}

/// virtualenv's spellings that tools driving swift-venv as a drop-in pass
/// (issue 15, item 5): `-p PYTHON` and `--python=PYTHON` (the long form
/// ArgumentParser already reads), `--no-site-packages` (the default, so
/// nothing to do) and `-q`/`--quiet` (swift-venv prints nothing anyway).
struct VirtualenvSpellings: ParsableArguments {
    @Option(name: .customShort("p"),
            help: ArgumentHelp("The same as --python (virtualenv's spelling).", valueName: "PYTHON"))
    var python: String?

    @Flag(name: .customLong("no-site-packages"),
          help: ArgumentHelp("Accepted for virtualenv's callers: the default.", visibility: .hidden))
    var noSitePackages = false

    @Flag(name: [.customShort("q"), .customLong("quiet")],
          help: ArgumentHelp("Accepted for virtualenv's callers: swift-venv prints nothing on success.",
                             visibility: .hidden))
    var quiet = false
}

private extension String {
    func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
