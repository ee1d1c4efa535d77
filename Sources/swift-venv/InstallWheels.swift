import ArgumentParser
import SystemPackage
import VenvCore

struct InstallWheels: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install-wheels",
        abstract: "Install wheel files into an environment, as its `pip install WHEEL...` would, without pip.",
        discussion: """
            Wheel files only: no resolver, no index, dependencies are not looked at. A project \
            already installed is refused. The installer that seeds pip into new environments.
            """
    )

    @Argument(help: ArgumentHelp("The environment directory.", valueName: "ENV"))
    var env: String

    @Argument(help: ArgumentHelp("Wheel files (.whl).", valueName: "WHEEL"))
    var wheels: [String] = []

    @Flag(help: "Say what is done on stderr.")
    var verbose = false

    func validate() throws {
        if wheels.isEmpty { throw ValidationError("name at least one WHEEL file") }
    }

    func run() throws {
        try reportingFailure { () throws(VenvError) in
            try WheelInstallation.install(wheels.map { FilePath($0) }, into: FilePath(env),
                                          log: { if verbose { printError("swift-venv: \($0)\n") } })
        }
    }
}
