/// The version of the base installation a python runs, read from the
/// installation's files as `resolve` reads them (the real binary's name for
/// `X.Y`, then `patchlevel.h` or the binary for `X.Y.Z`), whatever an
/// environment's pyvenv.cfg says: what `doctor` compares pyvenv.cfg with.
public struct BaseVersion: Sendable, Equatable {
    /// `X.Y.Z`.
    public var version: String
    /// `sys.base_prefix`, as getpath would find it.
    public var prefix: String
    /// The real binary, links followed.
    public var realExecutable: String

    /// The base `python` runs, searched from `home` (pyvenv.cfg's) when
    /// given, else from the real binary's directory. `minor` is the `X.Y`
    /// to assume when the real binary's name does not tell it (a copy named
    /// `python`). Nil when `python` is gone or the files do not tell.
    public static func read(python: String, home: String?, minor: (Int, Int)?) -> BaseVersion? {
        guard let real = FS.followLinks(python), FS.isExecutableFile(real) else { return nil }
        guard let (major, minor) = Resolver.shortVersion(binaryName: PathText.basename(real)) ?? minor else {
            return nil
        }
        let start = home.flatMap { FS.isDirectory($0) ? $0 : nil } ?? PathText.dirname(real)
        guard let base = try? BaseInstall.find(from: start, major: major, minor: minor, what: "") else { return nil }
        _ = BuildFacts.of(stdlib: base.stdlib)
        guard let version = BuildFacts.version(stdlib: base.stdlib, compute: {
            MicroVersion.find(base, major: major, minor: minor, realExecutable: real)
        }) else { return nil }
        return BaseVersion(version: version, prefix: base.prefix, realExecutable: real)
    }
}
