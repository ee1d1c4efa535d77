import ArgumentParser
import SystemPackage
import VenvCore

struct Create: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create virtual environments (the default when no subcommand is given)."
    )

    @Argument(help: ArgumentHelp("Directory to create the environment in; several may be given.", valueName: "ENV_DIR"))
    var envDirs: [String] = []

    @Flag(help: "Let the environment see the base interpreter's site-packages.")
    var systemSitePackages = false

    @Flag(help: "Link bin/python to the base interpreter with symbolic links (the default).")
    var symlinks = false

    @Flag(help: "Copy the base interpreter into bin/ instead of linking to it.")
    var copies = false

    @Flag(help: """
        Empty the environment directory first. \
        Refuses a directory without pyvenv.cfg unless --force is given.
        """)
    var clear = false

    @Flag(help: "Bring an existing environment up to date with its (upgraded) base interpreter, keeping its prompt.")
    var upgrade = false

    @Flag(help: "Do not install pip into the environment.")
    var withoutPip = false

    @Option(help: ArgumentHelp("Name shown in the shell prompt while the environment is active; " +
                               "'.' means the current directory's name.", valueName: "PROMPT"))
    var prompt: String?

    @Flag(help: "Upgrade pip (and setuptools before Python 3.12) from PyPI once the environment exists.")
    var upgradeDeps = false

    @Flag(help: "Do not write a .gitignore into the environment (only Python 3.13 and later write one).")
    var withoutScmIgnoreFiles = false

    @Option(help: ArgumentHelp("Base interpreter: a path, a command on PATH, or a version such as 3.12. " +
                               "Default: python3 on PATH.", valueName: "PATH|VERSION"))
    var python: String?

    @Flag(help: """
        Create the environment even in a non-empty directory that is not one, \
        or reuse an existing environment.
        """)
    var allowExisting = false

    @Flag(help: "Let --clear empty a directory that has no pyvenv.cfg.")
    var force = false

    @Flag(help: """
        Make activation and console scripts that find the environment from where they are, \
        so it can be moved by hand; for an existing environment, also its console scripts.
        """)
    var relocatable = false

    @Flag(help: """
        Write no activation scripts (for tools that write their own): only venv's own path rules apply, \
        and a non-empty directory is used as venv uses it, replacing files in the environment's way.
        """)
    var withoutScripts = false

    @Flag(help: "Say what is done, step by step, on stderr.")
    var verbose = false

    @OptionGroup(title: "virtualenv's spellings")
    var virtualenv: VirtualenvSpellings

    func validate() throws {
        if let problem = request.usageProblem { throw ValidationError(problem) }
    }

    /// What was asked, for the one implementation both parsers share.
    var request: CreateRequest {
        CreateRequest(envDirs: envDirs, systemSitePackages: systemSitePackages, symlinks: symlinks, copies: copies,
                      clear: clear, upgrade: upgrade, withoutPip: withoutPip, prompt: prompt, upgradeDeps: upgradeDeps,
                      withoutScmIgnoreFiles: withoutScmIgnoreFiles, python: python ?? virtualenv.python,
                      allowExisting: allowExisting,
                      force: force, relocatable: relocatable, withoutScripts: withoutScripts, verbose: verbose)
    }

    func run() throws {
        let status = request.run()
        if status != 0 { throw ExitCode(status) }
    }
}
