import ArgumentParser
import SystemPackage
import VenvCore

@main
struct SwiftVenv: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "swift-venv",
        abstract: "Create Python virtual environments, exactly as `python -m venv` would, in milliseconds.",
        discussion: """
            Without a subcommand, creates one environment for each ENV_DIR. To create an \
            environment whose name is also a subcommand's (or help), write its path as ./NAME.
            """,
        version: SwiftVenv.version,
        subcommands: [Create.self, Info.self, ActivateEnv.self, Find.self, Freeze.self, Packages.self,
                      List.self, Remove.self, Copy.self, Move.self, ShellInit.self, DoctorCommand.self, ShellDoCommand.self,
                      InstallWheels.self, Pet.self, RepairCommand.self, RebuildCommand.self, AllowCommand.self,
                      DenyCommand.self],
        defaultSubcommand: Create.self
    )

    /// `--version`'s, and what `pet --version` and PET's `info` answer.
    static let version = "0.5.0"

    /// Swift decodes the command line leniently, turning bytes that are not
    /// UTF-8 into U+FFFD: a path given that way would silently become another
    /// path. Such an argument is refused before parsing.
    static func main() {
        for index in 1..<Int(CommandLine.argc) {
            guard let raw = CommandLine.unsafeArgv[index], String(validatingCString: raw) == nil else { continue }
            let shown = String(cString: raw)   // invalid bytes shown as U+FFFD
            printError("swift-venv: error: argument \(index) (\(shown)) is not valid UTF-8; swift-venv takes paths, " +
                       "prompts and names in UTF-8, so rename it or choose another\n")
            ThisProcess.exit(1)
        }
        let arguments = Array(CommandLine.arguments.dropFirst())
        // PET's command line: `swift-venv pet ...`, or a link named `pet`
        // standing where an editor expects PET's binary.
        // (By its text: a split of the path would cost a cd's shell-auto a tenth
        // of its instructions, in generic metadata made once per process.)
        let program = CommandLine.arguments.first ?? ""
        if program == "pet" || program.hasSuffix("/pet") { PetCommandLine.main(arguments) }
        // `--version` alone (a link named `pet` answers PET's, above), as
        // tools ask which swift-venv they run, without the argument parser's
        // start-up (8 million instructions; 140,000 without it). The parser
        // prints the same line.
        if arguments == ["--version"], Environment.variable("SWIFT_VENV_NO_FAST_PATH") == nil {
            writeOut(version + "\n")
            ThisProcess.exit(0)
        }
        // (`swift-venv pet --help` is the argument parser's, as `swift-venv help pet` is.)
        if arguments.first == "pet", !["-h", "--help"].contains(arguments.dropFirst().first ?? "") {
            PetCommandLine.main(Array(arguments.dropFirst()))
        }
        // The shell integrations' helper takes the user's words as they are.
        if arguments.first == "shell-do" { ShellDo.main(Array(arguments.dropFirst())) }
        // And automatic activation's, on every cd into a project.
        if arguments.first == "shell-auto" { ShellAuto.main(Array(arguments.dropFirst())) }
        // A mistyped subcommand is never created as an environment.
        SubcommandTypo.check(arguments)
        // The common case, creating environments, without the argument
        // parser's start-up (most of a creation's instructions otherwise).
        if let status = CreateFastPath.run(arguments) { ThisProcess.exit(status) }
        // And what every shell's start runs.
        if let status = ShellInit.fastPath(arguments) { ThisProcess.exit(status) }
        // And what editors run to list every Python.
        if let status = FindFastPath.run(arguments) { ThisProcess.exit(status) }
        // And what checks every environment.
        if let status = DoctorFastPath.run(arguments) { ThisProcess.exit(status) }
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch {
            // Usage errors exit 2, as `python -m venv` (argparse) and virtualenv do.
            if exitCode(for: error) == .validationFailure {
                printError(fullMessage(for: error) + "\n")
                ThisProcess.exit(2)
            }
            exit(withError: error)
        }
    }

    /// The subcommands' names, known without asking the argument parser
    /// (the fast path must tell `swift-venv info` from `swift-venv ENV`);
    /// a test checks it against `configuration.subcommands`.
    static let subcommandNames: Set<String> = [
        "create", "info", "activate-env", "find", "freeze", "packages", "list", "remove", "copy", "move", "shell-init",
        "shell-do", "doctor", "install-wheels", "pet", "repair", "rebuild", "allow", "deny",
    ]

    /// The first words the argument parser takes: the subcommands and its
    /// own `help` (`help SUBCOMMAND` prints that subcommand's help).
    static let commandWords: Set<String> = subcommandNames.union(["help"])
}

/// Prints `error` as one line on stderr; the exit status 1 to throw.
func fail(_ error: VenvError) -> ExitCode {
    printFailure(error)
    return ExitCode(1)
}

/// What `body` returns; a `VenvError` it throws is printed (`fail`) and
/// ends the command with exit status 1.
func reportingFailure<T>(_ body: () throws(VenvError) -> T) throws -> T {
    do { return try body() } catch { throw fail(error) }
}


/// This program's own absolute path, for pyvenv.cfg's `command` line.
func ownPath() -> String {
    VenvCore.ownExecutablePath() ?? "swift-venv"
}
