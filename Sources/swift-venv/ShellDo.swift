#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import SystemPackage
import VenvCore

/// `swift-venv shell-do SHELL FILE COMMAND ARGS...`: the helper behind the
/// csh and tcsh integration (`shell-init.csh`). csh has no functions, so each
/// of virtualenvwrapper's commands is an alias that runs this with the words
/// the user typed; what can be done in a process is done here (creating,
/// copying, removing, the hooks virtualenvwrapper runs as programs), and the
/// csh code that must run in the shell itself (activation, cd, the hooks it
/// sources) is written to FILE, which the alias then sources. FILE `-` means
/// the command needs no code; SHELL ends with `:1` when the active
/// environment was activated by workon. The code holds no if-block around
/// a path (csh skips a block's lines without honouring backslashes). Every path or name in that code is one csh
/// word from `ShellSupport.cshWord`. The steps and messages follow
/// shell-init.sh (virtualenvwrapper 6.1.1) in the same order.
struct ShellDoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shell-do",
        abstract: "The helper of `shell-init tcsh` and `shell-init csh` (not for direct use).",
        shouldDisplay: false
    )

    @Argument(parsing: .captureForPassthrough, help: "SHELL FILE COMMAND ARGS...")
    var words: [String] = []

    func run() throws { ShellDo.main(words) }
}

struct ShellDo {
    /// `arguments`: the words after `shell-do`.
    static func main(_ arguments: [String]) -> Never {
        guard arguments.count >= 3 else {
            err("swift-venv: error: shell-do takes SHELL FILE COMMAND [ARGS...]; it is run by shell-init's aliases")
            exit(2)
        }
        var run = ShellDo(shell: arguments[0], file: arguments[1])
        run.perform(arguments[2], Array(arguments.dropFirst(3)))
    }

    let shell: String
    let file: String
    let workonHome: String
    let hookDir: String
    let projectFile: String
    let workonCD: Bool
    let virtualEnv: String?
    /// The csh code for the shell, one line each.
    var lines: [String] = []

    /// Whether the active environment was activated by workon (our deactivate).
    let wrapped: Bool

    /// `shell`: `tcsh` or `csh`, with `:1` when the active environment was
    /// activated by workon (`:0` or nothing otherwise).
    init(shell: String, file: String) {
        self.shell = shell.hasPrefix("csh") ? "csh" : "tcsh"
        self.wrapped = shell.hasSuffix(":1")
        self.file = file
        do {
            workonHome = try Store.fromEnvironment().workonHome.string
        } catch {
            ShellDo.err("swift-venv: error: \(error.message)")
            exit(1)
        }
        hookDir = ShellDo.nonEmpty("VIRTUALENVWRAPPER_HOOK_DIR") ?? workonHome
        projectFile = ShellDo.nonEmpty("VIRTUALENVWRAPPER_PROJECT_FILENAME") ?? ".project"
        workonCD = (ShellDo.nonEmpty("VIRTUALENVWRAPPER_WORKON_CD") ?? "1") == "1"
        virtualEnv = ShellDo.nonEmpty("VIRTUAL_ENV")
    }

    mutating func perform(_ command: String, _ args: [String]) -> Never {
        if ShellDo.needsWorkonHome.contains(command) { verifyWorkonHome() }
        switch command {
        case "workon": workon(args)
        case "deactivate": deactivateCommand(args)
        case "mkvirtualenv": mkvirtualenv(args)
        case "mktmpenv": mktmpenv(args)
        case "rmvirtualenv": rmvirtualenv(args)
        case "cpvirtualenv": cpvirtualenv(args)
        case "lsvirtualenv": lsvirtualenv(args)
        case "showvirtualenv": showvirtualenv(args)
        case "allvirtualenv": allvirtualenv(args)
        case "cdvirtualenv": cdInside(args, sitePackages: false)
        case "cdsitepackages": cdInside(args, sitePackages: true)
        case "lssitepackages": lssitepackages(args)
        case "add2virtualenv": add2virtualenv(args)
        case "setvirtualenvproject": exit(setvirtualenvproject(args))
        case "mkproject": mkproject(args)
        case "cdproject": cdproject()
        case "wipeenv": wipeenv()
        case "virtualenvwrapper": help()
        case "names":
            for name in names() { ShellDo.out(name + "\n") }
            exit(0)
        case "print":
            ShellDo.out(args.joined(separator: " ") + "\n")
            exit(0)
        case "project-made":
            // mkproject's end: the directory, then the environment's project.
            guard args.count == 2 else { exit(2) }
            ShellDo.out("Creating \(args[1])\n")
            _ = ShellDo.makeDirectories(args[1])
            exit(setvirtualenvproject(args))
        default:
            ShellDo.err("swift-venv: error: shell-do knows no command '\(command)'")
            exit(2)
        }
    }

    /// The commands that make a missing WORKON_HOME first, as virtualenvwrapper's do.
    static let needsWorkonHome: Set<String> = [
        "workon", "mkvirtualenv", "mktmpenv", "rmvirtualenv", "cpvirtualenv", "lsvirtualenv", "allvirtualenv",
        "cdvirtualenv", "cdsitepackages", "lssitepackages", "add2virtualenv", "cdproject", "wipeenv"]

    /// Makes WORKON_HOME when it is missing, saying so as virtualenvwrapper does.
    func verifyWorkonHome() {
        guard !ShellDo.isDirectory(workonHome) else { return }
        ShellDo.err("NOTE: Virtual environments directory \(workonHome) does not exist. Creating...")
        guard ShellDo.makeDirectories(workonHome) else { exit(1) }
    }

    // MARK: - Output

    static func out(_ text: String) { writeAll(1, text) }
    static func err(_ text: String) { writeAll(2, text.hasSuffix("\n") || text.isEmpty ? text : text + "\n") }

    static func nonEmpty(_ name: String) -> String? {
        guard let value = Environment.variable(name), !value.isEmpty else { return nil }
        return value
    }

    /// Writes the code for the shell (replacing FILE by rename, so that a
    /// shell still reading the previous code keeps it) and exits 0.
    func finish() -> Never {
        if file != "-" {
            do {
                try FS.replaceFile(FilePath(file), lines.map { $0 + "\n" }.joined(), mode: 0o600)
            } catch {
                ShellDo.err("swift-venv: error: \(error.message)")
                exit(1)
            }
        }
        exit(0)
    }

    // MARK: - csh code

    /// `text` as one csh word; text no csh word can hold (a control
    /// character) stops the command.
    func q(_ text: String) -> String {
        guard let word = ShellSupport.cshWord(text) else {
            ShellDo.err("swift-venv: error: \(text.debugDescription) holds a control character, " +
                        "which csh cannot be given")
            exit(1)
        }
        return word
    }

    /// Prints `text` from the shell, in its place among the hooks' output.
    /// csh's echo may read backslashes and a leading -n; such text is printed
    /// by this program instead.
    mutating func say(_ text: String) {
        if text.contains("\\") || text.hasPrefix("-") {
            lines.append("$_swift_venv:q shell-do \(shell) - print \(q(text))")
        } else {
            lines.append("echo \(q(text))")
        }
    }

    /// A hook virtualenvwrapper sources: its `.csh` variant, if present when run.
    mutating func sourceHook(_ path: String) {
        let word = q(path + ".csh")
        lines.append("if ( -f \(word) ) source \(word)")
    }

    /// A hook virtualenvwrapper runs as a program, run from the shell (it
    /// must come after code sourced before it).
    mutating func runHookInShell(_ path: String, _ args: [String]) {
        guard hookWanted(path) else { return }
        lines.append("( cd \(q(workonHome)) && \(q(path)) \(args.map(q).joined(separator: " ")) )")
    }

    // MARK: - Files

    static func isDirectory(_ path: String) -> Bool { FS.isDirectory(path) }

    static func isFile(_ path: String) -> Bool { FS.isFile(path) }

    /// Whether anything is at `path`, a dangling link included.
    static func exists(_ path: String) -> Bool { FS.kind(path) != .missing }

    static func read(_ path: String) -> String? {
        (try? FS.readFile(FilePath(path), limit: 1 << 24)).map { String(decoding: $0, as: UTF8.self) }
    }

    /// `mkdir -p` without the program: false, with one line on stderr, when
    /// a directory cannot be made.
    static func makeDirectories(_ path: String) -> Bool {
        do {
            try ShellSupport.makeDirectories(path)
            return true
        } catch {
            err("swift-venv: error: \(error.message)")
            return false
        }
    }

    static func writeFile(_ path: String, _ text: String, append: Bool = false, mode: mode_t = 0o644) -> Bool {
        do {
            if append { try FS.appendFile(FilePath(path), text, mode: mode) }
            else { try FS.writeFile(FilePath(path), text, mode: mode) }
            return true
        } catch {
            return false
        }
    }

    /// The working directory as the shell names it ($PWD, which tcsh and
    /// csh keep), when it is this directory; else the physical path.
    static func currentDirectory() -> String {
        if let pwd = nonEmpty("PWD"), pwd.hasPrefix("/"), let here = FS.status("."), let named = FS.status(FilePath(pwd)),
           here.st_dev == named.st_dev, here.st_ino == named.st_ino {
            return pwd
        }
        return (try? FS.currentDirectory().string) ?? "/"
    }

    /// `path` made absolute from the working directory, without `.` and `..`
    /// (what `cd DIR && pwd` prints).
    static func absolute(_ path: String) -> String {
        let full = path.hasPrefix("/") ? path : currentDirectory() + "/" + path
        return FilePath(full).lexicallyNormalized().string
    }

    static func baseName(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? path
    }

    /// Whether a hook file holds a command (not only the comments it was made with).
    static func hasCommands(_ path: String) -> Bool {
        guard let text = read(path) else { return false }
        return text.split(separator: "\n").contains { line in
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            return !trimmed.isEmpty && !trimmed.hasPrefix("#")
        }
    }

    /// Whether the hook at `path` is there, does something and can be run;
    /// one that cannot be run is reported.
    func hookWanted(_ path: String) -> Bool {
        guard ShellDo.isFile(path), ShellDo.hasCommands(path) else { return false }
        guard FS.isExecutableFile(path) else {
            ShellDo.err("virtualenvwrapper.user_scripts could not run \"\(path)\": not executable")
            return false
        }
        return true
    }

    /// Runs a hook virtualenvwrapper runs as a program, now, from $WORKON_HOME.
    func runHook(_ path: String, _ args: [String], environment: [String]? = nil) {
        guard hookWanted(path) else { return }
        _ = ShellSupport.run([path] + args, directory: workonHome, environment: environment)
    }

    /// Makes a hook file (once) as virtualenvwrapper does, for the user to fill.
    static func makeHook(_ path: String, _ comment: String, _ mode: mode_t) {
        guard !exists(path) else { return }
        let shellPath = nonEmpty("SHELL") ?? "/bin/sh"
        if writeFile(path, "#!\(shellPath)\n# \(comment)\n\n", mode: mode) { try? FS.setMode(FilePath(path), mode) }
    }

    static func makeLocalHooks(_ env: String) {
        makeHook(env + "/bin/predeactivate", "This hook is sourced before this virtualenv is deactivated.", 0o644)
        makeHook(env + "/bin/postdeactivate", "This hook is sourced after this virtualenv is deactivated.", 0o644)
        makeHook(env + "/bin/preactivate", "This hook is run before this virtualenv is activated.", 0o755)
        makeHook(env + "/bin/postactivate", "This hook is sourced after this virtualenv is activated.", 0o644)
        makeHook(env + "/bin/get_env_details", "This hook is run when the list of virtualenvs is printed in " +
                 "'long' mode so each name can include details.", 0o755)
    }

    /// The hook directory and its hooks, made once (by `shell-init`).
    static func makeGlobalHooks(_ dir: String) {
        if !isDirectory(dir) { _ = makeDirectories(dir) }
        guard !exists(dir + "/postdeactivate") else { return }
        let hooks: [(String, String, mode_t)] = [
            ("initialize", "This hook is sourced during the startup phase when loading virtualenvwrapper.sh.", 0o644),
            ("premkvirtualenv", "This hook is run after a new virtualenv is created and before it is activated.\n" +
             "# argument: name of new environment", 0o755),
            ("postmkvirtualenv", "This hook is sourced after a new virtualenv is activated.", 0o644),
            ("prermvirtualenv", "This hook is run before a virtualenv is deleted.\n" +
             "# argument: full path to environment directory", 0o755),
            ("postrmvirtualenv", "This hook is run after a virtualenv is deleted.\n" +
             "# argument: full path to environment directory", 0o755),
            ("predeactivate", "This hook is sourced before every virtualenv is deactivated.", 0o644),
            ("preactivate", "This hook is run before every virtualenv is activated.\n# argument: environment name",
             0o755),
            ("postactivate", "This hook is sourced after every virtualenv is activated.", 0o644),
            ("get_env_details", "This hook is run when the list of virtualenvs is printed so each name can " +
             "include details.\n# argument: environment name", 0o755),
            ("premkproject", "This hook is run after a new project is created and before it is activated.", 0o755),
            ("postmkproject", "This hook is run after a new project is activated.", 0o755),
            ("postdeactivate", "This hook is sourced after every virtualenv is deactivated.", 0o644),
        ]
        for (name, comment, mode) in hooks { makeHook(dir + "/" + name, comment, mode) }
    }

    // MARK: - The store

    /// The environments: the directories of $WORKON_HOME with bin/activate.
    func names() -> [String] {
        let found = ((try? FS.contents(of: FilePath(workonHome))) ?? []).filter { name in
            !name.hasPrefix(".") && ShellDo.isFile(workonHome + "/" + name + "/bin/activate")
        }
        return found.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    func checkName(_ name: String) {
        if name.isEmpty || name == "." || name == ".." || name.contains("/") {
            ShellDo.err("ERROR: '\(name)' is not an environment name: a name is one directory of \(workonHome), " +
                        "without '/'.")
            exit(1)
        }
    }

    func verifyActive() -> String {
        guard let env = virtualEnv, ShellDo.isDirectory(env) else {
            ShellDo.err("ERROR: no virtualenv active, or active virtualenv is missing")
            exit(1)
        }
        return env
    }

    /// The first line of the environment's project file, if any.
    func project(of env: String) -> String? {
        guard ShellDo.isFile(env + "/" + projectFile), let text = ShellDo.read(env + "/" + projectFile) else {
            return nil
        }
        var line = String(text.split(separator: "\n", omittingEmptySubsequences: false).first ?? "")
        while line.hasSuffix("\n") { line.removeLast() }
        return line
    }

    func sitePackages(_ env: String) -> String? {
        let candidates = ((try? FS.contents(of: FilePath(env + "/lib"))) ?? []).filter { name in
            name.hasPrefix("python") && ShellDo.isDirectory(env + "/lib/" + name + "/site-packages")
        }.map { env + "/lib/" + $0 + "/site-packages" }
        return candidates.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }.first
    }

    func requireSitePackages() -> String {
        let env = verifyActive()
        guard let site = sitePackages(env) else {
            ShellDo.err("ERROR: currently-active virtualenv does not appear to have a site-packages directory")
            exit(1)
        }
        return site
    }

    /// `name` found on PATH, as the shell would find it.
    static func onPath(_ name: String) -> String? {
        for dir in (nonEmpty("PATH") ?? "/usr/bin:/bin").split(separator: ":", omittingEmptySubsequences: false) {
            let candidate = (dir.isEmpty ? "." : String(dir)) + "/" + name
            if FS.isExecutableFile(candidate) { return candidate }
        }
        return nil
    }
}
