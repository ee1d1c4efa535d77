import SystemPackage

/// virtualenvwrapper's commands, each doing what virtualenvwrapper 6.1.1's
/// function of the same name does, in the same order: the work of a process
/// here, the rest appended to `plan`.
extension Wrapper {
    /// The commands a shell's integration defines.
    package static let commands = [
        "add2virtualenv", "allvirtualenv", "cdproject", "cdsitepackages", "cdvirtualenv", "cpvirtualenv",
        "lssitepackages", "lsvirtualenv", "mkproject", "mktmpenv", "mkvirtualenv", "rmvirtualenv",
        "setvirtualenvproject", "showvirtualenv", "virtualenvwrapper", "wipeenv", "workon"]

    /// The commands that make a missing WORKON_HOME first, as virtualenvwrapper's do.
    static let needsWorkonHome: Set<String> = [
        "workon", "mkvirtualenv", "mktmpenv", "rmvirtualenv", "cpvirtualenv", "lsvirtualenv", "allvirtualenv",
        "cdvirtualenv", "cdsitepackages", "lssitepackages", "add2virtualenv", "cdproject", "wipeenv"]

    /// Runs `command` with the words the user typed; returns when it succeeded
    /// (the shell then runs `plan`).
    package mutating func perform(_ command: String, _ args: [String]) throws(Stop) {
        if Wrapper.needsWorkonHome.contains(command) { try verifyWorkonHome() }
        switch command {
        case "workon": try workon(args)
        case "deactivate": deactivate(args)
        case "mkvirtualenv": try makeEnvironment(args)
        case "mktmpenv": try mktmpenv(args)
        case "rmvirtualenv": try rmvirtualenv(args)
        case "cpvirtualenv": try cpvirtualenv(args)
        case "lsvirtualenv": try lsvirtualenv(args)
        case "showvirtualenv": try showvirtualenv(args)
        case "allvirtualenv": allvirtualenv(args)
        case "cdvirtualenv": plan.append(.cd(try verifyActive() + "/" + (args.first ?? ""), ifDirectory: false))
        case "cdsitepackages": plan.append(.cd(try sitePackages() + "/" + (args.first ?? ""), ifDirectory: false))
        case "lssitepackages": try lssitepackages(args)
        case "add2virtualenv": try add2virtualenv(args)
        case "setvirtualenvproject": try setProject(args)
        case "mkproject": try mkproject(args)
        case "cdproject": try cdproject()
        case "wipeenv": try wipeenv()
        case "virtualenvwrapper": help()
        // The integrations' own: completion, start, a helper for hooks, and
        // the callbacks of a plan.
        case "names": for name in names() { out(name + "\n") }
        case "initialize":
            if !FS.isDirectory(workonHome) { try makeDirectories(workonHome) }
            Wrapper.makeGlobalHooks(hookDir)
        case "verify-active": _ = try verifyActive()
        case "print": out(args.joined(separator: " ") + "\n")
        case "project-made":
            // mkproject's end: the directory, then the environment's project.
            guard args.count == 2 else { throw .usage("swift-venv: error: project-made takes ENV PROJECT") }
            out("Creating \(args[1])\n")
            do { _ = try FS.makeDirectories(FilePath(args[1])) } catch { err("swift-venv: error: \(error.message)") }
            try setProject(args)
        default:
            throw .usage("swift-venv: error: shell-do knows no command '\(command)'")
        }
    }

    // MARK: - workon and deactivate

    mutating func workon(_ args: [String]) throws(Stop) {
        var cdAfter = workonCD
        var name: String?
        for arg in args {
            switch arg {
            case "-h", "--help":
                out(Wrapper.workonHelp)
                return
            case "-n", "--no-cd": cdAfter = false
            case "-c", "--cd": cdAfter = true
            default: if name == nil { name = arg }
            }
        }
        guard var name, !name.isEmpty else {
            for env in names() { out(env + "\n") }
            throw .status(Status.failure)
        }
        if name == "." { name = Wrapper.baseName(Wrapper.currentDirectory()) }
        let env = try environment(name)
        guard FS.isDirectory(env) else {
            var text = "ERROR: Environment '\(name)' does not exist. Create it with 'mkvirtualenv \(name)'."
            let close = Suggestion.closest(to: name, among: (try? Store(workonHome: FilePath(workonHome)).names()) ?? [])
            if !close.isEmpty { text += "\nDid you mean: \(close.joined(separator: ", "))?" }
            throw .refusal(text, code: .notVenv)
        }
        guard FS.isFile(env + "/bin/" + shell.activationScript) else {
            throw .refusal("ERROR: Environment '\(env)' does not contain an activate script.", code: .notVenv)
        }
        activate(name, cdAfter: cdAfter)
    }

    /// Leaves the current environment (if workon activated it), runs the
    /// preactivate hooks, activates `name` and runs the postactivate hooks.
    mutating func activate(_ name: String, cdAfter: Bool) {
        let env = workonHome + "/" + name
        // Only an environment activated by workon is left through the
        // wrapper's deactivate (another is left by its own script).
        if let current = virtualEnv, wrapped { leave(current, argument: nil) }
        runHookInShell(hookDir + "/preactivate", [name])
        runHookInShell(env + "/bin/preactivate", [name])
        plan.append(.activate(env))
        plan.append(.source(hookDir + "/postactivate"))
        plan.append(.source(env + "/bin/postactivate"))
        if let project = project(of: env) {
            if cdAfter { plan.append(.cd(project, ifDirectory: true)) }
            plan.append(.source(project + "/.virtualenvwrapper/postactivate"))
        }
    }

    /// The wrapper's deactivate: the environment's hooks, then its own
    /// deactivate, then the postdeactivate hooks with
    /// VIRTUALENVWRAPPER_LAST_VIRTUAL_ENV set.
    mutating func leave(_ env: String, argument: String?) {
        // The environment's own hook first, so it can undo its postactivate.
        plan.append(.source(env + "/bin/predeactivate"))
        plan.append(.source(hookDir + "/predeactivate"))
        if let project = project(of: env) { plan.append(.source(project + "/.virtualenvwrapper/predeactivate")) }
        plan.append(.leave(argument: argument))
        let old = workonHome + "/" + Wrapper.baseName(env)
        plan.append(.setVariable("VIRTUALENVWRAPPER_LAST_VIRTUAL_ENV", old))
        plan.append(.source(old + "/bin/postdeactivate"))
        plan.append(.source(hookDir + "/postdeactivate"))
        plan.append(.unsetVariable("VIRTUALENVWRAPPER_LAST_VIRTUAL_ENV"))
        if argument != "nondestructive" { plan.append(.forgetDeactivate) }
    }

    mutating func deactivate(_ args: [String]) {
        if let env = virtualEnv {
            leave(env, argument: args.first)
        } else {
            plan.append(.leave(argument: args.first))
            plan.append(.forgetDeactivate)
        }
    }

    // MARK: - Creating

    /// mkvirtualenv: creates the environment, runs premkvirtualenv, sets the
    /// project, then plans its activation, pip's installs and
    /// postmkvirtualenv. The environment's name.
    @discardableResult
    mutating func makeEnvironment(_ args: [String]) throws(Stop) -> String {
        var project: String?, packages: [String] = [], requirements: String?, rest: [String] = []
        var i = 0
        func next() -> String {
            i += 1
            return i < args.count ? args[i] : ""
        }
        while i < args.count {
            let arg = args[i]
            switch arg {
            case "-a":
                let given = next()
                guard FS.isDirectory(given) else {
                    throw .refusal("Cannot associate project with \(given), it is not a directory")
                }
                project = Wrapper.absolute(given)
            case "-h", "--help":
                out(Wrapper.mkvirtualenvHelp)
                return ""
            case "-i": packages.append(next())
            case "-r": requirements = next()
            case "-p": rest += ["--python", next()]
            default:
                if arg.hasPrefix("--python=") {
                    rest += ["--python", String(arg.dropFirst("--python=".count))]
                } else {
                    rest.append(arg)
                }
            }
            i += 1
        }
        guard let name = rest.popLast() else {
            throw .usage("ERROR: name the environment: mkvirtualenv [options] env_name")
        }
        // One environment: any other word is an option or an option's value.
        var value = false
        for word in rest {
            if value { value = false; continue }
            if word == "--python" || word == "--prompt" { value = true } else if !word.hasPrefix("-") {
                throw .usage("ERROR: '\(word)' is not an option: mkvirtualenv [options] env_name makes one environment")
            }
        }
        let env = try environment(name)
        try verifyWorkonHome()
        // The default options of every new environment, split as words.
        let defaults = (Wrapper.setting("VIRTUALENVWRAPPER_VIRTUALENV_ARGS") ?? "")
            .split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)
        let created = Wrapper.run([program, "create"] + defaults + rest + [env], directory: workonHome)?.status
            ?? Status.failure
        guard created == Status.success else { throw .status(created) }
        guard FS.isDirectory(env) else { throw .status(Status.failure) }
        Wrapper.makeLocalHooks(env)
        runHook(hookDir + "/premkvirtualenv", [name])
        if let project { try setProject([env, project]) }
        activate(name, cdAfter: workonCD)
        if let requirements { plan.append(.run(["pip", "install", "-r", requirements])) }
        for package in packages where !package.isEmpty { plan.append(.run(["pip", "install", package])) }
        plan.append(.source(hookDir + "/postmkvirtualenv"))
        return name
    }

    mutating func mktmpenv(_ args: [String]) throws(Stop) {
        var cdTemporary = workonCD, rest: [String] = []
        for arg in args {
            switch arg {
            case "-n", "--no-cd": cdTemporary = false
            case "-c", "--cd": cdTemporary = true
            default: rest.append(arg)
            }
        }
        // 128 random bits (getrandom(2), through the system generator) as 32 hex digits.
        var generator = SystemRandomNumberGenerator()
        let name = "tmp-" + (0..<2).map { _ in Hex.digits(generator.next() as UInt64, width: 16) }.joined()
        let made = try makeEnvironment(rest + [name])
        guard !made.isEmpty else { return }
        let env = workonHome + "/" + name
        if cdTemporary { plan.append(.cd(env + "/", ifDirectory: false)) }
        let message = "This is a temporary environment. It will be deleted when you run 'deactivate'."
        try? FS.writeFile(FilePath(env + "/README.tmpenv"), message + "\n")
        plan.append(.echo(message))
        // Removed by its own postdeactivate, as virtualenvwrapper does (in
        // the variant of the hook this shell sources).
        do {
            let removal = try shell.temporaryRemoval(readme: env + "/README.tmpenv", environment: name)
            try FS.appendFile(FilePath(env + "/bin/postdeactivate" + shell.hookSuffix), removal)
        } catch {
            throw .failure(error)
        }
    }

    // MARK: - Removing and copying

    mutating func rmvirtualenv(_ args: [String]) throws(Stop) {
        guard !args.isEmpty else { throw .refusal("Please specify an environment.") }
        // A shell that was inside a removed environment is left in WORKON_HOME.
        let prior = Wrapper.currentDirectory()
        defer { if !FS.isDirectory(prior) { plan.append(.cd(workonHome, ifDirectory: false)) } }
        for name in args {
            out("Removing \(name)...\n")
            let env = try environment(name)
            if virtualEnv == env {
                throw .refusal("ERROR: You cannot remove the active environment ('\(name)').\n" +
                               "Either switch to another environment, or run 'deactivate'.")
            }
            if !FS.isDirectory(env) { err("Did not find environment \(env) to remove.") }
            runHook(hookDir + "/prermvirtualenv", [name])
            if FS.isDirectory(env) {
                do {
                    try EnvironmentRemoval.refuseActive(FilePath(env))
                    try EnvironmentRemoval.remove(FilePath(env))
                } catch {
                    err("swift-venv: error: \(error.message)")
                }
            }
            runHook(hookDir + "/postrmvirtualenv", [name])
        }
    }

    mutating func cpvirtualenv(_ args: [String]) throws(Stop) {
        var sourceName = args.first ?? "", target = args.count > 1 ? args[1] : ""
        let invalid = "Please provide a valid virtualenv to copy.\n"
        guard !sourceName.isEmpty else {
            out(invalid)
            throw .status(Status.failure)
        }
        var source: String
        // `.` and `..` are paths here, never the store itself or its parent.
        if sourceName != "." && sourceName != ".." && FS.kind(workonHome + "/" + sourceName) != .missing {
            source = workonHome + "/" + sourceName
        } else {
            source = sourceName
            if source.hasPrefix("~/"), let home = Wrapper.setting("HOME") { source = home + source.dropFirst(1) }
            guard FS.kind(source) != .missing else {
                out(invalid)
                throw .status(Status.failure)
            }
            var trimmed = source
            while trimmed.hasSuffix("/") && trimmed.count > 1 { trimmed.removeLast() }
            sourceName = Wrapper.baseName(trimmed)
        }
        if target.isEmpty { target = sourceName }
        let env = try environment(target)
        if FS.kind(env) != .missing {
            out("\(target) virtualenv already exists.\n")
            throw .status(Status.failure)
        }
        out("Copying \(sourceName) as \(target)...\n")
        do {
            try Relocation.copy(from: FilePath(Wrapper.absolute(source)), to: FilePath(env),
                                options: Relocation.Options())
        } catch {
            throw .failure(error)
        }
        guard FS.isDirectory(env) else { throw .status(Status.failure) }
        Wrapper.makeLocalHooks(env)
        runHook(hookDir + "/precpvirtualenv", [source, target])
        runHook(hookDir + "/premkvirtualenv", [target])
        activate(target, cdAfter: workonCD)
        plan.append(.source(hookDir + "/postmkvirtualenv"))
        plan.append(.source(hookDir + "/postcpvirtualenv"))
    }

    // MARK: - Listing

    func lsvirtualenv(_ args: [String]) throws(Stop) {
        var long = true
        let usage = "lsvirtualenv [-blh]\n  -b -- brief mode\n  -l -- long mode\n  -h -- this help message\n"
        options: for arg in args {
            guard arg.hasPrefix("-"), arg != "-" else { break options }
            if arg == "--" { break options }
            for letter in arg.dropFirst() {
                switch letter {
                case "l": long = true
                case "b": long = false
                case "h":
                    out(usage)
                    throw .status(Status.failure)
                default:
                    err("Invalid option: -\(letter)")
                    out(usage)
                    throw .status(Status.failure)
                }
            }
        }
        for name in names() {
            guard long else { out(name + "\n"); continue }
            // allvirtualenv showvirtualenv: each activated in turn.
            let env = workonHome + "/" + name
            out(name + "\n" + String(repeating: "=", count: name.unicodeScalars.count) + "\n")
            var environment = Environment.current().filter {
                !$0.hasPrefix("PATH=") && !$0.hasPrefix("VIRTUAL_ENV=") && !$0.hasPrefix("PYTHONHOME=")
            }
            environment.append("VIRTUAL_ENV=" + env)
            environment.append("PATH=" + env + "/bin" + (Wrapper.setting("PATH").map { ":" + $0 } ?? ""))
            runHook(hookDir + "/get_env_details", [name], environment: environment)
            runHook(env + "/bin/get_env_details", [name], environment: environment)
            out("\n\n")
        }
    }

    func showvirtualenv(_ args: [String]) throws(Stop) {
        var name = args.first ?? ""
        if name.isEmpty {
            guard let env = virtualEnv else {
                out("showvirtualenv [env]\n")
                throw .status(Status.failure)
            }
            name = Wrapper.baseName(env)
        }
        runHook(hookDir + "/get_env_details", [name])
        runHook(workonHome + "/" + name + "/bin/get_env_details", [name])
        out("\n")
    }

    mutating func allvirtualenv(_ args: [String]) {
        for name in names() where FS.isDirectory(workonHome + "/" + name) {
            plan.append(.echo(name))
            plan.append(.echo(String(repeating: "=", count: name.unicodeScalars.count)))
            plan.append(.inside(workonHome + "/" + name, args))
            plan.append(.echo(""))
        }
    }

    // MARK: - Inside the active environment

    func lssitepackages(_ args: [String]) throws(Stop) {
        let site = try sitePackages()
        if let ls = Wrapper.onPath("ls") { _ = Wrapper.run([ls] + args + [site]) }
        let pth = site + "/_virtualenv_path_extensions.pth"
        if FS.isFile(pth) { out("\n_virtualenv_path_extensions.pth:\n" + (Wrapper.read(pth) ?? "")) }
    }

    func add2virtualenv(_ args: [String]) throws(Stop) {
        let site = try sitePackages()
        let pth = site + "/_virtualenv_path_extensions.pth"
        var args = args
        guard !args.isEmpty else {
            out("Usage: add2virtualenv dir [dir ...]\n")
            if FS.isFile(pth) {
                out("\nExisting paths:\n")
                for line in (Wrapper.read(pth) ?? "").split(separator: "\n") where !line.hasPrefix("import") {
                    out(line + "\n")
                }
            }
            throw .status(Status.failure)
        }
        var remove = false
        if args.first == "-d" { remove = true; args.removeFirst() }
        do {
            if !FS.isFile(pth) {
                try FS.writeFile(FilePath(pth), "import sys; sys.__plen = len(sys.path)\n" +
                    "import sys; new=sys.path[sys.__plen:]; del sys.path[sys.__plen:]; " +
                    "p=getattr(sys,'__egginsert',0); sys.path[p:p]=new; sys.__egginsert = p+len(new)\n")
            }
            for dir in args {
                let absolute = FS.isDirectory(dir) ? Wrapper.absolute(dir)
                    : (dir.hasPrefix("/") ? dir : Wrapper.currentDirectory() + "/" + dir)
                if absolute != dir { err("Warning: Converting \"\(dir)\" to \"\(absolute)\"") }
                // Lines are kept in the file's order; a new path goes after the first line.
                var text = "", first = true
                for line in (Wrapper.read(pth) ?? "").split(separator: "\n", omittingEmptySubsequences: false)
                    .dropLast() {
                    if remove && line == absolute { continue }
                    text += line + "\n"
                    if first && !remove { text += absolute + "\n" }
                    first = false
                }
                try FS.replaceFile(FilePath(pth), text)
            }
        } catch {
            throw .failure(error)
        }
    }

    /// `setvirtualenvproject [ENV [PROJECT]]`.
    func setProject(_ args: [String]) throws(Stop) {
        var env = args.first ?? virtualEnv ?? ""
        if env.isEmpty { env = virtualEnv ?? "" }
        let given = args.count > 1 ? args[1] : ""
        let project: String
        if given.isEmpty {
            project = Wrapper.currentDirectory()
        } else if FS.isDirectory(given) {
            project = Wrapper.absolute(given)
        } else {
            project = given.hasPrefix("/") ? given : Wrapper.currentDirectory() + "/" + given
        }
        if !FS.isDirectory(env) { env = workonHome + "/" + env }
        guard FS.isDirectory(env) else { throw .refusal("No virtualenv \(Wrapper.baseName(env))", code: .notVenv) }
        guard FS.isDirectory(project) else {
            throw .refusal("Cannot associate virtualenv with \"\(project)\", it is not a directory")
        }
        out("Setting project for \(Wrapper.baseName(env)) to \(project)\n")
        do { try FS.writeFile(FilePath(env + "/" + projectFile), project + "\n") } catch {
            throw .status(Status.failure)
        }
    }

    mutating func mkproject(_ args: [String]) throws(Stop) {
        var force = false, rest: [String] = []
        for arg in args {
            switch arg {
            case "-h", "--help":
                out("Usage: mkproject [-f|--force] [-t template] [virtualenv options] project_name\n\n" +
                    "-f, --force    Create the virtualenv even if the project directory\n" +
                    "               already exists\n")
                return
            case "-f", "--force": force = true
            case "-t":
                throw .refusal("ERROR: project templates are virtualenvwrapper plugins written in Python, which " +
                               "swift-venv does not run; create the project without -t")
            default: rest.append(arg)
            }
        }
        let name = rest.last ?? ""
        guard let projectHome = Wrapper.setting("PROJECT_HOME") else {
            throw .refusal("ERROR: Set the PROJECT_HOME shell variable to the name of the directory where " +
                           "projects should be created.")
        }
        guard FS.isDirectory(projectHome) else {
            throw .refusal("ERROR: Project directory '\(projectHome)' does not exist.  Create it or set " +
                           "PROJECT_HOME to an existing directory.")
        }
        let directory = projectHome + "/" + name
        if FS.isDirectory(directory) && !force { throw .refusal("Project \(name) already exists.", code: .exists) }
        let envName = try makeEnvironment(rest)
        plan.append(.cd(projectHome, ifDirectory: false))
        runHookInShell(hookDir + "/premkproject", [name])
        plan.append(.callback(["project-made", workonHome + "/" + envName, directory]))
        plan.append(.cd(directory, ifDirectory: true))
        plan.append(.source(hookDir + "/postmkproject"))
    }

    mutating func cdproject() throws(Stop) {
        let env = try verifyActive()
        guard FS.isFile(env + "/" + projectFile) else {
            throw .refusal("No project set in \(env)/\(projectFile)")
        }
        guard let project = project(of: env), !project.isEmpty else {
            throw .refusal("Project directory  does not exist")
        }
        plan.append(.cd(project, ifDirectory: false))
    }

    func wipeenv() throws(Stop) {
        _ = try verifyActive()
        guard let pip = Wrapper.onPath("pip"), let frozen = Wrapper.run([pip, "freeze"], capture: true) else {
            throw .refusal("ERROR: pip was not found in the active environment")
        }
        let skipped = ["distribute", "wsgiref", "appdirs", "packaging", "pyparsing", "six"]
        let requirements = frozen.output.split(separator: "\n").map(String.init)
            .filter { line in !skipped.contains { line.contains($0) } }
        guard !requirements.isEmpty else {
            out("Nothing to remove.\n")
            return
        }
        out("Uninstalling packages:\n\n")
        for line in requirements {
            let package: String
            if line.hasPrefix("# Editable"), let open = line.lastIndex(of: "("), line.hasSuffix(")"),
               let equals = line[open...].firstRange(of: "==") {
                // An editable install pip names in a comment, `(NAME==VERSION)`,
                // before its `-e PATH` (pip uninstalls names, not paths).
                package = String(line[line.index(after: open)..<equals.lowerBound])
            } else if line.hasPrefix("-f") || line.hasPrefix("#") {
                continue
            } else if line.hasPrefix("-e") {
                // `-e URL#egg=NAME&...` gives NAME; `-e PATH` was named above.
                guard let egg = line.firstRange(of: "egg=") else { continue }
                package = String(line[egg.upperBound...].prefix { $0 != "&" })
            } else {
                package = String(line.prefix { !"<>!=@ ".contains($0) })
            }
            out(package + "\n")
            _ = Wrapper.run([pip, "uninstall", "-y", package])
        }
    }

    func help() {
        out("\nswift-venv shell integration: virtualenvwrapper's commands, without Python.\n\n")
        out("swift-venv: \(program)\nWORKON_HOME: \(workonHome)\n" +
            "PROJECT_HOME: \(Wrapper.setting("PROJECT_HOME") ?? "")\n\nCommands available:\n\n")
        for command in Wrapper.commands { out("  \(command)\n\n") }
    }

    // MARK: - Help texts

    static let workonHelp = """
        Usage: workon env_name

                   Deactivate any currently activated virtualenv
                   and activate the named environment, triggering
                   any hooks in the process.

               workon

                   Print a list of available environments.
                   (See also lsvirtualenv -b)

               workon (-h|--help)

                   Show this help message.

               workon (-c|--cd) envname

                   After activating the environment, cd to the associated
                   project directory if it is set.

               workon (-n|--no-cd) envname

                   After activating the environment, do not cd to the
                   associated project directory.


        """

    static let mkvirtualenvHelp = """
        Usage: mkvirtualenv [-a project_path] [-i package] [-r requirements_file] \
        [-p python_interpreter] [swift-venv options] env_name

         -a project_path

            Provide a full path to a project directory to associate with
            the new environment.

         -i package

            Install a package after the environment is created.
            This option may be repeated.

         -r requirements_file

            Provide a pip requirements file to install a base set of packages
            into the new environment.

         -p python_interpreter, --python=python_interpreter

            The Python interpreter to use for the new environment.
            This can be specified as -p python3.8 or --python=/path/to/python


        """
}
