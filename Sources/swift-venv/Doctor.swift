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
            missing, an interrupted copy, move or rebuild. Without ENV: the environments of $WORKON_HOME. \
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
        if let problem = request.usageProblem { throw ValidationError(problem) }
    }

    func run() throws {
        let status = request.run()
        if status != 0 { throw ExitCode(status) }
    }

    var request: DoctorRequest {
        DoctorRequest(environments: environments, all: all, json: json, workspace: workspace, searchPath: searchPath)
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

/// What `doctor`'s command line asks, run the same whether the argument
/// parser or `DoctorFastPath` read it.
struct DoctorRequest {
    var environments: [String] = []
    var all = false
    var json = false
    var workspace: [String] = []
    var searchPath: [String] = []

    /// What is wrong with the combination, as the argument parser says it.
    var usageProblem: String? {
        if all && !environments.isEmpty { return "--all and ENV exclude each other; choose one" }
        if !all && !(workspace.isEmpty && searchPath.isEmpty) { return "--workspace and --search-path go with --all" }
        return nil
    }

    /// Diagnoses each environment asked for, printing as it goes; the exit status.
    func run() -> Int32 {
        var doctor = Doctor(findOptions: FindOptions(workspaces: workspace, searchPaths: searchPath))
        var paths: [String] = []
        var failed = false
        do {
            if all {
                paths = doctor.allEnvironments()
            } else if environments.isEmpty {
                paths = try Doctor.environments(of: try currentStore())
            } else {
                paths = environments
            }
        } catch {
            printFailure(error)
            return 1
        }
        for path in paths {
            do {
                // A path, or a name of the store (as freeze and info take them).
                let target = all || environments.isEmpty ? path : try Store.environmentOrPath(path).string
                let diagnosis = try doctor.diagnose(target)
                if !diagnosis.isHealthy { failed = true }
                writeOut(json ? diagnosis.json + "\n" : DoctorCommand.text(diagnosis))
            } catch {
                printFailure(error)
                failed = true
            }
        }
        return failed ? 1 : 0
    }
}

/// `doctor`'s command line read without swift-argument-parser, whose
/// start-up is most of a `doctor --all`'s instructions (as `FindFastPath`
/// for `find`): `--all`, `--json`, `--workspace` and `--search-path` with a
/// value (`--x V` or `--x=V`), and ENV words. Anything else (help, an
/// unknown or repeated flag, `--`, a usage error) is left to the argument
/// parser. `SWIFT_VENV_NO_FAST_PATH=1` turns it off (a test compares both).
enum DoctorFastPath {
    /// The exit status, or nil when the argument parser must decide.
    static func run(_ arguments: [String]) -> Int32? {
        guard arguments.first == "doctor", Environment.variable("SWIFT_VENV_NO_FAST_PATH") == nil,
              let request = parse(arguments.dropFirst()), request.usageProblem == nil else { return nil }
        return request.run()
    }

    static func parse(_ arguments: ArraySlice<String>) -> DoctorRequest? {
        var request = DoctorRequest()
        var rest = arguments
        while let argument = rest.popFirst() {
            guard argument.hasPrefix("-") else {
                guard argument != "help" else { return nil }
                request.environments.append(argument)
                continue
            }
            let (name, inlineValue) = CreateFastPath.longOption(argument)
            switch name {
            case "--all" where inlineValue == nil && !request.all: request.all = true
            case "--json" where inlineValue == nil && !request.json: request.json = true
            case "--workspace", "--search-path":
                guard let value = inlineValue ?? rest.popFirst(), inlineValue != nil || !value.hasPrefix("-") else {
                    return nil
                }
                if name == "--workspace" { request.workspace.append(value) } else { request.searchPath.append(value) }
            default:
                return nil
            }
        }
        return request
    }
}
