#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SystemPackage

/// An environment directory as found before anything is written.
struct Target {
    enum State: Equatable {
        /// Nothing there: the environment is built aside and renamed into place.
        case missing
        /// An empty directory: filled in place.
        case empty
        /// A directory holding a pyvenv.cfg.
        case venv
        /// A non-empty directory without pyvenv.cfg (only with --allow-existing or --clear --force).
        case foreign
    }

    let path: FilePath
    let state: State
}

extension EnvBuilder {
    /// Checks one target completely and says why it cannot be used, before
    /// anything is written (one sentence naming the path and the remedy).
    func validateTarget(_ envDir: FilePath) throws(VenvError) -> Target {
        let given = envDir.string
        guard !given.isEmpty else {
            throw VenvError(.invalid, "the environment directory is an empty path; name a directory such as .venv")
        }
        guard !given.contains(":") else {
            throw VenvError(.invalid, "\(given): contains ':', the PATH separator, so bin/ could not be put on PATH; choose a path without ':'")
        }
        try checkLength(envDir)
        let path = try FS.absolute(envDir)
        try checkLength(path)
        guard path.name != "" else {
            throw VenvError(.invalid, "\(path): the root directory cannot be an environment; name a directory below it")
        }
        let state: Target.State
        switch FS.kind(path) {
        case .missing:
            state = .missing
        case .directory:
            state = try classify(path)
        case .symlink where FS.isDirectory(path):
            state = try classify(path)
        case .symlink:
            throw VenvError(.exists, "\(path): is a symbolic link to nothing; remove it or choose another path")
        default:
            throw VenvError(.exists, "\(path): is a file, not a directory; choose another path")
        }

        switch state {
        case .missing, .empty:
            break
        case .venv:
            if !(options.clear || options.upgrade || options.allowExisting) {
                throw VenvError(.exists, "\(path): is already a virtual environment; use --clear to recreate it, --upgrade to update it, or --allow-existing to reuse it")
            }
        case .foreign:
            if options.clear {
                if !options.force {
                    throw VenvError(.notVenv, "\(path): has no pyvenv.cfg, so --clear would delete files that are not an environment's; check the path, or add --force to empty it anyway")
                }
            } else if options.upgrade {
                throw VenvError(.notVenv, "\(path): has no pyvenv.cfg, so there is no environment to upgrade; check the path")
            } else if !options.allowExisting {
                throw VenvError(.exists, "\(path): is not empty and not a virtual environment; choose another directory, or pass --allow-existing to create the environment among its files")
            }
        }
        if options.clear && state != .missing && state != .empty {
            try refuseToClearPrecious(path)
        }
        return Target(path: path, state: state)
    }

    /// The system's limits, checked before anything is made: a path whose
    /// parents would be created before `ENAMETOOLONG` stops it would leave
    /// directories behind. The environment's own files (pip's deepest ones
    /// are about 150 bytes below it) need room under `PATH_MAX` too.
    private func checkLength(_ path: FilePath) throws(VenvError) {
        let room = 256
        let length = path.string.utf8.count
        if length > Int(PATH_MAX) - room {
            throw VenvError(.invalid, "\(path.string.prefix(80))...: the path is \(length) bytes long, and an environment's files need it under \(Int(PATH_MAX) - room); choose a shorter path")
        }
        for component in path.components where component.string.utf8.count > Int(NAME_MAX) {
            throw VenvError(.invalid, "\(path): the name \(component.string.prefix(40))... is \(component.string.utf8.count) bytes long, more than the \(NAME_MAX) a file name may have; choose a shorter path")
        }
    }

    private func classify(_ path: FilePath) throws(VenvError) -> Target.State {
        let names = try FS.contents(of: path)
        if names.isEmpty { return .empty }
        return names.contains("pyvenv.cfg") && FS.kind(path.appending("pyvenv.cfg")) == .file ? .venv : .foreign
    }

    /// `/` and the home directory are never emptied, even with --force.
    private func refuseToClearPrecious(_ path: FilePath) throws(VenvError) {
        let real = FS.realPath(path) ?? path
        var precious: [FilePath] = ["/"]
        if let home = Process.variable("HOME"), home.hasPrefix("/") {
            precious.append(FilePath(home))
            if let realHome = FS.realPath(FilePath(home)) { precious.append(realHome) }
        }
        if precious.contains(real) || precious.contains(path) {
            throw VenvError(.invalid, "\(path): is the root or your home directory; swift-venv never empties it, even with --force")
        }
    }

    /// Empties the target for --clear (pyvenv.cfg removed last, so an
    /// interrupted clear still looks like an environment).
    func prepareTarget(_ target: Target) throws(VenvError) {
        guard options.clear, target.state == .venv || target.state == .foreign else { return }
        log("clearing \(target.path)")
        try Removal.removeContents(of: target.path, last: "pyvenv.cfg")
    }

    /// Runs `steps` where the environment is to be built. A missing target is
    /// built in a hidden sibling directory and renamed into place at the end,
    /// so it appears complete or not at all; an existing directory is filled
    /// in place, and emptied again on failure if it was empty before.
    func build(_ target: Target, _ steps: (FilePath) throws(VenvError) -> Void) throws(VenvError) {
        switch target.state {
        case .missing:
            let staging = Staging.path(for: target.path)
            try FS.makeDirectory(staging)
            do {
                try steps(staging)
                try FS.rename(staging, to: target.path)
            } catch {
                try? Removal.removeTree(staging)
                if FS.kind(target.path) != .missing && error.message.contains("rename to") {
                    throw VenvError(.exists, "\(target.path): was created by another process meanwhile; choose another path or use --clear")
                }
                throw error
            }
        case .empty:
            do { try steps(target.path) } catch {
                try? Removal.removeContents(of: target.path)
                throw error
            }
        case .venv, .foreign:
            try steps(target.path)
        }
    }
}
