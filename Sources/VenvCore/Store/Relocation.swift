#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// Copying and moving an environment so that everything naming its old path
/// names the new one (see `Relocator` for what is rewritten).
///
/// - A **copy** is built in a hidden sibling of the destination
///   (`.NAME.swift-venv-staging`, the one creation uses) and renamed into
///   place: a kill leaves no destination or a complete one, and the source is
///   only read.
/// - A **move** on one file system first writes a journal beside the
///   destination (`.NAME.swift-venv-move`: the old path, the new, and the
///   files to rewrite, found by reading the source), then renames, then
///   rewrites those files, each replaced by rename, and removes the journal.
///   A kill before the rename leaves the source as it was; after it, the
///   same `move` again (or `Relocation.move`) finishes from the journal.
/// - A **move across file systems** copies as above, compares the copy with
///   the source, and only then removes the source (journalled the same way,
///   so an interrupted removal is finished by the next `move`).
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
        guard let dst = try? FS.absolute(destination) else { return false }
        return FS.kind(journalPath(for: dst)) == .file
    }

    /// The journal of a move to `destination`.
    static func journalPath(for destination: FilePath) -> FilePath {
        destination.removingLastComponent().appending(".\(destination.name).swift-venv-move")
    }

    // MARK: copy

    /// Copies the environment at `source` to `destination`, relocated.
    public static func copy(from source: FilePath, to destination: FilePath,
                            options: Options = Options()) throws(VenvError) {
        let (src, dst) = try validate(source, destination, options)
        let parent = dst.removingLastComponent()
        try FS.makeDirectories(parent)
        let lock = try CreationLock(parent)
        defer { withExtendedLifetime(lock) {} }
        Staging.recover(dst)
        try checkDestination(dst, options)
        let staging = Staging.outer(for: dst)
        do {
            try copyTree(src, to: staging, progress: options.progress)
            let relocator = try Relocator(from: src, to: dst, root: staging)
            try relocator.relocate(relocator.plan())
            try install(staging, at: dst, options)
        } catch {
            try? Removal.removeTree(staging)
            throw error
        }
    }

    // MARK: move

    /// Moves the environment at `source` to `destination`, relocated; or
    /// finishes a move to `destination` that was interrupted.
    public static func move(from source: FilePath, to destination: FilePath,
                            options: Options = Options()) throws(VenvError) {
        let src = try FS.absolute(source)
        let dst = try FS.absolute(destination)
        let parent = dst.removingLastComponent()
        try FS.makeDirectories(parent)
        let lock = try CreationLock(parent)
        defer { withExtendedLifetime(lock) {} }
        Relocator.removeTemporary(of: journalPath(for: dst))
        if try resume(dst) { return }
        _ = try validate(source, destination, options)
        try checkDestination(dst, options)
        guard let srcParent = FS.status(src.removingLastComponent()), let dstParent = FS.status(parent) else {
            throw VenvError(.failed, dst, "cannot examine the directories of the source and destination")
        }
        if srcParent.st_dev == dstParent.st_dev && FS.kind(dst) == .missing {
            var relocator = try Relocator(from: src, to: dst, root: src)
            let plan = try relocator.plan()
            try Journal(from: src, to: dst, phase: .rewrite, files: plan).write()
            try FS.rename(src, to: dst)
            Fault.killIfInjected(.moveRenamed)
            relocator.root = dst
            try relocator.relocate(plan)
            try FS.remove(journalPath(for: dst))
            return
        }
        // Across file systems (or replacing): a verified copy, then the source goes.
        Staging.recover(dst)
        let staging = Staging.outer(for: dst)
        do {
            try copyTree(src, to: staging, progress: options.progress)
            let relocator = try Relocator(from: src, to: dst, root: staging)
            let plan = try relocator.plan()
            let records = try relocator.relocate(plan)
            try verify(copy: staging, of: src, rewritten: Set(plan).union(records))
            try install(staging, at: dst, options)
        } catch {
            try? Removal.removeTree(staging)
            throw error
        }
        try Journal(from: src, to: dst, phase: .removeSource, files: []).write()
        Fault.killIfInjected(.removeSource)
        try removeSource(src)
        try FS.remove(journalPath(for: dst))
    }

    /// Finishes an interrupted move to `dst`, if its journal says there is
    /// one to finish; drops a journal a move killed before its rename left.
    static func resume(_ dst: FilePath) throws(VenvError) -> Bool {
        let path = journalPath(for: dst)
        guard FS.kind(path) == .file else { return false }
        let journal = try Journal.read(path)
        switch journal.phase {
        case .rewrite:
            guard FS.kind(dst) == .directory else {
                try FS.remove(path)     // killed before the rename: the source is whole
                return false
            }
            try Relocator(from: journal.from, to: dst, root: dst).relocate(journal.files)
        case .removeSource:
            if FS.kind(journal.from) != .missing { try removeSource(journal.from) }
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
        guard !source.isEmpty, !destination.isEmpty else {
            throw VenvError(.invalid, nil, "an empty path", remedy: "name the source and destination environments")
        }
        let src = try FS.absolute(source)
        let dst = try FS.absolute(destination)
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
        guard dst.name != "" else {
            throw VenvError(.invalid, dst, "the root directory cannot be an environment",
                            remedy: "name a directory below it")
        }
        let real = FS.realPath(src) ?? src
        for s in [src, real] where dst == s || dst.starts(with: s) {
            throw VenvError(.invalid, dst,
                            "is \(dst == s ? "the source itself" : "inside the source environment \(s)")",
                            remedy: "choose a destination outside it")
        }
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

    /// Refuses an existing destination, unless replacing an environment.
    static func checkDestination(_ dst: FilePath, _ options: Options) throws(VenvError) {
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
    static func install(_ staging: FilePath, at dst: FilePath, _ options: Options) throws(VenvError) {
        if FS.kind(dst) != .missing {
            try checkDestination(dst, options)
            try EnvironmentRemoval.remove(dst)
        }
        try FS.rename(staging, to: dst)
    }

    static func removeSource(_ src: FilePath) throws(VenvError) {
        try EnvironmentRemoval.remove(src)
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

/// What a move in progress has left to do, kept beside its destination.
struct Journal {
    enum Phase: String { case rewrite, removeSource = "remove-source" }
    let from: FilePath
    let to: FilePath
    let phase: Phase
    /// The files to rewrite, relative to the environment.
    let files: [String]

    func write() throws(VenvError) {
        var text = "swift-venv move\nfrom=\(from.string)\nto=\(to.string)\nphase=\(phase.rawValue)\n"
        for file in files { text += "file=\(file)\n" }
        // Under the fixed temporary name, so a kill while writing leaves
        // nothing the next move (under the same lock) does not remove.
        try Relocator.replace(Relocation.journalPath(for: to), with: Array(text.utf8))
    }

    static func read(_ path: FilePath) throws(VenvError) -> Journal {
        let bytes = try FS.readFile(path, limit: 64 << 20)
        var from: String?, to: String?, phase: Phase?, files: [String] = []
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
            guard let eq = line.firstIndex(of: "=") else { continue }
            let value = String(line[line.index(after: eq)...])
            switch line[..<eq] {
            case "from": from = value
            case "to": to = value
            case "phase": phase = Phase(rawValue: value)
            case "file": files.append(value)
            default: break
            }
        }
        guard let from, let to, let phase else {
            throw VenvError(.failed, path, "is not a journal swift-venv can read",
                            remedy: "remove it, then check the environments it names")
        }
        return Journal(from: FilePath(from), to: FilePath(to), phase: phase, files: files)
    }
}
