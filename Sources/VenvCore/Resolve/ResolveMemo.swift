import SystemPackage

/// What many resolutions in one `find` share, read once per call: the base
/// installation searched from the same start directory, whether a base's
/// binary is executable, and symbolic links (an environment's python is
/// followed twice, and every environment of a base ends in its links).
/// Twenty (or 2,000) environments of one Python then read its standard
/// library's files once, not once each.
///
/// It lives for one call of `Finder.find` (or one record of `PythonChoice`)
/// and is then dropped: nothing outlives the call, so nothing can be stale
/// beyond the instant the call reads it, as any listing is.
final class ResolveMemo {
    private var bases: [BaseKey: Result<BaseInstall, VenvError>] = [:]
    private var executables: [String: Bool] = [:]
    private var links: [String: Result<String, Errno>] = [:]

    init() {}

    /// `BaseInstall.find`, once per start directory and version.
    func base(from start: String, major: Int, minor: Int, what: String) throws(VenvError) -> BaseInstall {
        let key = BaseKey(major: major, minor: minor, what: what, start: start)
        if let known = bases[key] { return try known.get() }
        let found: Result<BaseInstall, VenvError>
        do throws(VenvError) {
            found = .success(try BaseInstall.find(from: start, major: major, minor: minor, what: what))
        } catch {
            found = .failure(error)
        }
        bases[key] = found
        return try found.get()
    }

    private struct BaseKey: Hashable {
        var major: Int
        var minor: Int
        var what: String
        var start: String
    }

    /// `readlink(2)`, once per path: `FS.followLinks`'s `reading`.
    func readLink(_ path: String) throws(Errno) -> String {
        if let known = links[path] { return try known.get() }
        let read: Result<String, Errno>
        do throws(Errno) { read = .success(try Syscall.readLink(path)) } catch { read = .failure(error) }
        links[path] = read
        return try read.get()
    }

    /// `FS.followLinks` through `readLink`.
    func followLinks(_ path: String, normalizing: Bool = false) -> String? {
        FS.followLinks(path, normalizing: normalizing) { (link) throws(Errno) -> String in try self.readLink(link) }
    }

    /// `FS.followLinks(_:reading:alreadyNormal:)` through `readLink`.
    func followLinks(_ path: String, alreadyNormal: inout Bool) -> String? {
        FS.followLinks(path, reading: { (link) throws(Errno) -> String in try self.readLink(link) },
                       alreadyNormal: &alreadyNormal)
    }

    /// `FS.isExecutableFile`, once per path.
    func isExecutableFile(_ path: String) -> Bool {
        if let known = executables[path] { return known }
        let answer = FS.isExecutableFile(path)
        executables[path] = answer
        return answer
    }
}
