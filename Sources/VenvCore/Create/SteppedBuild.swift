import SystemPackage

/// One environment built step by step, in place, for callers that run code
/// of their own between the steps: libvenv's Python `EnvBuilder` when a
/// subclass overrides or adds a step, and C callers through the
/// `venv_builder_*` functions. Each method calls the `EnvBuilder` step of
/// the same name, CPython's `venv.EnvBuilder`'s name for it; what differs
/// from `EnvBuilder.create` is passed as parameters, never by changing the
/// builder's options. Unlike `EnvBuilder.create`,
/// nothing is staged: the directory is filled as the steps run, as `venv`
/// fills it, and a failed step leaves what the earlier steps made.
public final class SteppedBuild: @unchecked Sendable {
    let builder: EnvBuilder
    let context: Context

    /// `ensure_directories`: checks the options and the target, finds the
    /// base interpreter, empties the target when `clear` is set, and makes
    /// the environment's directories (`.gitignore` is a step of its own:
    /// `createGitIgnoreFile`).
    public init(envDir: FilePath, options: CreateOptions) throws(VenvError) {
        let builder = EnvBuilder(options: options)
        try builder.validateOptions()
        let checked = try Target.check(envDir, options.effectiveOnExisting)
        let interpreter = try Interpreter.find(options.python)
        let context = try builder.makeContext(checked, interpreter, in: checked.path)
        let target = try Creation.clear(checked, options.onExisting, log: { _ in })
        if target.state == .missing { try FS.makeDirectories(target.path) }
        try builder.ensureDirectories(context)
        self.builder = builder
        self.context = context
    }

    /// The environment's absolute path, as named (not resolved).
    public var envDir: FilePath { context.envDir }
    /// The prompt's bare name (the directory's name unless one was given).
    public var prompt: String { context.prompt }
    public var binPath: FilePath { context.envDir.appending(context.bin) }
    public var binName: String { context.bin }
    public var libPath: FilePath { context.envDir.appending(context.sitePackages) }
    public var includePath: FilePath { context.envDir.appending(context.include) }
    /// The base interpreter, as it was found (not resolved).
    public var executable: FilePath { context.interpreter.executable }
    /// The environment's python: `bin/` and the base's own name.
    public var envExecutable: FilePath { binPath.appending(context.interpreter.name) }
    /// The base's version, `X.Y.Z`.
    public var version: String { context.interpreter.version.description }

    /// `create_git_ignore_file`: `.gitignore` holding `*`, written as
    /// `EnvBuilder` writes it for 3.13+ bases (older bases' venv writes none,
    /// and neither does this).
    public func createGitIgnoreFile() throws(VenvError) {
        try builder.createGitIgnoreFile(context)
    }

    /// `create_configuration`: pyvenv.cfg as the base's venv writes it.
    /// `command` replaces the `command` line's value (3.11+ bases; nil keeps
    /// swift-venv's own), `promptLiteral` the `prompt` line's value as
    /// written (nil keeps the repr of the prompt).
    public func createConfiguration(systemSitePackages: Bool, command: String? = nil,
                                    promptLiteral: String? = nil) throws(VenvError) {
        try builder.createConfiguration(context, systemSitePackages: systemSitePackages, command: command,
                                        promptLiteral: promptLiteral)
    }

    /// `setup_python`: the base interpreter and its aliases in `bin/`.
    public func setupPython() throws(VenvError) {
        try builder.setupPython(context)
    }

    /// `setup_scripts`: the activation scripts.
    public func setupScripts() throws(VenvError) {
        guard builder.options.activationScripts else { return }
        try ActivationScripts.validate(envDir: context.envDir, prompt: context.prompt)
        try builder.setupScripts(context)
    }

    /// `_setup_pip`: pip from the wheel cache, or through ensurepip when
    /// the cache cannot serve it.
    public func setupPip() throws(VenvError) {
        try builder.checkPip(context.interpreter)
        if try !builder.setupPip(context) {
            try builder.ensurepip(context)
        }
        if context.relocatable { try builder.makeConsoleScriptsRelocatable(context) }
    }

    /// `upgrade_dependencies`: the environment's pip upgrades pip (and
    /// setuptools before 3.12) from the index; fails, as venv does, when the
    /// environment has no pip.
    public func upgradeDependencies() throws(VenvError) {
        try builder.upgradeDependencies(context)
        if context.relocatable { try builder.makeConsoleScriptsRelocatable(context) }
    }
}
