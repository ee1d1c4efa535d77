#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// One creation of one environment, from start to end, and the one rollback
/// policy (docs/creation.md's table states it; Tests/transaction checks it):
///
/// - a path that did not exist before a failed creation does not exist after
///   it (parents it made included);
/// - a directory that existed still exists;
/// - nothing that existed before is removed or changed, except what
///   `--clear` empties and what an update or `--upgrade` of an existing
///   environment rewrites;
/// - a failure never leaves a half environment where there was none.
///
/// It is a `Transaction` (the lock, the recovery, the staging, the journal,
/// the rollback, as copy, move and removal have them): new environments are
/// built in a staging directory and put in place at the end; whatever was
/// put in place is taken back if a step after that (the ensurepip fallback,
/// `--upgrade-deps`) fails. An existing environment that is updated or
/// upgraded is rewritten in place.
///
/// - A target that does not exist is built in `.NAME.swift-venv-staging`
///   beside it and renamed into place in one step.
/// - An existing directory (empty, cleared, or with --allow-existing a
///   directory of the user's) is built in `.swift-venv-staging` inside it;
///   the staging's entries are then moved into the directory one by one,
///   `pyvenv.cfg` last, after their names and identities have been written to
///   the journal in the staging directory.
final class Creation {
    /// The target as checked under the lock, after any --clear.
    private(set) var target: Target
    private let onExisting: OnExisting
    private let log: (String) -> Void
    private let transaction: Transaction
    /// Where the steps write: a staging directory, or the target itself.
    private(set) var buildDirectory: FilePath
    /// Whether a file or link of the user's in the environment's way is
    /// replaced, as venv replaces it (creation without activation scripts),
    /// instead of stopping the creation; and the entries that replace one.
    private let replacing: Bool
    private var replacements: Set<String> = []

    /// Runs `body` as one creation of `checked`, one `Transaction`: takes
    /// the lock of its directory (making missing parents), undoes what a
    /// killed transaction there left, checks it again, and on any failure of
    /// `body` takes back what was put in place and removes the parents it
    /// made.
    static func run(_ checked: Target, _ onExisting: OnExisting, replacing: Bool = false,
                    log: @escaping (String) -> Void,
                    _ body: (Creation) throws(VenvError) -> Void) throws(VenvError) {
        try Transaction.run(checked.path) { (transaction) throws(VenvError) in
            try Fault.check(.lock)
            let creation = Creation(try Target.check(checked.path, onExisting), onExisting, replacing, log,
                                    transaction)
            try body(creation)
        }
    }

    private init(_ checked: Target, _ onExisting: OnExisting, _ replacing: Bool,
                 _ log: @escaping (String) -> Void, _ transaction: Transaction) {
        self.target = checked
        self.onExisting = onExisting
        self.replacing = replacing
        self.log = log
        self.transaction = transaction
        self.buildDirectory = checked.path
    }

    /// Whether the activation scripts are written: always, but when
    /// upgrading an environment that has them.
    var writesScripts: Bool { !(onExisting == .upgrade && target.state == .venv) }

    /// `--clear`: empties the target (pyvenv.cfg last, so an interrupted
    /// clear still looks like an environment), which is then filled as an
    /// empty directory is.
    func clearIfAsked() throws(VenvError) {
        target = try Self.clear(target, onExisting, log: log)
    }

    /// What `--clear` does to `target`, for this creation and for step-by-step
    /// builds (`SteppedBuild`): the target as it is afterwards.
    static func clear(_ target: Target, _ onExisting: OnExisting, log: (String) -> Void) throws(VenvError) -> Target {
        guard case .clear = onExisting, target.state == .venv || target.state == .foreign else { return target }
        try Fault.check(.clear)
        log("clearing \(target.path)")
        try Removal.removeContents(of: target.path, last: "pyvenv.cfg")
        return Target(path: target.path, state: .empty)
    }

    /// Makes the directory the steps write into and returns it.
    func prepareBuildDirectory() throws(VenvError) -> FilePath {
        switch target.state {
        case .missing: buildDirectory = try transaction.stage()
        case .empty, .foreign: buildDirectory = try transaction.stage(inside: true)
        case .venv: break
        }
        return buildDirectory
    }

    /// Puts a new environment in place: renames the staging directory to
    /// the target, or moves its entries into the existing directory
    /// (`pyvenv.cfg` last), journalled so that a kill can be undone (a
    /// renamed directory only when `stepsFollow`: until then a kill leaves it
    /// complete). Nothing of the user's is ever replaced: an entry already
    /// there stops it.
    func place(stepsFollow: Bool) throws(VenvError) {
        try Fault.check(.place)
        switch target.state {
        case .venv:
            return
        case .missing:
            do {
                try transaction.placeStaging(journalled: stepsFollow)
            } catch where error.errno == .fileExists || error.errno == .directoryNotEmpty {
                throw VenvError(.exists, target.path, "was created by another program meanwhile",
                                remedy: "choose another path, or use --clear")
            }
        case .empty, .foreign:
            let names = try mergePlan("")
            var entries: [Journal.Placed] = []
            for name in names {  // relative paths, pyvenv.cfg last
                guard let identity = FS.identity(buildDirectory.appending(name)) else { continue }
                entries.append(Journal.Placed(name: name, identity: identity))
            }
            try transaction.write(Journal(.create, to: target.path, placed: entries), inStaging: true)
            for entry in entries {
                if replacements.contains(entry.name) {
                    try replace(entry.name)
                    transaction.didPlace(entry)
                    continue
                }
                do {
                    try FS.renameNoReplace(buildDirectory.appending(entry.name), to: target.path.appending(entry.name))
                } catch where error.errno == .fileExists || error.errno == .directoryNotEmpty {
                    throw VenvError(.exists, target.path.appending(entry.name),
                                    "appeared while the environment was put in place",
                                    remedy: "swift-venv never writes over your files: move it, " +
                                            "or create the environment in a directory of its own")
                }
                transaction.didPlace(entry)
                Fault.killIfInjected(.placeMidway)
            }
        }
        Fault.killIfInjected(.placed)
    }

    /// What of the staging directory below `relative` moves into the
    /// target: each entry the target lacks, moved whole; a directory the
    /// target already has (venv, too, fills a `bin/` or `lib/` that is there)
    /// is entered, and its listing kept so that what later steps add to it
    /// can be taken back. Anything else of the user's in the way stops it,
    /// before anything moves; 3.13's `.gitignore` is left out rather than
    /// written over one of the user's. `pyvenv.cfg` comes last.
    private func mergePlan(_ relative: String) throws(VenvError) -> [String] {
        let here = relative.isEmpty ? buildDirectory : buildDirectory.appending(relative)
        var plan: [String] = []
        let journal = FS.hidden(.journal, inside: buildDirectory)
        for name in try FS.contents(of: here).sorted() where !(relative.isEmpty && here.appending(name) == journal) {
            let path = relative.isEmpty ? name : relative + "/" + name
            let there = target.path.appending(path)
            switch FS.kind(there) {
            case .missing:
                plan.append(path)
            case .directory where FS.kind(here.appending(name)) == .directory:
                try transaction.willMerge(into: there)
                plan += try mergePlan(path)
            default:
                if path == ".gitignore" {
                    try Removal.removeTree(here.appending(name))
                    continue
                }
                let theirs = FS.kind(there), ours = FS.kind(here.appending(name))
                if replacing && (theirs == .symlink || (theirs == .file && ours != .directory)) {
                    replacements.insert(path)
                    plan.append(path)
                    continue
                }
                throw VenvError(.exists, there, "is in the way of the environment's \(path)",
                                remedy: "swift-venv never writes over your files: move it, " +
                                        "or create the environment elsewhere")
            }
        }
        return plan.filter { $0 != "pyvenv.cfg" } + plan.filter { $0 == "pyvenv.cfg" }
    }

    /// Puts the staged entry `name` in place of the user's file or link
    /// there: a file or link replaces it in one rename; a directory takes
    /// the place of a link (removed as a link, never followed).
    private func replace(_ name: String) throws(VenvError) {
        let staged = buildDirectory.appending(name), there = target.path.appending(name)
        log("replacing \(there)")
        if FS.kind(staged) == .directory {
            try FS.remove(there)
            try FS.renameNoReplace(staged, to: there)
        } else {
            try FS.rename(staged, to: there)
        }
    }
}
