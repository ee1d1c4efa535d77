#if canImport(Glibc)
import Glibc
#endif

/// What is at a path: the one vocabulary of file kinds.
package enum FileKind: Equatable {
    case missing, file, directory, symlink, other

    package init(mode: mode_t) {
        switch mode & S_IFMT {
        case S_IFREG: self = .file
        case S_IFDIR: self = .directory
        case S_IFLNK: self = .symlink
        default: self = .other
        }
    }
}
