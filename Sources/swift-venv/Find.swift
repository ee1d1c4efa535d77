import ArgumentParser
import VenvCore

struct Find: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "find",
        abstract: "List every Python interpreter and environment on this machine, " +
                  "read from files without starting Python.",
        discussion: """
            Sources: PATH (pyenv shims resolved), /usr/bin and /usr/local/bin, pyenv's versions and \
            pyenv-virtualenv's environments, uv's Pythons, $VIRTUAL_ENV, $WORKON_HOME, pipenv, poetry, \
            hatch, pipx, ~/.venvs, conda, and the --workspace and --search-path directories. \
            One record per Python, however many paths reach it. With --python, prints only the \
            one Python SPEC means (as `swift-venv --python SPEC` would take it), or exits 1.
            """
    )

    @Flag(help: """
        One JSON object per line, written as the records are known \
        (keys: kind, executable, prefix, base_prefix, version, site_packages, implementation, sources, \
        manager, creator, name, project, symlinks, error, unsupported, problems: null unless --problems).
        """)
    var json = false

    @Flag(help: """
        Also run doctor's checks on each environment: its problem codes in the PROBLEM column, \
        or in the JSON key problems (a list; null without this flag, as the checks cost several times the rest).
        """)
    var problems = false

    @Option(help: ArgumentHelp("A project directory: its .venv, venv, env and other environments, " +
                               "and a .venv in its parents. May be repeated.", valueName: "DIR"))
    var workspace: [String] = []

    @Option(help: ArgumentHelp("A directory whose children are environments. May be repeated.", valueName: "DIR"))
    var searchPath: [String] = []

    @Option(help: ArgumentHelp("Print the one Python SPEC means: a version (3.12), " +
                               "a PEP 440 specifier (>=3.10,<3.13), a path, or a command name.", valueName: "SPEC"))
    var python: String?

    @Flag(help: """
        Print the Python no --python means: pyenv's choice \
        (PYENV_VERSION, .python-version, $PYENV_ROOT/version), else python3 on PATH.
        """)
    var defaultPython = false

    @Flag(help: "Say on stderr which directories were passed over, and why.")
    var verbose = false

    func validate() throws {
        if let problem = request.usageProblem { throw ValidationError(problem) }
    }

    func run() throws {
        let status = request.run()
        if status != 0 { throw ExitCode(status) }
    }

    var request: FindRequest {
        FindRequest(json: json, workspace: workspace, searchPath: searchPath, python: python,
                    defaultPython: defaultPython, verbose: verbose, problems: problems)
    }

    /// The records as a table a person reads at a glance, every cell's
    /// control characters escaped.
    static func table(_ records: [FoundPython]) -> String {
        let header = ["KIND", "VERSION", "EXECUTABLE", "MANAGER", "NAME", "PROJECT", "PROBLEM"]
        let rows = records.map { r in
            [r.kind == .environment ? "env" : "python", r.version ?? "?", r.executable, r.manager ?? "-",
             r.name ?? "-", r.project ?? "-",
             r.error ?? (r.unsupported != nil ? "unsupported for creation (older than 3.8)" : nil)
                ?? (r.problems ?? []).joined(separator: ", ")]
                .map { TerminalText.escaped($0) }
        }
        let widths = header.indices.map { column in
            ([header] + rows).map { $0[column].count }.max() ?? 0
        }
        return ([header] + rows).map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[column] - cell.count + 2)
            }.joined().trimmedTrailingSpaces + "\n"
        }.joined()
    }
}


/// A `find` as the command line asks for it, whichever parser read it: the
/// argument parser (`Find`) or the fast path (`FindFastPath`).
struct FindRequest: Equatable {
    var json = false
    var workspace: [String] = []
    var searchPath: [String] = []
    var python: String? = nil
    var defaultPython = false
    var verbose = false
    var problems = false

    /// A usage error (exit status 2, with usage), or nil.
    var usageProblem: String? {
        python != nil && defaultPython ? "--python and --default-python exclude each other; choose one" : nil
    }

    /// Finds and prints; the exit status (a failure is one line on stderr).
    func run() -> Int32 {
        var options = FindOptions(workspaces: workspace, searchPaths: searchPath, problems: problems)
        if verbose { options.log = { printError("swift-venv: \(TerminalText.escaped($0))\n") } }
        if python != nil || defaultPython {
            let record: FoundPython
            do {
                record = try PythonChoice.find(python, options: options)
            } catch {
                printFailure(error)
                return 1
            }
            writeOut((json ? record.json : TerminalText.escaped(record.executable)) + "\n")
            return 0
        }
        if json {
            var lines = LineBatcher()
            Finder.find(options) { lines.add($0.jsonBytes) }
            lines.flush()
            return 0
        }
        writeOut(Find.table(Finder.findAll(options)))
        return 0
    }
}

/// JSON lines written in batches: at most 64 KiB, and never held longer
/// than 10 ms after the first of a batch was resolved, so a reader still
/// gets records while a slow search goes on, without a `write` per record
/// (one system call of about a dozen per environment).
struct LineBatcher {
    private var pending: [UInt8] = []
    private var since = ContinuousClock.now

    mutating func add(_ line: [UInt8]) {
        let now = ContinuousClock.now
        if pending.isEmpty { since = now }
        pending.append(contentsOf: line)
        pending.append(UInt8(ascii: "\n"))
        if pending.count >= 1 << 16 || now - since >= .milliseconds(10) { flush() }
    }

    mutating func flush() {
        if !pending.isEmpty { writeAll(1, bytes: pending) }
        pending.removeAll(keepingCapacity: true)
    }
}

/// `find`'s command line read without swift-argument-parser, whose start-up
/// is most of a small `find`'s instructions (as `CreateFastPath` for
/// creation): `--json`, `--verbose`, `--default-python`, `--problems`, and
/// `--workspace`, `--search-path`, `--python` with a value (`--x V` or
/// `--x=V`). Anything else (help, an unknown or repeated flag, a usage
/// error) is left to the argument parser. `SWIFT_VENV_NO_FAST_PATH=1`
/// turns it off (the tests compare both paths).
enum FindFastPath {
    /// The exit status, or nil when the argument parser must decide.
    static func run(_ arguments: [String]) -> Int32? {
        guard arguments.first == "find", Environment.variable("SWIFT_VENV_NO_FAST_PATH") == nil,
              let request = parse(arguments.dropFirst()), request.usageProblem == nil else { return nil }
        return request.run()
    }

    static func parse(_ arguments: ArraySlice<String>) -> FindRequest? {
        var request = FindRequest()
        var rest = arguments
        var seen: Set<String> = []
        while let argument = rest.popFirst() {
            guard argument.hasPrefix("--") else { return nil }
            let (name, inlineValue) = CreateFastPath.longOption(argument)
            switch name {
            case "--json", "--verbose", "--default-python", "--problems":
                guard inlineValue == nil, seen.insert(name).inserted else { return nil }
                if name == "--json" { request.json = true }
                else if name == "--verbose" { request.verbose = true }
                else if name == "--problems" { request.problems = true }
                else { request.defaultPython = true }
            case "--workspace", "--search-path", "--python":
                guard let value = inlineValue ?? rest.popFirst(), inlineValue != nil || !value.hasPrefix("-") else {
                    return nil
                }
                if name == "--workspace" { request.workspace.append(value) }
                else if name == "--search-path" { request.searchPath.append(value) }
                else {
                    guard seen.insert(name).inserted else { return nil }
                    request.python = value
                }
            default:
                return nil
            }
        }
        return request
    }
}

extension String {
    var trimmedTrailingSpaces: String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}
