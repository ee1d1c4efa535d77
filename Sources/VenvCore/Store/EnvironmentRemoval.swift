#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// Removing a whole environment (`swift-venv remove`, `rmvirtualenv`) with
/// `--clear`'s guarantees: only a directory holding a `pyvenv.cfg`, never a
/// link to one, never `/` or the home directory; what it holds is removed by
/// `Removal` (links removed as links, no other file system entered) and
/// `pyvenv.cfg` last, so an interrupted removal still looks like an
/// environment and can be removed again.
public enum EnvironmentRemoval {
    public static func remove(_ envDir: FilePath) throws(VenvError) {
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
        // The same checks as --clear: the path's form, and never / or home.
        _ = try Target.check(path, .clear(force: false))
        return path
    }
}
