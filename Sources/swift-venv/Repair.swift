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
        do {
            var options = Repair.Options()
            options.python = python
            if verbose { options.log = { printMessage("info", $0) } }
            let path = try Store.environmentOrPath(environment)
            let result = try Repair.repair(path, options)
            let env = TerminalText.escaped(path.string), base = TerminalText.escaped(result.python.string)
            print(result.changed.isEmpty
                  ? "\(env) already uses \(base) (Python \(result.version)): nothing to repair"
                  : "\(env) now uses \(base) (Python \(result.version)): \(result.changed.count) files replaced")
        } catch {
            throw fail(error)
        }
    }
}
