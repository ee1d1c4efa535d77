#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import VenvCore

struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Say what is wrong with environments, why, and the command that mends each problem.",
        discussion: """
            Checks, from files alone (no Python is started): the base interpreter gone or changed in \
            place (pyvenv.cfg's version against the base's files), bin/python* links dangling or leading \
            elsewhere, console scripts naming a python that is gone or outside the environment, \
            pyvenv.cfg unreadable or missing keys, site-packages of another minor version, RECORD files \
            missing, an interrupted copy or move. Without ENV: the environments of $WORKON_HOME. \
            Exits 0 when all are healthy, 1 when something needs mending (or an ENV is not an environment).
            """
    )

    @Argument(help: ArgumentHelp("An environment's name in $WORKON_HOME, or its path.", valueName: "ENV"))
    var environments: [String] = []

    @Flag(help: "Every environment `swift-venv find` knows.")
    var all = false

    @Flag(help: """
        One JSON object per environment and line (keys: environment, healthy, version, home, \
        base_version, base_executable, codes, problems [code, path, cause, remedy], \
        replacements [version, executable]).
        """)
    var json = false

    @Option(help: ArgumentHelp("With --all: a project directory to look in, as find's. May be repeated.",
                               valueName: "DIR"))
    var workspace: [String] = []

    @Option(help: ArgumentHelp("With --all: a directory whose children are environments. May be repeated.",
                               valueName: "DIR"))
    var searchPath: [String] = []

    func validate() throws {
        if all && !environments.isEmpty {
            throw ValidationError("--all and ENV exclude each other; choose one")
        }
        if !all && !(workspace.isEmpty && searchPath.isEmpty) {
            throw ValidationError("--workspace and --search-path go with --all")
        }
    }

    func run() throws {
        let options = FindOptions(workspaces: workspace, searchPaths: searchPath)
        var doctor = Doctor(findOptions: options)
        var paths: [String] = []
        var failed = false
        do {
            if all {
                paths = Doctor.allEnvironments(options)
            } else if environments.isEmpty {
                paths = try Doctor.environments(of: try currentStore())
            } else {
                paths = environments
            }
        } catch {
            throw fail(error)
        }
        for path in paths {
            do {
                // A path, or a name of the store (as freeze and info take them).
                let target = all || environments.isEmpty ? path : try Store.environmentOrPath(path).string
                let diagnosis = try doctor.diagnose(target)
                if !diagnosis.isHealthy { failed = true }
                writeOut(json ? diagnosis.json + "\n" : Self.text(diagnosis))
            } catch {
                printFailure(error)
                failed = true
            }
        }
        if failed { throw ExitCode(1) }
    }

    /// The diagnosis as a person reads it: the environment and its state,
    /// then each problem, its cause and the command that mends it.
    static func text(_ diagnosis: Diagnosis) -> String {
        let name = TerminalText.escaped(diagnosis.environment)
        guard !diagnosis.isHealthy else { return "\(name): healthy\n" }
        let count = diagnosis.problems.count
        var out = "\(name): \(count) problem\(count == 1 ? "" : "s")\n"
        for problem in diagnosis.problems {
            out += "  \(problem.code.rawValue): \(TerminalText.escaped(problem.path)): "
            out += TerminalText.escaped(problem.cause) + "\n"
            out += "    mend: \(TerminalText.escaped(problem.remedy))\n"
        }
        if !diagnosis.replacements.isEmpty {
            out += "  could replace the base: "
            out += diagnosis.replacements.prefix(5).map {
                "\(TerminalText.escaped($0.version)) (\(TerminalText.escaped($0.executable)))"
            }.joined(separator: ", ") + "\n"
        }
        return out
    }
}
