/// What `pip freeze` asks git about an editable project (pip runs `git
/// rev-parse --show-toplevel`, `git config --get-regexp remote\..*\.url`,
/// `git rev-parse HEAD` and `git rev-parse --git-dir`), answered from the
/// repository's own files: `.git` (a directory, or a file naming one),
/// `HEAD`, loose refs, `packed-refs` and `config`. Git is never run.
struct GitRepository {
    /// The working tree's top directory (`--show-toplevel`).
    let root: String
    /// The repository directory (`--git-dir`, absolute).
    let gitDir: String
    /// Where refs, packed-refs and config live: `gitDir`, or for a linked
    /// worktree the directory its `commondir` file names.
    let commonDir: String

    /// The innermost repository whose working tree holds `location`: the
    /// first of `location` and its parents holding a `.git`, as git's own
    /// discovery finds it.
    init?(containing location: String) {
        var directory = location
        while true {
            let dotGit = PathText.join(directory, ".git")
            switch FS.kind(dotGit, followingLinks: true) {
            case .directory:
                self.init(root: directory, gitDir: dotGit)
                return
            case .file:
                // A worktree or submodule: "gitdir: PATH".
                guard let bytes = FS.readRegularFile(dotGit, limit: 64 << 10),
                      let text = String(validating: bytes, as: UTF8.self),
                      text.hasPrefix("gitdir:") else { return nil }
                var target = String(text.dropFirst(7)).trimmingLineEnd()
                while target.hasPrefix(" ") { target.removeFirst() }
                if !target.hasPrefix("/") { target = PathText.normalizing(PathText.join(directory, target)) }
                self.init(root: directory, gitDir: target)
                return
            default:
                let parent = PathText.dirname(directory)
                if parent == directory || parent.isEmpty { return nil }
                directory = parent
            }
        }
    }

    private init(root: String, gitDir: String) {
        self.root = root
        self.gitDir = gitDir
        if let bytes = FS.readRegularFile(PathText.join(gitDir, "commondir"), limit: 64 << 10),
           let text = String(validating: bytes, as: UTF8.self) {
            let named = text.trimmingLineEnd()
            commonDir = named.hasPrefix("/") ? named : PathText.normalizing(PathText.join(gitDir, named))
        } else {
            commonDir = gitDir
        }
    }

    /// `git rev-parse HEAD`: the commit checked out, or nil (no commit yet,
    /// or refs this reader cannot follow).
    var headCommit: String? {
        var ref = "HEAD"
        for _ in 0..<10 {
            // HEAD and per-worktree refs live in gitDir; shared refs in commonDir.
            let directory = ref == "HEAD" ? gitDir : commonDir
            if let bytes = FS.readRegularFile(PathText.join(directory, ref), limit: 64 << 10),
               let text = String(validating: bytes, as: UTF8.self) {
                let line = text.trimmingLineEnd()
                if line.hasPrefix("ref:") {
                    ref = String(line.dropFirst(4)).trimmingCharacters(in: " \t")
                    continue
                }
                return GitRepository.isObjectName(line) ? line : nil
            }
            return packedRef(ref)
        }
        return nil
    }

    private static func isObjectName(_ text: String) -> Bool {
        (text.utf8.count == 40 || text.utf8.count == 64)
            && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    private func packedRef(_ ref: String) -> String? {
        guard let bytes = FS.readRegularFile(PathText.join(commonDir, "packed-refs"), limit: 64 << 20),
              let text = String(validating: bytes, as: UTF8.self) else { return nil }
        for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.hasPrefix("^") {
            let parts = line.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[1].trimmingLineEnd() == ref {
                let name = String(parts[0])
                return GitRepository.isObjectName(name) ? name : nil
            }
        }
        return nil
    }

    /// `git config --get-regexp 'remote\..*\.url'` over the repository's
    /// own config: the value of each remote's `url`, in file order, as
    /// (remote name, url).
    var remoteURLs: [(String, String)] {
        guard let bytes = FS.readRegularFile(PathText.join(commonDir, "config"), limit: 16 << 20) else { return [] }
        let text = String(decoding: bytes, as: UTF8.self)
        var result: [(String, String)] = []
        var section = ""
        var subsection: String? = nil
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let line = rawLine.trimmingCharacters(in: " \t\r")
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") {
                guard let close = line.lastIndex(of: "]") else { continue }
                let header = line[line.index(after: line.startIndex)..<close]
                if let quote = header.firstIndex(of: "\"") {
                    section = header[..<quote].trimmingCharacters(in: " \t").lowercased()
                    var name = ""
                    var escaped = false
                    for c in header[header.index(after: quote)...] {
                        if escaped { name.append(c); escaped = false; continue }
                        if c == "\\" { escaped = true; continue }
                        if c == "\"" { break }
                        name.append(c)
                    }
                    subsection = name
                } else if let dot = header.firstIndex(of: ".") {
                    // The deprecated [section.sub] form: the subsection is lowercased.
                    section = header[..<dot].lowercased()
                    subsection = header[header.index(after: dot)...].lowercased()
                } else {
                    section = header.trimmingCharacters(in: " \t").lowercased()
                    subsection = nil
                }
                continue
            }
            guard section == "remote", let subsection else { continue }
            let key: Substring
            var value: Substring
            if let equals = line.firstIndex(of: "=") {
                key = Substring(line[..<equals].trimmingCharacters(in: " \t"))
                value = line[line.index(after: equals)...]
            } else {
                key = Substring(line)
                value = ""
            }
            guard key.lowercased() == "url" else { continue }
            result.append((subsection, GitRepository.configValue(value)))
        }
        return result
    }

    /// A config value: blanks around it trimmed, quotes removed, `\"`,
    /// `\\`, `\n`, `\t` unescaped, and a `#` or `;` outside quotes ends it.
    private static func configValue(_ raw: Substring) -> String {
        var out = ""
        var pendingSpace = ""
        var quoted = false
        var escaped = false
        for c in raw.drop(while: { $0 == " " || $0 == "\t" }) {
            if escaped {
                out += pendingSpace; pendingSpace = ""
                switch c {
                case "n": out.append("\n")
                case "t": out.append("\t")
                case "b": if !out.isEmpty { out.removeLast() }
                default: out.append(c)
                }
                escaped = false
                continue
            }
            if c == "\\" { escaped = true; continue }
            if c == "\"" { quoted.toggle(); continue }
            if !quoted && (c == "#" || c == ";") { break }
            if !quoted && (c == " " || c == "\t") { pendingSpace.append(c); continue }
            out += pendingSpace; pendingSpace = ""
            out.append(c)
        }
        return out
    }
}

extension StringProtocol {
    /// The text without the given characters at either end.
    func trimmingCharacters(in set: String) -> String {
        let scalars = Substring(self).unicodeScalars
        let blank = Set(set.unicodeScalars)
        guard let first = scalars.firstIndex(where: { !blank.contains($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !blank.contains($0) })!
        return String(scalars[first...last])
    }
}
