#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// `PATH`: every `python`, `python3`, `python3.X` and `pypy3` in each
/// directory. A pyenv shim is never reported itself: it stands for what
/// pyenv would run, decided from pyenv's files as `create --python` does.
struct PathLocator: Locator {
    func find(_ context: FindContext, _ report: (Candidate) -> Void) {
        let directories = PathLocator.directories(context)
        for (index, directory) in directories.enumerated() {
            for name in PathLocator.pythonNames(in: directory, context) {
                let path = PathText.join(directory, name)
                guard FS.isExecutableFile(path) else { continue }
                if InterpreterLocator.isPyenvShim(path) {
                    let rest = directories[(index + 1)...].map { FilePath($0) }
                    guard let resolved = try? InterpreterLocator.resolveShim(FilePath(path), name: name,
                                                                             searchPathAfter: ArraySlice(rest),
                                                                             newestHavingIt: false,
                                                                             selecting: context.pyenvSelection) else {
                        context.log("\(path): a pyenv shim whose selected version has no \(name); passed over")
                        continue
                    }
                    report(PathLocator.candidate(resolved.string, .path, context))
                    continue
                }
                report(PathLocator.candidate(path, .path, context))
            }
        }
    }

    static func directories(_ context: FindContext) -> [String] {
        (context.variable("PATH") ?? "/usr/local/bin:/usr/bin:/bin")
            .split(separator: ":", omittingEmptySubsequences: true)
            .map { String($0) }.filter { $0.hasPrefix("/") }
    }

    /// The Python commands in `directory` (`pythonNames(_:)`), listed once
    /// per search: a directory met again, known by its device and inode
    /// (`PATH` naming it twice, `/bin` that is `/usr/bin` on a merged /usr,
    /// `SystemLocator` after `PATH`), answers from its first listing. ext4
    /// takes about half a millisecond to list /usr/bin's thousand names.
    static func pythonNames(in directory: String, _ context: FindContext) -> [String] {
        let st: stat
        do throws(Errno) {
            st = try Syscall.stat(directory)
        } catch {
            // Absent: nothing to list; anything else is said as `list` says it.
            if error == .noSuchFileOrDirectory || error == .notDirectory { return [] }
            return pythonNames(context.list(directory, keeping: isPythonName))
        }
        let identity = FS.Identity(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
        if let known = context.memo.pythonNames[identity] { return known }
        let names = pythonNames(context.list(directory, keeping: isPythonName))
        context.memo.pythonNames[identity] = names
        return names
    }

    /// The Python commands among `names`, in the order a user reaches for
    /// them (so the first one names the record): `python3`, `python3.X`,
    /// `python`, then PyPy's.
    static func pythonNames(_ names: [String]?) -> [String] {
        func rank(_ name: String) -> Int {
            name == "python3" ? 0 : name.hasPrefix("python3.") ? 1 : name == "python" ? 2 : 3
        }
        return (names ?? []).filter(isPythonName).enumerated()
            .sorted { (rank($0.element), $0.offset) < (rank($1.element), $1.offset) }.map(\.element)
    }

    /// `python`, `python3`, `python3.X` (a `t` for free-threaded builds
    /// allowed), `pypy`, `pypy3`, `pypy3.X`.
    static func isPythonName(_ name: String) -> Bool {
        Array(name.utf8).withUnsafeBufferPointer(isPythonName)
    }

    /// `isPythonName` of a name's bytes, as a directory lists them.
    static func isPythonName(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        // Most of a /usr/bin's thousand names, turned away at their first byte.
        guard name.first == UInt8(ascii: "p") else { return false }
        for stem in ["python", "pypy"] where name.starts(with: stem.utf8) {
            let rest = Array(name.dropFirst(stem.utf8.count))
            if rest.isEmpty { return true }
            guard rest.first == UInt8(ascii: "3") else { return false }
            if rest.count == 1 { return true }
            guard rest[1] == UInt8(ascii: "."), rest.count > 2 else { return false }
            var digits = rest[2...]
            if digits.last == UInt8(ascii: "t") { digits = digits.dropLast() }
            return !digits.isEmpty && digits.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        }
        return false
    }

    /// An executable found on a path: an environment's python stands for
    /// the environment (pyvenv.cfg beside it or one up, or a conda prefix).
    static func candidate(_ executable: String, _ source: FindSource, _ context: FindContext) -> Candidate {
        let bin = PathText.dirname(executable)
        let prefix = PathText.dirname(bin)
        if FS.kind(PathText.join(bin, "pyvenv.cfg"), followingLinks: true) != .missing
            || FS.kind(PathText.join(prefix, "pyvenv.cfg"), followingLinks: true) != .missing || context.isConda(prefix) {
            return Candidate(path: prefix, isEnvironment: true, source: source)
        }
        return Candidate(path: executable, isEnvironment: false, source: source)
    }
}

/// The system's own directories, `/usr/bin` and `/usr/local/bin`, even
/// when they are not on `PATH` (pyenv shims there are passed over).
struct SystemLocator: Locator {
    static let directories = ["/usr/local/bin", "/usr/bin"]

    func find(_ context: FindContext, _ report: (Candidate) -> Void) {
        for directory in Self.directories {
            for name in PathLocator.pythonNames(in: directory, context) {
                let path = PathText.join(directory, name)
                guard FS.isExecutableFile(path), !InterpreterLocator.isPyenvShim(path) else { continue }
                report(PathLocator.candidate(path, .system, context))
            }
        }
    }
}
