#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// Where a new environment is built before it is put in place, and the
/// journal that lets a creation killed while putting it there be undone.
///
/// - A target that does not exist is built in `.NAME.swift-venv-staging`
///   beside it and renamed into place in one step.
/// - An existing directory (empty, cleared, or with --allow-existing a
///   directory of the user's) is built in `.swift-venv-staging` inside it;
///   the staging's entries are then moved into the directory one by one,
///   `pyvenv.cfg` last, after their names and identities have been written to
///   the journal `.placing` in the staging directory.
///
/// Both names are used only with the directory's `CreationLock` held, so one
/// found when the lock is taken was left by a creation that was killed: the
/// next creation of the same target removes it, and first takes back out of
/// the target whatever the journal says was moved there and still is (by
/// device and inode, so nothing that merely has the same name is touched).
///
/// Files of an existing environment replaced all or nothing (`replace`, for
/// `repair`) are staged in the same inner directory, then a journal
/// `.replacing` is committed by a rename, then each is renamed over its old
/// self. A kill before the commit leaves the old files (the staging is
/// removed by the next lock holder); after it, the next lock holder finishes
/// the renames from the journal: the old environment or the new one, never
/// a mix once the lock has been taken again.
enum Staging {
    /// The staging directory inside an existing target.
    static let innerName = ".swift-venv-staging"
    /// The journal inside a staging directory.
    static let journalName = ".placing"

    /// The staging directory beside a missing target.
    static func outer(for target: FilePath) -> FilePath {
        target.removingLastComponent().appending(".\(target.name).swift-venv-staging")
    }

    /// The journal of a missing target's staging, which is renamed as a whole:
    /// a file beside it naming the identity the target has once renamed.
    static func outerJournal(for target: FilePath) -> FilePath {
        target.removingLastComponent().appending(".\(target.name).swift-venv-placing")
    }

    static func inner(for target: FilePath) -> FilePath {
        target.appending(innerName)
    }

    /// One entry put in place: its name in the target and its identity.
    struct Placed: Equatable {
        let name: String
        let identity: FS.Identity
    }

    /// Writes `entries` to `journal`, one `NAME<TAB>DEV<TAB>INO` line each
    /// (names never hold a tab or line break: they are ours).
    static func writeJournal(_ journal: FilePath, _ entries: [Placed]) throws(VenvError) {
        let text = entries.map { "\($0.name)\t\($0.identity.device)\t\($0.identity.inode)\n" }.joined()
        try FS.writeFile(journal, text, mode: 0o600)
    }

    static func readJournal(_ journal: FilePath) -> [Placed] {
        guard let bytes = try? FS.readFile(journal, limit: 1 << 16) else { return [] }
        return String(decoding: bytes, as: UTF8.self).split(separator: "\n").compactMap { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 3, let device = UInt64(fields[1]), let inode = UInt64(fields[2]) else { return nil }
            return Placed(name: String(fields[0]), identity: FS.Identity(device: device, inode: inode))
        }
    }

    /// Takes out of `directory` each placed entry that is still the one
    /// placed, `pyvenv.cfg` first so that what is left is never taken for an
    /// environment.
    static func takeBack(_ entries: [Placed], from directory: FilePath) {
        let ordered = entries.filter { $0.name == "pyvenv.cfg" } + entries.filter { $0.name != "pyvenv.cfg" }
        for entry in ordered {
            let path = directory.appending(entry.name)
            guard FS.identity(path) == entry.identity else { continue }
            try? Removal.removeTree(path)
        }
    }

    /// Undoes and removes what a killed creation of `target` left. Call with
    /// the lock held.
    static func recover(_ target: FilePath) {
        let outerJournal = outerJournal(for: target)
        if FS.kind(outerJournal) == .file {
            takeBack(readJournal(outerJournal), from: target.removingLastComponent())
            try? FS.remove(outerJournal)
        }
        let outer = outer(for: target)
        if FS.kind(outer) != .missing { try? Removal.removeTree(outer) }
        let inner = inner(for: target)
        if FS.kind(inner.appending(replacingName)) == .file {
            try? finishReplacing(in: target)
        }
        if FS.kind(inner) == .directory {
            takeBack(readJournal(inner.appending(journalName)), from: target)
            try? Removal.removeTree(inner)
        }
    }

    // MARK: all-or-nothing replacement of files in an existing environment

    /// The redo journal of `replace`, inside the inner staging directory.
    static let replacingName = ".replacing"

    /// A file's new state.
    enum Replacement {
        /// These bytes, with this mode.
        case bytes([UInt8], mode: mode_t)
        /// A symbolic link to this target.
        case symbolicLink(String)
        /// A copy of this file, with this mode.
        case copy(FilePath, mode: mode_t)
    }

    /// Replaces each file of `changes` (paths relative to `target`, which
    /// must be an existing directory whose `CreationLock` is held) all or
    /// nothing, as the type's comment says.
    static func replace(_ changes: [(path: String, new: Replacement)], in target: FilePath) throws(VenvError) {
        let inner = inner(for: target)
        if FS.kind(inner) != .missing { try Removal.removeTree(inner) }
        try FS.makeDirectory(inner, mode: 0o700)
        do throws(VenvError) {
            try Fault.check(.replace)
            var journal: [UInt8] = []
            for (index, change) in changes.enumerated() {
                let staged = inner.appending(String(index))
                switch change.new {
                case .bytes(let bytes, let mode):
                    let fd = try FS.openFile(staged, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                                             mode: mode, what: "write")
                    defer { close(fd) }
                    try FS.writeAll(fd, bytes, staged)
                    try FS.setMode(staged, mode)
                case .symbolicLink(let destination):
                    try FS.symlink(target: destination, at: staged)
                case .copy(let source, let mode):
                    try FS.copyFile(source, to: staged, mode: mode)
                }
                // NUL-separated: a name may hold any other byte.
                journal += Array("\(index)".utf8) + [0] + Array(change.path.utf8) + [0]
            }
            Fault.killIfInjected(.replaceStaged)
            let pending = inner.appending(replacingName + ".new")
            try FS.writeFile(pending, String(decoding: journal, as: UTF8.self), mode: 0o600)
            try FS.rename(pending, to: inner.appending(replacingName))   // the commit
        } catch {
            try? Removal.removeTree(inner)
            throw error
        }
        Fault.killIfInjected(.replaceCommitted)
        try finishReplacing(in: target)
    }

    /// Renames each staged file the committed journal names over its old
    /// self (those already renamed are gone from the staging), then removes
    /// the staging. Running it again after a kill finishes the same work.
    static func finishReplacing(in target: FilePath) throws(VenvError) {
        let inner = inner(for: target)
        let fields = try FS.readFile(inner.appending(replacingName), limit: 1 << 24)
            .split(separator: 0, omittingEmptySubsequences: false)
        var index = 0
        while index + 1 < fields.count {
            let staged = inner.appending(String(decoding: fields[index], as: UTF8.self))
            let path = String(decoding: fields[index + 1], as: UTF8.self)
            index += 2
            guard FS.kind(staged) != .missing else { continue }
            try FS.rename(staged, to: target.appending(path))
            Fault.killIfInjected(.replaceMidway)
        }
        try Removal.removeTree(inner)
    }
}
