import ArgumentParser
import SystemPackage
import VenvCore

struct RepairCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repair",
        abstract: "Point an environment at a new base Python of the same minor version, keeping its packages.",
        discussion: """
            For a base that moved or was replaced (a pyenv patch upgrade, a moved install, a new \
            uv build): pyvenv.cfg's home, version, executable and command, bin/'s links to (or \
            copies of) the base, and the console scripts whose shebang named the old base are \
            rewritten, all at once; nothing else changes. For another minor version, use rebuild.
            """
    )

    @Argument(help: ArgumentHelp("The environment: a path, or a name in $WORKON_HOME.", valueName: "ENV"))
    var environment: String

    @Option(help: ArgumentHelp("The new base: a path, a command, or a version (default: the environment's " +
                               "X.Y, chosen as `find --python X.Y` chooses).", valueName: "SPEC"))
    var python: String?

    @Flag(name: .shortAndLong, help: "Print each file replaced.")
    var verbose = false

    func run() throws {
        try reportingFailure { () throws(VenvError) in
            var options = Repair.Options()
            options.python = python
            if verbose { options.log = { printMessage("info", $0) } }
            let path = try Store.environmentOrPath(environment)
            let result = try Repair.repair(path, options)
            let env = TerminalText.escaped(path.string), base = TerminalText.escaped(result.python.string)
            print(result.changed.isEmpty
                  ? "\(env) already uses \(base) (Python \(result.version)): nothing to repair"
                  : "\(env) now uses \(base) (Python \(result.version)): \(result.changed.count) files replaced")
        }
    }
}

struct RebuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebuild",
        abstract: "Move an environment to another base Python (a new minor version), reinstalling its packages.",
        discussion: """
            What is installed (freeze) is kept beside the environment as NAME.swift-venv-requirements.txt; \
            a new environment is made aside with the new base and its pip installs those requirements \
            (editable projects from their directories, local wheels and direct URLs as recorded); only \
            when that succeeded does it take the old one's place, the old one kept as \
            NAME.swift-venv-old until --prune. On failure the old environment is untouched and the error \
            names the package that failed.
            """
    )

    @Argument(help: ArgumentHelp("The environment: a path, or a name in $WORKON_HOME.", valueName: "ENV"))
    var environment: String

    @Option(help: ArgumentHelp("The new base: a path, a command, or a version such as 3.12.", valueName: "SPEC"))
    var python: String

    @Option(name: .customLong("find-links"), help: ArgumentHelp("Passed to pip (a directory of wheels or a URL); " +
                                                                "may be repeated.", valueName: "DIR|URL"))
    var findLinks: [String] = []

    @Flag(name: .customLong("no-index"), help: "Passed to pip: install only from --find-links (offline).")
    var noIndex = false

    @Flag(help: "Remove the old environment once the new one is in place (and one a previous rebuild kept).")
    var prune = false

    func run() throws {
        try reportingFailure { () throws(VenvError) in
            let path = try Store.environmentOrPath(environment)
            var options = Rebuild.Options(python: python)
            options.findLinks = findLinks
            options.noIndex = noIndex
            options.prune = prune
            let terminal = ThisProcess.isTerminal(2)
            options.progress = { stage in
                let line = "[\(stage.number)/\(prune ? 5 : 4)] \(stage.text)"
                // On a terminal one line, rewritten as each stage starts; else a line each.
                printError(terminal ? "\r\u{1B}[K" + TerminalText.escaped(line) : TerminalText.escaped(line) + "\n")
            }
            let result: Rebuild.Result
            do throws(VenvError) {
                result = try Rebuild.rebuild(path, options)
            } catch {
                if terminal { printError("\n") }
                throw error
            }
            var said = "\(TerminalText.escaped(path.string)) rebuilt with Python \(result.version); " +
                       "requirements kept in \(TerminalText.escaped(result.requirements.string))"
            if let old = result.old { said += "; the old environment kept as \(TerminalText.escaped(old.string))" }
            if terminal { printError("\n") }
            print(said)
        }
    }
}
