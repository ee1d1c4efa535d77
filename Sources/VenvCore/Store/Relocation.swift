#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// Copying and moving an environment so that everything naming its old path
/// names the new one (see `Relocator` for what is rewritten). Each is one
/// `Transaction` on the destination, as creation is: its lock, recovery,
/// staging, journal and rollback.
///
/// - A **copy** is built in a hidden sibling of the destination
///   (`.NAME.swift-venv-staging`, the one creation uses) and renamed into
///   place: a kill leaves no destination or a complete one, and the source is
///   only read.
/// - A **move** on one file system first writes a journal beside the
///   destination (`.NAME.swift-venv-journal`: the old path, the new, and the
///   files to rewrite, found by reading the source), then renames, then
///   rewrites those files, each replaced by rename, and removes the journal.
///   A kill before the rename leaves the source as it was; after it, the
///   same `move` again (or `Relocation.move`) finishes from the journal.
/// - A **move across file systems** copies as above, compares the copy with
///   the source, and only then removes the source: journalled the same way,
///   and renamed aside first (`.NAME.swift-venv-removing`, beside it), so a
///   removal cut short leaves no half environment under the source's name and
///   the same `move` again finishes it.
///
/// An environment whose move is unfinished (`unfinishedMove(at:)`) is refused
/// as a source or destination of another, and by creation's update, until
/// the same move, run again, finishes it.
public enum Relocation {
    public struct Options: Sendable {
        /// Replace an existing environment at the destination (never a
        /// directory that is not one).
        public var replace = false
        /// Called with (files done, files in all) while copying.
        public var progress: (@Sendable (Int, Int) -> Void)? = nil
        public init() {}
    }

    /// Whether a move to `destination` was interrupted and awaits finishing.
    public static func hasUnfinishedMove(to destination: FilePath) -> Bool {
        guard let dst = try? FS.absolute(destination), let path = moveJournal(for: dst) else { return false }
        return FS.kind(path) == .file
    }

    /// The journal beside `destination` unless it is known to be another
    /// operation's than a move's (one another user owns is not read).
    static func moveJournal(for destination: FilePath) -> FilePath? {
        Transaction.journals(beside: destination).first { path in
            guard FS.kind(path) != .missing else { return false }
            do throws(VenvError) { return try Journal.read(path).operation == .move } catch { return true }
        }
    }

    /// Where a move across file systems puts its source before removing it.
    static func asidePath(for source: FilePath) -> FilePath {
        FS.hidden(.removing, beside: source)
    }

    /// Why the environment at `envDir` may not be copied, moved or updated:
    /// a move to it is unfinished, as the journal beside it says (one line,
    /// with the command that finishes it). Nil when there is no journal, or
    /// only a stale one (the next move drops it).
    public static func unfinishedMove(at envDir: FilePath) -> VenvError? {
        guard let dst = try? FS.absolute(envDir), let path = moveJournal(for: dst) else { return nil }
        guard FS.kind(path) == .file else { return nil }
        do throws(VenvError) {
            return try Journal.read(path).unfinished(at: dst)
        } catch {
            return error
        }
    }

    // MARK: copy

    /// Copies the environment at `source` to `destination`, relocated.
    public static func copy(from source: FilePath, to destination: FilePath,
                            options: Options = Options()) throws(VenvError) {
        let (src, dst) = try validate(source, destination, options)
        try Transaction.run(dst) { (transaction) throws(VenvError) in
            try checkDestination(dst, options)
            let staging = try transaction.stage(making: false)
            try copyTree(src, to: staging, progress: options.progress)
            let relocator = try Relocator(from: src, to: dst, root: staging)
            try relocator.relocate(relocator.plan())
            try install(transaction, options)
        }
    }

    // MARK: move

    /// Moves the environment at `source` to `destination`, relocated; or
    /// finishes a move to `destination` that was interrupted.
    public static func move(from source: FilePath, to destination: FilePath,
                            options: Options = Options()) throws(VenvError) {
        let (src, dst) = try absolute(source, destination)
        try refuseInside(src, dst)          // before its parents or lock are made
        try Transaction.run(dst) { (transaction) throws(VenvError) in
            if try resume(dst, from: src) { return }
            _ = try validate(source, destination, options)
            try checkDestination(dst, options)
            guard let srcParent = FS.status(src.removingLastComponent()),
                  let dstParent = FS.status(dst.removingLastComponent()) else {
                throw VenvError(.failed, dst, "cannot examine the directories of the source and destination")
            }
            if srcParent.st_dev == dstParent.st_dev && FS.kind(dst) == .missing {
                var relocator = try Relocator(from: src, to: dst, root: src)
                let plan = try relocator.plan()
                try transaction.write(Journal(move: src, to: dst, phase: .rewrite, files: plan))
                try FS.rename(src, to: dst)
                transaction.rollForward()
                Fault.killIfInjected(.moveRenamed)
                relocator.root = dst
                try relocator.relocate(plan)
                return
            }
            // Across file systems (or replacing): a verified copy, then the source goes.
            try EnvironmentRemoval.check(src)       // what would stop its removal stops the move now
            let aside = asidePath(for: src)
            if FS.kind(aside) != .missing {
                throw VenvError(.exists, aside, "is what an interrupted move of an environment from here left",
                                remedy: "finish that move (`swift-venv list` shows its destination unfinished), " +
                                        "or remove it")
            }
            let staging = try transaction.stage(making: false)
            try copyTree(src, to: staging, progress: options.progress)
            let relocator = try Relocator(from: src, to: dst, root: staging)
            let plan = try relocator.plan()
            let records = try relocator.relocate(plan)
            try verify(copy: staging, of: src, rewritten: Set(plan).union(records))
            try install(transaction, options)
            try transaction.write(Journal(move: src, to: dst, phase: .removeSource, files: []))
            transaction.rollForward()
            try removeSource(src)
        }
    }

    /// Finishes the interrupted move from `src` to `dst`, if its journal
    /// says there is one to finish (0.4.0's journal too); drops a stale
    /// journal. An unfinished move to `dst` from elsewhere is refused with
    /// the command finishing it.
    static func resume(_ dst: FilePath, from src: FilePath) throws(VenvError) -> Bool {
        guard let path = moveJournal(for: dst), FS.kind(path) == .file else { return false }
        let journal = try Journal.read(path)
        guard let unfinished = journal.unfinished(at: dst), let from = journal.from else {
            try FS.remove(path)     // killed before the rename: the source is whole
            return false
        }
        guard from == src else { throw unfinished }
        switch journal.phase {
        case .rewrite?:
            try Relocator(from: from, to: dst, root: dst).relocate(journal.files)
        case .removeSource?, nil:
            try removeSource(from)
        }
        try FS.remove(path)
        return true
    }

    // MARK: checks

    /// The absolute source and destination, after refusing what cannot be
    /// relocated: a source that is not an environment, a destination inside
    /// it, a destination the activation scripts cannot name.
    static func validate(_ source: FilePath, _ destination: FilePath,
                         _ options: Options) throws(VenvError) -> (FilePath, FilePath) {
        let (src, dst) = try absolute(source, destination)
        switch FS.kind(src) {
        case .missing: throw VenvError(.notVenv, src, "does not exist", remedy: "check the path or name")
        case .symlink: throw VenvError(.invalid, src, "is a symbolic link",
                                       remedy: "name the environment's own directory, " +
                                               "\(FS.realPath(src)?.string ?? "its target")")
        case .directory: break
        default: throw VenvError(.notVenv, src, "is not a directory, so not an environment",
                                 remedy: "name an environment")
        }
        guard FS.kind(src.appending("pyvenv.cfg")) == .file else {
            throw VenvError(.notVenv, src, "has no pyvenv.cfg, so it is not a virtual environment",
                            remedy: "name an environment's directory")
        }
        if let unfinished = unfinishedMove(at: src) { throw unfinished }
        guard dst.name != "" else {
            throw VenvError(.invalid, dst, "the root directory cannot be an environment",
                            remedy: "name a directory below it")
        }
        try refuseInside(src, dst)
        if dst.string.contains(":") {
            throw VenvError(.invalid, dst, "contains ':', the PATH separator, so bin/ could not be put on PATH",
                            remedy: "choose a path without ':'")
        }
        try ActivationScripts.validate(envDir: dst, prompt: dst.name)
        if dst.string.utf8.count > Int(PATH_MAX) - 256 {
            throw VenvError(.invalid, nil,
                            "\(dst.string.prefix(80))...: the path is too long for an environment's files",
                            remedy: "choose a shorter path")
        }
        return (src, dst)
    }

    /// The two paths made absolute, refusing an empty one.
    static func absolute(_ source: FilePath, _ destination: FilePath) throws(VenvError) -> (FilePath, FilePath) {
        guard !source.isEmpty, !destination.isEmpty else {
            throw VenvError(.invalid, nil, "an empty path", remedy: "name the source and destination environments")
        }
        return (try FS.absolute(source), try FS.absolute(destination))
    }

    /// Refuses a destination that is the source or inside it, however it is
    /// reached: by its path, through the source's real path, or through a
    /// symbolic link or a (bind) mount on the destination's way, found by
    /// comparing the source's identity with that of the destination's
    /// deepest existing directory, resolved, and of each directory above.
    static func refuseInside(_ src: FilePath, _ dst: FilePath) throws(VenvError) {
        func inside(_ what: String) -> VenvError {
            VenvError(.invalid, dst, what, remedy: "choose a destination outside it")
        }
        let real = FS.realPath(src) ?? src
        for s in [src, real] where dst == s || dst.starts(with: s) {
            throw inside(dst == s ? "is the source itself" : "is inside the source environment \(s)")
        }
        guard let source = FS.identity(real) else { return }
        var existing = dst
        while FS.kind(existing) == .missing, let parent = existing.parentOrNil { existing = parent }
        var directory = FS.realPath(existing)
        while let d = directory {
            if FS.identity(d) == source {
                throw inside(existing == dst && d == FS.realPath(dst)
                             ? "is the source itself, through a symbolic link or a mount"
                             : "is inside the source environment \(src) " +
                               "(\(existing) leads into it through a symbolic link or a mount)")
            }
            directory = d.parentOrNil
        }
    }

    /// Refuses an existing destination, unless replacing an environment,
    /// and one whose move is unfinished.
    static func checkDestination(_ dst: FilePath, _ options: Options) throws(VenvError) {
        if let unfinished = unfinishedMove(at: dst) { throw unfinished }
        switch FS.kind(dst) {
        case .missing: return
        case .directory where FS.kind(dst.appending("pyvenv.cfg")) == .file:
            if options.replace { return }
            throw VenvError(.exists, dst, "is already a virtual environment",
                            remedy: "remove it first, choose another name, or pass --force to replace it")
        default:
            throw VenvError(.exists, dst, "already exists and is not a virtual environment",
                            remedy: "choose another destination")
        }
    }

    /// Renames the finished copy into place, replacing an existing
    /// environment there when asked (it is removed with `--clear`'s
    /// guarantees first: pyvenv.cfg last).
    static func install(_ transaction: Transaction, _ options: Options) throws(VenvError) {
        let dst = transaction.target
        if FS.kind(dst) != .missing {
            try checkDestination(dst, options)
            try EnvironmentRemoval.removeLocked(dst)
        }
        try transaction.placeStaging(journalled: false)
    }

    /// Removes the source of a move across file systems, its copy in place:
    /// renamed aside first (`asidePath`), so that a removal cut short leaves
    /// no half environment under its name, only the hidden one the journal
    /// beside the destination leads the same move back to. Finishes a
    /// removal cut short at any point (pyvenv.cfg goes last, then the
    /// directory).
    static func removeSource(_ src: FilePath) throws(VenvError) {
        let aside = asidePath(for: src)
        if FS.kind(aside) == .missing && FS.kind(src) != .missing {
            try EnvironmentRemoval.check(src)
            try FS.renameNoReplace(src, to: aside)
        }
        Fault.killIfInjected(.removeSource)
        switch FS.kind(aside) {
        case .missing:
            return
        case .directory where FS.kind(aside.appending("pyvenv.cfg")) == .missing:
            try FS.removeDirectory(aside)   // all but the directory was removed
        default:
            try EnvironmentRemoval.removeLocked(aside)
        }
    }

    /// The copy holds every entry of the source, of the same kind, and every
    /// regular file not rewritten has the source's size and bytes.
    static func verify(copy: FilePath, of source: FilePath, rewritten: Set<String>) throws(VenvError) {
        func walk(_ rel: String) throws(VenvError) {
            let a = rel.isEmpty ? source : source.appending(rel)
            let b = rel.isEmpty ? copy : copy.appending(rel)
            let kindA = FS.kind(a), kindB = FS.kind(b)
            guard kindA == kindB else {
                throw VenvError(.failed, b, "differs from the source after copying (\(kindA) against \(kindB))",
                                remedy: "the source is left in place; check the destination's file system")
            }
            switch kindA {
            case .directory:
                for name in try FS.contents(of: a) {
                    try walk(rel.isEmpty ? name : rel + "/" + name)
                }
            case .file where !rewritten.contains(rel):
                guard try FS.readFile(a, limit: Int.max) == FS.readFile(b, limit: Int.max) else {
                    throw VenvError(.failed, b, "differs from the source after copying",
                                    remedy: "the source is left in place; check the destination's file system")
                }
            default:
                break
            }
        }
        try walk("")
    }

    // MARK: copying a tree

    /// Copies `source` to a new directory `destination`: directories and
    /// files with their modes and modification times (cached bytecode stays
    /// valid), symlinks as symlinks. Never leaves the source's file system.
    static func copyTree(_ source: FilePath, to destination: FilePath,
                         progress: (@Sendable (Int, Int) -> Void)?) throws(VenvError) {
        var total = 0
        if progress != nil { total = count(source) }
        var done = 0
        let top = try FS.call("examine", source) { (p) throws(Errno) in try Syscall.lstat(p) }
        func copy(_ from: FilePath, _ to: FilePath, _ st: stat) throws(VenvError) {
            switch st.st_mode & S_IFMT {
            case S_IFDIR:
                guard st.st_dev == top.st_dev else {
                    throw VenvError(.failed, from, "is a mount point",
                                    remedy: "swift-venv copies one file system only; unmount it first")
                }
                try FS.makeDirectory(to, mode: 0o700)
                for name in try FS.contents(of: from) {
                    let child = from.appending(name)
                    let cst = try FS.call("examine", child) { (p) throws(Errno) in try Syscall.lstat(p) }
                    try copy(child, to.appending(name), cst)
                }
                try FS.setMode(to, st.st_mode & 0o7777)
            case S_IFREG:
                try FS.copyFile(from, to: to, mode: st.st_mode & 0o7777)
                done += 1
                if let progress, done % 64 == 0 && done < total { progress(done, total) }
            case S_IFLNK:
                let target = try FS.call("read the link", from) { (p) throws(Errno) in try Syscall.readLink(p) }
                try FS.symlink(target: target, at: to)
            default:
                throw VenvError(.failed, from, "is neither a file, a directory nor a symbolic link",
                                remedy: "remove it from the environment first")
            }
            if st.st_mode & S_IFMT != S_IFLNK {
                var times = [st.st_atim, st.st_mtim]
                _ = to.withPlatformString { utimensat(AT_FDCWD, $0, &times, 0) }
            }
        }
        try copy(source, destination, top)
        if let progress { progress(done, total) }
    }

    /// The regular files under `path`.
    static func count(_ path: FilePath) -> Int {
        guard let names = try? FS.contents(of: path) else { return 0 }
        var n = 0
        for name in names {
            let child = path.appending(name)
            switch FS.kind(child) {
            case .directory: n += count(child)
            case .file: n += 1
            default: break
            }
        }
        return n
    }
}
