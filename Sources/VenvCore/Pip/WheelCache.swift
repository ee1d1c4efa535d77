#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// Wheels unpacked once, next to the interpreter facts, so that seeding an
/// environment is copying files rather than reading zips.
///
/// `<cache>/wheels/<wheel name>-<stamp>/` holds the members exactly as the
/// wheel names them, a manifest (`.swift-venv-wheel`: one line per file,
/// `x` or `-` for its executable bit, a tab, its name), and per interpreter
/// bytecode a list of the `.pyc` files compiled beside the sources
/// (`.swift-venv-pyc-<cache tag>-<magic>`). Both are written last, so a
/// reader never sees half an entry. The stamp is the wheel's path, size and
/// modification time, like the interpreter facts'.
struct WheelCache {
    let folder: FilePath

    init?() {
        guard let directory = InterpreterCache.directory else { return nil }
        folder = directory.appending("wheels")
    }

    static let manifestName = ".swift-venv-wheel"
    static let manifestFormat = "swift-venv unpacked wheel 1"

    /// The wheel at `wheel`, unpacked (now, or by an earlier run).
    func unpacked(_ wheel: FilePath) throws(VenvError) -> UnpackedWheel {
        guard let st = FS.status(wheel) else {
            throw VenvError(.failed, wheel, "cannot read the wheel", remedy: "it has gone")
        }
        let hash = FNV1a.hash("\(wheel)\n\(st.st_size)\n\(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec)")
        let stem = wheel.name.hasSuffix(".whl") ? String(wheel.name.dropLast(4)) : wheel.name
        let root = folder.appending("\(stem)-\(Hex.digits(hash))")
        if let entry = UnpackedWheel(root: root) { return entry }

        try FS.makeDirectories(folder)
        let staging = FS.hidden(.staging, beside: root, unique: true)
        do {
            try unpack(wheel, into: staging)
            do { try FS.rename(staging, to: root) } catch {
                // Another process unpacked it meanwhile: use theirs.
                try? Removal.removeTree(staging)
            }
        } catch {
            try? Removal.removeTree(staging)
            throw error
        }
        guard let entry = UnpackedWheel(root: root) else {
            throw VenvError(.failed, root, "the unpacked wheel cannot be read back", remedy: "remove the directory")
        }
        return entry
    }

    private func unpack(_ wheel: FilePath, into staging: FilePath) throws(VenvError) {
        let zip = try ZipArchive(wheel)
        let modes = FileCopier()
        try FS.makeDirectory(staging)
        var made: Set<String> = [""]
        var manifest = Self.manifestFormat + "\n"
        for entry in zip.entries where !entry.isDirectory {
            let parts = entry.name.split(separator: "/", omittingEmptySubsequences: false)
            guard !entry.name.hasPrefix("/"), !parts.contains(where: { $0 == ".." || $0 == "." || $0.isEmpty }),
                  !entry.name.contains("\t"), !entry.name.contains("\n"), !entry.name.hasPrefix(".swift-venv") else {
                throw VenvError(.failed, wheel, "member \(entry.name) has an unsafe name",
                                remedy: "this wheel cannot be installed")
            }
            try makeParents(of: entry.name, under: staging, &made)
            let bytes = try zip.contents(entry)
            try modes.write(bytes, to: staging.appending(entry.name), executable: entry.isExecutable)
            manifest += (entry.isExecutable ? "x\t" : "-\t") + entry.name + "\n"
        }
        try FS.writeFile(staging.appending(Self.manifestName), manifest)
    }

    /// Compiles the wheel's modules for `interpreter` in the cache, once,
    /// as pip does after installing (`compileall.compile_file(path,
    /// force=True, quiet=True)` for every `.py` bound for site-packages),
    /// and returns the (source, pyc) member pairs that compiled. A wheel
    /// that cannot be compiled gives none: the environment then works
    /// without bytecode, as after `pip install --no-compile`.
    func bytecode(_ wheel: UnpackedWheel,
                  for interpreter: Interpreter) throws(VenvError) -> [(source: String, pyc: String)] {
        guard !interpreter.cacheTag.isEmpty, !interpreter.bytecodeMagic.isEmpty else { return [] }
        let list = wheel.root.appending(".swift-venv-pyc-\(interpreter.cacheTag)-\(interpreter.bytecodeMagic)")
        if let known = try? FS.readFile(list, limit: 16 << 20) { return Self.pairs(known) }

        let sources = wheel.files.map(\.name).filter { $0.hasSuffix(".py") && wheel.isSitePackagesMember($0) }
        guard !sources.isEmpty else { return [] }
        let result = try ChildProcess.run(interpreter.realExecutable,
                                     ["-I", "-c", Self.compileCode, wheel.root.string] + sources,
                                     environment: ChildProcess.pythonEnvironment())
        guard result.succeeded else { return [] }
        let text = result.output
        do {
            try FS.replaceFile(list, text)
        } catch {
            // Unrecorded, it is compiled again next time: slower, not wrong.
        }
        return Self.pairs(Array(text.utf8))
    }

    private static func pairs(_ bytes: [UInt8]) -> [(source: String, pyc: String)] {
        bytes.split(separator: UInt8(ascii: "\n")).compactMap { line in
            guard let tab = line.firstIndex(of: UInt8(ascii: "\t")) else { return nil }
            return (String(decoding: line[..<tab], as: UTF8.self), String(decoding: line[(tab + 1)...], as: UTF8.self))
        }
    }

    /// Run by the base interpreter: argv is the root, then the sources.
    static let compileCode = """
        import compileall, contextlib, importlib.util, io, os, sys, warnings
        root = sys.argv[1]
        done = []
        with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
            warnings.filterwarnings("ignore")
            for source in sys.argv[2:]:
                path = os.path.join(root, source)
                if compileall.compile_file(path, force=True, quiet=True):
                    pyc = importlib.util.cache_from_source(path)
                    if os.path.exists(pyc):
                        done.append((source, os.path.relpath(pyc, root).replace(os.sep, "/")))
        sys.stdout.write("".join("%s\\t%s\\n" % pair for pair in done))
        """

    private func makeParents(of name: String, under root: FilePath, _ made: inout Set<String>) throws(VenvError) {
        var parent = ""
        for part in name.split(separator: "/").dropLast() {
            parent = parent.isEmpty ? String(part) : parent + "/" + part
            if made.insert(parent).inserted { try FS.makeDirectory(root.appending(parent)) }
        }
    }
}

/// A wheel as the cache holds it.
struct UnpackedWheel {
    struct File {
        let name: String
        let executable: Bool
    }

    let root: FilePath
    let files: [File]
    /// `name-version.dist-info`, and the same with `.data`.
    let distInfo: String
    let dataDirectory: String

    /// Reads the manifest of an unpacked wheel; nil if it is not complete.
    init?(root: FilePath) {
        guard let bytes = try? FS.readFile(root.appending(WheelCache.manifestName), limit: 16 << 20) else { return nil }
        // Byte by byte: thousands of lines, read on every seeding.
        var lines = bytes.split(separator: UInt8(ascii: "\n"))
        guard let header = lines.first, header.elementsEqual(WheelCache.manifestFormat.utf8) else { return nil }
        lines.removeFirst()
        var files: [File] = []
        files.reserveCapacity(lines.count)
        var distInfos: Set<String> = []
        for line in lines {
            guard line.count > 2 else { return nil }
            let name = line.dropFirst(2)
            files.append(File(name: String(decoding: name, as: UTF8.self), executable: line.first == UInt8(ascii: "x")))
            // The one top-level `*.dist-info` directory (PEP 427).
            if let slash = name.firstIndex(of: UInt8(ascii: "/")),
               name[..<slash].reversed().starts(with: "ofni-tsid.".utf8) {
                distInfos.insert(String(decoding: name[..<slash], as: UTF8.self))
            }
        }
        guard distInfos.count == 1, let distInfo = distInfos.first else { return nil }
        self.root = root
        self.files = files
        self.distInfo = distInfo
        self.dataDirectory = String(distInfo.dropLast(".dist-info".count)) + ".data"
    }

    /// The project name as the wheel spells it (`pip`, `setuptools`).
    var project: String { String(distInfo.prefix { $0 != "-" }) }

    /// Whether a member is installed into site-packages: everything outside
    /// `.data/`, and `.data/purelib/` and `.data/platlib/`.
    func isSitePackagesMember(_ name: String) -> Bool {
        guard name.hasPrefix(dataDirectory + "/") else { return true }
        let rest = name.dropFirst(dataDirectory.count + 1)
        return rest.hasPrefix("purelib/") || rest.hasPrefix("platlib/")
    }

    func read(_ member: String, limit: Int = 16 << 20) throws(VenvError) -> [UInt8] {
        try FS.readFile(root.appending(member), limit: limit)
    }
}
