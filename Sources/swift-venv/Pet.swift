import ArgumentParser
import VenvCore

/// `swift-venv pet ...`: listed in the help; the words are PET's, parsed by `PetCommandLine`.
struct Pet: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pet",
        abstract: "Answer as PET, the locator VS Code's Python extensions start: " +
                  "`pet server` (JSON-RPC on stdin/stdout), `pet find --json`, `pet resolve EXE --json`, " +
                  "`pet --version`. A link named `pet` to swift-venv takes the same words without `pet`."
    )

    @Argument(parsing: .captureForPassthrough, help: "server | find [--json] [PATH...] | resolve EXE [--json] | --version")
    var words: [String] = []

    func run() throws {
        // The words are passed through whole, --help too: answered as `swift-venv help pet` answers.
        if words.first == "-h" || words.first == "--help" {
            writeOut(SwiftVenv.helpMessage(for: Pet.self) + "\n")
            return
        }
        PetCommandLine.main(words)
    }
}

/// PET's command line (`crates/pet/src/main.rs`), as VS Code's client calls
/// it when its server fails (`buildFindCliArgs`, `resolveViaJsonCli` in
/// vscode-python-environments' `nativePythonFinder.ts`). Every answer comes
/// from VenvCore's `PetSearch`; this only reads the words.
enum PetCommandLine {
    static let usage = """
        Usage: pet [COMMAND]

        Commands:
          find     Finds the environments and reports them to the standard output
          resolve  Resolves & reports the details of the the environment to the standard output
          server   Starts the JSON RPC Server

        find [SEARCH PATHS]... [-l|--list] [-j|--json] [-w|--workspace] [-k|--kind KIND]
             [-c|--cache-directory DIR] [--conda-executable EXE] [--pipenv-executable EXE]
             [--poetry-executable EXE] [--environment-directories DIR]... [-v|--verbose] [-r|--report-missing]
        resolve PYTHON_EXE [-j|--json] [-c|--cache-directory DIR] [-v|--verbose]

        Answered by swift-venv from files: no Python is started.

        """

    /// `arguments`: the words after `pet`.
    static func main(_ arguments: [String]) -> Never {
        guard let command = arguments.first else { find([], json: false) }
        switch command {
        case "-V", "--version":
            writeOut("pet \(SwiftVenv.version) (swift-venv)\n")
            ThisProcess.exit(0)
        case "-h", "--help", "help":
            writeOut(usage)
            ThisProcess.exit(0)
        case "server":
            PetServer.serve(version: SwiftVenv.version)
            ThisProcess.exit(0)
        case "find":
            find(Array(arguments.dropFirst()), json: nil)
        case "resolve":
            resolve(Array(arguments.dropFirst()))
        default:
            refuse("unrecognized subcommand '\(command)'")
        }
    }

    /// A usage error, as clap reports one: exit status 2.
    static func refuse(_ text: String) -> Never {
        printError("error: \(TerminalText.escaped(text))\n\n" + usage)
        ThisProcess.exit(2)
    }

    /// The words of one command: flags, options (`--name VALUE`,
    /// `--name=VALUE`), and positional words.
    struct Words {
        var flags: Set<String> = []
        var options: [String: [String]] = [:]
        var positional: [String] = []

        /// `flags` and `options` map each spelling to the long name.
        init(_ words: [String], flags known: [String: String], options takingValue: [String: String]) {
            var index = 0
            var onlyPositional = false
            while index < words.count {
                let word = words[index]
                index += 1
                if onlyPositional || !word.hasPrefix("-") || word == "-" { positional.append(word); continue }
                if word == "--" { onlyPositional = true; continue }
                var name = word
                var value: String?
                if let equals = word.firstIndex(of: "="), word.hasPrefix("--") {
                    name = String(word[..<equals])
                    value = String(word[word.index(after: equals)...])
                }
                if let long = known[name], value == nil {
                    flags.insert(long)
                } else if let long = takingValue[name] {
                    if value == nil {
                        guard index < words.count else { PetCommandLine.refuse("a value is required for '\(name)'") }
                        value = words[index]
                        index += 1
                    }
                    options[long, default: []].append(value!)
                } else {
                    PetCommandLine.refuse("unexpected argument '\(word)' found")
                }
            }
        }
    }

    /// `pet find`: with `--json`, `{"managers": [...], "environments": [...]}`
    /// (environments written as each is known, managers after them).
    static func find(_ arguments: [String], json forced: Bool?) -> Never {
        let words = Words(arguments,
                          flags: ["-l": "list", "--list": "list", "-j": "json", "--json": "json",
                                  "-w": "workspace", "--workspace": "workspace", "-v": "verbose",
                                  "--verbose": "verbose", "-r": "report-missing", "--report-missing": "report-missing"],
                          options: ["-k": "kind", "--kind": "kind", "-c": "cache-directory",
                                    "--cache-directory": "cache-directory", "--conda-executable": "conda-executable",
                                    "--pipenv-executable": "pipenv-executable",
                                    "--poetry-executable": "poetry-executable",
                                    "--environment-directories": "environment-directories"])
        let json = forced ?? words.flags.contains("json")
        var configuration = petConfiguration(words)
        let environmentDirectories = words.options["environment-directories"]
            ?? Environment.variable("PET_ENVIRONMENT_DIRECTORIES").map {
                $0.split(separator: ",", omittingEmptySubsequences: true).map(String.init)
            } ?? []
        configuration.environmentDirectories = environmentDirectories
        var kind: PetKind?
        if let name = words.options["kind"]?.last {
            guard let named = PetKind(named: name) else {
                refuse("invalid value '\(name)' for '--kind <KIND>' (one of: " +
                       PetKind.allCases.map(\.rawValue).joined(separator: ", ") + ")")
            }
            kind = named
        }
        if kind != nil && words.flags.contains("workspace") {
            refuse("the argument '--workspace' cannot be used with '--kind <KIND>'")
        }
        // PET: no paths means the working directory; only files means those executables alone.
        var paths = words.positional
        if paths.isEmpty, let here = try? FS.currentDirectory().string { paths = [here] }
        let onlyFiles = !words.positional.isEmpty && words.positional.allSatisfy { FS.kind($0, followingLinks: true) == .file }
        let scope: PetScope
        if words.flags.contains("workspace") || onlyFiles {
            scope = .only(paths)
        } else {
            configuration.workspaceDirectories = paths
            scope = kind.map(PetScope.kind) ?? .everything
        }
        let verbose = words.flags.contains("verbose")
        var log: (@Sendable (String) -> Void)?
        if verbose { log = { line in printError("pet: " + TerminalText.escaped(line) + "\n") } }
        var managers: [String] = []
        var count = 0
        if json { writeOut("{\"environments\": [") }
        PetSearch.run(configuration, scope: scope, log: log, manager: { manager in
            managers.append(json ? manager.json : manager.description)
        }, environment: { environment in
            if json {
                writeOut((count == 0 ? "\n  " : ",\n  ") + environment.json)
            } else {
                writeOut(environment.description)
            }
            count += 1
        })
        if json {
            writeOut((count == 0 ? "" : "\n") + "], \"managers\": [" +
                     (managers.isEmpty ? "" : "\n  " + managers.joined(separator: ",\n  ") + "\n") + "]}\n")
        } else {
            writeOut(managers.joined() + "Environments: \(count)\n")
        }
        ThisProcess.exit(0)
    }

    /// `pet resolve EXE`: the environment it belongs to, or `null` (with
    /// `--json`) when nothing executable is there.
    static func resolve(_ arguments: [String]) -> Never {
        let words = Words(arguments,
                          flags: ["-j": "json", "--json": "json", "-v": "verbose", "--verbose": "verbose"],
                          options: ["-c": "cache-directory", "--cache-directory": "cache-directory"])
        guard words.positional.count == 1 else {
            refuse("resolve takes one PYTHON_EXE (\(words.positional.count) given)")
        }
        let executable = words.positional[0]
        var configuration = petConfiguration(words)
        if let here = try? FS.currentDirectory().string { configuration.workspaceDirectories = [here] }
        let found = PetSearch.resolve(executable, configuration)
        if words.flags.contains("json") {
            writeOut((found?.json ?? "null") + "\n")
        } else if let found {
            writeOut("Environment found for \(TerminalText.escaped(executable))\n" + found.description)
        } else {
            writeOut("No environment found for \(TerminalText.escaped(executable))\n")
        }
        ThisProcess.exit(0)
    }

    /// The executables and cache directory given as options or PET's variables.
    static func petConfiguration(_ words: Words) -> PetConfiguration {
        func value(_ name: String, _ variable: String) -> String? {
            words.options[name]?.last ?? Environment.variable(variable).flatMap { $0.isEmpty ? nil : $0 }
        }
        var configuration = PetConfiguration()
        configuration.cacheDirectory = value("cache-directory", "PET_CACHE_DIRECTORY")
        configuration.condaExecutable = value("conda-executable", "PET_CONDA_EXECUTABLE")
        configuration.pipenvExecutable = value("pipenv-executable", "PET_PIPENV_EXECUTABLE")
        configuration.poetryExecutable = value("poetry-executable", "PET_POETRY_EXECUTABLE")
        return configuration
    }
}
