import SystemPackage
import VenvCore

/// A creation as the command line asks for it, whichever parser read it:
/// the argument parser (`Create`) or the fast path (`CreateFastPath`). What
/// the flags mean is decided here once.
struct CreateRequest: Equatable {
    var envDirs: [String] = []
    var systemSitePackages = false
    var symlinks = false
    var copies = false
    var clear = false
    var upgrade = false
    var withoutPip = false
    var prompt: String? = nil
    var upgradeDeps = false
    var withoutScmIgnoreFiles = false
    var python: String? = nil
    var allowExisting = false
    var force = false
    var relocatable = false
    var withoutScripts = false
    var verbose = false

    /// A usage error (exit status 2, with usage), or nil.
    var usageProblem: String? {
        if envDirs.isEmpty { return "name at least one ENV_DIR, such as .venv" }
        if symlinks && copies { return "--symlinks and --copies exclude each other; choose one" }
        return nil
    }

    func options() throws(VenvError) -> CreateOptions {
        var options = CreateOptions()
        options.python = python
        options.systemSitePackages = systemSitePackages
        options.linking = copies ? .copies : .symlinks
        options.onExisting = try OnExisting(clear: clear, upgrade: upgrade, allowExisting: allowExisting, force: force)
        options.withPip = !withoutPip
        options.prompt = Prompt(argument: prompt)
        options.upgradeDeps = upgradeDeps
        options.scmIgnoreFiles = !withoutScmIgnoreFiles
        options.relocatable = relocatable
        options.activationScripts = !withoutScripts
        options.commandName = ownPath()
        if verbose { options.log = { printError("swift-venv: \($0)\n") } }
        return options
    }

    /// Creates the environments; the exit status (a failure is one line on stderr).
    func run() -> Int32 {
        do {
            try EnvBuilder(options: options()).create(envDirs.map { FilePath($0) })
            return 0
        } catch {
            printFailure(error)
            return 1
        }
    }
}

/// The command line of creation read without swift-argument-parser, whose
/// start-up (protocol-conformance scans set off by its reflection) is most
/// of a creation's instructions. It takes only what it is sure of: the
/// long options of `Create` in their plain forms, `--`, and environment
/// directories; anything else (help, a subcommand, an unknown or repeated
/// option, a usage error) is left to the argument parser, so messages,
/// help and completion stay its own. `SWIFT_VENV_NO_FAST_PATH=1` turns it
/// off (the tests compare both paths).
enum CreateFastPath {
    /// The exit status, or nil when the argument parser must decide.
    static func run(_ arguments: [String]) -> Int32? {
        if Environment.variable("SWIFT_VENV_NO_FAST_PATH") != nil { return nil }
        guard let request = parse(arguments), request.usageProblem == nil else { return nil }
        return request.run()
    }

    static func parse(_ arguments: [String]) -> CreateRequest? {
        var request = CreateRequest()
        var rest = arguments[...]
        if rest.first == "create" { rest = rest.dropFirst() }
        else if let first = rest.first, SwiftVenv.commandWords.contains(first) { return nil }
        var seen: Set<String> = []
        var onlyPositional = false
        while let argument = rest.popFirst() {
            if onlyPositional || !argument.hasPrefix("-") || argument == "-" {
                request.envDirs.append(argument)
                continue
            }
            if argument == "--" { onlyPositional = true; continue }
            guard argument.hasPrefix("--") else { return nil }
            let (name, inlineValue) = longOption(argument)
            guard seen.insert(name).inserted else { return nil }
            if let set = flag(name) {
                guard inlineValue == nil else { return nil }
                set(&request)
            } else if let set = option(name) {
                guard let value = inlineValue ?? rest.popFirst(), inlineValue != nil || !value.hasPrefix("-") else {
                    return nil
                }
                set(&request, value)
            } else {
                return nil
            }
        }
        return request
    }

    /// `--name=value` as (`--name`, `value`); `--name` as (`--name`, nil).
    /// (The fast paths' one reading of a long option.)
    static func longOption(_ argument: String) -> (name: String, inlineValue: String?) {
        guard let equals = argument.firstIndex(of: "=") else { return (argument, nil) }
        return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
    }

    private static func flag(_ name: String) -> ((inout CreateRequest) -> Void)? {
        switch name {
        case "--system-site-packages": return { $0.systemSitePackages = true }
        case "--symlinks": return { $0.symlinks = true }
        case "--copies": return { $0.copies = true }
        case "--clear": return { $0.clear = true }
        case "--upgrade": return { $0.upgrade = true }
        case "--without-pip": return { $0.withoutPip = true }
        case "--upgrade-deps": return { $0.upgradeDeps = true }
        case "--without-scm-ignore-files": return { $0.withoutScmIgnoreFiles = true }
        case "--allow-existing": return { $0.allowExisting = true }
        case "--force": return { $0.force = true }
        case "--relocatable": return { $0.relocatable = true }
        case "--without-scripts": return { $0.withoutScripts = true }
        case "--verbose": return { $0.verbose = true }
        default: return nil
        }
    }

    private static func option(_ name: String) -> ((inout CreateRequest, String) -> Void)? {
        switch name {
        case "--prompt": return { $0.prompt = $1 }
        case "--python": return { $0.python = $1 }
        default: return nil
        }
    }
}
