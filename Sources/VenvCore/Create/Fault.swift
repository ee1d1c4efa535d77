#if canImport(Glibc)
import Glibc
#endif

/// The steps of a creation, by the names failure injection and the policy table
/// of docs/creation.md use: `EnvBuilder`'s steps by CPython's names, and the
/// creation's own (`lock`, `clear`, `place`).
enum Step: String, CaseIterable {
    case lock
    case clear
    case ensureDirectories = "ensure_directories"
    case createGitIgnoreFile = "create_git_ignore_file"
    case createConfiguration = "create_configuration"
    case setupPython = "setup_python"
    case setupScripts = "setup_scripts"
    case setupPip = "setup_pip"
    case place
    /// `setup_pip`'s fallback, once the environment is in place.
    case ensurepip
    case upgradeDependencies = "upgrade_dependencies"
    /// Not a step: the moment after the first entry is put in place (a kill
    /// there leaves a partly placed environment, which the journal undoes).
    case placeMidway = "place-midway"
    /// Not a step: the moment after the environment is put in place, before
    /// the steps that need it there (ensurepip, --upgrade-deps).
    case placed
    /// Not a step: the moment after a move on one file system renamed the
    /// environment, before its files are rewritten.
    case moveRenamed = "move-renamed"
    /// Not a step: the moment the removal of a moved environment's source
    /// begins (a move across file systems: its copy in place, the source
    /// renamed aside, nothing of it removed yet).
    case removeSource = "remove-source"
    /// The all-or-nothing replacement of files in an existing environment
    /// (`Transaction.replace`, for `repair`): fails as it starts writing.
    case replace
    /// Not a step: the new files are staged, the journal not yet committed
    /// (a kill there leaves the old environment).
    case replaceStaged = "replace-staged"
    /// Not a step: the journal is committed, nothing renamed yet (a kill
    /// from there on leaves the replacement for the next transaction's
    /// recovery to finish).
    case replaceCommitted = "replace-committed"
    /// Not a step: the first staged file has been renamed into place.
    case replaceMidway = "replace-midway"
    /// `rebuild`'s pip run into the new environment: fails as it starts.
    case rebuildInstall = "rebuild-install"
    /// Not a step: the new environment names the final path and the journal
    /// is written, the swap not yet made (a kill leaves the old environment).
    case rebuildRelocated = "rebuild-relocated"
    /// Not a step: the two environments are swapped, the old one not yet
    /// renamed to its kept name (a kill leaves the new environment).
    case rebuildExchanged = "rebuild-exchanged"
}

/// Failure injection for the transaction tests: in a debug build, the step
/// named by `SWIFT_VENV_FAIL_AT` fails as it starts, as a real failure there
/// would (`SWIFT_VENV_FAIL_AT=ensurepip` also skips seeding, so that the
/// ensurepip fallback runs and fails), and the moments `place-midway`,
/// `placed`, `move-renamed`, `remove-source`, `replace-staged`,
/// `replace-committed`, `replace-midway`, `rebuild-relocated` and
/// `rebuild-exchanged` kill the process. Release builds never read the
/// variable: the checks compile to nothing.
enum Fault {
    /// Throws if `step` is the one to fail.
    @inline(__always)
    static func check(_ step: Step) throws(VenvError) {
        #if DEBUG
        if injected(step) {
            throw VenvError(.failed, nil, "\(step.rawValue) failed (injected by SWIFT_VENV_FAIL_AT)",
                            remedy: "unset SWIFT_VENV_FAIL_AT")
        }
        #endif
    }

    /// Kills the process (SIGKILL, as `kill -9` would) if `moment` is the one
    /// named, so that tests can stop a creation exactly there.
    @inline(__always)
    static func killIfInjected(_ moment: Step) {
        #if DEBUG
        if injected(moment) { ThisProcess.killNow() }
        #endif
    }

    /// Whether `step` is the one to fail (always false in release builds).
    @inline(__always)
    static func injected(_ step: Step) -> Bool {
        #if DEBUG
        return Environment.variable("SWIFT_VENV_FAIL_AT") == step.rawValue
        #else
        return false
        #endif
    }
}
