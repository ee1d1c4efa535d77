#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// virtualenvwrapper's hooks: which it sources into the shell and which it
/// runs as programs, the files it makes for the user to fill (in the hook
/// directory, and in each new environment's bin/), and running one.
extension Wrapper {
    /// One hook.
    package struct Hook: Sendable {
        /// Its file name.
        package let name: String
        /// Whether the shell sources it (sh code, so other shells source
        /// `NAME.csh`, `NAME.fish` beside it); otherwise it is run as a program.
        package let sourced: Bool
        /// The comment of the file made in the hook directory, nil when none is made.
        let global: String?
        /// The comment of the file made in a new environment's bin/, nil when none is made.
        let local: String?

        /// The mode of the files made (virtualenvwrapper's: 0644 for what
        /// is sourced, 0755 for programs and for postmkproject).
        var mode: mode_t { sourced && name != "postmkproject" ? 0o644 : 0o755 }
    }

    /// The hooks, in the order virtualenvwrapper makes their files.
    package static let hooks: [Hook] = [
        Hook(name: "initialize", sourced: true,
             global: "This hook is sourced during the startup phase when loading virtualenvwrapper.sh.", local: nil),
        Hook(name: "premkvirtualenv", sourced: false,
             global: "This hook is run after a new virtualenv is created and before it is activated.\n" +
             "# argument: name of new environment", local: nil),
        Hook(name: "postmkvirtualenv", sourced: true,
             global: "This hook is sourced after a new virtualenv is activated.", local: nil),
        Hook(name: "prermvirtualenv", sourced: false,
             global: "This hook is run before a virtualenv is deleted.\n# argument: full path to environment directory",
             local: nil),
        Hook(name: "postrmvirtualenv", sourced: false,
             global: "This hook is run after a virtualenv is deleted.\n# argument: full path to environment directory",
             local: nil),
        Hook(name: "predeactivate", sourced: true,
             global: "This hook is sourced before every virtualenv is deactivated.",
             local: "This hook is sourced before this virtualenv is deactivated."),
        Hook(name: "preactivate", sourced: false,
             global: "This hook is run before every virtualenv is activated.\n# argument: environment name",
             local: "This hook is run before this virtualenv is activated."),
        Hook(name: "postactivate", sourced: true,
             global: "This hook is sourced after every virtualenv is activated.",
             local: "This hook is sourced after this virtualenv is activated."),
        Hook(name: "get_env_details", sourced: false,
             global: "This hook is run when the list of virtualenvs is printed so each name can include details.\n" +
             "# argument: environment name",
             local: "This hook is run when the list of virtualenvs is printed in 'long' mode so each name can " +
             "include details."),
        Hook(name: "premkproject", sourced: false,
             global: "This hook is run after a new project is created and before it is activated.", local: nil),
        Hook(name: "postmkproject", sourced: true,
             global: "This hook is run after a new project is activated.", local: nil),
        Hook(name: "postdeactivate", sourced: true,
             global: "This hook is sourced after every virtualenv is deactivated.",
             local: "This hook is sourced after this virtualenv is deactivated."),
        Hook(name: "precpvirtualenv", sourced: false, global: nil, local: nil),
        Hook(name: "postcpvirtualenv", sourced: true, global: nil, local: nil),
    ]

    /// The order of the files virtualenvwrapper makes in a new environment's bin/.
    static let localOrder = ["predeactivate", "postdeactivate", "preactivate", "postactivate", "get_env_details"]

    /// Makes a hook file (once) as virtualenvwrapper does, for the user to fill.
    static func makeHook(_ path: String, _ comment: String, _ mode: mode_t) {
        guard FS.kind(path) == .missing else { return }
        let shellPath = setting("SHELL") ?? "/bin/sh"
        do {
            try FS.writeFile(FilePath(path), "#!\(shellPath)\n# \(comment)\n\n", mode: mode)
            try FS.setMode(FilePath(path), mode)
        } catch {}
    }

    /// The hook files of a new environment.
    static func makeLocalHooks(_ env: String) {
        for name in localOrder {
            guard let hook = hooks.first(where: { $0.name == name }), let comment = hook.local else { continue }
            makeHook(env + "/bin/" + name, comment, hook.mode)
        }
    }

    /// The hook directory and its hooks, made once (by `shell-init`).
    package static func makeGlobalHooks(_ dir: String) {
        if !FS.isDirectory(dir) { _ = try? FS.makeDirectories(FilePath(dir)) }
        guard FS.kind(dir + "/postdeactivate") == .missing else { return }
        for hook in hooks { if let comment = hook.global { makeHook(dir + "/" + hook.name, comment, hook.mode) } }
    }

    /// Whether a hook file holds a command (not only the comments it was made with).
    static func hasCommands(_ path: String) -> Bool {
        guard let text = read(path) else { return false }
        return text.split(separator: "\n").contains { line in
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            return !trimmed.isEmpty && !trimmed.hasPrefix("#")
        }
    }

    /// Whether the hook program at `path` is there, does something and can
    /// be run; one that cannot be run is reported.
    func hookWanted(_ path: String) -> Bool {
        guard FS.isFile(path), Wrapper.hasCommands(path) else { return false }
        guard FS.isExecutableFile(path) else {
            err("virtualenvwrapper.user_scripts could not run \"\(path)\": not executable")
            return false
        }
        return true
    }

    /// Runs a hook program now, from $WORKON_HOME.
    func runHook(_ path: String, _ args: [String], environment: [String]? = nil) {
        guard hookWanted(path) else { return }
        _ = Wrapper.run([path] + args, directory: workonHome, environment: environment)
    }

    /// Runs a hook program from the shell, after the steps before it.
    mutating func runHookInShell(_ path: String, _ args: [String]) {
        guard hookWanted(path) else { return }
        plan.append(.runHook(path, args, in: workonHome))
    }
}
