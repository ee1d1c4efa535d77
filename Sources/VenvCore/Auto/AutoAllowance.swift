#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// The directories whose environment hooks automatic activation may run
/// (`swift-venv allow [DIR]`, `swift-venv deny [DIR]`), kept as direnv keeps
/// its allowed `.envrc` files: one file per directory, named by the
/// directory's identity (device and inode, so a directory put in its place
/// is another one), holding the SHA-256 of each hook file of its
/// environment. A hook that changed, appeared or went away since is not
/// allowed any more: it asks again.
///
/// Location: `$XDG_DATA_HOME/swift-venv/allow`, else
/// `~/.local/share/swift-venv/allow`; used only while no other user can
/// change it (`ShellIntegration.mineAllTheWay`).
public struct AutoAllowance: Sendable {
    /// The hook files that are checked: `postactivate` for bash and zsh,
    /// `postactivate.fish` and `postactivate.csh` for fish and csh
    /// (virtualenvwrapper's hooks beside them), in the environment's bin/.
    public static let hookNames = ["postactivate", "postactivate.fish", "postactivate.csh"]

    public let directory: FilePath

    public init(directory: FilePath) { self.directory = directory }

    /// The allowance directory the environment variables name, or nil.
    public static func fromEnvironment() -> AutoAllowance? {
        if let xdg = Environment.variable("XDG_DATA_HOME"), xdg.hasPrefix("/") {
            return AutoAllowance(directory: FilePath(xdg).appending("swift-venv/allow"))
        }
        if let home = Environment.variable("HOME"), home.hasPrefix("/") {
            return AutoAllowance(directory: FilePath(home).appending(".local/share/swift-venv/allow"))
        }
        return nil
    }

    public enum Verdict: Equatable, Sendable {
        /// Allowed, with the bytes of each hook as they were checked.
        case allowed([String: [UInt8]])
        case notAllowed
        case changed
    }

    /// The hooks of `env` now: name, bytes.
    static func hooks(of env: FilePath) -> [String: [UInt8]] {
        var hooks: [String: [UInt8]] = [:]
        for name in hookNames {
            if let bytes = FS.readRegularFile(env.appending("bin").appending(name)) { hooks[name] = bytes }
        }
        return hooks
    }

    /// The record's text: the directory's path (for people), the
    /// environment's, then `NAME SHA256` per hook.
    static func record(root: FilePath, env: FilePath, hooks: [String: [UInt8]]) -> String {
        header + "\(root)\n" + body(env: env, hooks: hooks)
    }

    static let header = "swift-venv allow 1\n"

    /// What must be the same for the hooks to run: all but the directory's
    /// path (which may be reached by another name).
    static func body(env: FilePath, hooks: [String: [UInt8]]) -> String {
        var text = "\(env)\n"
        for name in hooks.keys.sorted() {
            text += name + " " + SHA256.digest(hooks[name]!).map { Hex.digits($0, width: 2) }.joined() + "\n"
        }
        return text
    }

    func recordPath(_ root: FilePath) -> FilePath? {
        guard let identity = FS.identity(FS.realPath(root) ?? root) else { return nil }
        return directory.appending("\(identity.device)-\(identity.inode)")
    }

    /// Whether the hooks of `env`, the environment of the project `root`,
    /// may run.
    public func verdict(root: FilePath, env: FilePath) -> Verdict {
        guard let path = recordPath(root), FS.kind(path) == .file, ShellIntegration.mineAllTheWay(path),
              let bytes = FS.readRegularFile(path, limit: 1 << 16) else { return .notAllowed }
        let hooks = Self.hooks(of: env)
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", maxSplits: 2,
                                                                  omittingEmptySubsequences: false)
        guard lines.count == 3, lines[0] + "\n" == Self.header else { return .notAllowed }
        return lines[2] == Self.body(env: env, hooks: hooks) ? .allowed(hooks) : .changed
    }

    /// Allows the hooks of the environment of the project holding
    /// `directory`, as they are now; the project directory and environment.
    @discardableResult
    public func allow(_ directory: FilePath) throws(VenvError) -> (FilePath, FilePath) {
        let (root, env) = try Self.project(directory)
        guard let path = recordPath(root) else {
            throw VenvError(.invalid, root, "cannot be examined", remedy: "check the path")
        }
        try FS.makeDirectories(self.directory)
        guard ShellIntegration.mineAllTheWay(self.directory) else {
            throw VenvError(.invalid, self.directory,
                            "can be changed by another user, so it cannot hold what you allow",
                            remedy: "make it and the directories above it yours and writable by you alone")
        }
        try FS.replaceFile(path, Self.record(root: root, env: env, hooks: Self.hooks(of: env)), mode: 0o600)
        return (root, env)
    }

    /// Takes back `allow` for the project holding `directory` (nothing to
    /// take back is no error); the project directory.
    @discardableResult
    public func deny(_ directory: FilePath) throws(VenvError) -> FilePath {
        let root: FilePath
        if let (found, _) = try? Self.project(directory) { root = found } else {
            root = try FS.absolute(directory)
        }
        if let path = recordPath(root), FS.kind(path) != .missing { try FS.remove(path) }
        return root
    }

    /// The project directory and environment automatic activation finds
    /// for `directory`, or the reason there is none.
    static func project(_ directory: FilePath) throws(VenvError) -> (FilePath, FilePath) {
        let absolute = try FS.absolute(directory)
        switch AutoActivation.lookup(absolute) {
        case .environment(let env, _, let root): return (root, env)
        case .refused(let root, let reason):
            throw VenvError(.invalid, root, "has no environment automatic activation would activate: \(reason)",
                            remedy: "fix what the message says first")
        case .none:
            throw VenvError(.notVenv, absolute, "is in no project with an environment (no .venv, .python-version " +
                                                "naming an environment, or virtualenvwrapper project)",
                            remedy: "name a project's directory")
        }
    }
}
