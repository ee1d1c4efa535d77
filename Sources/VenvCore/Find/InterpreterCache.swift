#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// Interpreter facts kept on disk, one small text file per real binary, valid
/// while that binary's path, size and modification time are unchanged. So a
/// warm creation starts no Python at all.
///
/// Location: `$SWIFT_VENV_CACHE_DIR`, else `$XDG_CACHE_HOME/swift-venv`, else
/// `~/.cache/swift-venv`; facts live in its `interpreters/` folder. A cache
/// that cannot be read or written is simply not used.
/// Facts already read or learned in this process, by the binary's stamp, so
/// a program creating many environments reads the cache file once.
private let memo = Locked<[String: [String: String]]>([:])

struct InterpreterCache {
    static let format = "swift-venv interpreter facts 2"

    static var directory: FilePath? {
        if let dir = Environment.variable("SWIFT_VENV_CACHE_DIR"), !dir.isEmpty { return FilePath(dir) }
        if let xdg = Environment.variable("XDG_CACHE_HOME"), xdg.hasPrefix("/") {
            return FilePath(xdg).appending("swift-venv")
        }
        if let home = Environment.variable("HOME"), home.hasPrefix("/") {
            return FilePath(home).appending(".cache/swift-venv")
        }
        return nil
    }

    let folder: FilePath? = InterpreterCache.directory.map { $0.appending("interpreters") }

    /// The identity of the binary: its path, size and modification time.
    private func stamp(_ real: FilePath) -> String? {
        guard let st = FS.status(real) else { return nil }
        return "\(real)\n\(st.st_size)\n\(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec)"
    }

    private func file(for real: FilePath) -> FilePath? {
        // FNV-1a of the path: a short, stable file name.
        return folder?.appending(FNV1a.name(real.string))
    }

    func load(real: FilePath) -> [String: String]? {
        guard let stamp = stamp(real) else { return nil }
        if let known = memo.withLock({ $0[stamp] }) { return known }
        guard let path = file(for: real), let bytes = try? FS.readFile(path, limit: 65536) else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        let header = Self.format + "\n" + stamp + "\n"
        guard text.hasPrefix(header) else { return nil }
        let answers = KeyValueLines.parse(text.dropFirst(header.count))
        guard answers["version"] != nil else { return nil }
        memo.withLock { $0[stamp] = answers }
        return answers
    }

    func store(real: FilePath, answers: [String: String]) {
        guard let stamp = stamp(real) else { return }
        memo.withLock { $0[stamp] = answers }
        guard let folder, let path = file(for: real) else { return }
        var text = Self.format + "\n" + stamp + "\n"
        text += KeyValueLines.text(answers)
        do {
            try FS.makeDirectories(folder)
            try FS.replaceFile(path, text)
        } catch {
            // A cache is an optimisation: failing to write it changes nothing else.
        }
    }
}
