#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// An environment directory as found before anything is written, checked
/// completely against what the options allow.
struct Target: Equatable {
    enum State: Equatable {
        /// Nothing there: the environment is built aside and renamed into place.
        case missing
        /// An empty directory (or one holding only a stale staging directory of ours).
        case empty
        /// A directory holding a pyvenv.cfg.
        case venv
        /// A non-empty directory without pyvenv.cfg.
        case foreign
    }

    /// The absolute path as the user named it (never resolved).
    let path: FilePath
    let state: State

    /// Checks `envDir` and says why it cannot be used, before anything is
    /// written (one line naming the path and the remedy).
    static func check(_ envDir: FilePath, _ onExisting: OnExisting) throws(VenvError) -> Target {
        let given = envDir.string
        guard !given.isEmpty else {
            throw VenvError(.invalid, nil, "the environment directory is an empty path",
                            remedy: "name a directory such as .venv")
        }
        guard !given.contains(":") else {
            throw VenvError(.invalid, envDir, "contains ':', the PATH separator, so bin/ could not be put on PATH",
                            remedy: "choose a path without ':'")
        }
        try checkLength(envDir)
        let path = try FS.absolute(envDir)
        try checkLength(path)
        guard path.name != "" else {
            throw VenvError(.invalid, path, "the root directory cannot be an environment",
                            remedy: "name a directory below it")
        }
        let state: State
        switch FS.kind(path) {
        case .missing:
            state = .missing
        case .directory:
            state = try classify(path)
        case .symlink where FS.isDirectory(path):
            state = try classify(path)
        case .symlink:
            throw VenvError(.exists, path, "is a symbolic link to nothing", remedy: "remove it or choose another path")
        default:
            throw VenvError(.exists, path, "is a file, not a directory", remedy: "choose another path")
        }

        if state == .venv, let unfinished = Relocation.unfinishedMove(at: path) { throw unfinished }
        switch (state, onExisting) {
        case (.missing, _), (.empty, _), (.venv, _), (.foreign, .allow), (.foreign, .clear(force: true)):
            break
        case (.foreign, .clear(force: false)):
            throw VenvError(.notVenv, path,
                            "has no pyvenv.cfg, so --clear would delete files that are not an environment's",
                            remedy: "check the path, or add --force to empty it anyway")
        case (.foreign, .upgrade):
            throw VenvError(.notVenv, path, "has no pyvenv.cfg, so there is no environment to upgrade",
                            remedy: "check the path")
        case (.foreign, .update):
            throw VenvError(.exists, path, "is not empty and not a virtual environment",
                            remedy: "choose another directory, " +
                                    "or pass --allow-existing to create the environment among its files")
        }
        if case .clear = onExisting, state == .venv || state == .foreign {
            // Never /, a home, a directory holding the current one, nor
            // what could not be emptied whole (a mount inside, no write access).
            try Removal.check(path, .contents)
        }
        return Target(path: path, state: state)
    }

    /// The system's limits, checked before anything is made: a path whose
    /// parents would be created before `ENAMETOOLONG` stops it would leave
    /// directories behind. The environment's own files (pip's deepest ones
    /// are about 150 bytes below it) need room under `PATH_MAX` too.
    private static func checkLength(_ path: FilePath) throws(VenvError) {
        let room = 256
        let length = path.string.utf8.count
        if length > Int(PATH_MAX) - room {
            throw VenvError(.invalid, FilePath(path.string.prefix(80) + "..."),
                            "the path is \(length) bytes long, " +
                            "and an environment's files need it under \(Int(PATH_MAX) - room)",
                            remedy: "choose a shorter path")
        }
        for component in path.components where component.string.utf8.count > Int(NAME_MAX) {
            throw VenvError(.invalid, path,
                            "the name \(component.string.prefix(40))... " +
                            "is \(component.string.utf8.count) bytes long, " +
                            "more than the \(NAME_MAX) a file name may have",
                            remedy: "choose a shorter path")
        }
    }

    private static func classify(_ path: FilePath) throws(VenvError) -> State {
        var names = try FS.contents(of: path)
        let staging = Transaction.staging(inside: path)
        if names.contains(staging.name) {
            // A killed creation's staging, and what its journal says it had
            // placed: the next creation takes them back, so they do not count.
            let placed = Transaction.placedInside(path)
            names.removeAll { name in name == staging.name || placed.contains { $0.name == name } }
        }
        if names.isEmpty { return .empty }
        return names.contains("pyvenv.cfg") && FS.kind(path.appending("pyvenv.cfg")) == .file ? .venv : .foreign
    }
}
