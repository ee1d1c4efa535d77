/// Installs the wheels the base's `ensurepip` would install, without running
/// pip: each wheel is unpacked and byte-compiled once into the cache, then
/// copied into every new environment with the files pip would generate.
///
/// Seeding is only tried where its result is the one ensurepip's would be:
/// the base names its wheels, the cache is usable, and the environment has
/// none of those projects yet. With them already there (`--upgrade`),
/// ensurepip's `--upgrade` rule holds: nothing is done when each is at the
/// bundled version or newer, else ensurepip runs.
enum PipSeeder {
    /// Seeds `context`'s environment; false when the caller should run
    /// ensurepip instead (nothing has been written then).
    static func seed(_ context: Context, log: (String) -> Void) throws(VenvError) -> Bool {
        let interpreter = context.interpreter
        guard !interpreter.ensurepipWheels.isEmpty, let cache = WheelCache() else {
            log("no wheels to seed from for \(interpreter.executable)")
            return false
        }
        // What is there already decides first, before any unpacking. A
        // wheel's file name starts `name-version-` (PEP 427), as does its
        // dist-info directory `name-version.dist-info`.
        let present = ((try? FS.contents(of: context.path(context.sitePackages))) ?? [])
            .filter { $0.hasSuffix(".dist-info") }
        let bundled = interpreter.ensurepipWheels.map(\.name)
        let installed = bundled.map { wheel in present.filter { project($0) == project(wheel) } }
        if installed.contains(where: { !$0.isEmpty }) {
            // `ensurepip --upgrade` leaves a project alone when the version
            // installed is the bundled one or newer: so may we.
            let current = zip(bundled, installed).allSatisfy { wheel, found in
                found.count == 1 && isAtLeast(version(found[0]), version(wheel))
            }
            if current {
                log("\(present.joined(separator: ", ")) in \(context.envDir): already current; nothing to do, " +
                    "as ensurepip --upgrade would do nothing")
                return true
            }
            log("\(present.joined(separator: ", ")) in \(context.envDir): using ensurepip to upgrade")
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
        var installer = WheelInstaller(context: context)
        for (wheel, bytecode) in wheels {
            log("seeding \(wheel.distInfo.dropLast(".dist-info".count)) from \(wheel.root)")
            do {
                try installer.install(wheel, bytecode: bytecode)
            } catch {
                // A cache entry someone pruned fails every creation after it:
                // drop it, so the next run unpacks the wheel again.
                let members = wheel.files.map(\.name) + bytecode.map(\.pyc)
                if members.contains(where: { !FS.exists(wheel.root.appending($0)) }) {
                    try? Removal.removeTree(wheel.root)
                    throw VenvError(error.code, error.path,
                                    error.problem + "; the wheel cache entry \(wheel.root) " +
                                                    "was incomplete and has been removed",
                                    remedy: "run the command again", errno: error.errno)
                }
                throw error
            }
        }
        return true
    }

    // MARK: names (`name-version.dist-info`, `name-version-tags.whl`)

    /// The project of a wheel's or dist-info directory's name (the part
    /// before its first `-`), as PEP 503 names it: the one `canonicalName`
    /// that `freeze` uses, so `Foo_Bar` and `foo-bar` meet.
    static func project(_ name: String) -> String {
        canonicalName(String(name.prefix { $0 != "-" }))
    }

    private static func version(_ name: String) -> String {
        let stem = name.hasSuffix(".dist-info") ? name.dropLast(".dist-info".count) : Substring(name)
        let fields = stem.split(separator: "-", omittingEmptySubsequences: false)
        return fields.count > 1 ? String(fields[1]) : ""
    }

    /// `a >= b` for plain release versions (`23.2.1`); false for anything
    /// else (pre-releases, local versions), which then goes to ensurepip.
    static func isAtLeast(_ a: String, _ b: String) -> Bool {
        func parts(_ v: String) -> [Int]? {
            let fields = v.split(separator: ".", omittingEmptySubsequences: false)
            let numbers = fields.compactMap { $0.allSatisfy(\.isASCIIDigit) && !$0.isEmpty ? Int($0) : nil }
            return numbers.count == fields.count && !numbers.isEmpty ? numbers : nil
        }
        guard var x = parts(a), var y = parts(b) else { return false }
        while x.count < y.count { x.append(0) }
        while y.count < x.count { y.append(0) }
        return !x.lexicographicallyPrecedes(y)
    }
}
