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
/// New environments are built in a staging directory (see `Staging`) and put
/// in place at the end; whatever was put in place is taken back if a step
/// after that (the ensurepip fallback, `--upgrade-deps`) fails. An existing
/// environment that is updated or upgraded is rewritten in place.
final class Creation {
    /// The target as checked under the lock, after any --clear.
    private(set) var target: Target
    private let onExisting: OnExisting
    private let log: (String) -> Void
    private var madeParents: [FilePath] = []
    private var lock: CreationLock?
    /// Where the steps write: a staging directory, or the target itself.
    private(set) var buildDirectory: FilePath
    /// What has been put in place, with its journal, for taking it back.
    private var placed: [Staging.Placed] = []
    private var journal: FilePath?
    /// The user's directories the environment was merged into, and what they
    /// held before, so that what later steps add to them can be taken back.
    private var mergedListings: [(path: String, names: Set<String>)] = []
    /// Whether a file or link of the user's in the environment's way is
    /// replaced, as venv replaces it (creation without activation scripts),
    /// instead of stopping the creation; and the entries that replace one.
    private let replacing: Bool
    private var replacements: Set<String> = []

    /// Runs `body` as one creation of `checked`: takes the lock of its
    /// directory (making missing parents), undoes what a killed creation of
    /// it left, checks it again, and on any failure of `body` takes back what
    /// was put in place and removes the parents it made.
    static func run(_ checked: Target, _ onExisting: OnExisting, replacing: Bool = false,
                    log: @escaping (String) -> Void,
                    _ body: (Creation) throws(VenvError) -> Void) throws(VenvError) {
        let creation = Creation(checked, onExisting, replacing, log)
        do {
            try creation.begin()
            try body(creation)
            creation.commit()
        } catch {
            creation.rollBack()
            throw error
        }
    }

    private init(_ checked: Target, _ onExisting: OnExisting, _ replacing: Bool,
                 _ log: @escaping (String) -> Void) {
        self.target = checked
        self.onExisting = onExisting
        self.replacing = replacing
        self.log = log
        self.buildDirectory = checked.path
    }

    private func begin() throws(VenvError) {
        let parent = target.path.removingLastComponent()
        madeParents = try FS.makeDirectories(parent)
        lock = try CreationLock(parent)
        Staging.recover(target.path)
        try Fault.check(.lock)
        target = try Target.check(target.path, onExisting)
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
        case .missing: buildDirectory = Staging.outer(for: target.path)
        case .empty, .foreign: buildDirectory = Staging.inner(for: target.path)
        case .venv: return target.path
        }
        try FS.makeDirectory(buildDirectory)
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
            guard let identity = FS.identity(buildDirectory) else {
                throw VenvError(.failed, buildDirectory, "the staging directory disappeared",
                                remedy: "run the command again")
            }
            placed = [Staging.Placed(name: target.path.name, identity: identity)]
            if stepsFollow {
                journal = Staging.outerJournal(for: target.path)
                try Staging.writeJournal(journal!, placed)
            }
            do {
                try FS.renameNoReplace(buildDirectory, to: target.path)
            } catch where error.errno == .fileExists || error.errno == .directoryNotEmpty {
                placed = []
                throw VenvError(.exists, target.path, "was created by another program meanwhile",
                                remedy: "choose another path, or use --clear")
            }
        case .empty, .foreign:
            let names = try mergePlan("")
            var entries: [Staging.Placed] = []
            for name in names {  // relative paths, pyvenv.cfg last
                guard let identity = FS.identity(buildDirectory.appending(name)) else { continue }
                entries.append(Staging.Placed(name: name, identity: identity))
            }
            journal = buildDirectory.appending(Staging.journalName)
            try Staging.writeJournal(journal!, entries)
            for entry in entries {
                if replacements.contains(entry.name) {
                    try replace(entry.name)
                    placed.append(entry)
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
                placed.append(entry)
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
        for name in try FS.contents(of: here).sorted() where !(relative.isEmpty && name == Staging.journalName) {
            let path = relative.isEmpty ? name : relative + "/" + name
            let there = target.path.appending(path)
            switch FS.kind(there) {
            case .missing:
                plan.append(path)
            case .directory where FS.kind(here.appending(name)) == .directory:
                mergedListings.append((path, Set(try FS.contents(of: there))))
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

    /// The creation succeeded: what is left of the staging goes.
    private func commit() {
        defer { lock = nil }
        guard target.state != .venv else { return }
        if let journal { try? FS.remove(journal) }
        if buildDirectory != target.path, FS.kind(buildDirectory) != .missing {
            try? Removal.removeTree(buildDirectory)
        }
    }

    /// The creation failed: what was put in place is taken back, the staging
    /// removed, and the parents made for it removed again (if still empty).
    private func rollBack() {
        Staging.takeBack(placed, from: target.state == .missing ? target.path.removingLastComponent() : target.path)
        for (path, names) in mergedListings.reversed() {
            let directory = target.path.appending(path)
            for name in (try? FS.contents(of: directory)) ?? [] where !names.contains(name) {
                try? Removal.removeTree(directory.appending(name))
            }
        }
        if let journal { try? FS.remove(journal) }
        if buildDirectory != target.path, FS.kind(buildDirectory) != .missing {
            try? Removal.removeTree(buildDirectory)
        }
        lock = nil
        for parent in madeParents.reversed() {
            try? FS.removeDirectory(parent)
        }
    }
}
