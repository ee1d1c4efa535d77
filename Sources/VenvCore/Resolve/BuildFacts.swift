#if canImport(Glibc)
import Glibc
#endif

/// The build facts of one standard library directory (its sysconfigdata and
/// whether its site.py is Debian's), remembered for the life of the process:
/// they take reading some 70 KB, and a process that resolves often (an
/// editor, a language server) meets the same few installations again and
/// again. An entry is used only while both files keep their identity
/// (device, inode, size, modification time), so two `stat` calls replace
/// the reads and an upgraded installation is read afresh. The full version,
/// read from patchlevel.h or the binary when needed, is remembered with them:
/// an upgrade that changes it rewrites both files.
struct BuildFacts: Sendable {
    var sysconfig: SysconfigData?
    var debianSite: Bool

    private struct Entry: Sendable {
        var facts: BuildFacts
        var sysconfigPath: String?
        var sysconfigID: FileID?
        var siteID: FileID?
        var version: String?
    }

    private static let cache = Locked<[String: Entry]>([:])

    static func of(stdlib: String) -> BuildFacts {
        let sitePath = PathText.join(stdlib, "site.py")
        if let entry = cache.withLock({ $0[stdlib] }),
           entry.siteID == FileID(sitePath),
           entry.sysconfigID == entry.sysconfigPath.flatMap(FileID.init) {
            return entry.facts
        }
        let sysconfigPath = SysconfigData.file(in: stdlib)
        let entry = Entry(
            facts: BuildFacts(sysconfig: sysconfigPath.flatMap(SysconfigData.read(path:)),
                              debianSite: SiteModule.isDebian(sitePath: sitePath)),
            sysconfigPath: sysconfigPath,
            sysconfigID: sysconfigPath.flatMap(FileID.init),
            siteID: FileID(sitePath),
            version: nil)
        cache.withLock { $0[stdlib] = entry }
        return entry.facts
    }

    /// The full version of the installation whose standard library is
    /// `stdlib` (after `of(stdlib:)`), computed once while its facts hold.
    static func version(stdlib: String, compute: () -> String?) -> String? {
        if let known = cache.withLock({ $0[stdlib]?.version }) { return known }
        let version = compute()
        cache.withLock { $0[stdlib]?.version = version }
        return version
    }
}

/// What tells a file's contents changed without reading them.
struct FileID: Equatable, Sendable {
    var device: UInt64
    var inode: UInt64
    var size: Int64
    var seconds: Int
    var nanoseconds: Int

    init?(_ path: String) {
        guard let st = try? Syscall.stat(path) else { return nil }
        device = UInt64(st.st_dev)
        inode = UInt64(st.st_ino)
        size = Int64(st.st_size)
        seconds = Int(st.st_mtim.tv_sec)
        nanoseconds = Int(st.st_mtim.tv_nsec)
    }
}
