/// What a client told PET (`configure`, or the flags of `pet find`).
public struct PetConfiguration: Sendable, Equatable {
    /// Project folders: their environments are found and belong to them (globs expanded).
    public var workspaceDirectories: [String] = []
    /// Folders whose children are environments (globs expanded).
    public var environmentDirectories: [String] = []
    public var condaExecutable: String?
    public var pipenvExecutable: String?
    public var poetryExecutable: String?
    /// PET keeps what it learnt by starting Python there; nothing here
    /// starts Python, so it is accepted and unused.
    public var cacheDirectory: String?

    public init() {}
}

/// What one search covers (PET's `SearchScope`).
public enum PetScope: Sendable, Equatable {
    /// Every place: the configured workspaces and directories, and the
    /// places every user has.
    case everything
    /// Only these paths: directories as workspaces, files as executables
    /// (`refresh {searchPaths}`, `pet find --workspace`).
    case only([String])
    /// Every place, reporting one kind only (`refresh {searchKind}`, `pet find --kind`).
    case kind(PetKind)
}

/// PET's answers, from `find`'s records: every environment in PET's schema,
/// its manager reported once before the first environment naming it.
public enum PetSearch {
    /// The folders PET lists as global homes of environments
    /// (`crates/pet-global-virtualenvs`): `$WORKON_HOME`,
    /// `$XDG_DATA_HOME/virtualenvs`, `~/envs`, `~/.direnv`, `~/.venvs`,
    /// `~/.virtualenvs`, `~/.local/share/virtualenvs`, `~/Envs`; less the
    /// ones `find` reads itself (`$WORKON_HOME` or `~/.virtualenvs`,
    /// pipenv's, `~/.venvs`), which it names better.
    static func globalEnvironmentDirectories() -> [String] {
        let context = FindContext(options: FindOptions())
        var pets: [String] = []
        if let workon = context.variable("WORKON_HOME"), workon.hasPrefix("/") { pets.append(PathText.normpath(workon)) }
        if let data = context.variable("XDG_DATA_HOME"), data.hasPrefix("/") {
            pets.append(PathText.join(PathText.normpath(data), "virtualenvs"))
        }
        if let home = context.home {
            for tail in ["envs", ".direnv", ".venvs", ".virtualenvs", ".local/share/virtualenvs", "Envs"] {
                pets.append(PathText.join(home, tail))
            }
        }
        let own = [context.directory("WORKON_HOME", orHome: ".virtualenvs"), context.dataHome("virtualenvs"),
                   context.home.map { PathText.join($0, ".venvs") }].compactMap { $0 }
        var seen = Set(own)
        return pets.filter { seen.insert($0).inserted }
    }

    /// Every path `patterns` name, globs expanded, each once.
    static func expand(_ patterns: [String]) -> [String] {
        var seen = Set<String>()
        return patterns.flatMap(PetGlob.expand).filter { seen.insert($0).inserted }
    }

    /// Searches `scope` under `configuration`, calling `manager` and
    /// `environment` as each is known (nothing held: a refresh of 2,000
    /// environments streams). `log` is told each directory passed over.
    public static func run(_ configuration: PetConfiguration, scope: PetScope,
                           log: (@Sendable (String) -> Void)? = nil,
                           manager report: (PetManager) -> Void, environment: (PetEnvironment) -> Void) {
        let managers = PetManagers(configuration)
        var options = FindOptions(log: log)
        var executables: [String] = []
        let locators: [any Locator]
        var only: PetKind?
        switch scope {
        case .only(let paths):
            for path in expand(paths) {
                guard FS.isDirectory(path) else { executables.append(path); continue }
                options.workspaces.append(path)
            }
            locators = Finder.askedOnly
        case .everything, .kind:
            options.workspaces = expand(configuration.workspaceDirectories).filter { FS.isDirectory($0) }
            options.searchPaths = expand(configuration.environmentDirectories).filter { FS.isDirectory($0) }
                + globalEnvironmentDirectories()
            locators = Locators.all
            if case .kind(let kind) = scope { only = kind }
        }
        // PET's workspace search (`find_python_environments_in_workspace_folder_recursive`):
        // the folder itself first when it is an environment, its children
        // (find's workspace source), and pixi's environments in `.pixi/envs/`,
        // one level deeper; no deeper (PET #235: a `.venv` in a subfolder is
        // not the workspace's, by PET's design).
        let context = FindContext(options: FindOptions())
        for workspace in options.workspaces {
            if context.isEnvironment(workspace) { executables.append(Resolver.environmentPython(workspace).executable) }
            let pixi = PathText.join(workspace, ".pixi", "envs")
            if FS.isDirectory(pixi) { options.searchPaths.append(pixi) }
        }
        var reportedManagers = Set<String>()
        var reported = Set<String>()
        func hand(_ record: FoundPython) {
            // PET has no pipx kind and does not look where pipx keeps its applications.
            guard record.sources != [FindSource.pipx.rawValue] else { return }
            let pet = PetEnvironment(record, managers: managers)
            if let only, pet.kind != only { return }
            if !executables.isEmpty, !reported.insert(pet.prefix ?? record.executable).inserted { return }
            if let manager = pet.manager, reportedManagers.insert(manager.executable + "\0" + manager.tool.rawValue).inserted {
                report(manager)
            }
            environment(pet)
        }
        Finder.find(through: locators, options, report: hand)
        for executable in executables {
            if let record = Finder.record(forExecutable: executable, options) { hand(record) }
        }
    }

    /// The environment `executable` belongs to (PET's `resolve`), or nil
    /// when nothing executable is there.
    public static func resolve(_ executable: String, _ configuration: PetConfiguration) -> PetEnvironment? {
        var options = FindOptions()
        options.workspaces = expand(configuration.workspaceDirectories).filter { FS.isDirectory($0) }
        options.searchPaths = expand(configuration.environmentDirectories).filter { FS.isDirectory($0) }
            + globalEnvironmentDirectories()
        return Finder.record(forExecutable: executable, options).map { PetEnvironment($0, managers: PetManagers(configuration)) }
    }

    /// PET's `find {searchPath}`: the environments of one folder (taken as
    /// a workspace), or the one an executable belongs to.
    public static func find(in searchPath: String, _ configuration: PetConfiguration) -> [PetEnvironment] {
        var found: [PetEnvironment] = []
        run(configuration, scope: .only([searchPath]), manager: { _ in }, environment: { found.append($0) })
        return found
    }
}

extension PetManagers {
    init(_ configuration: PetConfiguration) {
        self.init(condaExecutable: configuration.condaExecutable, pipenvExecutable: configuration.pipenvExecutable,
                  poetryExecutable: configuration.poetryExecutable,
                  pyenvRoot: FindContext(options: FindOptions()).pyenvRoot)
    }
}
