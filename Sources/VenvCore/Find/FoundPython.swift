/// One Python found on the machine: a base interpreter or an environment,
/// however many paths reach it. Every field is read from files; `error`
/// says why one is broken instead of dropping it.
public struct FoundPython: Sendable, Equatable {
    public enum Kind: String, Sendable { case interpreter, environment }

    public var kind: Kind
    /// The python a user would run (absolute, symlinks kept).
    public var executable: String
    /// `sys.prefix`, `sys.base_prefix`, the full version and
    /// `site.getsitepackages()`, as `swift-venv info` resolves them; nil
    /// (empty for site-packages) where a broken Python leaves them unknown.
    public var prefix: String?
    public var basePrefix: String?
    public var version: String?
    public var sitePackages: [String]
    /// `cpython`, `pypy`, ...
    public var implementation: String
    /// Where it was found (`FindSource` raw values), in the order found.
    public var sources: [String]
    /// The tool that owns it (`pyenv`, `virtualenvwrapper`, ...), or nil.
    public var manager: String?
    /// For environments, the tool that made it, as pyvenv.cfg's keys say.
    public var creator: String?
    /// Its name as its manager shows it.
    public var name: String?
    /// The project directory (or pipx package) it belongs to, where files say so.
    public var project: String?
    /// The other paths found that reach the same Python.
    public var symlinks: [String]
    /// Nil, or one line saying why it is broken.
    public var error: String?
    /// Nil, or one line saying why it cannot be a base for creation
    /// (2.7 and 3.0-3.7, reported with their paths all the same).
    public var unsupported: String?
    /// For environments, the codes of the problems `doctor` finds
    /// (`HealthProblem.Code`), each once; empty when healthy and for
    /// interpreters. Nil until computed: running every check of `doctor`
    /// costs several times the record itself, so `find` computes them only
    /// when asked (`FindOptions.problems`, `--problems`); `diagnosedProblems()`
    /// computes them for any record.
    public var problems: [String]?

    public init(kind: Kind, executable: String, prefix: String? = nil, basePrefix: String? = nil,
                version: String? = nil, sitePackages: [String] = [], implementation: String = "cpython",
                sources: [String] = [], manager: String? = nil, creator: String? = nil, name: String? = nil,
                project: String? = nil, symlinks: [String] = [], error: String? = nil,
                unsupported: String? = nil, problems: [String]? = nil) {
        self.kind = kind
        self.executable = executable
        self.prefix = prefix
        self.basePrefix = basePrefix
        self.version = version
        self.sitePackages = sitePackages
        self.implementation = implementation
        self.sources = sources
        self.manager = manager
        self.creator = creator
        self.name = name
        self.project = project
        self.symlinks = symlinks
        self.error = error
        self.unsupported = unsupported
        self.problems = problems
    }

    /// `problems` when computed, else the codes `doctor` finds now (an
    /// environment's; none for an interpreter or a conda prefix, which
    /// `doctor` does not take).
    public func diagnosedProblems() -> [String] {
        if let problems { return problems }
        guard kind == .environment, let prefix else { return [] }
        var doctor = Doctor(listsReplacements: false)
        return (try? doctor.diagnose(prefix).codes) ?? []
    }

    /// One JSON object on one line, with exactly the keys `swift-venv find
    /// --json` documents, in this order.
    public var json: String { String(decoding: jsonBytes, as: UTF8.self) }

    /// `json` as UTF-8 bytes, written straight into one buffer (a record
    /// is written per environment: `JSONObject`'s members and lookups, and
    /// appending to a `String`, cost more than the line itself).
    package var jsonBytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(512 + 64 * sitePackages.count)
        func member(_ key: StaticString, _ value: String?) {
            out.append(contentsOf: UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
            if let value { JSONObject.quote(value, into: &out) } else { out.append(contentsOf: "null".utf8) }
        }
        func member(_ key: StaticString, _ list: [String]?) {
            out.append(contentsOf: UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
            guard let list else { return out.append(contentsOf: "null".utf8) }
            out.append(UInt8(ascii: "["))
            for (index, item) in list.enumerated() {
                if index > 0 { out.append(contentsOf: ", ".utf8) }
                JSONObject.quote(item, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        }
        member("{\"kind\": ", kind.rawValue)
        member(", \"executable\": ", executable)
        member(", \"prefix\": ", prefix)
        member(", \"base_prefix\": ", basePrefix)
        member(", \"version\": ", version)
        member(", \"site_packages\": ", sitePackages)
        member(", \"implementation\": ", implementation)
        member(", \"sources\": ", sources)
        member(", \"manager\": ", manager)
        member(", \"creator\": ", creator)
        member(", \"name\": ", name)
        member(", \"project\": ", project)
        member(", \"symlinks\": ", symlinks)
        member(", \"error\": ", error)
        member(", \"unsupported\": ", unsupported)
        member(", \"problems\": ", problems)
        out.append(UInt8(ascii: "}"))
        return out
    }
}
