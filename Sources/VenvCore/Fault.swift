#if canImport(Glibc)
import Glibc
#endif

/// The steps of a creation, by the names failure injection and the README's
/// policy table use.
enum Step: String, CaseIterable {
    case lock
    case clear
    case ensureDirectories = "ensure-directories"
    case writeConfiguration = "write-configuration"
    case setupPython = "setup-python"
    case installScripts = "install-scripts"
    case seedPip = "seed-pip"
    case place
    case ensurepip
    case upgradeDeps = "upgrade-deps"
}

/// Failure injection for the transaction tests: in a debug build, the step
/// named by `SWIFT_VENV_FAIL_AT` fails as it starts, as a real failure there
/// would (`SWIFT_VENV_FAIL_AT=ensurepip` also skips seeding, so that the
/// ensurepip fallback runs and fails). Release builds never read the
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

    /// Whether `step` is the one to fail (always false in release builds).
    @inline(__always)
    static func injected(_ step: Step) -> Bool {
        #if DEBUG
        guard let value = getenv("SWIFT_VENV_FAIL_AT") else { return false }
        return String(cString: value) == step.rawValue
        #else
        return false
        #endif
    }
}
