/// What `doctor` found in one environment, read from files alone.
public struct Diagnosis: Sendable, Equatable {
    /// The environment directory (absolute).
    public var environment: String
    /// pyvenv.cfg's `version` (or `version_info`), as written; nil when unreadable.
    public var version: String?
    /// pyvenv.cfg's `home`.
    public var home: String?
    /// The version of the base the environment's python runs now, read from
    /// the base's files; nil when the base is gone.
    public var baseVersion: String?
    /// The base interpreter's real binary, when it is there.
    public var baseExecutable: String?
    /// Every problem found, in the order checked; empty when healthy.
    public var problems: [HealthProblem]
    /// When the base is gone or changed: interpreters that could replace
    /// it (same minor version first, newest first), as `find` knows them.
    public var replacements: [Replacement]

    public struct Replacement: Sendable, Equatable {
        public var version: String
        public var executable: String
        public init(version: String, executable: String) {
            self.version = version
            self.executable = executable
        }
    }

    public init(environment: String, version: String? = nil, home: String? = nil, baseVersion: String? = nil,
                baseExecutable: String? = nil, problems: [HealthProblem] = [], replacements: [Replacement] = []) {
        self.environment = environment
        self.version = version
        self.home = home
        self.baseVersion = baseVersion
        self.baseExecutable = baseExecutable
        self.problems = problems
        self.replacements = replacements
    }

    public var isHealthy: Bool { problems.isEmpty }

    /// The problems' codes, each once, in the order found.
    public var codes: [String] {
        var seen: [String] = []
        for problem in problems where !seen.contains(problem.code.rawValue) { seen.append(problem.code.rawValue) }
        return seen
    }

    /// One JSON object on one line, with exactly the keys `swift-venv doctor
    /// --json` documents, in this order.
    public var json: String {
        var object = JSONObject()
        object["environment"] = .string(environment)
        object["healthy"] = .bool(isHealthy)
        object["version"] = .optional(version)
        object["home"] = .optional(home)
        object["base_version"] = .optional(baseVersion)
        object["base_executable"] = .optional(baseExecutable)
        object["codes"] = .strings(codes)
        object["problems"] = .array(problems.map { .object($0.jsonObject) })
        object["replacements"] = .array(replacements.map { replacement in
            var item = JSONObject()
            item["version"] = .string(replacement.version)
            item["executable"] = .string(replacement.executable)
            return .object(item)
        })
        return object.text
    }
}
