import ArgumentParser
import VenvCore

struct Packages: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "packages",
        abstract: "List the distributions installed in an environment, as its `pip list` would, " +
                  "without starting Python.",
        discussion: """
            ENV defaults to $VIRTUAL_ENV, else .venv in the working directory or its nearest parent \
            that has one. Without --json, pip list's table (control characters shown escaped).
            """
    )

    @Argument(help: ArgumentHelp(environmentArgumentHelp, valueName: "ENV"))
    var env: String?

    @Flag(help: """
        Print one JSON array; per distribution: name, version, editable_project_location, normalized_name, \
        location, installer, requested, editable, direct_url.
        """)
    var json = false

    @Flag(help: "In an environment with system site packages, leave out what is installed outside it.")
    var local = false

    @Flag(help: "Only what is installed in the user site directory.")
    var user = false

    func run() throws {
        let packages = try readPackages(env)
        printNotes(packages)
        writeOut(json ? packages.json(local: local, user: user) + "\n" : packages.table(local: local, user: user))
    }
}
