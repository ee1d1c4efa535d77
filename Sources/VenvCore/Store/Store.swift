#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// Many named environments in one directory, kept as virtualenvwrapper keeps
/// them: `$WORKON_HOME` (default `~/.virtualenvs`) holds one environment per
/// directory, `$PROJECT_HOME` the projects, and an environment's project is
/// the path written in its `.project` file. So a virtualenvwrapper user's
/// environments are this store's, and the other way round.
public struct Store: Sendable {
    /// `$WORKON_HOME`, absolute.
    public let workonHome: FilePath
    /// `$PROJECT_HOME`, if set.
    public let projectHome: FilePath?

    public init(workonHome: FilePath, projectHome: FilePath? = nil) {
        self.workonHome = workonHome
        self.projectHome = projectHome
    }

    /// The store the environment variables name, as virtualenvwrapper derives
    /// it: `WORKON_HOME`, else `$HOME/.virtualenvs`; a relative value is
    /// taken from `$HOME`, and `~/` is expanded.
    public static func fromEnvironment() throws(VenvError) -> Store {
        let home = Environment.variable("HOME") ?? ""
        func expand(_ value: String) -> String {
            if value == "~" { return home }
            if value.hasPrefix("~/") { return home + value.dropFirst(1) }
            return value
        }
        var workon = expand(Environment.variable("WORKON_HOME") ?? "")
        if workon.isEmpty {
            guard home.hasPrefix("/") else {
                throw VenvError(.invalid, nil,
                                "neither WORKON_HOME nor HOME is set, so there is no store of environments",
                                remedy: "set WORKON_HOME to the directory that holds your environments")
            }
            workon = home + "/.virtualenvs"
        } else if !workon.hasPrefix("/") {
            workon = home + "/" + workon
        }
        let project = expand(Environment.variable("PROJECT_HOME") ?? "")
        return Store(workonHome: FilePath(workon).lexicallyNormalized(),
                     projectHome: project.isEmpty ? nil : try FS.absolute(FilePath(project)))
    }

    /// Refuses a name that cannot be one directory directly in the store.
    public static func validate(name: String) throws(VenvError) {
        guard !name.isEmpty else {
            throw VenvError(.invalid, nil, "'' is not an environment name: it is empty",
                            remedy: "name the environment, such as `myproject`")
        }
        if name.contains("/") || name == "." || name == ".." || name.contains("\0") {
            throw VenvError(.invalid, nil,
                            "\(PythonLiteral.repr(name)) is not an environment name: " +
                            "a name is one directory in the store, without '/'",
                            remedy: "give a plain name, or a path such as ./\(name) to mean a directory")
        }
        if name.contains(":") {
            throw VenvError(.invalid, nil,
                            "\(PythonLiteral.repr(name)) contains ':', the PATH separator, " +
                            "so its bin/ could not be put on PATH",
                            remedy: "choose a name without ':'")
        }
        if ActivationScripts.firstControl(in: name) != nil {
            throw VenvError(.invalid, nil, "\(PythonLiteral.repr(name)) contains a control character",
                            remedy: "choose a name without control characters")
        }
        if name.utf8.count > Int(NAME_MAX) {
            throw VenvError(.invalid, nil,
                            "the name \(name.prefix(40))... is longer than the \(NAME_MAX) bytes a file name may have",
                            remedy: "choose a shorter name")
        }
    }

    /// The directory of the environment called `name` (it need not exist).
    public func path(of name: String) throws(VenvError) -> FilePath {
        try Store.validate(name: name)
        return workonHome.appending(name)
    }

    /// What a user names on the command line: a path when it holds a `/`
    /// (or is `.`/`..`), else a name in the store.
    public func locate(_ nameOrPath: String) throws(VenvError) -> FilePath {
        if nameOrPath.contains("/") || nameOrPath == "." || nameOrPath == ".." {
            guard !nameOrPath.isEmpty else { throw VenvError(.invalid, nil, "an empty path",
                                                             remedy: "name an environment") }
            return try FS.absolute(FilePath(nameOrPath))
        }
        return try path(of: nameOrPath)
    }

    /// Like `locate`, but the environment must exist: an unknown name is
    /// refused with the closest names in the store.
    public func existing(_ nameOrPath: String) throws(VenvError) -> FilePath {
        let path = try locate(nameOrPath)
        if FS.kind(path) != .missing { return path }
        if nameOrPath.contains("/") || nameOrPath == "." || nameOrPath == ".." {
            throw VenvError(.notVenv, path, "does not exist", remedy: "check the path")
        }
        let close = Suggestion.closest(to: nameOrPath, among: (try? names()) ?? [])
        let remedy = close.isEmpty
            ? "`swift-venv list` shows the environments in \(workonHome)"
            : "did you mean \(close.map { "'\($0)'" }.joined(separator: " or "))?"
        throw VenvError(.notVenv, nil, "no environment named '\(nameOrPath)' in \(workonHome)", remedy: remedy)
    }

    /// What `freeze`, `packages` and `info` take: a path when it has a `/`,
    /// is `.`/`..` or names something here (relative paths were always
    /// theirs: `freeze .venv`), else the name of an environment of the store
    /// the environment variables name.
    public static func environmentOrPath(_ argument: String) throws(VenvError) -> FilePath {
        let path = FilePath(argument)
        if argument.contains("/") || argument == "." || argument == ".." || FS.kind(path) != .missing {
            return path
        }
        guard let store = try? Store.fromEnvironment() else { return path }
        do {
            return try store.existing(argument)
        } catch {
            guard error.code == .notVenv else { throw error }
            throw VenvError(.notVenv, nil,
                            "'\(argument)' is neither a path that exists here " +
                            "nor an environment in \(store.workonHome)",
                            remedy: error.remedy ?? "check the name")
        }
    }

    /// Whether `$WORKON_HOME` is missing: a store that holds no
    /// environment yet (a parent that cannot be searched is not missing).
    public var isMissing: Bool {
        do throws(Errno) { _ = try Syscall.lstat(workonHome) } catch { return error == .noSuchFileOrDirectory }
        return false
    }

    /// The names of the store's entries that look like environments (a
    /// `pyvenv.cfg` or a `bin/activate`, or a directory that cannot be
    /// searched, which `list` shows as broken), sorted; hidden names
    /// (staging, journals) are left out. None when the store is missing;
    /// refused when it is not a directory this user can list and search.
    public func names() throws(VenvError) -> [String] {
        if isMissing { return [] }
        var isDirectory = false
        do throws(Errno) { isDirectory = FileKind(mode: try Syscall.stat(workonHome).st_mode) == .directory } catch {
            // A link to nothing is not a directory; a parent that cannot be searched is not known to be missing.
            if error != .noSuchFileOrDirectory && error != .tooManySymbolicLinkLevels {
                throw .system("examine", workonHome, error)
            }
        }
        guard isDirectory else {
            throw VenvError(.invalid, workonHome,
                            "is not a directory (nor a link to one), so it cannot hold environments",
                            remedy: "set WORKON_HOME to the directory that holds your environments")
        }
        let all = try FS.contents(of: workonHome)
        // Listing needs the read permission; looking into an entry, the search permission.
        do throws(Errno) { _ = try Syscall.lstat(workonHome.appending(".")) } catch {
            throw .system("search", workonHome, error)
        }
        return all.filter { name in
            guard !name.hasPrefix(".") else { return false }
            let dir = workonHome.appending(name)
            guard FS.isDirectory(dir) else { return false }
            do throws(Errno) {
                if FileKind(mode: try Syscall.lstat(dir.appending("pyvenv.cfg")).st_mode) == .file { return true }
            } catch {
                if error == .permissionDenied { return true }
            }
            return FS.exists(dir.appending("bin/activate"))
        }.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    /// Every environment in the store, described from files alone.
    public func list() throws(VenvError) -> [StoreEntry] {
        try names().map { StoreEntry(name: $0, path: workonHome.appending($0)) }
    }

    /// The project directory of the environment at `envDir` (its `.project`
    /// file's first line), if it has one.
    public static func project(of envDir: FilePath) -> String? {
        // A regular file only: a FIFO there would make every listing wait.
        guard let bytes = FS.readRegularFile(envDir.appending(".project"), limit: 1 << 16),
              let text = String(validating: bytes, as: UTF8.self) else { return nil }
        let line = text.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
        return line.isEmpty ? nil : line
    }

    /// Writes `project` as the project of the environment at `envDir`, as
    /// virtualenvwrapper's `setvirtualenvproject` does (the path and a line break).
    public static func setProject(of envDir: FilePath, to project: FilePath) throws(VenvError) {
        guard FS.kind(envDir.appending("pyvenv.cfg")) == .file || FS.exists(envDir.appending("bin/activate")) else {
            throw VenvError(.notVenv, envDir, "is not a virtual environment",
                            remedy: "name an environment of the store or its path")
        }
        let absolute = try FS.absolute(project)
        guard FS.isDirectory(absolute) else {
            throw VenvError(.invalid, absolute, "is not a directory, so it cannot be a project",
                            remedy: "create it first or name another")
        }
        try FS.replaceFile(envDir.appending(".project"), absolute.string + "\n")
    }
}

/// One environment of a store, as `swift-venv list` shows it.
public struct StoreEntry: Sendable, Equatable {
    public let name: String
    public let path: FilePath
    /// `X.Y.Z` from pyvenv.cfg (`version` or `version_info`), if readable.
    public let version: String?
    /// The project directory from `.project`.
    public let project: String?
    /// Why the environment cannot be used, or nil when it can.
    public let problem: String?

    public var isBroken: Bool { problem != nil }

    /// The entry for the environment at `path`, in a store or not.
    public static func describe(_ path: FilePath) -> StoreEntry {
        StoreEntry(name: path.name, path: path)
    }

    init(name: String, path: FilePath) {
        self.name = name
        self.path = path
        project = Store.project(of: path)
        var version: String? = nil
        var problem: String? = nil
        if let unfinished = Relocation.unfinishedMove(at: path) {
            // Said of the environment itself, or of its journal (unreadable, another user's), named.
            problem = unfinished.path == path ? unfinished.problem + (unfinished.remedy.map { "; " + $0 } ?? "")
                                              : unfinished.message
        }
        do {
            let config = try PyvenvConfig.read(path.appending("pyvenv.cfg"))
            version = config.version
            let python = path.appending("bin/python")
            if problem == nil && !FS.isExecutableFile(python) {
                problem = FS.kind(python) == .missing ? "bin/python is missing"
                                                      : "bin/python does not run (its base interpreter is gone?)"
            }
            if problem == nil {
                _ = try EnvironmentInfo.resolve(path)
            }
        } catch {
            if problem == nil { problem = error.problem }
        }
        self.version = version
        self.problem = problem
    }

    /// One JSON object: name, path, version, project, broken, problem.
    public var json: String {
        var object = JSONObject()
        object["name"] = .string(name)
        object["path"] = .string(path.string)
        object["version"] = .optional(version)
        object["project"] = .optional(project)
        object["broken"] = .bool(isBroken)
        object["problem"] = .optional(problem)
        return object.text
    }

    /// The entries as one JSON array, one object per line.
    public static func json(_ entries: [StoreEntry]) -> String {
        entries.isEmpty ? "[]" : "[\n" + entries.map { "  " + $0.json }.joined(separator: ",\n") + "\n]"
    }
}

/// "Did you mean": the known words one or two edits from what was typed.
public enum Suggestion {
    /// The optimal string alignment distance (insertions, deletions,
    /// substitutions and swaps of neighbours), by Unicode scalar.
    public static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: y.count + 1), count: x.count + 1)
        for i in 0...x.count { d[i][0] = i }
        for j in 0...y.count { d[0][j] = j }
        for i in 1...x.count {
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[x.count][y.count]
    }

    /// The candidates at most `limit` edits from `word` (nearest first, at
    /// most three), leaving out `word` itself.
    public static func closest(to word: String, among candidates: [String], limit: Int = 2) -> [String] {
        let scored = candidates.compactMap { candidate -> (String, Int)? in
            guard candidate != word else { return nil }
            let d = distance(word, candidate)
            return d <= limit ? (candidate, d) : nil
        }
        return scored.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }.prefix(3).map(\.0)
    }
}
