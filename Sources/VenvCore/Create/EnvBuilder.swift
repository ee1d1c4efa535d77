#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// Creates virtual environments that every CPython 3.8 to 3.13 takes for one
/// made by its own `python -m venv`, in the same named steps as
/// `venv.EnvBuilder`: each step below is the method of CPython's name
/// (`ensure_directories` is `ensureDirectories`), and `SteppedBuild`, the C
/// `venv_builder_*` functions and `SWIFT_VENV_FAIL_AT` (`Fault.Step`) call
/// it by that name.
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
        let targets = try envDirs.map { (dir) throws(VenvError) in
            try Target.check(dir, options.effectiveOnExisting)
        }
        let interpreter = try Interpreter.find(options.python)
        if options.withPip { try checkPip(interpreter) }
        for target in targets where options.activationScripts
            && (options.onExisting != .upgrade || target.state == .missing) {
            // The activation scripts must be able to name it, before anything is written.
            let context = try makeContext(target, interpreter, in: target.path)
            try ActivationScripts.validate(envDir: context.envDir, prompt: context.prompt)
        }
        for target in targets {
            try create(target, interpreter)
        }
    }

    /// One environment, as one `Creation`: the steps build it where the
    /// creation says (a staging directory for a new one), the creation puts
    /// it in place, and what needs it in place comes last.
    func create(_ target: Target, _ interpreter: Interpreter) throws(VenvError) {
        try Creation.run(target, options.effectiveOnExisting, replacing: !options.activationScripts,
                         log: { log($0) }) { (creation) throws(VenvError) in
            try creation.clearIfAsked()
            let context = try makeContext(creation.target, interpreter, in: creation.prepareBuildDirectory())
            try ensureDirectories(context)
            if options.scmIgnoreFiles { try createGitIgnoreFile(context) }
            try createConfiguration(context, systemSitePackages: options.systemSitePackages && !options.withPip)
            try setupPython(context)
            if creation.writesScripts && options.activationScripts { try setupScripts(context) }
            let pipSeeded = options.withPip ? try setupPip(context) : false
            if context.relocatable { try makeConsoleScriptsRelocatable(context) }
            try creation.place(stepsFollow: postSetupRuns(pipSeeded: pipSeeded))
            try postSetup(context.placed(), pipSeeded: pipSeeded)
        }
    }

    // MARK: the steps

    /// The options' own consistency (the flags' combinations are checked
    /// where `OnExisting` is made).
    func validateOptions() throws(VenvError) {
        if case .text(let prompt) = options.prompt,
           prompt.contains("\0") || prompt.contains("\n") || prompt.contains("\r") {
            throw VenvError(.invalid, nil, "--prompt: a prompt cannot contain a NUL or line break",
                            remedy: "choose a one-line prompt")
        }
    }

    /// With pip wanted, the base must be able to provide it: fail before
    /// anything is written rather than leave an environment without pip.
    func checkPip(_ interpreter: Interpreter) throws(VenvError) {
        guard !interpreter.hasEnsurepip else { return }
        let short = interpreter.version.short
        let remedy = interpreter.isDebianSystemPython
            ? "install it with `apt install python\(short)-venv`"
            : "use an interpreter built with ensurepip"
        throw VenvError(.noPython, interpreter.executable, "has no ensurepip module, so pip cannot be installed",
                        remedy: "\(remedy), or pass --without-pip")
    }

    /// Where the environment's parts go, relative to its root: the POSIX
    /// `venv` sysconfig scheme of the base's version.
    func makeContext(_ target: Target, _ interpreter: Interpreter, in buildDir: FilePath) throws(VenvError) -> Context {
        var configPrompt: String?
        // --upgrade keeps what the environment was made with.
        let existing = options.onExisting == .upgrade && target.state == .venv
            ? try? PyvenvConfig.read(target.path.appending("pyvenv.cfg")) : nil
        switch options.prompt {
        case .directoryName:
            configPrompt = existing?.prompt
        case .currentDirectoryName: configPrompt = try FS.currentDirectory().name
        case .text(let text): configPrompt = text
        }
        let v = interpreter.version
        let thread = v >= PythonVersion(3, 13) && interpreter.isFreeThreaded ? "t" : ""
        return Context(
            envDir: target.path,
            buildDir: buildDir,
            interpreter: interpreter,
            prompt: configPrompt ?? target.path.name,
            configPrompt: configPrompt,
            relocatable: options.relocatable || existing?.relocatable == true,
            sitePackages: "lib/python\(v.short)\(thread)/site-packages",
            include: v >= PythonVersion(3, 11) ? "include/python\(v.short)\(interpreter.abiflags)" : "include"
        )
    }

    func ensureDirectories(_ context: Context) throws(VenvError) {
        try Fault.check(.ensureDirectories)
        log("creating directories in \(context.envDir)")
        for dir in [context.include, context.sitePackages] {
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
    }

    /// `.gitignore` holding `*`, as venv 3.13 writes it; venv before 3.13
    /// writes none, and neither does this for an older base.
    func createGitIgnoreFile(_ context: Context) throws(VenvError) {
        guard context.interpreter.version >= PythonVersion(3, 13) else { return }
        try Fault.check(.createGitIgnoreFile)
        try FS.writeFile(context.path(".gitignore"),
                         "# Created by swift-venv, like venv's own: git ignores the whole environment.\n*\n")
    }

    /// pyvenv.cfg with the keys, order and form of the base version's venv.
    /// `command` and `promptLiteral` replace the options' values of those
    /// lines (nil keeps them).
    func createConfiguration(_ context: Context, systemSitePackages: Bool, command: String? = nil,
                             promptLiteral: String? = nil) throws(VenvError) {
        try Fault.check(.createConfiguration)
        log("writing \(context.envDir.appending("pyvenv.cfg"))")
        let interpreter = context.interpreter
        var config = PyvenvConfig()
        config.entries.append(("home", interpreter.executable.removingLastComponent().string))
        config.entries.append(("include-system-site-packages", systemSitePackages ? "true" : "false"))
        config.entries.append(("version", interpreter.version.description))
        if let prompt = context.configPrompt {
            config.entries.append(("prompt", promptLiteral ?? options.promptLiteral ?? PythonLiteral.repr(prompt)))
        }
        if context.relocatable { config.entries.append(("relocatable", "true")) }
        if interpreter.version >= PythonVersion(3, 11) {
            config.entries.append(("executable", interpreter.realExecutable.string))
            config.entries.append(("command", command ?? options.commandLine ?? commandLine(context)))
        }
        try FS.replaceFile(context.path("pyvenv.cfg"), config.text)
    }

    /// The base interpreter under its own name (an absolute symlink, or a
    /// copy), then `python`, `python3` and, from 3.9, `python3.X` pointing to it.
    func setupPython(_ context: Context) throws(VenvError) {
        try Fault.check(.setupPython)
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
    func setupScripts(_ context: Context) throws(VenvError) {
        try Fault.check(.setupScripts)
        for script in try ActivationScripts.render(envDir: context.envDir, prompt: context.prompt,
                                                   binName: context.bin, relocatable: context.relocatable) {
            log("writing \(context.envDir.appending(context.bin).appending(script.name))")
            try FS.writeFile(context.path(context.bin).appending(script.name), script.contents, mode: script.mode)
        }
    }

    /// pip from the wheels ensurepip would install, copied in from the
    /// wheel cache while the environment is still staged (its scripts name
    /// the final path), so it appears complete or not at all. False when
    /// ensurepip has to run instead (`ensurepip`), once the environment is
    /// in place.
    func setupPip(_ context: Context) throws(VenvError) -> Bool {
        try Fault.check(.setupPip)
        if Fault.injected(.ensurepip) { return false }
        return try PipSeeder.seed(context, log: { log($0) })
    }

    /// What needs the environment in its final place: pip through ensurepip
    /// unless it was seeded, `--upgrade-deps`, and then the final
    /// `include-system-site-packages` (false while pip installs, as in venv).
    /// If one fails, the creation takes back what it put in place.
    func postSetup(_ context: Context, pipSeeded: Bool) throws(VenvError) {
        guard options.withPip else { return }
        if !pipSeeded { try ensurepip(context) }
        if options.upgradeDeps { try upgradeDependencies(context) }
        // pip wrote its scripts naming this path: made relocatable again.
        if context.relocatable && (!pipSeeded || options.upgradeDeps) { try makeConsoleScriptsRelocatable(context) }
        if options.systemSitePackages { try createConfiguration(context, systemSitePackages: true) }
    }

    /// Whether `postSetup` has anything to do.
    func postSetupRuns(pipSeeded: Bool) -> Bool {
        options.withPip && (!pipSeeded || options.upgradeDeps || options.systemSitePackages)
    }

    /// `--relocatable`: each console script in bin/ that names this
    /// environment's python by its path gets the relocatable form, which
    /// runs the python beside it wherever the environment is; their RECORD
    /// rows follow (`Relocator.makeScriptsRelocatable`).
    func makeConsoleScriptsRelocatable(_ context: Context) throws(VenvError) {
        log("making the console scripts in \(context.envDir.appending(context.bin)) relocatable")
        try Relocator(from: context.envDir, to: context.envDir, root: context.buildDir)
            .makeScriptsRelocatable(bin: context.bin)
    }

    /// `setup_pip`'s fallback, as venv's `_setup_pip`: the environment's
    /// python runs ensurepip.
    func ensurepip(_ context: Context) throws(VenvError) {
        try Fault.check(.ensurepip)
        log("installing pip with ensurepip")
        try runEnvPython(context, ["-Im", "ensurepip", "--upgrade", "--default-pip"],
                         doing: "install pip with ensurepip",
                         remedy: "run `\(context.envDir)/bin/python -m ensurepip` to see why, or pass --without-pip")
    }

    func upgradeDependencies(_ context: Context) throws(VenvError) {
        try Fault.check(.upgradeDependencies)
        var packages = ["pip"]
        if context.interpreter.version < PythonVersion(3, 12) { packages.append("setuptools") }
        let names = packages.joined(separator: " and ")
        log("upgrading \(names)")
        try runEnvPython(context, ["-m", "pip", "install", "--upgrade"] + packages,
                         doing: "upgrade \(names) (--upgrade-deps)",
                         remedy: "check the network and pip's settings (PIP_* variables, pip.conf), " +
                                 "or leave out --upgrade-deps")
    }

    /// Runs the environment's python; a failure is one line: what failed,
    /// pip's last line of output, and the remedy.
    private func runEnvPython(_ context: Context, _ arguments: [String], doing what: String,
                              remedy: String) throws(VenvError) {
        let python = context.envDir.appending(context.bin).appending(context.interpreter.name)
        let result = try ChildProcess.run(python, arguments,
                                          environment: ChildProcess.pythonEnvironment(
                                              adding: ["VIRTUAL_ENV=\(context.envDir)"]),
                                          directory: context.envDir)
        guard result.succeeded else {
            let last = result.output.split(separator: "\n").last { !$0.allSatisfy { $0 == " " } }
            let said = last.map { ": \($0.trimmingSpaces)" } ?? ""
            throw VenvError(.failed, context.envDir, "could not \(what), exit status \(result.status)\(said)",
                            remedy: remedy)
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
        args += options.onExisting.flags
        if options.relocatable { args.append("--relocatable") }
        if options.upgradeDeps { args.append("--upgrade-deps") }
        if let prompt = options.prompt.argument { args.append("--prompt=" + prompt) }
        if !options.scmIgnoreFiles { args.append("--without-scm-ignore-files") }
        if !options.activationScripts { args.append("--without-scripts") }
        args.append(context.envDir.string)
        return args.map(ShellQuote.posix).joined(separator: " ")
    }

    private func createIfNeeded(_ path: FilePath) throws(VenvError) {
        switch FS.kind(path) {
        case .missing: try FS.makeDirectories(path)
        case .directory: return
        default:
            throw VenvError(.exists, path, "cannot create directory, something else is in the way",
                            remedy: "remove it or use --clear")
        }
    }

    func log(_ line: @autoclosure () -> String) {
        options.log?(line())
    }
}
