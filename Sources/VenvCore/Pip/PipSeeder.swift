/// Installs the wheels the base's `ensurepip` would install, without running
/// pip: each wheel is unpacked and byte-compiled once into the cache, then
/// copied into every new environment with the files pip would generate.
///
/// Seeding is only tried where its result is the one ensurepip's would be:
/// the base names its wheels, the cache is usable, and the environment has
/// none of those projects yet (`--upgrade` of an environment with pip keeps
/// ensurepip's "upgrade if newer" rule by running ensurepip).
enum PipSeeder {
    /// Seeds `context`'s environment; false when the caller should run
    /// ensurepip instead (nothing has been written then).
    static func seed(_ context: Context, log: (String) -> Void) throws(VenvError) -> Bool {
        let interpreter = context.interpreter
        guard !interpreter.ensurepipWheels.isEmpty, let cache = WheelCache() else {
            log("no wheels to seed from for \(interpreter.executable)")
            return false
        }
        var wheels: [(UnpackedWheel, [(source: String, pyc: String)])] = []
        do {
            for path in interpreter.ensurepipWheels {
                let wheel = try cache.unpacked(path)
                wheels.append((wheel, try cache.bytecode(wheel, for: interpreter)))
            }
        } catch {
            log("cannot seed from the wheel cache (\(error)); falling back to ensurepip")
            return false
        }
        let sitePackages = context.path(context.lib)
        let present = (try? FS.contents(of: sitePackages)) ?? []
        for (wheel, _) in wheels where present.contains(where: { $0.lowercased().hasPrefix(wheel.project.lowercased() + "-") && $0.hasSuffix(".dist-info") }) {
            log("\(wheel.project) is already installed in \(context.envDir); using ensurepip to upgrade it")
            return false
        }
        var installer = WheelInstaller(context: context)
        for (wheel, bytecode) in wheels {
            log("seeding \(wheel.distInfo.dropLast(".dist-info".count)) from \(wheel.root)")
            try installer.install(wheel, bytecode: bytecode)
        }
        return true
    }
}
