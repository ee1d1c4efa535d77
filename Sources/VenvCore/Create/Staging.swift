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
        if FS.kind(inner) == .directory {
            takeBack(readJournal(inner.appending(journalName)), from: target)
            try? Removal.removeTree(inner)
        }
    }
}
