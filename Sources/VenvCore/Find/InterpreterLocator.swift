#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// Turns what the user named into the absolute path of a real base
/// interpreter: the Python `PythonChoice` says the spec means (the same
/// choice `swift-venv find --python` prints), pyenv shims resolved the way
/// pyenv itself would, a virtual environment's Python replaced by its base.
enum InterpreterLocator {
    static func locate(_ spec: String?) throws(VenvError) -> FilePath {
        try baseOfVenv(PythonChoice.executable(for: spec))
    }

    /// The first executable `name` on `PATH`, pyenv shims resolved (or,
    /// with `skippingShims`, passed over: pyenv's "system").
    static func searchPath(for name: String, skippingShims: Bool = false) throws(VenvError) -> FilePath {
        let directories = PathLocator.directories(FindContext(options: FindOptions())).map { FilePath($0) }
        var index = 0
        while index < directories.count {
            let candidate = directories[index].appending(name)
            index += 1
            guard FS.isExecutableFile(candidate) else { continue }
            if isPyenvShim(candidate) {
                if skippingShims { continue }
                if let resolved = try resolveShim(candidate, name: name, searchPathAfter: directories[index...]) {
                    return resolved
                }
                continue
            }
            return candidate
        }
        throw VenvError(.noPython, FilePath(name), "not found on PATH\(skippingShims ? " (pyenv shims aside)" : "")",
                        remedy: "install it or pass --python with the path of an interpreter")
    }

    // MARK: pyenv

    /// A pyenv shim is a small shell script that runs `pyenv exec`.
    static func isPyenvShim(_ path: FilePath) -> Bool {
        guard let head = try? FS.readPrefix(path, count: 512) else { return false }
        // Searched as bytes: String.contains walks Characters, about 120,000
        // instructions for a shim's 278 bytes (a sixth of a whole `find` with
        // pyenv's shims on PATH).
        return head.count > 2 && head[0] == UInt8(ascii: "#") && head[1] == UInt8(ascii: "!")
            && head.firstRange(of: "pyenv".utf8) != nil && head.firstRange(of: "exec".utf8) != nil
    }

    static func isPyenvShim(_ path: String) -> Bool { isPyenvShim(FilePath(path)) }

    /// What the shim at `shim` would run for the command `name`, decided from
    /// pyenv's own files (`PYENV_VERSION`, `.python-version`, `version`).
    /// "system" continues the `PATH` search after the shim; without a `PATH`
    /// to continue, or when no selected version has `name`, it refuses.
    /// With `newestHavingIt`, a version-named command the selection lacks
    /// is taken from the newest installed version that has it (a creation
    /// convenience; pyenv itself says "command not found"). `selecting`
    /// reads pyenv's selection for a root (a search reads it once).
    static func resolveShim(_ shim: FilePath, name: String, searchPathAfter rest: ArraySlice<FilePath>?,
                            newestHavingIt: Bool = true,
                            selecting: (String) -> PyenvSelection = { PyenvSelection(root: $0) })
        throws(VenvError) -> FilePath? {
        let root = pyenvRoot(shim)
        let selection = selecting(root.string)
        if let missing = selection.notInstalled.first {
            throw VenvError(.noPython, shim,
                            "is a pyenv shim, and pyenv's selected version \(missing) " +
                            "(set by \(selection.origin)) is not installed",
                            remedy: "install it with pyenv, or pass --python with the real interpreter's path")
        }
        for version in selection.versions {
            if version == "system" {
                guard let rest else { break }
                for directory in rest where !isPyenvShim(directory.appending(name)) {
                    if FS.isExecutableFile(directory.appending(name)) {
                        return try FS.absolute(directory.appending(name))
                    }
                }
                continue
            }
            let candidate = root.appending("versions").appending(version).appending("bin").appending(name)
            if FS.isExecutableFile(candidate) { return candidate }
        }
        // A version-named command (python3.12) that the selected version lacks:
        // take the newest installed pyenv version that has it.
        if newestHavingIt, name.hasPrefix("python3."),
           let installed = try? FS.contents(of: root.appending("versions")) {
            let best = installed
                .compactMap { v -> (PythonVersion, FilePath)? in
                    let candidate = root.appending("versions").appending(v).appending("bin").appending(name)
                    guard let parsed = PythonVersion(v), FS.isExecutableFile(candidate) else { return nil }
                    return (parsed, candidate)
                }
                .max { $0.0 < $1.0 }
            if let best { return best.1 }
        }
        if rest == nil && selection.versions == ["system"] {
            throw VenvError(.noPython, shim, "is a pyenv shim for the system Python",
                            remedy: "pass --python with the real interpreter's path")
        }
        throw VenvError(.noPython, shim,
                        "is a pyenv shim, and pyenv's selected version " +
                        "(\(selection.versions.joined(separator: ", "))) has no \(name)",
                        remedy: "pass --python with the real interpreter's path, " +
                                "such as \(root)/versions/VERSION/bin/\(name)")
    }

    /// The root a shim runs pyenv with: the one `pyenv rehash` wrote into it
    /// (`export PYENV_ROOT="…"`, which overrides the caller's), else
    /// `$PYENV_ROOT`, else the directory above `shims/`.
    static func pyenvRoot(_ shim: FilePath) -> FilePath {
        if let head = try? FS.readPrefix(shim, count: 1024) {
            let marker = Array("export PYENV_ROOT=\"".utf8)
            if let at = head.firstRange(of: marker),
               let end = head[(at + marker.count)...].firstIndex(of: UInt8(ascii: "\"")) {
                let root = String(decoding: head[(at + marker.count)..<end], as: UTF8.self)
                if root.hasPrefix("/") { return FilePath(root) }
            }
        }
        if let root = Environment.variable("PYENV_ROOT"), root.hasPrefix("/") { return FilePath(root) }
        // …/shims/python3 → …
        return shim.removingLastComponent().removingLastComponent()
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
        throw VenvError(.noPython, executable,
                        "belongs to the virtual environment \(bin.removingLastComponent()), " +
                        "whose base interpreter cannot be found (home = \(home))",
                        remedy: "pass --python with the base interpreter")
    }

    private static func isInside(_ path: FilePath, _ directory: FilePath) -> Bool {
        path.starts(with: directory)
    }
}

/// The versions pyenv selects, read as pyenv reads them: `PYENV_VERSION`
/// (`:`-separated), else the first `.python-version` from the working
/// directory up, else `$PYENV_ROOT/version`. A version file gives the first
/// word of each line, skipping empty lines and `#` comments. Each name is
/// taken as installed, then without a `python-` prefix, then as a prefix
/// meaning the newest installed release (`3.12` → `3.12.1`), as
/// `pyenv version-name` and `pyenv latest` do.
struct PyenvSelection {
    /// Installed version names (or `system`), in pyenv's order.
    var versions: [String] = []
    /// Names that are set but not installed (pyenv refuses these).
    var notInstalled: [String] = []
    /// What set them: `PYENV_VERSION`, a file's path, or nothing.
    var origin: String = ""
    /// Whether anything set a version at all (else pyenv runs `system`).
    var isSet: Bool { !origin.isEmpty }

    init(root: String) {
        var names: [String] = []
        if let env = Environment.variable("PYENV_VERSION"), !env.isEmpty {
            names = env.split(separator: ":").map(String.init)
            origin = "the PYENV_VERSION environment variable"
        } else if let (file, read) = Self.versionFile(root: root) {
            names = read
            origin = file
        }
        if names.isEmpty || names == ["system"] { versions = ["system"]; return }
        for name in names {
            if let installed = Self.installedName(name, root: root) { versions.append(installed) }
            else { notInstalled.append(name) }
        }
    }

    /// The nearest `.python-version` from the working directory up, else
    /// `$PYENV_ROOT/version`, with the names it gives; nil when none gives any.
    static func versionFile(root: String) -> (String, [String])? {
        if var directory = try? FS.absolute(".") {
            while true {
                let file = PathText.join(directory, ".python-version")
                if let names = read(file) { return (file, names) }
                guard directory != "/" else { break }
                directory = PathText.dirname(directory)
            }
        }
        let global = PathText.join(root, "version")
        return read(global).map { (global, $0) }
    }

    /// `pyenv version-file-read`: the first word of each line, empty lines
    /// and words starting with `#` skipped; nil for a missing or empty file.
    static func read(_ file: String) -> [String]? {
        guard let bytes = FS.readRegularFile(file, limit: 1 << 20), !bytes.isEmpty else { return nil }
        // On bytes: as Characters, "\r\n" is one and would not split at "\n".
        var names: [String] = []
        for line in bytes.split(separator: UInt8(ascii: "\n")) {
            guard let word = line.split(whereSeparator: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }).first,
                  word.first != UInt8(ascii: "#") else { continue }
            let name = String(decoding: word, as: UTF8.self)
            // pyenv refuses names that climb out of versions/ (CVE-2022-35861).
            if name == ".." || name.contains("/") { continue }
            names.append(name)
        }
        return names.isEmpty ? nil : names
    }

    /// The installed version directory `name` means, or nil.
    static func installedName(_ name: String, root: String) -> String? {
        let versions = PathText.join(root, "versions")
        if name == "system" { return name }
        for candidate in [name, name.hasPrefix("python-") ? String(name.dropFirst(7)) : nil].compactMap({ $0 }) {
            if FS.isDirectory(PathText.join(versions, candidate)) { return candidate }
        }
        for candidate in [name, name.hasPrefix("python-") ? String(name.dropFirst(7)) : nil].compactMap({ $0 }) {
            if let latest = latest(prefix: candidate, versions: versions) { return latest }
        }
        return nil
    }

    /// `pyenv latest -b PREFIX`: the newest directory in `versions/` (no
    /// `-dev`, no pre-release, no free-threaded build unless asked for with
    /// a `t`) whose name is PREFIX followed by `.` or `-`.
    static func latest(prefix: String, versions: String) -> String? {
        var prefix = prefix
        var threaded = false
        if prefix.hasSuffix("t"), prefix.dropLast().last?.isNumber == true { prefix.removeLast(); threaded = true }
        var best: (PythonVersion, String)?
        for name in (try? FS.contents(of: FilePath(versions))) ?? [] {
            guard name.hasPrefix(prefix + ".") || name.hasPrefix(prefix + "-") else { continue }
            if name.hasSuffix("-dev") || name.hasSuffix("-src") || name.hasSuffix("-latest") { continue }
            if name.hasSuffix("t") != threaded { continue }
            let digits = threaded ? String(name.dropLast()) : name
            guard digits.last?.isNumber == true, !Self.isPrerelease(digits) else { continue }
            guard FS.isDirectory(PathText.join(versions, name)) else { continue }
            guard let version = PythonVersion(digits.split(separator: "-").last.map(String.init) ?? digits) else {
                continue
            }
            if best == nil || best!.0 < version { best = (version, name) }
        }
        return best?.1
    }

    /// `3.13.0rc1`, `3.12.0b2`, `3.14.0a1`: digits, then a, b or rc, then digits.
    private static func isPrerelease(_ name: String) -> Bool {
        let head = name.reversed().drop { $0.isNumber }
        guard head.count < name.count else { return false }
        for marker in ["a", "b", "rc"] where head.starts(with: marker.reversed()) {
            if head.dropFirst(marker.count).first?.isNumber == true { return true }
        }
        return false
    }
}
