#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// `swift-venv install-wheels ENV WHEEL...`, `venv_install_wheels` and
/// `libvenv.install_wheels`: the given wheel files installed into an
/// existing environment by the installer that seeds pip (`WheelInstaller`),
/// with what `pip install WHEEL...` run by the environment's pip would
/// write (files, bytecode, console scripts, `INSTALLER`, `REQUESTED`,
/// `RECORD`). Wheel files only: no resolver, no index, no dependencies.
///
/// Everything is checked before anything is written: the environment, each
/// wheel's name, tags and contents, and that its project is not installed
/// already (pip would uninstall it first; we refuse instead).
public enum WheelInstallation {
    public static func install(_ wheels: [FilePath], into envDir: FilePath,
                               log: (String) -> Void = { _ in }) throws(VenvError) {
        guard !wheels.isEmpty else {
            throw VenvError(.invalid, nil, "no wheel given", remedy: "name one or more .whl files")
        }
        let env = try FS.absolute(envDir)
        let info = try EnvironmentInfo.resolve(env)
        guard info.isVenv, FS.kind(env.appending("pyvenv.cfg")) == .file else {
            throw VenvError(.notVenv, env, "is not a virtual environment (no pyvenv.cfg)",
                            remedy: "create it first, or name the environment's directory")
        }
        let interpreter = try Interpreter.facts(for: FilePath(info.baseExecutable))
        let config = try? PyvenvConfig.read(env.appending("pyvenv.cfg"))
        var context = try EnvBuilder().makeContext(Target(path: env, state: .venv), interpreter, in: env)
        context.relocatable = config?.relocatable == true
        let sitePackages = context.path(context.sitePackages)
        guard FS.isDirectory(sitePackages) else {
            throw VenvError(.notVenv, sitePackages, "is missing, so the environment has nowhere to install to",
                            remedy: "recreate the environment")
        }
        guard let cache = WheelCache() else {
            throw VenvError(.failed, nil, "there is no cache directory to unpack the wheels in",
                            remedy: "set HOME or XDG_CACHE_HOME")
        }

        let present = Set(try FS.contents(of: sitePackages).filter { $0.hasSuffix(".dist-info") }
                              .map(PipSeeder.project))
        var unpacked: [(UnpackedWheel, [(source: String, pyc: String)])] = []
        var projects: Set<String> = []
        for path in wheels {
            let wheel = try FS.absolute(path)
            try checkName(wheel, interpreter)
            let entry = try cache.unpacked(wheel)
            let project = PipSeeder.project(entry.distInfo)
            guard project == PipSeeder.project(wheel.name) else {
                throw VenvError(.failed, wheel, "holds \(entry.distInfo), which is not the project its name says",
                                remedy: "this wheel cannot be installed")
            }
            guard !present.contains(project) else {
                throw VenvError(.exists, sitePackages.appending(entry.distInfo),
                                "\(project) is installed already (pip would uninstall it first)",
                                remedy: "uninstall it first, or create the environment again")
            }
            guard projects.insert(project).inserted else {
                throw VenvError(.invalid, wheel, "\(project) is named twice", remedy: "name each project once")
            }
            unpacked.append((entry, try cache.bytecode(entry, for: interpreter)))
        }
        var installer = WheelInstaller(context: context)
        for (wheel, bytecode) in unpacked {
            log("installing \(wheel.distInfo.dropLast(".dist-info".count)) into \(env)")
            try installer.install(wheel, bytecode: bytecode)
        }
        if context.relocatable { try EnvBuilder().makeConsoleScriptsRelocatable(context) }
    }

    /// A wheel's file name (PEP 427: `name-version[-build]-python-abi-platform.whl`)
    /// and tags the interpreter can run: a pure wheel (`none-any`), or one
    /// built for this CPython (`cpXY`, `abi3` from its version) on Linux for
    /// this machine's architecture.
    static func checkName(_ wheel: FilePath, _ interpreter: Interpreter) throws(VenvError) {
        let name = wheel.name
        let fields = name.hasSuffix(".whl") ? name.dropLast(4).split(separator: "-", omittingEmptySubsequences: false)
                                            : []
        guard fields.count == 5 || fields.count == 6, !fields.contains(where: \.isEmpty) else {
            throw VenvError(.invalid, wheel, "is not a wheel file name (name-version-python-abi-platform.whl)",
                            remedy: "name wheel files only: install-wheels has no resolver and no index")
        }
        let pythons = fields[fields.count - 3].split(separator: "."), abis = fields[fields.count - 2].split(separator: ".")
        let platforms = fields[fields.count - 1].split(separator: ".")
        let v = interpreter.version
        let cp = "cp\(v.major)\(v.minor)"
        // `cp38-abi3`: the stable ABI of 3.8 and every later 3.x.
        let abi3 = abis.contains("abi3") && !interpreter.isFreeThreaded
        let pythonOK = pythons.contains { tag in
            tag == "py\(v.major)" || tag == "py\(v.major)\(v.minor)" || tag == cp
                || (abi3 && tag.hasPrefix("cp\(v.major)") && Int(tag.dropFirst(3)).map { $0 <= v.minor } == true)
        }
        let abiOK = abis.contains { $0 == "none" || (abi3 && $0 == "abi3") || $0 == cp + interpreter.abiflags }
        let arch = ThisProcess.machine
        let platformOK = platforms.contains { $0 == "any" || (($0.hasPrefix("linux_") || $0.hasPrefix("manylinux")
                                                               || $0.hasPrefix("musllinux")) && $0.hasSuffix(arch)) }
        guard pythonOK && abiOK && platformOK else {
            throw VenvError(.invalid, wheel, "is not for this environment's Python \(v) on \(arch)",
                            remedy: "use a wheel built for it, or a pure-Python (none-any) wheel")
        }
    }
}
