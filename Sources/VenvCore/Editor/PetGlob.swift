/// The glob patterns PET takes in `workspaceDirectories`,
/// `environmentDirectories` and `searchPaths` (`*`, `?`, `[...]` within a
/// name, `**` for any number of directories), expanded by listing
/// directories. A name's leading dot needs no literal dot (as Rust's
/// `glob` crate, which PET uses, matches by default); `**` does not
/// descend through symbolic links (a loop would never end).
enum PetGlob {
    /// The paths `pattern` names that exist: itself when it has no
    /// wildcard. A leading `~` is the home directory; a relative pattern
    /// is taken from the working directory.
    static func expand(_ pattern: String) -> [String] {
        var path = pattern
        if path == "~" || path.hasPrefix("~/"), let home = Environment.variable("HOME") {
            path = home + path.dropFirst()
        }
        guard let absolute = try? FS.absolute(path) else { return [] }
        guard absolute.contains(where: { "*?[".contains($0) }) else {
            return FS.kind(absolute, followingLinks: true) == .missing ? [] : [absolute]
        }
        var found: [String] = []
        walk("/", absolute.split(separator: "/").map(String.init)[...], depth: 0, &found)
        var seen = Set<String>()
        return found.filter { seen.insert($0).inserted }
    }

    private static func walk(_ base: String, _ rest: ArraySlice<String>, depth: Int, _ found: inout [String]) {
        guard let part = rest.first else {
            if FS.kind(base, followingLinks: true) != .missing { found.append(base) }
            return
        }
        if part == "**" {
            walk(base, rest.dropFirst(), depth: depth, &found)
            guard depth < 32 else { return }
            for name in names(base) {
                let path = PathText.join(base, name)
                if FS.kind(path) == .directory { walk(path, rest, depth: depth + 1, &found) }
            }
        } else if part.contains(where: { "*?[".contains($0) }) {
            let pattern = Array(part.unicodeScalars)
            for name in names(base) where matches(pattern[...], Array(name.unicodeScalars)[...]) {
                walk(PathText.join(base, name), rest.dropFirst(), depth: depth, &found)
            }
        } else {
            walk(PathText.join(base, part), rest.dropFirst(), depth: depth, &found)
        }
    }

    private static func names(_ directory: String) -> [String] {
        ((try? Syscall.utf8Names(directory))?.names ?? []).sorted()
    }

    /// fnmatch's rules for one name: `*`, `?`, `[abc]`, `[a-z]`, `[!abc]`.
    static func matches(_ pattern: ArraySlice<Unicode.Scalar>, _ name: ArraySlice<Unicode.Scalar>) -> Bool {
        guard let first = pattern.first else { return name.isEmpty }
        switch first {
        case "*":
            var rest = name
            while true {
                if matches(pattern.dropFirst(), rest) { return true }
                guard !rest.isEmpty else { return false }
                rest = rest.dropFirst()
            }
        case "?":
            return !name.isEmpty && matches(pattern.dropFirst(), name.dropFirst())
        case "[":
            guard let character = name.first, let set = bracket(pattern.dropFirst(), character) else {
                return name.first == "[" && matches(pattern.dropFirst(), name.dropFirst())
            }
            return set.0 && matches(set.1, name.dropFirst())
        default:
            return name.first == first && matches(pattern.dropFirst(), name.dropFirst())
        }
    }

    /// Whether `character` is in the set that starts `pattern` (after its
    /// `[`), and the pattern after the set's `]`; nil when no `]` closes it.
    private static func bracket(_ pattern: ArraySlice<Unicode.Scalar>,
                                _ character: Unicode.Scalar) -> (Bool, ArraySlice<Unicode.Scalar>)? {
        var at = pattern.startIndex
        var negated = false
        if at < pattern.endIndex, pattern[at] == "!" || pattern[at] == "^" { negated = true; at += 1 }
        var matched = false
        var first = true
        while at < pattern.endIndex {
            let c = pattern[at]
            if c == "]" && !first { return (matched != negated, pattern[(at + 1)...]) }
            first = false
            if at + 2 < pattern.endIndex, pattern[at + 1] == "-", pattern[at + 2] != "]" {
                if c.value <= character.value && character.value <= pattern[at + 2].value { matched = true }
                at += 3
            } else {
                if c == character { matched = true }
                at += 1
            }
        }
        return nil
    }
}
