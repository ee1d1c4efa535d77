#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SystemPackage

/// Creates virtual environments that every CPython 3.8 to 3.13 takes for one
/// made by its own `python -m venv`, in the same named steps as
/// `venv.EnvBuilder`.
public struct EnvBuilder: Sendable {
    public var options: CreateOptions

    public init(options: CreateOptions = CreateOptions()) {
        self.options = options
    }

    /// Creates one environment at `envDir`.
    public func create(_ envDir: FilePath) throws(VenvError) {
        try create([envDir])
    }

    /// Creates each environment in turn. Every target is checked before the
    /// first is written, so a refusal leaves nothing written.
    public func create(_ envDirs: [FilePath]) throws(VenvError) {
        try validateOptions()
        let targets = try envDirs.map { (dir) throws(VenvError) in try validateTarget(dir) }
        let interpreter = try Interpreter.find(options.python)
        try checkPip(interpreter)
        for target in targets where !options.upgrade || target.state == .missing {
            // The activation scripts must be able to name it, before anything is written.
            let context = try makeContext(target, interpreter)
            try ActivationScripts.validate(envDir: context.envDir, prompt: context.prompt)
        }
        for target in targets {
            try create(target, interpreter)
        }
    }

    /// The algorithm, step by step, under the lock of the target's directory
    /// (the target is checked again there: another process may have made it).
    func create(_ checked: Target, _ interpreter: Interpreter) throws(VenvError) {
        let parent = checked.path.removingLastComponent()
        try FS.makeDirectories(parent)
        let lock = try CreationLock(parent)
        defer { withExtendedLifetime(lock) {} }
        Staging.removeStale(for: checked.path)
        let target = try validateTarget(checked.path)
        let context = try makeContext(target, interpreter)
        try prepareTarget(target)
        var pipSeeded = false
        try build(target) { (buildDir) throws(VenvError) in
            let context = context.building(in: buildDir)
            try ensureDirectories(context)
            try writeConfiguration(context, systemSitePackages: options.systemSitePackages && !options.withPip)
            try setupPython(context)
            if !options.upgrade || target.state == .missing {
                try installScripts(context)
            }
            pipSeeded = try seedPip(context)
        }
        try postSetup(context, createdHere: target.state != .venv, pipSeeded: pipSeeded)
    }

    // MARK: the steps

    func validateOptions() throws(VenvError) {
        if options.clear && options.upgrade {
            throw VenvError(.invalid, "--clear and --upgrade cannot be used together; --clear recreates the environment, --upgrade keeps it")
        }
        if let prompt = options.prompt, prompt.contains("\0") || prompt.contains("\n") || prompt.contains("\r") {
            throw VenvError(.invalid, "--prompt: a prompt cannot contain a NUL or line break; choose a one-line prompt")
        }
    }

    /// With pip wanted, the base must be able to provide it: fail before
    /// anything is written rather than leave an environment without pip.
    func checkPip(_ interpreter: Interpreter) throws(VenvError) {
        guard options.withPip, !interpreter.hasEnsurepip else { return }
        let short = interpreter.version.short
        let remedy = interpreter.isDebianSystemPython
            ? "install it with `apt install python\(short)-venv`"
            : "use an interpreter built with ensurepip"
        throw VenvError(.noPython, "\(interpreter.executable): has no ensurepip module, so pip cannot be installed; \(remedy), or pass --without-pip")
    }

    /// Where the environment's parts go, relative to its root: the POSIX
    /// `venv` sysconfig scheme of the base's version.
    func makeContext(_ target: Target, _ interpreter: Interpreter) throws(VenvError) -> Context {
        var configPrompt = options.prompt
        if configPrompt == "." { configPrompt = try FS.currentDirectory().name }
        if configPrompt == nil && options.upgrade && target.state == .venv {
            configPrompt = (try? PyvenvConfig.read(target.path.appending("pyvenv.cfg")))?.prompt
        }
        let v = interpreter.version
        let thread = v >= PythonVersion(3, 13) && interpreter.isFreeThreaded ? "t" : ""
        return Context(
            envDir: target.path,
            buildDir: target.path,
            interpreter: interpreter,
            prompt: configPrompt ?? target.path.name,
            configPrompt: configPrompt,
            lib: "lib/python\(v.short)\(thread)/site-packages",
            include: v >= PythonVersion(3, 11) ? "include/python\(v.short)\(interpreter.abiflags)" : "include"
        )
    }

    func ensureDirectories(_ context: Context) throws(VenvError) {
        log("creating directories in \(context.envDir)")
        for dir in [context.include, context.lib] {
            try createIfNeeded(context.path(dir))
        }
        // Issue 21197 in CPython: lib64 -> lib on 64-bit POSIX other than macOS.
        #if os(Linux) && (arch(x86_64) || arch(arm64) || arch(powerpc64le) || arch(s390x))
        let lib64 = context.path("lib64")
        if !FS.exists(lib64) && FS.kind(lib64) == .missing {
            try FS.symlink(target: "lib", at: lib64)
        }
        #endif
        try createIfNeeded(context.path(context.bin))
        if options.scmIgnoreFiles && context.interpreter.version >= PythonVersion(3, 13) {
            try FS.writeFile(context.path(".gitignore"), "# Created by swift-venv, like venv's own: git ignores the whole environment.\n*\n")
        }
    }

    /// pyvenv.cfg with the keys, order and form of the base version's venv.
    func writeConfiguration(_ context: Context, systemSitePackages: Bool) throws(VenvError) {
        log("writing \(context.envDir.appending("pyvenv.cfg"))")
        let interpreter = context.interpreter
        var config = PyvenvConfig()
        config.entries.append(("home", interpreter.executable.removingLastComponent().string))
        config.entries.append(("include-system-site-packages", systemSitePackages ? "true" : "false"))
        config.entries.append(("version", interpreter.version.description))
        if let prompt = context.configPrompt {
            config.entries.append(("prompt", PythonLiteral.repr(prompt)))
        }
        if interpreter.version >= PythonVersion(3, 11) {
            config.entries.append(("executable", interpreter.realExecutable.string))
            config.entries.append(("command", commandLine(context)))
        }
        try FS.replaceFile(context.path("pyvenv.cfg"), config.text)
    }

    /// The base interpreter under its own name (an absolute symlink, or a
    /// copy), then `python`, `python3` and, from 3.9, `python3.X` pointing to it.
    func setupPython(_ context: Context) throws(VenvError) {
        let interpreter = context.interpreter
        let exeName = interpreter.name
        let envExe = context.path(context.bin).appending(exeName)
        log("linking \(envExe) to \(interpreter.executable)")
        switch options.linking {
        case .symlinks:
            if FS.kind(envExe) == .symlink {
                if FS.readLink(envExe) != interpreter.executable.string {
                    try FS.remove(envExe)
                    try FS.symlink(target: interpreter.executable.string, at: envExe)
                }
            } else {
                if FS.kind(envExe) != .missing { try FS.remove(envExe) }
                try FS.symlink(target: interpreter.executable.string, at: envExe)
            }
        case .copies:
            try FS.copyFile(interpreter.executable, to: envExe, mode: 0o755)
        }
        var aliases = ["python", "python3"]
        if interpreter.version >= PythonVersion(3, 9) { aliases.append("python3.\(interpreter.version.minor)") }
        for alias in aliases where alias != exeName {
            let path = context.path(context.bin).appending(alias)
            guard !FS.exists(path) else { continue }
            if FS.kind(path) == .symlink { try FS.remove(path) }   // a dangling link
            switch options.linking {
            case .symlinks: try FS.symlink(target: exeName, at: path)
            case .copies: try FS.copyFile(envExe, to: path, mode: 0o755)
            }
        }
    }

    /// The activation scripts, rendered for this environment.
    func installScripts(_ context: Context) throws(VenvError) {
        for script in try ActivationScripts.render(envDir: context.envDir, prompt: context.prompt, binName: context.bin) {
            log("writing \(context.envDir.appending(context.bin).appending(script.name))")
            try FS.writeFile(context.path(context.bin).appending(script.name), script.contents, mode: script.mode)
        }
    }

    /// pip from the wheels ensurepip would install, copied in from the
    /// wheel cache while the environment is still staged (its scripts name
    /// the final path), so it appears complete or not at all. False when
    /// ensurepip has to run instead, once the environment is in place.
    func seedPip(_ context: Context) throws(VenvError) -> Bool {
        guard options.withPip else { return false }
        return try PipSeeder.seed(context, log: { log($0) })
    }

    /// What needs the environment in its final place: pip through ensurepip
    /// unless it was seeded, `--upgrade-deps`, and then the final
    /// `include-system-site-packages` (false while pip installs, as in venv).
    /// If pip fails in an environment this call created, the environment is
    /// removed again.
    func postSetup(_ context: Context, createdHere: Bool, pipSeeded: Bool = false) throws(VenvError) {
        guard options.withPip else { return }
        do {
            if !pipSeeded { try installPip(context) }
            if options.upgradeDeps { try upgradeDependencies(context) }
            if options.systemSitePackages { try writeConfiguration(context, systemSitePackages: true) }
        } catch {
            if createdHere { try? Removal.removeTree(context.envDir) }
            throw error
        }
    }

    func installPip(_ context: Context) throws(VenvError) {
        log("installing pip with ensurepip")
        try runEnvPython(context, ["-Im", "ensurepip", "--upgrade", "--default-pip"], doing: "install pip")
    }

    func upgradeDependencies(_ context: Context) throws(VenvError) {
        var packages = ["pip"]
        if context.interpreter.version < PythonVersion(3, 12) { packages.append("setuptools") }
        log("upgrading \(packages.joined(separator: " and "))")
        try runEnvPython(context, ["-m", "pip", "install", "--upgrade"] + packages, doing: "upgrade \(packages.joined(separator: " and "))")
    }

    private func runEnvPython(_ context: Context, _ arguments: [String], doing what: String) throws(VenvError) {
        let python = context.envDir.appending(context.bin).appending(context.interpreter.name)
        let result = try Process.run(python, arguments,
                                     environment: Process.pythonEnvironment(adding: ["VIRTUAL_ENV=\(context.envDir)"]),
                                     directory: context.envDir)
        guard result.succeeded else {
            let tail = result.output.split(separator: "\n").suffix(5).joined(separator: "\n")
            throw VenvError(.failed, "\(context.envDir): could not \(what) (exit status \(result.status)):\n\(tail)")
        }
    }

    // MARK: helpers

    /// The `command` line of pyvenv.cfg: this tool's invocation that makes
    /// the same environment again, in the order venv writes its flags.
    func commandLine(_ context: Context) -> String {
        var args = [options.commandName, "--python", context.interpreter.executable.string]
        if options.linking == .copies { args.append("--copies") }
        if !options.withPip { args.append("--without-pip") }
        if options.systemSitePackages { args.append("--system-site-packages") }
        if options.clear { args.append("--clear") }
        if options.upgrade { args.append("--upgrade") }
        if options.upgradeDeps { args.append("--upgrade-deps") }
        if let prompt = options.prompt { args.append("--prompt=" + prompt) }
        if !options.scmIgnoreFiles { args.append("--without-scm-ignore-files") }
        if options.allowExisting { args.append("--allow-existing") }
        if options.force { args.append("--force") }
        args.append(context.envDir.string)
        return args.map(ShellQuote.posix).joined(separator: " ")
    }

    private func createIfNeeded(_ path: FilePath) throws(VenvError) {
        switch FS.kind(path) {
        case .missing: try FS.makeDirectories(path)
        case .directory: return
        default:
            throw VenvError(.exists, "\(path): cannot create directory, something else is in the way; remove it or use --clear")
        }
    }

    func log(_ line: @autoclosure () -> String) {
        options.log?(line())
    }
}

/// The paths of one creation, relative to the environment's root.
struct Context {
    /// The environment's absolute path as the user named it (never resolved).
    let envDir: FilePath
    /// Where its files are written now: `envDir`, or a hidden sibling that is
    /// renamed to `envDir` when complete.
    var buildDir: FilePath
    let interpreter: Interpreter
    /// The bare name shown in the shell prompt (`VIRTUAL_ENV_PROMPT`).
    let prompt: String
    /// The prompt written to pyvenv.cfg, if one was given.
    let configPrompt: String?
    let bin = "bin"
    let lib: String
    let include: String

    func path(_ relative: String) -> FilePath { buildDir.appending(relative) }

    func building(in dir: FilePath) -> Context {
        var copy = self
        copy.buildDir = dir
        return copy
    }
}
