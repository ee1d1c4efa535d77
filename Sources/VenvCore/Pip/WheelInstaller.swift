import SystemPackage

/// Installs an unpacked wheel into a new environment the way pip's
/// `install_wheel` does (pip/_internal/operations/install/wheel.py), for
/// the environment's `venv` scheme: the files, `.data/` directories moved to
/// their scheme paths, console scripts, `INSTALLER`, `REQUESTED` and a
/// `RECORD` with the same rows, plus the bytecode pip would have compiled.
struct WheelInstaller {
    /// Where files are written now, and the environment's final path, which
    /// scripts name (the two differ while the environment is staged).
    let buildDir: FilePath
    let envDir: FilePath
    /// site-packages relative to the environment (`lib/python3.12/site-packages`).
    let sitePackages: String
    let version: PythonVersion
    /// The environment's python as pip there would see it (`sys.executable`).
    var python: FilePath { envDir.appending("bin").appending(pythonName) }
    let pythonName: String
    var copier = FileCopier()
    private var made: Set<String> = []

    init(context: Context) {
        buildDir = context.buildDir
        envDir = context.envDir
        sitePackages = context.sitePackages
        version = context.interpreter.version
        pythonName = context.interpreter.name
    }

    mutating func install(_ wheel: UnpackedWheel, bytecode: [(source: String, pyc: String)]) throws(VenvError) {
        try checkWheelVersion(wheel)
        // Zip member name -> RECORD path (relative to site-packages).
        var installed: [String: String] = [:]
        // Installed files pip rewrote (`.data/scripts` with `#!python`), by RECORD path.
        var changed: [String: [UInt8]] = [:]
        var generated: [(path: String, bytes: [UInt8])] = []
        let root = wheel.root.string + "/", build = buildDir.string + "/"

        for file in wheel.files {
            let target = try destination(of: file.name, in: wheel)
            installed[file.name] = target.record
            if target.isScript, let fixed = try fixedScript(wheel, file.name) {
                try write(fixed, to: target.path, executable: file.executable)
                changed[target.record] = fixed
            } else if file.name != wheel.distInfo + "/RECORD" {   // rewritten below
                try ensureParent(of: target.path)
                try copier.copy(root + file.name, to: build + target.path, executable: file.executable)
            }
        }

        var pycRows: [String] = []
        for (source, pyc) in bytecode {
            guard let sourceTarget = installed[source], !sourceTarget.hasPrefix("../") else { continue }
            let target = try destination(of: pyc, in: wheel)
            try ensureParent(of: target.path)
            try copier.copy(root + pyc, to: build + target.path, executable: false)
            pycRows.append(target.record)
        }

        for script in try consoleScripts(wheel) {
            let bytes = ConsoleScript.contents(script, python: python.string)
            let path = "bin/" + script.name
            try write(bytes, to: path, executable: true)
            generated.append((upToEnv + path, bytes))
        }
        let distInfo = sitePackages + "/" + wheel.distInfo
        for (name, text) in [("INSTALLER", "pip\n"), ("REQUESTED", "")] {
            let bytes = Array(text.utf8)
            try write(bytes, to: distInfo + "/" + name, executable: false)
            generated.append((wheel.distInfo + "/" + name, bytes))
        }

        // RECORD: the wheel's rows under their installed paths (rehashed
        // where pip rewrote the file), then the generated files, the
        // bytecode and any member RECORD forgot; sorted as pip sorts them.
        var rows: [Record.Row] = []
        let oldRecord = try wheel.read(wheel.distInfo + "/RECORD")
        for old in Record.parse(oldRecord) {
            let path = installed.removeValue(forKey: old.path) ?? old.path
            if let bytes = changed[path] {
                rows.append(Record.Row(path: path, hash: SHA256.recordHash(bytes), size: String(bytes.count)))
            } else {
                rows.append(Record.Row(path: path, hash: old.hash, size: old.size))
            }
        }
        for (path, bytes) in generated {
            rows.append(Record.Row(path: path, hash: SHA256.recordHash(bytes), size: String(bytes.count)))
        }
        for path in Array(installed.values) + pycRows { rows.append(Record.Row(path: path, hash: "", size: "")) }
        try write(Record.render(rows), to: distInfo + "/RECORD", executable: false)
    }

    // MARK: the scheme

    /// `../../../`: from site-packages back up to the environment.
    private var upToEnv: String {
        String(repeating: "../", count: sitePackages.split(separator: "/").count)
    }

    /// Where a member goes (relative to the environment) and its RECORD path.
    private func destination(of member: String, in wheel: UnpackedWheel) throws(VenvError) -> (path: String,
                                                                                               record: String,
                                                                                               isScript: Bool) {
        guard member.hasPrefix(wheel.dataDirectory + "/") else {
            return (sitePackages + "/" + member, member, false)
        }
        let rest = member.dropFirst(wheel.dataDirectory.count + 1)
        guard let slash = rest.firstIndex(of: "/") else {
            throw VenvError(.failed, wheel.root, "\(member) is not inside a scheme directory of \(wheel.dataDirectory)")
        }
        let key = rest[..<slash], path = String(rest[rest.index(after: slash)...])
        switch key {
        case "purelib", "platlib": return (sitePackages + "/" + path, path, false)
        case "scripts": return ("bin/" + path, upToEnv + "bin/" + path, true)
        case "headers":
            let headers = "include/site/python\(version.short)/\(wheel.project)/" + path
            return (headers, upToEnv + headers, false)
        case "data": return (path, upToEnv + path, false)
        default:
            throw VenvError(.failed, wheel.root, "unknown scheme \(key) in \(wheel.dataDirectory)")
        }
    }

    /// pip's `fix_script`: a `.data/scripts` file whose first line starts
    /// with `#!python` gets the environment's python instead.
    private func fixedScript(_ wheel: UnpackedWheel, _ member: String) throws(VenvError) -> [UInt8]? {
        let bytes = try wheel.read(member, limit: 256 << 20)
        guard bytes.starts(with: Array("#!python".utf8)) else { return nil }
        let end = bytes.firstIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? bytes.count
        return Array("#!\(python)\n".utf8) + bytes[end...]
    }

    private func checkWheelVersion(_ wheel: UnpackedWheel) throws(VenvError) {
        for raw in try wheel.read(wheel.distInfo + "/WHEEL").split(separator: UInt8(ascii: "\n")) {
            let line = Substring(String(decoding: raw, as: UTF8.self))
            guard line.hasPrefix("Wheel-Version:") else { continue }
            let version = line.dropFirst("Wheel-Version:".count).trimmingSpaces
            if version.split(separator: ".").first == "1" { return }
            throw VenvError(.failed, wheel.root, "Wheel-Version \(version) is not supported")
        }
        throw VenvError(.failed, wheel.root, "WHEEL has no Wheel-Version")
    }

    // MARK: console scripts

    /// The scripts pip makes from `entry_points.txt`
    /// (`get_console_script_specs`, as when ensurepip runs with
    /// `--default-pip`): `pip`, `pip3`, `pip3.X` for pip's `pip` entry;
    /// `easy_install` and `easy_install-3.X` for setuptools'; the others
    /// under their own names. gui_scripts are made alike on POSIX.
    private func consoleScripts(_ wheel: UnpackedWheel) throws(VenvError) -> [ConsoleScript] {
        let file = wheel.distInfo + "/entry_points.txt"
        guard wheel.files.contains(where: { $0.name == file }) else { return [] }
        let sections = EntryPoints.parse(try wheel.read(file))
        var scripts: [ConsoleScript] = []
        for section in ["console_scripts", "gui_scripts"] {
            var entries = sections[section] ?? []
            var specs: [(String, String)] = []
            if section == "console_scripts" {
                if let pip = entries.first(where: { $0.name == "pip" })?.value {
                    specs += [("pip", pip), ("pip\(version.major)", pip), ("pip\(version.short)", pip)]
                    entries.removeAll { Self.isPipName($0.name) }
                }
                if let easy = entries.first(where: { $0.name == "easy_install" })?.value {
                    specs += [("easy_install", easy), ("easy_install-\(version.short)", easy)]
                    entries.removeAll { Self.isEasyInstallName($0.name) }
                }
            }
            specs += entries.map { ($0.name, $0.value) }
            for (name, value) in specs {
                guard let script = ConsoleScript(name: name, value: value) else {
                    throw VenvError(.failed, wheel.root, "invalid script entry point \(name) = \(value)")
                }
                scripts.append(script)
            }
        }
        return scripts
    }

    /// `pip(\d+(\.\d+)?)?$`
    static func isPipName(_ name: String) -> Bool {
        guard name.hasPrefix("pip") else { return false }
        let rest = name.dropFirst(3)
        if rest.isEmpty { return true }
        let parts = rest.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count <= 2 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }
    }

    /// `easy_install(-\d+\.\d+)?$`
    static func isEasyInstallName(_ name: String) -> Bool {
        guard name.hasPrefix("easy_install") else { return false }
        let rest = name.dropFirst("easy_install".count)
        if rest.isEmpty { return true }
        guard rest.hasPrefix("-") else { return false }
        let parts = rest.dropFirst().split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 2 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }
    }

    // MARK: writing

    private mutating func write(_ bytes: [UInt8], to path: String, executable: Bool) throws(VenvError) {
        try ensureParent(of: path)
        let target = buildDir.appending(path)
        if FS.kind(target) != .missing { try FS.remove(target) }
        try copier.write(bytes, to: target, executable: executable)
    }

    private mutating func ensureParent(of path: String) throws(VenvError) {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return }
        let parent = String(path[..<slash])
        if made.contains(parent) { return }
        try FS.makeDirectories(buildDir.appending(parent))
        made.insert(parent)
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}

extension Substring {
    var trimmingSpaces: Substring {
        var s = self
        while let c = s.first, c == " " || c == "\t" || c == "\r" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" || c == "\r" { s.removeLast() }
        return s
    }
}
