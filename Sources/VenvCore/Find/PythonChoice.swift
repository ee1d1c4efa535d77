import SystemPackage

/// What `--python SPEC` asks for.
public enum PythonRequest: Sendable, Equatable {
    /// Nothing: pyenv's order (`PYENV_VERSION`, `.python-version` from the
    /// working directory up, `$PYENV_ROOT/version`), then `python3` on PATH.
    case pyenvOrder
    /// A path to a python (a pyenv shim there is resolved).
    case path(String)
    /// A command searched on PATH (`python3.12`, `pypy3`).
    case command(String)
    /// A version prefix (`3`, `3.12`, `3.12.1`) or a PEP 440 specifier.
    case version(VersionSpecifier)

    public init(_ spec: String?) throws(VenvError) {
        guard let spec else { self = .pyenvOrder; return }
        let trimmed = Substring(spec).trimmingPythonWhitespace()
        guard !trimmed.isEmpty, !trimmed.utf8.contains(0) else {
            throw VenvError(.invalid, nil, "--python: an empty name is not an interpreter",
                            remedy: "give a path such as /usr/bin/python3, a command such as python3.12, " +
                                    "or a version such as 3.12")
        }
        if trimmed.contains("/") { self = .path(trimmed); return }
        if let first = trimmed.first, first.isNumber || "<>=!~".contains(first) {
            guard let specifier = VersionSpecifier(trimmed) else {
                throw VenvError(.invalid, nil,
                                "--python \(trimmed): is neither a version such as 3.12 " +
                                "nor a PEP 440 specifier such as >=3.10,<3.13",
                                remedy: "write the version or the specifier again")
            }
            self = .version(specifier)
            return
        }
        self = .command(trimmed)
    }
}

/// A version prefix (`3.12` means any 3.12.z) or a PEP 440 version
/// specifier (`>=3.10,<3.13`, `==3.12.*`, `~=3.11`, `!=3.12.0`), applied to
/// release versions `X.Y.Z`.
public struct VersionSpecifier: Sendable, Equatable, CustomStringConvertible {
    enum Operator: String, Sendable { case prefix = "", equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=",
                                           greater = ">", greaterOrEqual = ">=", compatible = "~=", arbitrary = "===" }
    struct Clause: Sendable, Equatable {
        var op: Operator
        var release: [Int]
        var wildcard: Bool
    }

    var clauses: [Clause]
    public let description: String

    public init?(_ text: String) {
        description = text
        clauses = []
        let parts = text.split(separator: ",").map { Substring($0).trimmingPythonWhitespace() }
        guard !parts.isEmpty else { return nil }
        for part in parts {
            var op = Operator.prefix
            for candidate in [Operator.arbitrary, .compatible, .equal, .notEqual, .lessOrEqual, .greaterOrEqual,
                              .less, .greater]
            where part.hasPrefix(candidate.rawValue) { op = candidate; break }
            if op == .prefix && parts.count > 1 { return nil }
            var rest = Substring(String(part.dropFirst(op.rawValue.count))).trimmingPythonWhitespace()
            var wildcard = false
            if rest.hasSuffix(".*") {
                guard op == .equal || op == .notEqual else { return nil }
                wildcard = true
                rest = String(rest.dropLast(2))
            }
            let numbers = rest.split(separator: ".", omittingEmptySubsequences: false).map { Int($0) }
            guard !numbers.isEmpty, numbers.allSatisfy({ $0 != nil && $0! >= 0 }) else { return nil }
            let release = numbers.map { $0! }
            if op == .compatible && release.count < 2 { return nil }
            clauses.append(Clause(op: op, release: release, wildcard: wildcard))
        }
    }

    /// Whether the release `version` (`X.Y.Z`) satisfies every clause.
    public func matches(_ version: String) -> Bool {
        let release = version.split(separator: ".").map { Int($0.prefix { $0.isNumber }) ?? 0 }
        return clauses.allSatisfy { Self.matches(release, $0) }
    }

    /// The release `X.Y` a prefix or `==` names exactly, for choosing the
    /// `pythonX.Y` command beside an interpreter.
    var exactMinor: (Int, Int)? {
        guard clauses.count == 1, clauses[0].op == .prefix || clauses[0].op == .equal,
              clauses[0].release.count >= 2 else { return nil }
        return (clauses[0].release[0], clauses[0].release[1])
    }

    private static func compare(_ a: [Int], _ b: [Int]) -> Int {
        for i in 0..<max(a.count, b.count) {
            let x = i < a.count ? a[i] : 0, y = i < b.count ? b[i] : 0
            if x != y { return x < y ? -1 : 1 }
        }
        return 0
    }

    private static func matches(_ v: [Int], _ clause: Clause) -> Bool {
        let r = clause.release
        let startsWith = Array(v.prefix(r.count)) + [Int](repeating: 0, count: max(0, r.count - v.count)) == r
        switch clause.op {
        case .prefix: return startsWith
        case .equal: return clause.wildcard ? startsWith : compare(v, r) == 0
        case .notEqual: return clause.wildcard ? !startsWith : compare(v, r) != 0
        case .less: return compare(v, r) < 0
        case .lessOrEqual: return compare(v, r) <= 0
        case .greater: return compare(v, r) > 0
        case .greaterOrEqual: return compare(v, r) >= 0
        case .arbitrary: return v.map(String.init).joined(separator: ".") == r.map(String.init).joined(separator: ".")
        case .compatible:
            return compare(v, r) >= 0 && Array(v.prefix(r.count - 1)) == Array(r.prefix(r.count - 1))
        }
    }
}

/// The one Python a `--python SPEC` means: `swift-venv find --python`
/// prints it, and creation takes it as the base (after replacing an
/// environment's python by its base). One choice, one implementation.
public enum PythonChoice {
    /// The record of the Python `spec` means, with everything the sources
    /// know of it.
    public static func find(_ spec: String?, options: FindOptions = FindOptions()) throws(VenvError) -> FoundPython {
        var record = try chosenRecord(spec, options)
        if options.problems { record.problems = record.diagnosedProblems() }
        return record
    }

    private static func chosenRecord(_ spec: String?, _ options: FindOptions) throws(VenvError) -> FoundPython {
        let (executable, chosen) = try choose(try PythonRequest(spec), options)
        if let chosen { return chosen }
        let context = FindContext(options: options)
        let candidate = PathLocator.candidate(executable, .path, context)
        let key = Finder.Group.key(candidate)
        let groups = Finder.discover(Locators.all, options)
        if let group = groups.first(where: { group in
            group.isEnvironment == candidate.isEnvironment && group.paths.contains {
                Finder.Group.key(Candidate(path: $0, isEnvironment: group.isEnvironment, source: .path)) == key
            }
        }) {
            return group.record()
        }
        var group = Finder.Group(candidate)
        group.sources = []
        return group.record()
    }

    /// The executable `spec` means.
    static func executable(for spec: String?) throws(VenvError) -> FilePath {
        FilePath(try choose(try PythonRequest(spec), FindOptions()).0)
    }

    /// The executable, and for a version request the record it was chosen by.
    static func choose(_ request: PythonRequest, _ options: FindOptions) throws(VenvError) -> (String, FoundPython?) {
        switch request {
        case .path(let text):
            let path = try FS.absolute(FilePath(text))
            if InterpreterLocator.isPyenvShim(path) {
                // An explicit shim has no PATH to continue: "system" cannot be followed.
                guard let resolved = try InterpreterLocator.resolveShim(path, name: path.name,
                                                                        searchPathAfter: nil) else {
                    throw VenvError(.noPython, path, "is a pyenv shim for the system Python",
                                    remedy: "pass --python with the real interpreter's path")
                }
                return (resolved.string, nil)
            }
            guard FS.isExecutableFile(path) else {
                throw VenvError(.noPython, path, "no such Python interpreter",
                                remedy: "check the path or pass --python with another one")
            }
            return (path.string, nil)
        case .command(let name):
            return (try InterpreterLocator.searchPath(for: name).string, nil)
        case .pyenvOrder:
            return (try pyenvOrder().string, nil)
        case .version(let specifier):
            return try version(specifier, options)
        }
    }

    /// pyenv's selection, else `python3` on PATH.
    static func pyenvOrder() throws(VenvError) -> FilePath {
        let context = FindContext(options: FindOptions())
        guard let root = context.pyenvRoot else { return try InterpreterLocator.searchPath(for: "python3") }
        let selection = PyenvSelection(root: root)
        guard selection.isSet else { return try InterpreterLocator.searchPath(for: "python3") }
        if let missing = selection.notInstalled.first {
            throw VenvError(.noPython, FilePath(PathText.join(root, "versions", missing)),
                            "pyenv's version \(missing) (set by \(selection.origin)) is not installed",
                            remedy: "install it (pyenv install \(missing)), change the selection, or pass --python")
        }
        for version in selection.versions {
            if version == "system" { return try InterpreterLocator.searchPath(for: "python3", skippingShims: true) }
            // The command is python3: a version without one is passed, as
            // `pyenv which python3` passes it.
            let python = PathText.join(root, "versions", version, "bin", "python3")
            if FS.isExecutableFile(python) { return FilePath(python) }
        }
        throw VenvError(.noPython, FilePath(PathText.join(root, "versions")),
                        "pyenv's selected versions (\(selection.versions.joined(separator: ", ")), " +
                        "set by \(selection.origin)) have no python3",
                        remedy: "pass --python with the interpreter's path")
    }

    /// The first base interpreter, in the sources' order, whose version
    /// the specifier accepts. When none can be used, the ones that match
    /// but cannot be used (older than 3.8, broken) are named with their reason.
    static func version(_ specifier: VersionSpecifier,
                        _ options: FindOptions) throws(VenvError) -> (String, FoundPython?) {
        var seen: [String] = []
        var unusable: [String] = []
        for group in Finder.discover(Locators.interpreters, options) where !group.isEnvironment {
            let record = group.record()
            // Broken, or older than creation takes (2.7, 3.0-3.7).
            if let error = record.error ?? record.unsupported {
                if let version = record.version ?? unresolvedVersion(record), specifier.matches(version) {
                    let reason = error.hasPrefix(record.executable + ": ")
                        ? String(error.dropFirst(record.executable.count + 2)) : error
                    let which = record.manager.map { "\($0)'s \(record.name ?? version) (\(record.executable))" }
                        ?? record.executable
                    unusable.append("\(which) exists, but \(reason)")
                }
                continue
            }
            guard let version = record.version else { continue }
            if specifier.matches(version) {
                var executable = record.executable
                // `3.12` means the command `python3.12`, as on PATH.
                if let (major, minor) = specifier.exactMinor {
                    let sibling = PathText.join(PathText.dirname(executable), "python\(major).\(minor)")
                    if FS.isExecutableFile(sibling) { executable = sibling }
                }
                return (executable, record)
            }
            if !seen.contains(version) { seen.append(version) }
        }
        if !unusable.isEmpty {
            throw VenvError(.noPython, nil,
                            "no Python that can be used matches \(specifier): " + unusable.joined(separator: "; ")
                                + "; " + (seen.isEmpty ? "no usable one was found" : "usable: " + seen.joined(separator: ", ")),
                            remedy: "install one that can be, or pass --python with another interpreter's path")
        }
        let found = seen.isEmpty ? "none was found" : "found " + seen.joined(separator: ", ")
        throw VenvError(.noPython, nil,
                        "no Python matches \(specifier) (looked on PATH, in /usr/bin and /usr/local/bin, " +
                        "in pyenv's versions and uv's Pythons); \(found)",
                        remedy: "install one, or pass --python with an interpreter's path")
    }

    /// The version of an interpreter that could not be resolved, as far as
    /// its files tell: pyenv's name for it (`3.7.16`), else `X.Y` from the
    /// name of the binary its links lead to (`python3.7`).
    static func unresolvedVersion(_ record: FoundPython) -> String? {
        if record.manager == "pyenv", let name = record.name, let version = PythonVersion(name),
           name.hasPrefix("\(version.major).\(version.minor)") {
            return name
        }
        let binary = FS.followLinks(record.executable).map(PathText.basename)
        return Resolver.shortVersion(binaryName: binary).map { "\($0.0).\($0.1)" }
    }
}
