import ArgumentParser
import SystemPackage
import VenvCore

struct Freeze: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "freeze",
        abstract: "Print what is installed in requirements format, " +
                  "as the environment's `python -m pip freeze` would, without starting Python.",
        discussion: environmentDefault + " The output is byte for byte the environment's own pip freeze " +
                    "(on a terminal, control characters are shown escaped)."
    )

    @Argument(help: ArgumentHelp(environmentArgumentHelp, valueName: "ENV"))
    var env: String?

    @Flag(help: "Do not leave out pip (and setuptools, wheel, distribute before Python 3.12).")
    var all = false

    @Flag(help: "Leave out editable installs.")
    var excludeEditable = false

    @Option(help: ArgumentHelp("Leave out this project (any spelling of its name); may be repeated.",
                               valueName: "NAME"))
    var exclude: [String] = []

    @OptionGroup var sites: SiteOptions

    func run() throws {
        let packages = try readPackages(env, details: false)
        var options = InstalledPackages.FreezeOptions()
        options.all = all
        options.excludeEditable = excludeEditable
        options.exclude = exclude
        options.local = sites.local
        options.user = sites.user
        printNotes(packages)
        // pip's bytes, for a requirements file; on a terminal, read by a
        // person, control characters escaped (pip prints them as they are).
        let text = packages.freeze(options)
        writeOut(ThisProcess.isTerminal(1) ? TerminalText.escaped(text, keepingLineBreaks: true) : text)
    }
}

/// ENV of freeze and packages.
let environmentArgumentHelp = "Environment directory or Python interpreter, or the name of an environment in " +
                              "$WORKON_HOME (default: $VIRTUAL_ENV, else the nearest .venv)."

/// The environment freeze and packages read without ENV (`readPackages`).
let environmentDefault = "ENV defaults to $VIRTUAL_ENV, else .venv in the working directory or its nearest " +
                         "parent that has one."

/// What freeze and packages leave out by site directory.
struct SiteOptions: ParsableArguments {
    @Flag(help: "In an environment with system site packages, leave out what is installed outside it.")
    var local = false

    @Flag(help: "Only what is installed in the user site directory.")
    var user = false
}

/// The environment ENV names (a path, or an environment of the store; by
/// default the active one or the nearest .venv), read.
func readPackages(_ env: String?, details: Bool = true) throws -> InstalledPackages {
    let path: FilePath
    if let env {
        path = try reportingFailure { () throws(VenvError) in try Store.environmentOrPath(env) }
    } else if let active = Environment.variable("VIRTUAL_ENV"), !active.isEmpty {
        path = FilePath(active)
    } else if let found = Finder.nearestDotVenv() {
        path = FilePath(found)
    } else {
        throw fail(VenvError(.notVenv, nil,
                             "no environment named, " +
                             "$VIRTUAL_ENV is not set and no .venv was found here or in a parent directory",
                             remedy: "name the environment, such as swift-venv freeze .venv"))
    }
    return try reportingFailure { () throws(VenvError) in try InstalledPackages.read(path, details: details) }
}

/// What pip would have warned about, one line each on stderr.
func printNotes(_ packages: InstalledPackages) {
    for note in packages.notes { printMessage("warning", note) }
}

