#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// Rewrites an environment's files that name its old path so they name the
/// new one (FACTS.md §11):
///
/// - console scripts' shebangs, in either form pip writes (`#!ENV/bin/python`,
///   or the `/bin/sh` exec trampoline for paths with a space or over 127
///   bytes), re-chosen for the new path as pip would choose;
/// - the activation scripts swift-venv knows, rendered again from its own
///   templates for the new path (an explicit prompt kept; a prompt that was
///   the old directory's name follows the new name);
/// - `pyvenv.cfg`'s `command` (shell-quoted again) and `prompt`;
/// - every other text file that names the old path (`.pth`, `.egg-link`,
///   `direct_url.json`, other tools' activation scripts), the path replaced
///   where it stands as a whole path (also in its `file://` URL form);
/// - symbolic links whose absolute target is inside the environment;
/// - then the `RECORD` rows (hash and size) of every file rewritten.
///
/// Bytecode (`.pyc`) is left alone: it names its source's old path in
/// `co_filename`, which the import system replaces when it loads the file.
/// Every rewritten file is replaced by rename (`FS.replaceFile`, the one
/// atomic writer, under its fixed temporary name: a relocation finishing one
/// that was killed, under the same lock and journal, removes what that one
/// left), never written in place (it may be a hard link into the wheel cache).
struct Relocator {
    /// (old, new) pairs of byte strings, the plain path first.
    let pairs: [([UInt8], [UInt8])]
    let oldPath: FilePath
    let newPath: FilePath
    /// Where the environment's files are now (the source, a staging copy, or
    /// the destination).
    var root: FilePath

    init(from old: FilePath, to new: FilePath, root: FilePath) throws(VenvError) {
        oldPath = old
        newPath = new
        self.root = root
        var olds = [old.string]
        if let real = FS.realPath(old)?.string, real != old.string { olds.append(real) }
        var pairs: [([UInt8], [UInt8])] = []
        for o in olds {
            pairs.append((Array(o.utf8), Array(new.string.utf8)))
            let (qo, qn) = (Self.urlQuoted(o), Self.urlQuoted(new.string))
            if qo != o { pairs.append((Array(qo.utf8), Array(qn.utf8))) }
        }
        self.pairs = pairs
    }

    // MARK: planning

    /// The files and links (relative to the environment) that name the old
    /// path, found by reading every file but bytecode and shared libraries.
    func plan() throws(VenvError) -> [String] {
        var found: [String] = []
        func walk(_ rel: String, _ dir: FilePath) throws(VenvError) {
            for name in try FS.contents(of: dir).sorted() {
                let path = dir.appending(name)
                let child = rel.isEmpty ? name : rel + "/" + name
                switch FS.kind(path) {
                case .directory where name != "__pycache__":
                    try walk(child, path)
                case .file where !name.hasSuffix(".pyc") && !name.hasSuffix(".so") && !name.contains(".so."):
                    if try names(FS.readFile(path, limit: Int.max)) { found.append(child) }
                case .symlink:
                    if let target = FS.readLink(path), names(Array(target.utf8)) { found.append(child) }
                default:
                    break
                }
            }
        }
        try walk("", root)
        // The activation scripts are rendered anew whatever they hold: a
        // script quotes the path for its shell (csh escapes a space as `\ `),
        // so it need not hold the old path's bytes as they are.
        for script in ActivationScripts.templates.map({ "bin/" + $0.name }) where !found.contains(script) {
            if FS.kind(root.appending(script)) == .file { found.append(script) }
        }
        // The prompt follows the directory's name when it was that name.
        let config = try FS.readFile(root.appending("pyvenv.cfg"))
        if oldPath.name != newPath.name && !found.contains("pyvenv.cfg") && rewriteConfig(config) != nil {
            found.append("pyvenv.cfg")
        }
        return found
    }

    /// Whether `bytes` name the old path (as a whole path, not a prefix of
    /// a longer name).
    func names(_ bytes: [UInt8]) -> Bool {
        pairs.contains { match(bytes, $0.0, from: 0) != nil }
    }

    // MARK: rewriting

    /// Rewrites every entry of `plan`, then the RECORD rows of those files;
    /// returns the RECORD files rewritten (relative to the environment).
    /// Idempotent: an interrupted relocation is finished by running it again.
    @discardableResult
    func relocate(_ plan: [String]) throws(VenvError) -> Set<String> {
        // The activation scripts, rendered once, when the first is met.
        var activation: [String: [UInt8]]? = nil
        for rel in plan {
            let path = root.appending(rel)
            let temporary = FS.hidden(.writing, beside: path)
            FS.removeLeftover(temporary)        // left by a relocation that was killed
            switch FS.kind(path) {
            case .symlink:
                guard let target = FS.readLink(path) else { continue }
                let fixed = replaced(Array(target.utf8))
                guard fixed != Array(target.utf8) else { continue }
                try FS.symlink(target: String(decoding: fixed, as: UTF8.self), at: temporary)
                try FS.rename(temporary, to: path)
            case .file:
                let bytes = try FS.readFile(path, limit: Int.max)
                var fixed: [UInt8]?
                if let name = Self.activationScript(rel) {
                    if activation == nil { activation = try renderActivation() }
                    fixed = activation?[name]
                } else {
                    fixed = rewrite(rel, bytes)
                }
                if let fixed, fixed != bytes { try FS.replaceFile(path, fixed, keepingMode: true, unique: false) }
            default:
                continue
            }
        }
        return try rehashRecords(Set(plan))
    }

    /// The new contents of the file at `rel` (not an activation script), or
    /// nil to leave it.
    func rewrite(_ rel: String, _ bytes: [UInt8]) -> [UInt8]? {
        if rel == "pyvenv.cfg" { return rewriteConfig(bytes) }
        if bytes.starts(with: "#!".utf8), let fixed = rewriteShebang(bytes) { return fixed }
        return replaced(bytes)
    }

    /// The name of the activation script swift-venv writes at `rel`
    /// (`bin/activate`, ...), or nil.
    static func activationScript(_ rel: String) -> String? {
        guard rel.hasPrefix("bin/") else { return nil }
        let name = rel.dropFirst(4)
        return ActivationScripts.templates.contains { $0.name == name } ? String(name) : nil
    }

    /// Every activation script for the new path, by name: the prompt as
    /// `activationPrompt` says, and a relocatable environment's scripts
    /// relocatable still.
    func renderActivation() throws(VenvError) -> [String: [UInt8]] {
        let relocatable = (try? PyvenvConfig.read(root.appending("pyvenv.cfg")))?.relocatable ?? false
        var scripts: [String: [UInt8]] = [:]
        for script in try ActivationScripts.render(envDir: newPath, prompt: activationPrompt(),
                                                   relocatable: relocatable) {
            scripts[script.name] = Array(script.contents.utf8)
        }
        return scripts
    }

    /// A console script with its shebang chosen again for the new python.
    func rewriteShebang(_ bytes: [UInt8]) -> [UInt8]? {
        guard let (executable, bodyStart) = Self.shebangExecutable(bytes) else { return nil }
        let fixed = replaced(Array(executable.utf8))
        guard fixed != Array(executable.utf8) else { return nil }
        let shebang = ConsoleScript.shebang(python: String(decoding: fixed, as: UTF8.self))
        return Array(shebang.utf8) + replaced(Array(bytes[bodyStart...]))
    }

    /// The interpreter a script's shebang runs, in either form pip writes
    /// (`#!EXE`, or the `/bin/sh` line that execs EXE on the script), and
    /// where the script's body starts; nil for another first line.
    static func shebangExecutable(_ bytes: [UInt8]) -> (String, Int)? {
        guard bytes.starts(with: "#!".utf8) else { return nil }
        let lines = bytes.split(separator: UInt8(ascii: "\n"), maxSplits: 3, omittingEmptySubsequences: false)
        var executable: String
        var bodyStart: Int
        if lines.count >= 3, String(decoding: lines[0], as: UTF8.self) == "#!/bin/sh" {
            // '''exec' EXE "$0" "$@"  then  ' '''
            let second = String(decoding: lines[1], as: UTF8.self)
            guard second.hasPrefix("'''exec' "), second.hasSuffix(" \"$0\" \"$@\""),
                  String(decoding: lines[2], as: UTF8.self) == "' '''" else { return nil }
            executable = String(second.dropFirst("'''exec' ".count).dropLast(" \"$0\" \"$@\"".count))
            bodyStart = lines[0].count + lines[1].count + lines[2].count + 3
        } else {
            executable = String(decoding: lines[0].dropFirst(2), as: UTF8.self)
            bodyStart = lines[0].count + 1
        }
        if executable.count >= 2, executable.hasPrefix("\""), executable.hasSuffix("\"") {
            executable = String(executable.dropFirst().dropLast())
        }
        return bodyStart <= bytes.count ? (executable, bodyStart) : nil
    }

    /// `--relocatable`: every console script directly in `bin` whose
    /// shebang runs a python of this environment's `bin` by its path gets
    /// `ConsoleScript.relocatableShebang` instead, and the RECORD rows of the
    /// scripts rewritten follow. Scripts already relocatable, and anything
    /// else, are left alone; running it again changes nothing.
    func makeScriptsRelocatable(bin: String) throws(VenvError) {
        let binDir = root.appending(bin)
        let prefix = newPath.appending(bin).string + "/"
        var rewritten: Set<String> = []
        for name in try FS.contents(of: binDir).sorted() where FS.kind(binDir.appending(name)) == .file {
            let path = binDir.appending(name)
            // The first line is all that decides; most files in bin/ are not scripts.
            guard let head = try? FS.readPrefix(path, count: 4096), let (executable, _) = Self.shebangExecutable(head),
                  executable.hasPrefix(prefix),
                  !executable.dropFirst(prefix.count).contains(where: { $0 == "/" || $0 == " " }) else { continue }
            let bytes = try FS.readFile(path, limit: Int.max)
            guard let (_, bodyStart) = Self.shebangExecutable(bytes) else { continue }
            let python = String(executable.dropFirst(prefix.count))
            try FS.replaceFile(path, Array(ConsoleScript.relocatableShebang(python: python).utf8) + bytes[bodyStart...],
                               keepingMode: true, unique: false)
            rewritten.insert(bin + "/" + name)
        }
        try rehashRecords(rewritten)
    }

    /// pyvenv.cfg with `command` quoted again for the new path, a prompt
    /// that was the old directory's name following the new name, and the
    /// old path replaced elsewhere; nil when nothing changes. Line by line,
    /// so keys, order and spacing stay as the creating tool wrote them.
    func rewriteConfig(_ bytes: [UInt8]) -> [UInt8]? {
        PyvenvConfig.rewritingValues(bytes) { key, value in
            if key == "command" {
                let oldQuoted = ShellQuote.posix(oldPath.string)
                if value.hasSuffix(" " + oldQuoted) {
                    return String(value.dropLast(oldQuoted.count)) + ShellQuote.posix(newPath.string)
                }
                return String(decoding: replaced(Array(value.utf8)), as: UTF8.self)
            }
            if key == "prompt" {
                guard PythonLiteral.unquote(value) == oldPath.name && oldPath.name != newPath.name else { return nil }
                return value.hasPrefix("'") || value.hasPrefix("\"") ? PythonLiteral.repr(newPath.name) : newPath.name
            }
            return String(decoding: replaced(Array(value.utf8)), as: UTF8.self)
        }
    }

    /// The prompt the activation scripts show after relocation: pyvenv.cfg's
    /// (rewritten first when it was the old name), else the new name.
    func activationPrompt() -> String {
        let config = try? PyvenvConfig.read(root.appending("pyvenv.cfg"))
        if let prompt = config?.prompt, !prompt.isEmpty {
            return prompt == oldPath.name ? newPath.name : prompt
        }
        return newPath.name
    }

    /// Every RECORD in the environment's site-packages, with the rows of the
    /// rewritten files given their new hash and size; other rows and the
    /// file's form (order, line ends) untouched.
    @discardableResult
    func rehashRecords(_ rewritten: Set<String>) throws(VenvError) -> Set<String> {
        var records: Set<String> = []
        let changed = try rehashedRecords(rewritten) { try? FS.readFile(root.appending($0), limit: Int.max) }
        for (record, bytes) in changed {
            try FS.replaceFile(root.appending(record), bytes, keepingMode: true, unique: false)
            records.insert(record)
        }
        return records
    }

    /// The RECORD files (relative to the environment) whose rows name a file
    /// of `rewritten`, with those rows' hash and size taken from `contents`
    /// (the file's new bytes); nothing is written.
    func rehashedRecords(_ rewritten: Set<String>,
                         contents: (String) -> [UInt8]?) throws(VenvError) -> [(String, [UInt8])] {
        var records: [(String, [UInt8])] = []
        guard !rewritten.isEmpty else { return records }
        for lib in ["lib", "lib64", "local/lib"] {
            let libDir = root.appending(lib)
            guard FS.kind(libDir) == .directory, let versions = try? FS.contents(of: libDir) else { continue }
            for version in versions {
                for site in ["site-packages", "dist-packages"] {
                    let siteRel = "\(lib)/\(version)/\(site)"
                    guard let entries = try? FS.contents(of: root.appending(siteRel)) else { continue }
                    for entry in entries.sorted() where entry.hasSuffix(".dist-info") {
                        let record = "\(siteRel)/\(entry)/RECORD"
                        guard FS.kind(root.appending(record)) == .file else { continue }
                        let bytes = try FS.readFile(root.appending(record), limit: Int.max)
                        if let fixed = rehashed(bytes, siteRel: siteRel, rewritten, contents) {
                            records.append((record, fixed))
                        }
                    }
                }
            }
        }
        return records
    }

    private func rehashed(_ bytes: [UInt8], siteRel: String, _ rewritten: Set<String>,
                          _ contents: (String) -> [UInt8]?) -> [UInt8]? {
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(Array.init)
        var changed = false
        let newPrefix = newPath.string + "/"
        for (index, line) in lines.enumerated() {
            guard var row = Record.parse(line).first, !row.hash.isEmpty else { continue }
            let rel = row.path.hasPrefix(newPrefix)
                ? String(row.path.dropFirst(newPrefix.count))
                : Self.normalize(siteRel + "/" + row.path)
            guard rewritten.contains(rel), let content = contents(rel) else { continue }
            let hash = SHA256.recordHash(content), size = String(content.count)
            guard hash != row.hash || size != row.size else { continue }
            row.hash = hash
            row.size = size
            var rendered = Record.render([row])
            rendered.removeLast(2)                                  // render ends rows with CRLF
            if line.last == 13 { rendered.append(13) }
            lines[index] = rendered
            changed = true
        }
        return changed ? Array(lines.joined(separator: [UInt8(ascii: "\n")])) : nil
    }

    // MARK: bytes

    /// `bytes` with every whole occurrence of an old path replaced.
    func replaced(_ bytes: [UInt8]) -> [UInt8] {
        var bytes = bytes
        for (old, new) in pairs {
            guard var at = match(bytes, old, from: 0) else { continue }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 64)
            var copied = 0
            while true {
                out += bytes[copied..<at]
                out += new
                copied = at + old.count
                guard let next = match(bytes, old, from: copied) else { break }
                at = next
            }
            out += bytes[copied...]
            bytes = out
        }
        return bytes
    }

    /// The first occurrence of `old` at or after `start` standing as a whole
    /// path: not preceded or followed by a character that would make it part
    /// of a longer name.
    func match(_ bytes: [UInt8], _ old: [UInt8], from start: Int) -> Int? {
        var from = start
        while let at = bytes.firstRange(of: old, from: from) {
            let end = at + old.count
            let before = at == 0 ? nil : bytes[at - 1]
            let after = end < bytes.count ? bytes[end] : nil
            if !Self.continuesName(before) && !Self.continuesName(after) { return at }
            from = at + 1
        }
        return nil
    }

    private static func continuesName(_ byte: UInt8?) -> Bool {
        guard let b = byte else { return false }
        if b >= 0x80 { return true }
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "~"),
             UInt8(ascii: "@"), UInt8(ascii: "%"):
            return true
        default:
            return false
        }
    }

    /// `urllib.parse.quote(path)` (safe `/`), as `file://` URLs in
    /// `direct_url.json` and `.egg-link` spell paths.
    static func urlQuoted(_ path: String) -> String {
        let safe = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~/".utf8)
        var out = ""
        for b in path.utf8 {
            if safe.contains(b) { out.unicodeScalars.append(Unicode.Scalar(b)) }
            else { out += "%" + String(b, radix: 16, uppercase: true).leftPadded(2) }
        }
        return out
    }

    /// `os.path.normpath` of a relative path with `..` components.
    static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") where part != "." && !part.isEmpty {
            if part == ".." { if !parts.isEmpty { parts.removeLast() } } else { parts.append(part) }
        }
        return parts.joined(separator: "/")
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
