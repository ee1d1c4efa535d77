#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
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
            environment whose name is also a subcommand's, write its path as ./NAME.
            """,
        version: "0.1.0",
        subcommands: [Create.self, Info.self, ActivateEnv.self,
                      List.self, Remove.self, Copy.self, Move.self, ShellInit.self],
        defaultSubcommand: Create.self
    )

    /// Swift decodes the command line leniently, turning bytes that are not
    /// UTF-8 into U+FFFD: a path given that way would silently become another
    /// path. Such an argument is refused before parsing.
    static func main() {
        for index in 1..<Int(CommandLine.argc) {
            guard let raw = CommandLine.unsafeArgv[index], String(validatingCString: raw) == nil else { continue }
            let shown = String(decoding: UnsafeBufferPointer(start: UnsafeRawPointer(raw).assumingMemoryBound(to: UInt8.self),
                                                             count: strlen(raw)), as: UTF8.self)
            printError("swift-venv: error: argument \(index) (\(shown)) is not valid UTF-8; swift-venv takes paths, prompts and names in UTF-8, so rename it or choose another\n")
            Glibc.exit(1)
        }
        SubcommandTypo.check(CommandLine.arguments)
        main(nil)
    }
}

/// Prints `error` as one line on stderr and exits with status 1.
func fail(_ error: VenvError) -> ExitCode {
    printError("swift-venv: error: \(error.message)\n")
    return ExitCode(1)
}

struct Create: ParsableCommand {
    static let configuration = CommandConfiguration(
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

    @Flag(help: "Empty the environment directory first. Refuses a directory without pyvenv.cfg unless --force is given.")
    var clear = false

    @Flag(help: "Bring an existing environment up to date with its (upgraded) base interpreter, keeping its prompt.")
    var upgrade = false

    @Flag(help: "Do not install pip into the environment.")
    var withoutPip = false

    @Option(help: ArgumentHelp("Name shown in the shell prompt while the environment is active; '.' means the current directory's name.", valueName: "PROMPT"))
    var prompt: String?

    @Flag(help: "Upgrade pip (and setuptools before Python 3.12) from PyPI once the environment exists.")
    var upgradeDeps = false

    @Flag(help: "Do not write a .gitignore into the environment (only Python 3.13 and later write one).")
    var withoutScmIgnoreFiles = false

    @Option(help: ArgumentHelp("Base interpreter: a path, a command on PATH, or a version such as 3.12. Default: python3 on PATH.", valueName: "PATH|VERSION"))
    var python: String?

    @Flag(help: "Create the environment even in a non-empty directory that is not one, or reuse an existing environment.")
    var allowExisting = false

    @Flag(help: "Let --clear empty a directory that has no pyvenv.cfg.")
    var force = false

    @Flag(help: "Say what is done, step by step, on stderr.")
    var verbose = false

    @OptionGroup(title: "virtualenv's spellings")
    var virtualenv: VirtualenvSpellings

    func validate() throws {
        if envDirs.isEmpty { throw ValidationError("name at least one ENV_DIR, such as .venv") }
        if symlinks && copies { throw ValidationError("--symlinks and --copies exclude each other; choose one") }
        if clear && upgrade { throw ValidationError("--clear and --upgrade exclude each other; --clear recreates the environment, --upgrade keeps it") }
    }

    var options: CreateOptions {
        var options = CreateOptions()
        options.python = python ?? virtualenv.python
        options.systemSitePackages = systemSitePackages
        options.linking = copies ? .copies : .symlinks
        options.clear = clear
        options.upgrade = upgrade
        options.withPip = !withoutPip
        options.prompt = prompt
        options.upgradeDeps = upgradeDeps
        options.scmIgnoreFiles = !withoutScmIgnoreFiles
        options.allowExisting = allowExisting
        options.force = force
        options.commandName = ownPath()
        if verbose { options.log = { printError("swift-venv: \($0)\n") } }
        return options
    }

    func run() throws {
        do {
            try EnvBuilder(options: options).create(envDirs.map { FilePath($0) })
        } catch {
            throw fail(error)
        }
    }
}

/// Writes `text` to standard error.
func printError(_ text: String) {
    _ = text.withCString { write(2, $0, strlen($0)) }
}

/// This program's own absolute path, for pyvenv.cfg's `command` line.
func ownPath() -> String {
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    guard n > 0 else { return "swift-venv" }
    return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
