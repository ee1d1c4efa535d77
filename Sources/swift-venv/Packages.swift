import ArgumentParser
import VenvCore

struct Packages: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "packages",
        abstract: "List the distributions installed in an environment, as its `pip list` would, " +
                  "without starting Python.",
        discussion: environmentDefault + " Without --json, pip list's table (control characters shown escaped)."
    )

    @Argument(help: ArgumentHelp(environmentArgumentHelp, valueName: "ENV"))
    var env: String?

    @Flag(help: """
        Print one JSON array; per distribution: name, version, editable_project_location, normalized_name, \
        location, installer, requested, editable, direct_url.
        """)
    var json = false

    @OptionGroup var sites: SiteOptions

    func run() throws {
        let packages = try readPackages(env)
        printNotes(packages)
        writeOut(json ? packages.json(local: sites.local, user: sites.user) + "\n"
                      : packages.table(local: sites.local, user: sites.user))
    }
}
