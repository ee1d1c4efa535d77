#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// One transaction on one environment directory, its target: creating it
/// (`Creation`), copying or moving an environment to it (`Relocation`),
/// removing it (`EnvironmentRemoval`), replacing some of its files
/// (`replace`, for `Repair`), swapping a new environment into its place
/// (`Rebuild`). What each of them does, done one way:
///
/// - **lock**: an advisory `flock` on the directory holding the target, held from
///   start to end by every swift-venv process and thread, so two
///   transactions on one directory are serialised (the second sees the
///   first's complete result); other tools do not take it;
/// - **recover**: undo what a transaction killed there left (`recover`);
/// - **stage**: build a new environment under a hidden name, beside the
///   target (`.NAME.swift-venv-staging`) or, for an existing directory,
///   inside it (`.swift-venv-staging`), by `FS.hidden`'s one scheme;
/// - **journal**: write, before a step a kill must not leave half done, what
///   the next transaction needs to undo it or finish it (`Journal`: one
///   format, beside the target or in the staging directory);
/// - **commit**: drop the journal and the staging;
/// - **roll back** (`rollBack`): take back what was put in place (by device
///   and inode, so nothing that merely has the same name is touched), and
///   what was added to the user's directories, drop the journal and the
///   staging, and remove the parents made for the target; unless the
///   transaction has passed its point of no return (`rollForward`: a move
///   renamed, a replacement's journal written, a rebuild's swap made),
///   after which a failure leaves the journal for the same move, run again,
///   or the next transaction's recovery (a replacement, a rebuild), to
///   finish.
///
/// The hidden names are used only with the lock held, so one found when the
/// lock is taken was left by a transaction that was killed.
final class Transaction {
    /// The target, absolute.
    let target: FilePath
    private var lockFD: Int32 = -1
    private var madeParents: [FilePath] = []
    /// Where a new environment is built, if it is.
    private(set) var staging: FilePath?
    /// The journal written, if any.
    private var journal: FilePath?
    /// What was put in place, for taking it back: entries of `placedIn`.
    private var placed: [Journal.Placed] = []
    private var placedIn: FilePath
    /// The user's directories an environment was merged into, and what they
    /// held before, so that what later steps add to them can be taken back.
    private var merged: [(directory: FilePath, names: Set<String>)] = []
    private var forward = false

    /// Runs `body` as one transaction on `target`: makes its missing parents
    /// (unless not `makingParents`), takes the lock, recovers, runs `body`,
    /// and commits; on any failure rolls back.
    static func run<T>(_ target: FilePath, makingParents: Bool = true,
                       _ body: (Transaction) throws(VenvError) -> T) throws(VenvError) -> T {
        let transaction = try Transaction(target, makingParents: makingParents)
        do {
            transaction.recover()
            let result = try body(transaction)
            transaction.commit()
            return result
        } catch {
            transaction.rollBack()
            throw error
        }
    }

    private init(_ target: FilePath, makingParents: Bool) throws(VenvError) {
        self.target = target
        let parent = target.removingLastComponent()
        placedIn = parent
        if makingParents { madeParents = try FS.makeDirectories(parent) }
        do throws(VenvError) {
            lockFD = try FS.openFile(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC, what: "open")
            try FS.call("lock", parent) { (_) throws(Errno) in try Syscall.lockExclusive(lockFD) }
        } catch {
            end()
            throw error
        }
    }

    deinit { unlock() }

    // MARK: names

    /// The staging directory beside a missing target.
    static func staging(beside target: FilePath) -> FilePath { FS.hidden(.staging, beside: target) }

    /// The staging directory inside an existing target.
    static func staging(inside target: FilePath) -> FilePath { FS.hidden(.staging, inside: target) }

    /// The journal beside `target`, then the names swift-venv 0.4.0 gave the
    /// journals of its moves and creations there (read, never written).
    static func journals(beside target: FilePath) -> [FilePath] {
        let parent = target.removingLastComponent()
        return [FS.hidden(.journal, beside: target)]
            + ["move", "placing"].map { parent.appending(".\(target.name).swift-venv-\($0)") }
    }

    /// The journal in a staging directory, then 0.4.0's name for it.
    static func journals(inside staging: FilePath) -> [FilePath] {
        [FS.hidden(.journal, inside: staging), staging.appending(".placing")]
    }

    /// The first journal of `paths` present, if any.
    static func firstJournal(_ paths: [FilePath]) -> FilePath? {
        paths.first { FS.kind($0) != .missing }
    }

    // MARK: recovery

    /// Undoes what a transaction on the target that was killed left: takes
    /// back what a creation's journal says it put in place (and still is),
    /// finishes a committed replacement (`finishReplacing`) and a rebuild's
    /// swap (`finishSwap`), removes the staging and a journal cut short while
    /// written. A move's journal is left: the same move finishes it, and
    /// until then the environment is refused (`Relocation.unfinishedMove`).
    private func recover() {
        let parent = target.removingLastComponent()
        FS.removeLeftover(FS.hidden(.writing, beside: FS.hidden(.journal, beside: target)))
        for path in Self.journals(beside: target) where FS.kind(path) == .file {
            guard let journal = try? Journal.read(path) else { continue }
            switch journal.operation {
            case .create: Self.takeBack(journal.placed, from: parent)
            case .rebuild: Self.finishSwap(journal, of: target)
            case .move, .replace: continue
            }
            try? FS.remove(path)
        }
        let outer = Self.staging(beside: target)
        if FS.kind(outer) != .missing { try? Removal.removeTree(outer) }
        let inner = Self.staging(inside: target)
        if FS.kind(inner) == .directory {
            if let path = Self.firstJournal(Self.journals(inside: inner)),
               let journal = try? Journal.read(path), journal.operation == .replace {
                // Left whole if it cannot be finished now: the next one tries again.
                do throws(VenvError) { try Self.finishReplacing(journal, from: inner, in: target) } catch { return }
            } else {
                Self.takeBack(Self.placedInside(target, checked: false), from: target)
            }
            try? Removal.removeTree(inner)
        }
    }

    /// What the journal in the staging inside `target` says was put in
    /// place and still is there (`checked`: compared by identity).
    static func placedInside(_ target: FilePath, checked: Bool = true) -> [Journal.Placed] {
        guard let path = firstJournal(journals(inside: staging(inside: target))),
              let journal = try? Journal.read(path), journal.operation == .create else { return [] }
        return checked ? journal.placed.filter { FS.identity(target.appending($0.name)) == $0.identity }
                       : journal.placed
    }

    /// Whether the staging inside `target` holds a committed replacement's
    /// journal: files of both states until the next transaction finishes it.
    static func hasUnfinishedReplacement(_ target: FilePath) -> Bool {
        guard let path = firstJournal(journals(inside: staging(inside: target))) else { return false }
        return (try? Journal.read(path))?.operation == .replace
    }

    /// Takes out of `directory` each entry that is still the one placed,
    /// `pyvenv.cfg` first so that what is left is never taken for an
    /// environment.
    private static func takeBack(_ entries: [Journal.Placed], from directory: FilePath) {
        let ordered = entries.filter { $0.name == "pyvenv.cfg" } + entries.filter { $0.name != "pyvenv.cfg" }
        for entry in ordered {
            let path = directory.appending(entry.name)
            guard FS.identity(path) == entry.identity else { continue }
            try? Removal.removeTree(path)
        }
    }

    // MARK: the steps

    /// Names (and unless not `making`, makes) the staging directory beside
    /// the target, or inside it.
    @discardableResult
    func stage(inside: Bool = false, making: Bool = true) throws(VenvError) -> FilePath {
        let path = inside ? Self.staging(inside: target) : Self.staging(beside: target)
        staging = path
        if making { try FS.makeDirectory(path) }
        return path
    }

    /// Writes `journal` beside the target, or in the staging directory
    /// (`inStaging`), through the one atomic writer under its fixed
    /// temporary name, so a kill while writing leaves the old journal or
    /// the new, and a leftover the next transaction removes.
    func write(_ journal: Journal, inStaging: Bool = false) throws(VenvError) {
        let path = inStaging && staging != nil ? FS.hidden(.journal, inside: staging!)
                                               : FS.hidden(.journal, beside: target)
        try FS.replaceFile(path, journal.bytes, mode: 0o600, unique: false)
        self.journal = path
    }

    /// Renames the staging directory to the target, which must not exist
    /// (`EEXIST` otherwise, nothing changed); journalled when steps that
    /// may fail follow, so that a kill before they end is undone too.
    func placeStaging(journalled: Bool) throws(VenvError) {
        guard let staging, let identity = FS.identity(staging) else {
            throw VenvError(.failed, staging, "the staging directory disappeared", remedy: "run the command again")
        }
        let entry = Journal.Placed(name: target.name, identity: identity)
        if journalled { try write(Journal(.create, to: target, placed: [entry])) }
        try FS.renameNoReplace(staging, to: target)
        self.staging = nil
        placedIn = target.removingLastComponent()
        placed = [entry]
    }

    /// Records that `entry` of the staging inside the target is now in the
    /// target (the journal listed it before).
    func didPlace(_ entry: Journal.Placed) {
        placedIn = target
        placed.append(entry)
    }

    /// Records what the user's `directory` holds before an environment is
    /// merged into it, so that what is added later can be taken back.
    func willMerge(into directory: FilePath) throws(VenvError) {
        merged.append((directory, Set(try FS.contents(of: directory))))
    }

    /// The point of no return: from here, a failure keeps the journal, which
    /// the same operation, run again, finishes from.
    func rollForward() { forward = true }

    // MARK: replacing files of an existing environment

    /// A file's new state, for `replace`.
    enum Replacement {
        /// These bytes, with this mode.
        case bytes([UInt8], mode: mode_t)
        /// A symbolic link to this target.
        case symbolicLink(String)
        /// A copy of this file, with this mode.
        case copy(FilePath, mode: mode_t)
    }

    /// Replaces each file of `changes` (paths relative to the target, an
    /// existing directory) all or nothing: each new file is staged in the
    /// staging inside the target (named by its place in `changes`), then the
    /// journal (`replace`: the paths in that order) is written there, the
    /// commit, then each staged file is renamed over its old self. A kill
    /// before the commit leaves the old files (the staging goes at the next
    /// transaction); from it on, a failure or a kill leaves the journal, and
    /// the next transaction's recovery finishes the renames: the old files or
    /// the new, never a mix once the lock has been taken again.
    func replace(_ changes: [(path: String, new: Replacement)]) throws(VenvError) {
        for change in changes where change.path.contains("\n") {
            throw VenvError(.invalid, target.appending(change.path),
                            "has a line break in its name, which swift-venv's journal cannot hold",
                            remedy: "rename it, then run the command again")
        }
        let staging = try stage(inside: true)
        try Fault.check(.replace)
        for (index, change) in changes.enumerated() {
            let staged = staging.appending(String(index))
            switch change.new {
            case .bytes(let bytes, let mode):
                try FS.replaceFile(staged, bytes, mode: mode, unique: false)
                try FS.setMode(staged, mode)    // exactly, whatever the umask
            case .symbolicLink(let destination):
                try FS.symlink(target: destination, at: staged)
            case .copy(let source, let mode):
                try FS.copyFile(source, to: staged, mode: mode)
            }
        }
        Fault.killIfInjected(.replaceStaged)
        let journal = Journal(replace: target, files: changes.map(\.path))
        try write(journal, inStaging: true)     // the commit
        rollForward()
        Fault.killIfInjected(.replaceCommitted)
        try Self.finishReplacing(journal, from: staging, in: target)
    }

    /// Renames each staged file the committed `journal` names over its old
    /// self in `target` (those already renamed are gone from `staging`).
    /// Running it again after a kill finishes the same work.
    private static func finishReplacing(_ journal: Journal, from staging: FilePath,
                                        in target: FilePath) throws(VenvError) {
        for (index, path) in journal.files.enumerated() {
            let staged = staging.appending(String(index))
            guard FS.kind(staged) != .missing else { continue }
            try FS.rename(staged, to: target.appending(path))
            Fault.killIfInjected(.replaceMidway)
        }
    }

    // MARK: swapping a new environment into the target's place

    /// Swaps the environment at `new` (complete, its files naming the
    /// target already) with the target in one step (`renameat2`'s
    /// `RENAME_EXCHANGE`), then renames the old one, now at `new`, to
    /// `kept`. Journalled first (`rebuild`: `from` the new one's path, the
    /// new one's identity, `kept`), so that the recovery of a kill tells
    /// whether the swap happened: after it, it finishes the rename; before
    /// it, it removes the new environment (`finishSwap`).
    func swap(in new: FilePath, keeping kept: FilePath) throws(VenvError) {
        guard let identity = FS.identity(new) else {
            throw VenvError(.failed, new, "the new environment disappeared", remedy: "run the command again")
        }
        try write(Journal(rebuild: new, to: target, kept: kept,
                          placed: Journal.Placed(name: target.name, identity: identity)))
        Fault.killIfInjected(.rebuildRelocated)
        try FS.exchange(new, target)
        rollForward()
        Fault.killIfInjected(.rebuildExchanged)
        try FS.renameNoReplace(new, to: kept)
    }

    /// Where a `swap` of a target, killed, stopped, as its journal and the
    /// identities say.
    enum SwapState {
        /// Before the exchange: the target is the old environment, the new
        /// one is still aside, at `new`.
        case notSwapped(new: FilePath)
        /// After it: the target is the new environment, the old one is at
        /// `old` (the new one's place before), not yet renamed to `kept`.
        case swapped(old: FilePath, kept: FilePath)
    }

    /// What a `rebuild` journal says of `target`: nil when the swap it
    /// records has nothing left to do (or the journal names another target).
    static func swapState(_ journal: Journal, of target: FilePath) -> SwapState? {
        guard journal.operation == .rebuild, let new = journal.from, let kept = journal.kept,
              let placed = journal.placed.first else { return nil }
        if FS.identity(target) == placed.identity {
            return FS.kind(new) == .directory && FS.kind(kept) == .missing ? .swapped(old: new, kept: kept) : nil
        }
        return FS.identity(new) == placed.identity ? .notSwapped(new: new) : nil
    }

    /// The state of a swap of `target` a kill left unfinished, from the
    /// journal beside it; nil when there is none.
    static func unfinishedSwap(of target: FilePath) -> SwapState? {
        let path = FS.hidden(.journal, beside: target)
        guard FS.kind(path) == .file, let journal = try? Journal.read(path) else { return nil }
        return swapState(journal, of: target)
    }

    /// What a killed `swap` of `target` left, as its journal says: after
    /// the exchange, the rename of the old one finished; before it, the new
    /// one removed.
    private static func finishSwap(_ journal: Journal, of target: FilePath) {
        switch swapState(journal, of: target) {
        case .swapped(let old, let kept)?: try? FS.renameNoReplace(old, to: kept)
        case .notSwapped(let new)?: try? Removal.removeTree(new)
        case nil: break
        }
    }

    // MARK: the end

    /// Success: the journal and what is left of the staging go.
    private func commit() {
        dropJournalAndStaging()
        end()
    }

    /// Failure: see the type's comment.
    private func rollBack() {
        if forward {
            unlock()
            return
        }
        Self.takeBack(placed, from: placedIn)
        for (directory, names) in merged.reversed() {
            for name in (try? FS.contents(of: directory)) ?? [] where !names.contains(name) {
                try? Removal.removeTree(directory.appending(name))
            }
        }
        dropJournalAndStaging()
        end()
    }

    private func dropJournalAndStaging() {
        if let journal { FS.removeLeftover(journal) }
        if let staging, FS.kind(staging) != .missing { try? Removal.removeTree(staging) }
    }

    /// Releases the lock, then removes the parents made (if still empty).
    private func end() {
        unlock()
        for parent in madeParents.reversed() { try? FS.removeDirectory(parent) }
        madeParents = []
    }

    private func unlock() {
        guard lockFD >= 0 else { return }
        Syscall.unlock(lockFD)
        Syscall.close(lockFD)
        lockFD = -1
    }
}

/// What a transaction has done, for the next one on the same target to undo
/// or finish; one format: a first line `swift-venv OPERATION`, then lines of
/// `key=value`:
///
/// - `create`: `to`, and one `placed=DEV INO NAME` per entry put in place
///   (NAME relative to the directory the journal is in, or to the target
///   for the journal in its staging);
/// - `move`: `from`, `to`, `phase` (`rewrite`: renamed, the `file=` lines
///   still to rewrite; `remove-source`: the verified copy in place, the
///   source, renamed aside to `.NAME.swift-venv-removing`, still to remove),
///   and one `file=PATH` per file (relative to the environment). A move
///   journal of swift-venv 0.4.0 has this very form.
/// - `replace` (in the staging inside the target): `to`, and one `file=PATH`
///   per file replaced (relative to the target), the staged file of the
///   Nth named N;
/// - `rebuild` (beside the target): `from` (where the new environment is
///   before the swap, and the old one after it), `to`, `kept` (the old
///   one's final name), and `placed=DEV INO NAME` the new one.
///
/// 0.4.0's creation journals (`NAME<TAB>DEV<TAB>INO` lines, no first line)
/// are read as `create`. Names never hold a line break: they are ours, or a
/// path an environment may have.
struct Journal {
    enum Operation: String { case create, move, replace, rebuild }
    enum Phase: String { case rewrite, removeSource = "remove-source" }

    /// One entry put in place: its name and its identity.
    struct Placed: Equatable {
        let name: String
        let identity: FS.Identity
    }

    let operation: Operation
    var from: FilePath? = nil
    /// The target (nil in 0.4.0's creation journals, which did not say).
    var to: FilePath?
    var phase: Phase? = nil
    /// Where a rebuild keeps the old environment.
    var kept: FilePath? = nil
    /// The files to rewrite or replace, relative to the environment.
    var files: [String] = []
    var placed: [Placed] = []

    init(_ operation: Operation, to: FilePath?, placed: [Placed] = []) {
        self.operation = operation
        self.to = to
        self.placed = placed
    }

    init(move from: FilePath, to: FilePath, phase: Phase, files: [String]) {
        operation = .move
        self.from = from
        self.to = to
        self.phase = phase
        self.files = files
    }

    init(replace target: FilePath, files: [String]) {
        operation = .replace
        to = target
        self.files = files
    }

    init(rebuild new: FilePath, to target: FilePath, kept: FilePath, placed: Placed) {
        operation = .rebuild
        from = new
        to = target
        self.kept = kept
        self.placed = [placed]
    }

    var bytes: [UInt8] {
        var text = "swift-venv \(operation.rawValue)\n"
        if let from { text += "from=\(from.string)\n" }
        if let to { text += "to=\(to.string)\n" }
        if let phase { text += "phase=\(phase.rawValue)\n" }
        if let kept { text += "kept=\(kept.string)\n" }
        for file in files { text += "file=\(file)\n" }
        for entry in placed { text += "placed=\(entry.identity.device) \(entry.identity.inode) \(entry.name)\n" }
        return Array(text.utf8)
    }

    /// The journal at `path`, if it is this user's: one another user left
    /// (beside a destination in a directory others can write) could name
    /// any environment of yours to remove or any file to rewrite.
    static func read(_ path: FilePath) throws(VenvError) -> Journal {
        guard let owner = FS.linkStatus(path)?.st_uid, owner == ThisProcess.effectiveUserID else {
            throw VenvError(.failed, path, "is a move journal another user owns, so swift-venv does not follow it",
                            remedy: "remove it if no move of yours to here is unfinished, or choose another destination")
        }
        let text = String(decoding: try FS.readFile(path, limit: 64 << 20), as: UTF8.self)
        var lines = text.split(separator: "\n")
        guard let first = lines.first, first.hasPrefix("swift-venv ") else {
            return Journal(.create, to: nil, placed: lines.compactMap(legacyPlaced))  // 0.4.0's creation journal
        }
        lines.removeFirst()
        var from: String?, to: String?, kept: String?, phase: Phase?, files: [String] = [], placed: [Placed] = []
        for line in lines {
            guard let eq = line.firstIndex(of: "=") else { continue }
            let value = String(line[line.index(after: eq)...])
            switch line[..<eq] {
            case "from": from = value
            case "to": to = value
            case "phase": phase = Phase(rawValue: value)
            case "kept": kept = value
            case "file": files.append(value)
            case "placed":
                let fields = value.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
                guard fields.count == 3, let device = UInt64(fields[0]), let inode = UInt64(fields[1]) else { continue }
                placed.append(Placed(name: String(fields[2]), identity: FS.Identity(device: device, inode: inode)))
            default: break
            }
        }
        switch Operation(rawValue: String(first.dropFirst("swift-venv ".count))) {
        case .create? where to != nil:
            return Journal(.create, to: FilePath(to!), placed: placed)
        case .move? where from != nil && to != nil && phase != nil:
            return Journal(move: FilePath(from!), to: FilePath(to!), phase: phase!, files: files)
        case .replace? where to != nil:
            return Journal(replace: FilePath(to!), files: files)
        case .rebuild? where from != nil && to != nil && kept != nil && placed.count == 1:
            return Journal(rebuild: FilePath(from!), to: FilePath(to!), kept: FilePath(kept!), placed: placed[0])
        default:
            throw VenvError(.failed, path, "is not a journal swift-venv can read",
                            remedy: "remove it, then check the environments it names")
        }
    }

    private static func legacyPlaced(_ line: Substring) -> Placed? {
        let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
        guard fields.count == 3, let device = UInt64(fields[1]), let inode = UInt64(fields[2]) else { return nil }
        return Placed(name: String(fields[0]), identity: FS.Identity(device: device, inode: inode))
    }

    /// Why `dst`, this move's destination, may not be used until the move
    /// is finished; nil for a stale journal (a move killed before its
    /// rename, whose source is whole, or one whose destination is gone).
    func unfinished(at dst: FilePath) -> VenvError? {
        guard operation == .move, let from, let to, FS.kind(dst) == .directory else { return nil }
        let state = phase == .rewrite ? "its files may still name the old path"
                                      : "the source is not yet removed"
        return VenvError(.failed, dst, "a move from \(from) to here was interrupted (\(state))",
                         remedy: "finish it with: swift-venv move " +
                                 "\(ShellQuote.posix(from.string)) \(ShellQuote.posix(to.string))")
    }
}
