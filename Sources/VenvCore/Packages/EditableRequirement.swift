/// pip freeze's lines for an editable install (`_get_editable_info`): with
/// git, `-e git+URL@COMMIT#egg=NAME`, read from the repository's files;
/// without version control, a comment and `-e PATH`. Only git is known:
/// a Mercurial, Subversion or Bazaar checkout is written as having none.
struct EditableRequirement {
    let lines: [String]

    init(_ dist: InstalledDistribution, location rawLocation: String, display: String) {
        let location = (try? FS.absolute(rawLocation)) ?? rawLocation
        guard let repository = GitRepository(containing: location) else {
            lines = ["# Editable install with no version control (\(display))", "-e \(location)"]
            return
        }
        let remotes = repository.remoteURLs
        guard let chosen = remotes.first(where: { $0.0 == "origin" }) ?? remotes.first else {
            lines = ["# Editable Git install with no remote (\(display))", "-e \(location)"]
            return
        }
        // pip splits "remote.NAME.url VALUE" at spaces and takes the second part.
        let url = String(chosen.1.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
            .trimmingCharacters(in: " \t\n\r")
        guard var pipURL = EditableRequirement.pipURL(url) else {
            lines = ["# Editable Git install (\(display)) with either a deleted local remote or invalid URI:",
                     "# '\(url)'", "-e \(location)"]
            return
        }
        guard let commit = repository.headCommit else {
            lines = ["## !! Could not determine repository location", "-e \(location)"]
            return
        }
        if !pipURL.lowercased().hasPrefix("git:") { pipURL = "git+" + pipURL }
        var requirement = "\(pipURL)@\(commit)#egg=\(dist.name.replacingDashes())"
        if let subdirectory = EditableRequirement.subdirectory(
            location, repositoryRoot: PathText.normalizing(PathText.join(repository.gitDir, ".."))) {
            requirement += "&subdirectory=\(subdirectory)"
        }
        lines = ["-e \(requirement)"]
    }

    /// `Git._git_remote_to_pip_url`: a URL with a scheme as it is, an
    /// existing path as a file: URI, scp-like `user@host:path` as ssh://;
    /// nil for anything else.
    static func pipURL(_ url: String) -> String? {
        let bytes = Array(url.utf8)
        func isWord(_ b: UInt8) -> Bool {
            (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b)
                || b == 0x5F || b >= 0x80
        }
        var i = 0
        while i < bytes.count && isWord(bytes[i]) { i += 1 }
        if i > 0, i + 3 <= bytes.count, bytes[i..<(i + 3)].elementsEqual("://".utf8) { return url }
        if !url.isEmpty && FS.kind(url, followingLinks: true) != .missing {
            guard url.hasPrefix("/") else { return nil }
            return "file://" + URLQuoting.path(url)
        }
        // ^(\w+@)?([^/:]+):(\w[^:]*)$
        var user = ""
        var rest = Substring(url)
        if let at = rest.firstIndex(of: "@"), rest[..<at].utf8.allSatisfy(isWord), at != rest.startIndex {
            user = String(rest[...at])
            rest = rest[rest.index(after: at)...]
        }
        guard let colon = rest.firstIndex(of: ":") else { return nil }
        let host = rest[..<colon]
        let path = rest[rest.index(after: colon)...]
        guard !host.isEmpty, !host.contains("/"), let first = path.utf8.first, isWord(first), !path.contains(":") else {
            return nil
        }
        return "ssh://\(user)\(host)/\(path)"
    }

    /// `find_path_to_project_root_from_repo_root`: the project directory
    /// (the first of `location` and its parents with pyproject.toml or
    /// setup.py) relative to the repository root, nil when they are the same.
    static func subdirectory(_ location: String, repositoryRoot: String) -> String? {
        var directory = location
        while !(FS.isDirectory(directory)
                && (FS.kind(PathText.join(directory, "pyproject.toml"), followingLinks: true) != .missing
                    || FS.kind(PathText.join(directory, "setup.py"), followingLinks: true) != .missing)) {
            let parent = PathText.dirname(directory)
            if parent == directory || parent.isEmpty { return nil }
            directory = parent
        }
        if let a = FS.realPath(directory), let b = FS.realPath(repositoryRoot), a == b { return nil }
        return relativePath(directory, from: repositoryRoot)
    }

    /// `os.path.relpath` for two absolute, normalized paths.
    static func relativePath(_ path: String, from start: String) -> String {
        let a = path.split(separator: "/")
        let b = start.split(separator: "/")
        var common = 0
        while common < a.count && common < b.count && a[common] == b[common] { common += 1 }
        let parts = Array(repeating: "..", count: b.count - common) + a[common...].map(String.init)
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }
}

extension String {
    /// `name.replace("-", "_")`, pip's `#egg=` spelling.
    func replacingDashes() -> String {
        String(unicodeScalars.map { $0 == "-" ? "_" : Character($0) })
    }
}
