#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

extension PathText {
    /// What getpath (3.11+) makes of the executable with its `realpath`:
    /// while the path is a symbolic link, its target replaces it, a relative
    /// target joined to the link's directory, each step normalized lexically
    /// (`posixpath.normpath`); directories on the way are not resolved. So a
    /// python reached through a linked directory (a linked pyenv root) keeps
    /// that directory in its prefix, as CPython 3.11-3.13 report it. Nil when
    /// the path does not exist or the chain does not end.
    static func followLinksNormalized(_ path: String) -> String? {
        var current = normpath(path)
        for _ in 0..<40 {
            let target: String
            do throws(Errno) { target = try Syscall.readLink(current) }
            catch { return error == .invalidArgument ? current : nil }
            current = normpath(target.hasPrefix("/") ? target : join(dirname(current), target))
        }
        return nil
    }
}
