#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import VenvCore

struct Find: ParsableCommand {
    static let configuration = CommandConfiguration(
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
        One JSON object per line, each written as soon as it is known \
        (keys: kind, executable, prefix, base_prefix, version, site_packages, implementation, sources, \
        manager, creator, name, project, symlinks, error, unsupported, problems: the codes doctor finds).
        """)
    var json = false

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
        if python != nil && defaultPython {
            throw ValidationError("--python and --default-python exclude each other; choose one")
        }
    }

    func run() throws {
        var options = FindOptions(workspaces: workspace, searchPaths: searchPath)
        if verbose { options.log = { printError("swift-venv: \(TerminalText.escaped($0))\n") } }
        if python != nil || defaultPython {
            let record: FoundPython
            do {
                record = try PythonChoice.find(python, options: options)
            } catch {
                throw fail(error)
            }
            writeOut((json ? record.json : TerminalText.escaped(record.executable)) + "\n")
            return
        }
        if json {
            Finder.find(options) { writeOut($0.json + "\n") }
            return
        }
        writeOut(Find.table(Finder.findAll(options)))
    }

    /// The records as a table a person reads at a glance, every cell's
    /// control characters escaped.
    static func table(_ records: [FoundPython]) -> String {
        let header = ["KIND", "VERSION", "EXECUTABLE", "MANAGER", "NAME", "PROJECT", "PROBLEM"]
        let rows = records.map { r in
            [r.kind == .environment ? "env" : "python", r.version ?? "?", r.executable, r.manager ?? "-",
             r.name ?? "-", r.project ?? "-",
             r.error ?? (r.unsupported != nil ? "unsupported for creation (older than 3.8)" : "")]
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


extension String {
    var trimmedTrailingSpaces: String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}
