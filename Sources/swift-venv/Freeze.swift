#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import SystemPackage
import VenvCore

struct Freeze: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print what is installed in requirements format, " +
                  "as the environment's `python -m pip freeze` would, without starting Python.",
        discussion: """
            ENV defaults to $VIRTUAL_ENV, else .venv in the working directory or its nearest parent \
            that has one. The output is byte for byte the environment's own pip freeze.
            """
    )

    @Argument(help: ArgumentHelp("Environment directory or Python interpreter (default: $VIRTUAL_ENV, " +
                                 "else the nearest .venv).", valueName: "ENV"))
    var env: String?

    @Flag(help: "Do not leave out pip (and setuptools, wheel, distribute before Python 3.12).")
    var all = false

    @Flag(help: "Leave out editable installs.")
    var excludeEditable = false

    @Option(help: ArgumentHelp("Leave out this project (any spelling of its name); may be repeated.",
                               valueName: "NAME"))
    var exclude: [String] = []

    @Flag(help: "In an environment with system site packages, leave out what is installed outside it.")
    var local = false

    @Flag(help: "Only what is installed in the user site directory.")
    var user = false

    func run() throws {
        let packages = try readPackages(env, details: false)
        var options = InstalledPackages.FreezeOptions()
        options.all = all
        options.excludeEditable = excludeEditable
        options.exclude = exclude
        options.local = local
        options.user = user
        printNotes(packages)
        writeOut(packages.freeze(options))
    }
}

/// The environment ENV names (or the default one), read.
func readPackages(_ env: String?, details: Bool = true) throws -> InstalledPackages {
    let path: String
    if let env {
        path = env
    } else if let active = getenv("VIRTUAL_ENV"), active.pointee != 0 {
        path = String(cString: active)
    } else if let found = Finder.nearestDotVenv() {
        path = found
    } else {
        throw fail(VenvError(.notVenv, nil,
                             "no environment named, " +
                             "$VIRTUAL_ENV is not set and no .venv was found here or in a parent directory",
                             remedy: "name the environment, such as swift-venv freeze .venv"))
    }
    do {
        return try InstalledPackages.read(FilePath(path), details: details)
    } catch {
        throw fail(error)
    }
}

/// What pip would have warned about, one line each on stderr.
func printNotes(_ packages: InstalledPackages) {
    for note in packages.notes { printError("swift-venv: warning: \(note)\n") }
}

