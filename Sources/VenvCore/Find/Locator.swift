#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// Where a Python was found: the values of a record's `sources`.
public enum FindSource: String, Sendable, CaseIterable {
    case path, system, pyenv, uv
    case virtualEnv = "virtual_env"
    case workonHome = "workon_home"
    case pipenv, poetry, hatch, pipx, conda, workspace
    case searchPath = "search_path"
}

/// What `find` is asked to look at beyond the places every user has.
public struct FindOptions: Sendable {
    /// Project directories: their `.venv`, `venv`, `env` and any other
    /// direct child holding a pyvenv.cfg, and a `.venv` in their parents.
    public var workspaces: [String] = []
    /// Directories whose direct children are environments.
    public var searchPaths: [String] = []
    /// Told each directory passed over (unreadable, not UTF-8), one line each.
    public var log: (@Sendable (String) -> Void)?
    /// Fill each record's `problems` (every check of `doctor`, several
    /// times the record's own cost); otherwise they stay nil, computed on
    /// request by `FoundPython.diagnosedProblems()`.
    public var problems: Bool

    public init(workspaces: [String] = [], searchPaths: [String] = [], log: (@Sendable (String) -> Void)? = nil,
                problems: Bool = false) {
        self.workspaces = workspaces
        self.searchPaths = searchPaths
        self.log = log
        self.problems = problems
    }
}

/// One path a locator found: an interpreter's executable or an
/// environment's directory, with what its source knows about it.
struct Candidate {
    var path: String
    var isEnvironment: Bool
    var source: FindSource
    var manager: String? = nil
    var name: String? = nil
    var project: String? = nil
    /// The bytes of the environment's pyvenv.cfg when the locator read it
    /// to know the environment (`environments(under:)`): the record's
    /// resolution takes them instead of reading the file a second time.
    var config: [UInt8]? = nil
}

/// One source of Pythons (PATH, pyenv, WORKON_HOME, ...). Adding a source
/// is adding one type that conforms, and naming it in `Locators.all`.
protocol Locator: Sendable {
    /// Reports every Python this source knows, as it finds them. Reading
    /// only: directory listings, `stat`, small files; never a Python run.
    func find(_ context: FindContext, _ report: (Candidate) -> Void)
}

/// What every locator reads: the environment variables, the home
/// directory, the caller's options, and a few careful file-system helpers.
struct FindContext {
    let options: FindOptions
    /// What this search has read already, read once for all its locators.
    let memo = Memo()

    /// What one search keeps: directory listings by directory identity
    /// (`PathLocator.pythonNames(in:_:)`), pyenv's selection by root (each
    /// shim on PATH asks for it: a dozen system calls up the working directory).
    final class Memo {
        var pythonNames: [FS.Identity: [String]] = [:]
        var pyenvSelections: [String: PyenvSelection] = [:]
    }

    /// `PyenvSelection(root:)`, once per root in a search.
    func pyenvSelection(root: String) -> PyenvSelection {
        if let known = memo.pyenvSelections[root] { return known }
        let selection = PyenvSelection(root: root)
        memo.pyenvSelections[root] = selection
        return selection
    }

    /// A variable's value, nil when unset or empty (as the tools treat it).
    func variable(_ name: String) -> String? {
        guard let value = Environment.variable(name), !value.isEmpty else { return nil }
        return value
    }

    var home: String? { variable("HOME") }

    /// `$name` when set to an absolute path, else `fallback` under the home
    /// directory (nil without a home).
    func directory(_ name: String, orHome fallback: String) -> String? {
        if let value = variable(name), value.hasPrefix("/") { return PathText.normpath(value) }
        return home.map { PathText.join($0, fallback) }
    }

    /// `$XDG_DATA_HOME` (default `~/.local/share`) joined with `tail`.
    func dataHome(_ tail: String) -> String? {
        directory("XDG_DATA_HOME", orHome: ".local/share").map { PathText.join($0, tail) }
    }

    /// `$XDG_CACHE_HOME` (default `~/.cache`) joined with `tail`.
    func cacheHome(_ tail: String) -> String? {
        directory("XDG_CACHE_HOME", orHome: ".cache").map { PathText.join($0, tail) }
    }

    var pyenvRoot: String? { directory("PYENV_ROOT", orHome: ".pyenv") }

    func log(_ line: String) { options.log?(line) }

    /// The names in `directory`, sorted; nil when it does not exist or
    /// cannot be read (said through `log` unless it is simply absent).
    /// Names that are not UTF-8 are passed over and said through `log`:
    /// every path swift-venv reports is text.
    /// `keeping` picks names by their bytes before any becomes a `String`
    /// (`PATH` directories such as /usr/bin list thousands of names).
    func list(_ directory: String, keeping: ((UnsafeBufferPointer<UInt8>) -> Bool)? = nil) -> [String]? {
        let listed: (names: [String], notUTF8: Int)
        do throws(Errno) {
            listed = try Syscall.utf8Names(directory, keeping: keeping)
        } catch {
            if error != .noSuchFileOrDirectory && error != .notDirectory {
                log("\(directory): passed over: \(error)")
            }
            return nil
        }
        for _ in 0..<listed.notUTF8 { log("\(directory): an entry whose name is not UTF-8 passed over") }
        return listed.names.sorted()
    }

    /// Whether `directory` is an environment: it holds pyvenv.cfg, or it is
    /// a conda prefix (`conda-meta/`) with a python.
    func isEnvironment(_ directory: String) -> Bool {
        FS.kind(PathText.join(directory, "pyvenv.cfg"), followingLinks: true) != .missing || isConda(directory)
    }

    func isConda(_ directory: String) -> Bool {
        FS.isDirectory(PathText.join(directory, "conda-meta"))
            && FS.kind(PathText.join(directory, "bin", "python"), followingLinks: true) != .missing
    }

    /// Every environment directly under `directory`, reported through `make`.
    /// A child that cannot be looked into is passed over and said through `log`.
    func environments(under directory: String, _ report: (Candidate) -> Void,
                      _ make: (_ path: String, _ name: String) -> Candidate) {
        for name in list(directory) ?? [] where !name.hasPrefix(".") || name == ".venv" {
            let path = PathText.join(directory, name)
            let configPath = PathText.join(path, Resolver.configName)
            // Read, not only looked at: the record resolves from these bytes
            // (one open, fstat, read and close, where a stat here and the
            // same four later would be five). Kept only when small (some
            // 250 bytes as tools write it), so that 2,000 huge files are
            // not all held at once: a larger one is read by its record.
            if let bytes = FS.readRegularFile(configPath, limit: 16 << 10) {
                var candidate = make(path, name)
                candidate.config = bytes
                report(candidate)
                continue
            }
            do throws(Errno) {
                _ = try Syscall.stat(configPath)
                report(make(path, name))
            } catch {
                if isConda(path) { report(make(path, name)) }
                else if error == .permissionDenied { log("\(path): passed over: \(error)") }
            }
        }
    }

    /// The first line of a small text file (virtualenvwrapper's and
    /// pipenv's `.project`), trimmed; nil when absent or empty.
    func firstLine(_ path: String) -> String? {
        guard let bytes = FS.readRegularFile(path, limit: 64 << 10),
              let text = String(validating: bytes, as: UTF8.self) else { return nil }
        let line = text.split(whereSeparator: \.isNewline).first.map { Substring($0).trimmingPythonWhitespace() }
        return line?.isEmpty == false ? line : nil
    }
}
