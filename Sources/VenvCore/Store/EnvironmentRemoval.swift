#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// Removing a whole environment (`swift-venv remove`, `rmvirtualenv`) with
/// `--clear`'s guarantees: only a directory holding a `pyvenv.cfg`, never a
/// link to one, never `/`, a home or a directory holding the current one,
/// nothing `Removal.check` finds it could not remove whole (a mount point,
/// a directory not writable, an immutable file); what it holds is removed by
/// `Removal` (links removed as links) and `pyvenv.cfg` last, so an
/// interrupted removal still looks like an environment and can be removed
/// again. It is a `Transaction` on the environment, as creation, copy and
/// move are (their lock, and the recovery of what a killed one left).
public enum EnvironmentRemoval {
    public static func remove(_ envDir: FilePath) throws(VenvError) {
        let path = try FS.absolute(envDir)
        guard !path.name.isEmpty, FS.isDirectory(path.removingLastComponent()) else {
            try check(path)     // refuses it, saying why
            return
        }
        let present = FS.kind(path) == .directory
        try Transaction.run(path, makingParents: false) { (_) throws(VenvError) in
            // Gone when a killed creation's journal said to take it back.
            if present && FS.kind(path) == .missing { return }
            try removeLocked(path)
        }
    }

    /// `remove` inside a transaction that holds the lock already (a move
    /// removing its source, or the environment it replaces).
    static func removeLocked(_ envDir: FilePath) throws(VenvError) {
        let path = try check(envDir)
        try Removal.removeContents(of: path, last: "pyvenv.cfg")
        try FS.removeDirectory(path)
    }

    /// Refuses what `remove` would refuse, removing nothing; returns the
    /// absolute path.
    @discardableResult
    public static func check(_ envDir: FilePath) throws(VenvError) -> FilePath {
        let path = try FS.absolute(envDir)
        switch FS.kind(path) {
        case .missing:
            throw VenvError(.notVenv, path, "does not exist", remedy: "check the path or name")
        case .symlink:
            throw VenvError(.invalid, path,
                            "is a symbolic link, and swift-venv removes environments, not links to them",
                            remedy: "remove the link itself with rm, or name the environment's own directory")
        case .directory:
            break
        default:
            throw VenvError(.notVenv, path, "is not a directory, so not an environment", remedy: "check the path")
        }
        guard FS.kind(path.appending("pyvenv.cfg")) == .file else {
            throw VenvError(.notVenv, path,
                            "has no pyvenv.cfg, so it is not a virtual environment and swift-venv does not remove it",
                            remedy: "check the path; remove other directories with rm")
        }
        // The path's form as creation checks it, then what removing the
        // directory itself needs.
        _ = try Target.check(path, .update)
        try Removal.check(path, .whole)
        return path
    }

    /// Refuses the active environment (`$VIRTUAL_ENV`, compared resolved),
    /// as virtualenvwrapper's `rmvirtualenv` does.
    public static func refuseActive(_ envDir: FilePath) throws(VenvError) {
        guard let active = Environment.variable("VIRTUAL_ENV"), active.hasPrefix("/"),
              let real = FS.realPath(FilePath(active)), real == FS.realPath(envDir) else { return }
        throw VenvError(.invalid, envDir, "is the active environment ($VIRTUAL_ENV), which cannot be removed",
                        remedy: "switch to another environment or run 'deactivate' first, or pass --force")
    }
}
