#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SystemPackage

/// Turns what the user named (nothing, a version, a name or a path) into the
/// absolute path of a real base interpreter: pyenv shims resolved the way
/// pyenv itself would, a virtual environment's Python replaced by its base.
enum InterpreterLocator {
    static func locate(_ spec: String?) throws(VenvError) -> FilePath {
        let spec = spec ?? "python3"
        guard !spec.isEmpty, !spec.contains("\0") else {
            throw VenvError(.invalid, "--python: an empty name is not an interpreter; give a path such as /usr/bin/python3 or a version such as 3.12")
        }
        let found: FilePath
        if spec.contains("/") {
            found = try FS.absolute(FilePath(spec))
            if isPyenvShim(found) {
                // An explicit shim has no PATH to continue: "system" cannot be followed.
                guard let resolved = try resolveShim(found, name: found.name, searchPathAfter: nil) else {
                    throw VenvError(.noPython, "\(found): is a pyenv shim for the system Python; pass --python with the real interpreter's path")
                }
                return try baseOfVenv(resolved)
            }
            guard FS.isExecutableFile(found) else {
                throw VenvError(.noPython, "\(found): no such Python interpreter; check the path or pass --python with another one")
            }
        } else {
            let name = isVersion(spec) ? "python" + spec : spec
            found = try searchPath(for: name)
        }
        return try baseOfVenv(found)
    }

    static func isVersion(_ spec: String) -> Bool {
        !spec.isEmpty && spec.allSatisfy { $0.isNumber || $0 == "." } && spec.first!.isNumber
    }

    /// The first executable `name` on `PATH`, pyenv shims resolved.
    static func searchPath(for name: String) throws(VenvError) -> FilePath {
        let directories = (Process.variable("PATH") ?? "/usr/local/bin:/usr/bin:/bin")
            .split(separator: ":", omittingEmptySubsequences: true).map { FilePath(String($0)) }
        var index = 0
        while index < directories.count {
            let candidate = directories[index].appending(name)
            index += 1
            guard FS.isExecutableFile(candidate) else { continue }
            let absolute = try FS.absolute(candidate)
            if isPyenvShim(absolute) {
                if let resolved = try resolveShim(absolute, name: name, searchPathAfter: directories[index...]) {
                    return resolved
                }
                continue
            }
            return absolute
        }
        throw VenvError(.noPython, "\(name): not found on PATH; install it or pass --python with the path of an interpreter")
    }

    // MARK: pyenv

    /// A pyenv shim is a small shell script that runs `pyenv exec`.
    static func isPyenvShim(_ path: FilePath) -> Bool {
        guard let head = try? FS.readPrefix(path, count: 512) else { return false }
        let text = String(decoding: head, as: UTF8.self)
        return text.hasPrefix("#!") && text.contains("pyenv") && text.contains("exec")
    }

    /// What the shim at `shim` would run for the command `name`, decided from
    /// pyenv's own files (`PYENV_VERSION`, `.python-version`, `version`).
    /// "system" continues the `PATH` search after the shim; without a `PATH`
    /// to continue, or when no selected version has `name`, it refuses.
    static func resolveShim(_ shim: FilePath, name: String,
                            searchPathAfter rest: ArraySlice<FilePath>?) throws(VenvError) -> FilePath? {
        let root = pyenvRoot(shim)
        let selected = selectedVersions(root: root)
        for version in selected {
            if version == "system" {
                guard let rest else { break }
                for directory in rest where !isPyenvShim(directory.appending(name)) {
                    if FS.isExecutableFile(directory.appending(name)) { return try FS.absolute(directory.appending(name)) }
                }
                continue
            }
            let candidate = root.appending("versions").appending(version).appending("bin").appending(name)
            if FS.isExecutableFile(candidate) { return candidate }
        }
        // A version-named command (python3.12) that the selected version lacks:
        // take the newest installed pyenv version that has it.
        if name.hasPrefix("python3."), let installed = try? FS.contents(of: root.appending("versions")) {
            let best = installed
                .compactMap { v -> (PythonVersion, FilePath)? in
                    let candidate = root.appending("versions").appending(v).appending("bin").appending(name)
                    guard let parsed = PythonVersion(v), FS.isExecutableFile(candidate) else { return nil }
                    return (parsed, candidate)
                }
                .max { $0.0 < $1.0 }
            if let best { return best.1 }
        }
        throw VenvError(.noPython, "\(shim): is a pyenv shim, and pyenv's selected version (\(selected.joined(separator: ", "))) has no \(name); pass --python with the real interpreter's path, such as \(root)/versions/VERSION/bin/\(name)")
    }

    static func pyenvRoot(_ shim: FilePath) -> FilePath {
        if let root = Process.variable("PYENV_ROOT"), root.hasPrefix("/") { return FilePath(root) }
        // …/shims/python3 → …
        return shim.removingLastComponent().removingLastComponent()
    }

    /// pyenv's order: `PYENV_VERSION`, then the nearest `.python-version`
    /// from the current directory up, then `$PYENV_ROOT/version`, else system.
    static func selectedVersions(root: FilePath) -> [String] {
        func parse(_ text: String) -> [String] {
            text.split(whereSeparator: { $0 == "\n" || $0 == " " || $0 == ":" || $0 == "\t" || $0 == "\r" })
                .map(String.init).filter { !$0.hasPrefix("#") }
        }
        if let env = Process.variable("PYENV_VERSION"), !parse(env).isEmpty { return parse(env) }
        if var directory = try? FS.currentDirectory() {
            while true {
                if let bytes = try? FS.readFile(directory.appending(".python-version"), limit: 4096) {
                    let versions = parse(String(decoding: bytes, as: UTF8.self))
                    if !versions.isEmpty { return versions }
                }
                guard let parent = directory.parentOrNil else { break }
                directory = parent
            }
        }
        if let bytes = try? FS.readFile(root.appending("version"), limit: 4096) {
            let versions = parse(String(decoding: bytes, as: UTF8.self))
            if !versions.isEmpty { return versions }
        }
        return ["system"]
    }

    // MARK: virtual environments

    /// A Python inside a virtual environment is not a base: the base is the
    /// interpreter of the same name in the environment's `home`, else the
    /// real binary the environment's Python links to.
    static func baseOfVenv(_ executable: FilePath) throws(VenvError) -> FilePath {
        let bin = executable.removingLastComponent()
        let config = [bin.appending("pyvenv.cfg"), bin.removingLastComponent().appending("pyvenv.cfg")]
            .first { FS.kind($0) == .file }
        guard let config, let home = try? PyvenvConfig.read(config).home, !home.isEmpty else { return executable }
        let sameName = FilePath(home).appending(executable.name)
        if FS.isExecutableFile(sameName), !isInside(sameName, bin.removingLastComponent()) { return sameName }
        if let real = FS.realPath(executable), !isInside(real, bin.removingLastComponent()) { return real }
        throw VenvError(.noPython, "\(executable): belongs to the virtual environment \(bin.removingLastComponent()), whose base interpreter cannot be found (home = \(home)); pass --python with the base interpreter")
    }

    private static func isInside(_ path: FilePath, _ directory: FilePath) -> Bool {
        path.starts(with: directory)
    }
}
