#if canImport(Glibc)
import Glibc
#endif
import SystemPackage
import VenvCore

/// virtualenvwrapper's commands for csh and tcsh (see `ShellDo`), each doing
/// what shell-init.sh's function of the same name does, in the same order.
extension ShellDo {
    // MARK: - workon and deactivate

    mutating func workon(_ args: [String]) -> Never {
        var cdAfter = workonCD
        var name: String?
        for arg in args {
            switch arg {
            case "-h", "--help":
                ShellDo.out("""
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


                    """)
                finish()
            case "-n", "--no-cd": cdAfter = false
            case "-c", "--cd": cdAfter = true
            default: if name == nil { name = arg }
            }
        }
        guard var name, !name.isEmpty else {
            for env in names() { ShellDo.out(env + "\n") }
            exit(1)
        }
        if name == "." { name = ShellDo.baseName(ShellDo.currentDirectory()) }
        checkName(name)
        guard ShellDo.isDirectory(workonHome + "/" + name) else {
            ShellDo.err("ERROR: Environment '\(name)' does not exist. Create it with 'mkvirtualenv \(name)'.")
            if let store = try? Store.fromEnvironment() {
                let close = Suggestion.closest(to: name, among: (try? store.names()) ?? [])
                if !close.isEmpty { ShellDo.err("Did you mean: \(close.joined(separator: ", "))?") }
            }
            exit(1)
        }
        guard ShellDo.isFile(workonHome + "/" + name + "/bin/activate.csh") else {
            ShellDo.err("ERROR: Environment '\(workonHome)/\(name)' does not contain an activate script.")
            exit(1)
        }
        emitWorkon(name, cdAfter: cdAfter)
        finish()
    }

    /// Leaves the current environment (if ours), runs the preactivate hooks,
    /// activates `name`, defines our deactivate and runs the postactivate hooks.
    mutating func emitWorkon(_ name: String, cdAfter: Bool) {
        let env = workonHome + "/" + name
        // Only an environment activated by workon is left through our
        // deactivate (another is left by its activate.csh).
        if let current = virtualEnv, wrapped { emitDeactivate(current, argument: nil) }
        runHookInShell(hookDir + "/preactivate", [name])
        runHookInShell(env + "/bin/preactivate", [name])
        lines.append("source \(q(env + "/bin/activate.csh"))")
        // The environment's own deactivate, kept under another name (its
        // text still unaliases `deactivate`, which is then ours: as wanted).
        lines.append("alias _swift_venv_env_deactivate \"`alias deactivate`\"")
        lines.append("alias deactivate '_swift_venv_shell_do deactivate \\!* && source $_swift_venv_do:q'")
        lines.append("set _swift_venv_wrapped")
        sourceHook(hookDir + "/postactivate")
        sourceHook(env + "/bin/postactivate")
        if let project = project(of: env) {
            if cdAfter { lines.append("if ( -d \(q(project)) ) chdir \(q(project))") }
            sourceHook(project + "/.virtualenvwrapper/postactivate")
        }
    }

    /// Our deactivate: the environment's hooks, then its own deactivate,
    /// then the postdeactivate hooks with VIRTUALENVWRAPPER_LAST_VIRTUAL_ENV set.
    mutating func emitDeactivate(_ env: String, argument: String?) {
        // The environment's own hook first, so it can undo its postactivate.
        sourceHook(env + "/bin/predeactivate")
        sourceHook(hookDir + "/predeactivate")
        if let project = project(of: env) { sourceHook(project + "/.virtualenvwrapper/predeactivate") }
        lines.append("_swift_venv_env_deactivate" + (argument.map { " " + q($0) } ?? ""))
        let old = workonHome + "/" + ShellDo.baseName(env)
        // In the environment, since bsd-csh refuses shell variable names this long.
        lines.append("setenv VIRTUALENVWRAPPER_LAST_VIRTUAL_ENV \(q(old))")
        sourceHook(old + "/bin/postdeactivate")
        sourceHook(hookDir + "/postdeactivate")
        lines.append("unsetenv VIRTUALENVWRAPPER_LAST_VIRTUAL_ENV")
        if argument != "nondestructive" {
            lines.append("unalias _swift_venv_env_deactivate")
            lines.append("unalias deactivate")
            lines.append("unset _swift_venv_wrapped")
        }
    }

    mutating func deactivateCommand(_ args: [String]) -> Never {
        if let env = virtualEnv {
            emitDeactivate(env, argument: args.first)
        } else {
            lines.append("_swift_venv_env_deactivate" + (args.first.map { " " + q($0) } ?? ""))
            lines.append("unalias _swift_venv_env_deactivate")
            lines.append("unalias deactivate")
            lines.append("unset _swift_venv_wrapped")
        }
        finish()
    }

    // MARK: - Creating

    /// mkvirtualenv's work: creates the environment, runs premkvirtualenv,
    /// sets the project, then writes the code that activates it, installs
    /// with pip and sources postmkvirtualenv. The environment's name.
    @discardableResult
    mutating func makeEnvironment(_ args: [String]) -> String {
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
                guard ShellDo.isDirectory(given) else {
                    ShellDo.err("Cannot associate project with \(given), it is not a directory")
                    exit(1)
                }
                project = ShellDo.absolute(given)
            case "-h", "--help":
                ShellDo.out("""
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


                    """)
                finish()
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
            ShellDo.err("ERROR: name the environment: mkvirtualenv [options] env_name")
            exit(2)
        }
        // One environment: any other word is an option or an option's value.
        var value = false
        for word in rest {
            if value { value = false; continue }
            if word == "--python" || word == "--prompt" { value = true } else if !word.hasPrefix("-") {
                ShellDo.err("ERROR: '\(word)' is not an option: mkvirtualenv [options] env_name makes one environment")
                exit(2)
            }
        }
        checkName(name)
        let env = workonHome + "/" + name
        verifyWorkonHome()
        // The default options of every new environment, split as words.
        let defaults = (ShellDo.nonEmpty("VIRTUALENVWRAPPER_VIRTUALENV_ARGS") ?? "")
            .split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)
        let created = ShellSupport.run([ownPath(), "create"] + defaults + rest + [env], directory: workonHome)?.status ?? 1
        guard created == 0 else { exit(created) }
        guard ShellDo.isDirectory(env) else { exit(1) }
        ShellDo.makeLocalHooks(env)
        runHook(hookDir + "/premkvirtualenv", [name])
        if let project {
            let status = setvirtualenvproject([env, project])
            if status != 0 { exit(status) }
        }
        emitWorkon(name, cdAfter: workonCD)
        if let requirements { lines.append("pip install -r \(q(requirements))") }
        for package in packages where !package.isEmpty { lines.append("pip install \(q(package))") }
        sourceHook(hookDir + "/postmkvirtualenv")
        return name
    }

    mutating func mkvirtualenv(_ args: [String]) -> Never {
        makeEnvironment(args)
        finish()
    }

    mutating func mktmpenv(_ args: [String]) -> Never {
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
        makeEnvironment(rest + [name])
        let env = workonHome + "/" + name
        if cdTemporary { lines.append("chdir \(q(env + "/"))") }
        let message = "This is a temporary environment. It will be deleted when you run 'deactivate'."
        _ = ShellDo.writeFile(env + "/README.tmpenv", message + "\n")
        say(message)
        // Removed by its own postdeactivate, as virtualenvwrapper does (here
        // the csh variant of the hook).
        _ = ShellDo.writeFile(env + "/bin/postdeactivate.csh", """
            if ( -f \(q(env + "/README.tmpenv")) ) then
                echo "Removing temporary environment:" \(q(name))
                rmvirtualenv \(q(name))
            endif

            """, append: true)
        finish()
    }

    // MARK: - Removing and copying

    func rmvirtualenv(_ args: [String]) -> Never {
        guard !args.isEmpty else {
            ShellDo.err("Please specify an environment.")
            exit(1)
        }
        for name in args {
            ShellDo.out("Removing \(name)...\n")
            checkName(name)
            let env = workonHome + "/" + name
            if virtualEnv == env {
                ShellDo.err("ERROR: You cannot remove the active environment ('\(name)').")
                ShellDo.err("Either switch to another environment, or run 'deactivate'.")
                exit(1)
            }
            if !ShellDo.isDirectory(env) { ShellDo.err("Did not find environment \(env) to remove.") }
            runHook(hookDir + "/prermvirtualenv", [name])
            if ShellDo.isDirectory(env) {
                do {
                    try EnvironmentRemoval.refuseActive(FilePath(env))
                    try EnvironmentRemoval.remove(FilePath(env))
                } catch {
                    ShellDo.err("swift-venv: error: \(error.message)")
                }
            }
            runHook(hookDir + "/postrmvirtualenv", [name])
        }
        exit(0)
    }

    mutating func cpvirtualenv(_ args: [String]) -> Never {
        var sourceName = args.first ?? "", target = args.count > 1 ? args[1] : ""
        guard !sourceName.isEmpty else {
            ShellDo.out("Please provide a valid virtualenv to copy.\n")
            exit(1)
        }
        var source: String
        // `.` and `..` are paths here, never the store itself or its parent.
        if sourceName != "." && sourceName != ".." && ShellDo.exists(workonHome + "/" + sourceName) {
            source = workonHome + "/" + sourceName
        } else {
            source = sourceName
            if source.hasPrefix("~/"), let home = ShellDo.nonEmpty("HOME") { source = home + source.dropFirst(1) }
            guard ShellDo.exists(source) else {
                ShellDo.out("Please provide a valid virtualenv to copy.\n")
                exit(1)
            }
            var trimmed = source
            while trimmed.hasSuffix("/") && trimmed.count > 1 { trimmed.removeLast() }
            sourceName = ShellDo.baseName(trimmed)
        }
        if target.isEmpty { target = sourceName }
        checkName(target)
        let env = workonHome + "/" + target
        if ShellDo.exists(env) {
            ShellDo.out("\(target) virtualenv already exists.\n")
            exit(1)
        }
        ShellDo.out("Copying \(sourceName) as \(target)...\n")
        do {
            try Relocation.copy(from: FilePath(ShellDo.absolute(source)), to: FilePath(env),
                                options: Relocation.Options())
        } catch {
            ShellDo.err("swift-venv: error: \(error.message)")
            exit(1)
        }
        guard ShellDo.isDirectory(env) else { exit(1) }
        ShellDo.makeLocalHooks(env)
        runHook(hookDir + "/precpvirtualenv", [source, target])
        runHook(hookDir + "/premkvirtualenv", [target])
        emitWorkon(target, cdAfter: workonCD)
        sourceHook(hookDir + "/postmkvirtualenv")
        sourceHook(hookDir + "/postcpvirtualenv")
        finish()
    }

    // MARK: - Listing

    func lsvirtualenv(_ args: [String]) -> Never {
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
                    ShellDo.out(usage)
                    exit(1)
                default:
                    ShellDo.err("Invalid option: -\(letter)")
                    ShellDo.out(usage)
                    exit(1)
                }
            }
        }
        for name in names() {
            guard long else { ShellDo.out(name + "\n"); continue }
            // allvirtualenv showvirtualenv: each activated in turn.
            let env = workonHome + "/" + name
            ShellDo.out(name + "\n" + String(repeating: "=", count: name.unicodeScalars.count) + "\n")
            var environment = Environment.current().filter {
                !$0.hasPrefix("PATH=") && !$0.hasPrefix("VIRTUAL_ENV=") && !$0.hasPrefix("PYTHONHOME=")
            }
            environment.append("VIRTUAL_ENV=" + env)
            environment.append("PATH=" + env + "/bin" + ((ShellDo.nonEmpty("PATH")).map { ":" + $0 } ?? ""))
            runHook(hookDir + "/get_env_details", [name], environment: environment)
            runHook(env + "/bin/get_env_details", [name], environment: environment)
            ShellDo.out("\n\n")
        }
        exit(0)
    }

    func showvirtualenv(_ args: [String]) -> Never {
        var name = args.first ?? ""
        if name.isEmpty {
            guard let env = virtualEnv else {
                ShellDo.out("showvirtualenv [env]\n")
                exit(1)
            }
            name = ShellDo.baseName(env)
        }
        runHook(hookDir + "/get_env_details", [name])
        runHook(workonHome + "/" + name + "/bin/get_env_details", [name])
        ShellDo.out("\n")
        exit(0)
    }

    mutating func allvirtualenv(_ args: [String]) -> Never {
        let command = args.map(q).joined(separator: " ")
        for name in names() where ShellDo.isDirectory(workonHome + "/" + name) {
            let env = workonHome + "/" + name
            say(name)
            say(String(repeating: "=", count: name.unicodeScalars.count))
            lines.append("( source \(q(env + "/bin/activate.csh")) ; chdir \(q(env)) ; \(command) )")
            say("")
        }
        finish()
    }

    // MARK: - Inside the active environment

    mutating func cdInside(_ args: [String], sitePackages: Bool) -> Never {
        let base = sitePackages ? requireSitePackages() : verifyActive()
        lines.append("chdir \(q(base + "/" + (args.first ?? "")))")
        finish()
    }

    func lssitepackages(_ args: [String]) -> Never {
        let site = requireSitePackages()
        if let ls = ShellDo.onPath("ls") { _ = ShellSupport.run([ls] + args + [site]) }
        let pth = site + "/_virtualenv_path_extensions.pth"
        if ShellDo.isFile(pth) {
            ShellDo.out("\n_virtualenv_path_extensions.pth:\n" + (ShellDo.read(pth) ?? ""))
        }
        exit(0)
    }

    func add2virtualenv(_ args: [String]) -> Never {
        let site = requireSitePackages()
        let pth = site + "/_virtualenv_path_extensions.pth"
        var args = args
        guard !args.isEmpty else {
            ShellDo.out("Usage: add2virtualenv dir [dir ...]\n")
            if ShellDo.isFile(pth) {
                ShellDo.out("\nExisting paths:\n")
                for line in (ShellDo.read(pth) ?? "").split(separator: "\n") where !line.hasPrefix("import") {
                    ShellDo.out(line + "\n")
                }
            }
            exit(1)
        }
        var remove = false
        if args.first == "-d" { remove = true; args.removeFirst() }
        if !ShellDo.isFile(pth) {
            let header = "import sys; sys.__plen = len(sys.path)\n" +
                "import sys; new=sys.path[sys.__plen:]; del sys.path[sys.__plen:]; " +
                "p=getattr(sys,'__egginsert',0); sys.path[p:p]=new; sys.__egginsert = p+len(new)\n"
            guard ShellDo.writeFile(pth, header) else { exit(1) }
        }
        for dir in args {
            let absolute = ShellDo.isDirectory(dir) ? ShellDo.absolute(dir)
                : (dir.hasPrefix("/") ? dir : ShellDo.currentDirectory() + "/" + dir)
            if absolute != dir { ShellDo.err("Warning: Converting \"\(dir)\" to \"\(absolute)\"") }
            var out = "", first = true
            for line in (ShellDo.read(pth) ?? "").split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
                if remove && line == absolute { continue }
                out += line + "\n"
                if first && !remove { out += absolute + "\n" }
                first = false
            }
            do { try FS.replaceFile(FilePath(pth), out) } catch {
                ShellDo.err("swift-venv: error: \(error.message)")
                exit(1)
            }
        }
        exit(0)
    }

    /// `setvirtualenvproject [ENV [PROJECT]]`: its exit status.
    func setvirtualenvproject(_ args: [String]) -> Int32 {
        var env = args.first ?? virtualEnv ?? ""
        if env.isEmpty { env = virtualEnv ?? "" }
        let given = args.count > 1 ? args[1] : ""
        let project: String
        if given.isEmpty {
            project = ShellDo.currentDirectory()
        } else if ShellDo.isDirectory(given) {
            project = ShellDo.absolute(given)
        } else {
            project = given.hasPrefix("/") ? given : ShellDo.currentDirectory() + "/" + given
        }
        if !ShellDo.isDirectory(env) { env = workonHome + "/" + env }
        guard ShellDo.isDirectory(env) else {
            ShellDo.err("No virtualenv \(ShellDo.baseName(env))")
            return 1
        }
        guard ShellDo.isDirectory(project) else {
            ShellDo.err("Cannot associate virtualenv with \"\(project)\", it is not a directory")
            return 1
        }
        ShellDo.out("Setting project for \(ShellDo.baseName(env)) to \(project)\n")
        return ShellDo.writeFile(env + "/" + projectFile, project + "\n") ? 0 : 1
    }

    mutating func mkproject(_ args: [String]) -> Never {
        var force = false, rest: [String] = []
        for arg in args {
            switch arg {
            case "-h", "--help":
                ShellDo.out("Usage: mkproject [-f|--force] [-t template] [virtualenv options] project_name\n\n" +
                            "-f, --force    Create the virtualenv even if the project directory\n" +
                            "               already exists\n")
                finish()
            case "-f", "--force": force = true
            case "-t":
                ShellDo.err("ERROR: project templates are virtualenvwrapper plugins written in Python, which " +
                            "swift-venv does not run; create the project without -t")
                exit(1)
            default: rest.append(arg)
            }
        }
        let name = rest.last ?? ""
        guard let projectHome = ShellDo.nonEmpty("PROJECT_HOME") else {
            ShellDo.err("ERROR: Set the PROJECT_HOME shell variable to the name of the directory where projects " +
                        "should be created.")
            exit(1)
        }
        guard ShellDo.isDirectory(projectHome) else {
            ShellDo.err("ERROR: Project directory '\(projectHome)' does not exist.  Create it or set PROJECT_HOME " +
                        "to an existing directory.")
            exit(1)
        }
        let directory = projectHome + "/" + name
        if ShellDo.isDirectory(directory) && !force {
            ShellDo.err("Project \(name) already exists.")
            exit(1)
        }
        let envName = makeEnvironment(rest)
        lines.append("chdir \(q(projectHome))")
        runHookInShell(hookDir + "/premkproject", [name])
        lines.append("$_swift_venv:q shell-do \(shell) - project-made \(q(workonHome + "/" + envName)) " +
                     q(directory))
        lines.append("if ( -d \(q(directory)) ) chdir \(q(directory))")
        sourceHook(hookDir + "/postmkproject")
        finish()
    }

    mutating func cdproject() -> Never {
        let env = verifyActive()
        guard ShellDo.isFile(env + "/" + projectFile) else {
            ShellDo.err("No project set in \(env)/\(projectFile)")
            exit(1)
        }
        guard let project = project(of: env), !project.isEmpty else {
            ShellDo.err("Project directory  does not exist")
            exit(1)
        }
        lines.append("chdir \(q(project))")
        finish()
    }

    func wipeenv() -> Never {
        _ = verifyActive()
        guard let pip = ShellDo.onPath("pip"),
              let frozen = ShellSupport.run([pip, "freeze"], capture: true) else {
            ShellDo.err("ERROR: pip was not found in the active environment")
            exit(1)
        }
        let skipped = ["distribute", "wsgiref", "appdirs", "packaging", "pyparsing", "six"]
        let requirements = frozen.output.split(separator: "\n").map(String.init)
            .filter { line in !skipped.contains { line.contains($0) } }
        guard !requirements.isEmpty else {
            ShellDo.out("Nothing to remove.\n")
            exit(0)
        }
        ShellDo.out("Uninstalling packages:\n\n")
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
            ShellDo.out(package + "\n")
            _ = ShellSupport.run([pip, "uninstall", "-y", package])
        }
        exit(0)
    }

    func help() -> Never {
        ShellDo.out("\nswift-venv shell integration: virtualenvwrapper's commands, without Python.\n\n")
        ShellDo.out("swift-venv: \(ownPath())\nWORKON_HOME: \(workonHome)\n" +
                    "PROJECT_HOME: \(ShellDo.nonEmpty("PROJECT_HOME") ?? "")\n\nCommands available:\n\n")
        for command in ["add2virtualenv", "allvirtualenv", "cdproject", "cdsitepackages", "cdvirtualenv",
                        "cpvirtualenv", "lssitepackages", "lsvirtualenv", "mkproject", "mktmpenv", "mkvirtualenv",
                        "rmvirtualenv", "setvirtualenvproject", "showvirtualenv", "virtualenvwrapper", "wipeenv",
                        "workon"] {
            ShellDo.out("  \(command)\n\n")
        }
        exit(0)
    }
}
