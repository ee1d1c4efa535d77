import SystemPackage

/// A manager as PET reports it (`EnvManager`): the tool's executable, its
/// version when known, and which tool it is.
public struct PetManager: Sendable, Equatable {
    public var executable: String
    public var version: String?
    public var tool: PetManagerTool

    var jsonValue: JSONObject.Value {
        var object = JSONObject()
        object["executable"] = .string(executable)
        object["version"] = .optional(version)
        object["tool"] = .string(tool.rawValue)
        return .object(object)
    }

    /// `jsonValue` as text on one line.
    public var json: String {
        var out = ""
        JSONObject.write(jsonValue, into: &out)
        return out
    }

    /// As PET prints a manager for a person (its `Display`).
    public var description: String {
        "Manager (\(tool.rawValue))\n   Executable  : \(TerminalText.escaped(executable))\n"
            + (version.map { "   Version     : \(TerminalText.escaped($0))\n" } ?? "")
    }
}

/// One environment in PET's schema (`PythonEnvironment`, camelCase, every
/// field present, null when unknown), made from one `find` record: the
/// `version` and `prefix` a client would otherwise start Python for are
/// the ones `find` read from files.
public struct PetEnvironment: Sendable, Equatable {
    public var displayName: String?
    public var name: String?
    public var executable: String?
    public var kind: PetKind
    public var version: String?
    public var prefix: String?
    public var manager: PetManager?
    public var project: String?
    /// `x64` or `x86` (PET's `Architecture`, whose only values they are:
    /// a 64-bit Python is `x64` whatever its machine, as PET's `is64_bit`
    /// makes it), read from the ELF header of the interpreter; nil for a
    /// broken Python, or a file that is not ELF.
    public var arch: String?
    public var symlinks: [String]
    public var error: String?

    /// The record `find` made, in PET's words; `managers` are the ones the
    /// client configured or this machine has (`PetManagers`).
    init(_ record: FoundPython, managers: PetManagers) {
        kind = PetKind.of(record)
        // PET names a pixi environment by its directory (`crates/pet-pixi`).
        name = record.name ?? (kind == .pixi ? record.prefix.map(PathText.basename) : nil)
        executable = record.executable
        version = record.version ?? Self.baseVersion(record.executable)
        prefix = record.prefix
        project = record.project
        symlinks = [record.executable] + record.symlinks
        error = record.error
        manager = managers.manager(for: kind, record)
        // A record without error names a regular executable file (never a FIFO to block on).
        arch = record.error == nil ? Self.arch(record.executable) : nil
    }

    /// `x64` for an ELF file of class 64, `x86` for class 32 (its fifth
    /// byte), else nil. PET asks the interpreter (`sys.maxsize > 2**32`);
    /// the class of its binary says the same without starting it.
    static func arch(_ executable: String) -> String? {
        guard let head = try? FS.readPrefix(FilePath(executable), count: 5), head.count == 5,
              head[0] == 0x7F, head[1] == UInt8(ascii: "E"), head[2] == UInt8(ascii: "L"), head[3] == UInt8(ascii: "F")
        else { return nil }
        return head[4] == 2 ? "x64" : head[4] == 1 ? "x86" : nil
    }

    /// The version of the interpreter `executable` links to, from its
    /// files: what a broken environment (an unreadable pyvenv.cfg) runs, so
    /// that a client has a version without starting Python.
    static func baseVersion(_ executable: String) -> String? {
        guard let real = FS.followLinks(executable), real != executable else { return nil }
        return try? EnvironmentInfo.resolve(FilePath(real), olderPythons: true).version
    }

    /// The object PET writes, its keys in PET's order.
    var jsonValue: JSONObject.Value {
        var object = JSONObject()
        object["displayName"] = .optional(displayName)
        object["name"] = .optional(name)
        object["executable"] = .optional(executable)
        object["kind"] = .string(kind.rawValue)
        object["version"] = .optional(version)
        object["prefix"] = .optional(prefix)
        object["manager"] = manager?.jsonValue ?? .null
        object["project"] = .optional(project)
        object["arch"] = .optional(arch)
        object["symlinks"] = .strings(symlinks)
        object["error"] = .optional(error)
        return .object(object)
    }

    /// `jsonValue` as text on one line.
    public var json: String {
        var out = ""
        JSONObject.write(jsonValue, into: &out)
        return out
    }
}

/// The managers PET reports: conda's, pyenv's, and the pipenv and poetry
/// executables a client configured, each found from files (no tool run).
struct PetManagers {
    var condaExecutable: String?
    var pipenvExecutable: String?
    var poetryExecutable: String?
    var pyenvRoot: String?

    /// The manager of an environment of `kind`, or nil.
    func manager(for kind: PetKind, _ record: FoundPython) -> PetManager? {
        switch kind {
        case .pyenv, .pyenvVirtualEnv:
            // PET's: `$PYENV_ROOT/bin/pyenv` when it is there.
            guard let root = pyenvRoot else { return nil }
            let pyenv = PathText.join(root, "bin", "pyenv")
            return FS.isExecutableFile(pyenv) ? PetManager(executable: pyenv, tool: .pyenv) : nil
        case .conda:
            if let condaExecutable { return PetManager(executable: condaExecutable, tool: .conda) }
            // The installation's own `bin/conda`: the prefix's, or its root's for `envs/NAME`.
            guard let prefix = record.prefix else { return nil }
            let parent = PathText.dirname(prefix)
            let root = PathText.basename(parent) == "envs" ? PathText.dirname(parent) : prefix
            let conda = PathText.join(root, "bin", "conda")
            return FS.isExecutableFile(conda) ? PetManager(executable: conda, tool: .conda) : nil
        case .pipenv:
            return pipenvExecutable.map { PetManager(executable: $0, tool: .pipenv) }
        case .poetry:
            return poetryExecutable.map { PetManager(executable: $0, tool: .poetry) }
        default:
            return nil
        }
    }
}

extension PetEnvironment {
    /// As PET prints an environment for a person (its `Display`), control
    /// characters escaped.
    public var description: String {
        var out = "Environment (\(kind.rawValue))\n"
        func line(_ label: String, _ value: String?) {
            if let value { out += "   \(label): \(TerminalText.escaped(value))\n" }
        }
        line("Display-Name", displayName)
        line("Name        ", name)
        line("Executable  ", executable)
        line("Version     ", version)
        line("Prefix      ", prefix)
        line("Project     ", project)
        line("Architecture", arch)
        line("Manager     ", manager.map { "\($0.tool.rawValue), \($0.executable)" })
        for (index, symlink) in symlinks.enumerated() {
            line(index == 0 ? "Symlinks    " : "            ", symlink)
        }
        line("Error       ", error)
        return out
    }
}
