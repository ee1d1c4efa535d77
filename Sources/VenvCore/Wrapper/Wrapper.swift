#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// virtualenvwrapper's commands (mkvirtualenv, workon, rmvirtualenv, ...),
/// written once. A command does in this process what a process can do
/// (create, copy, remove, print, run the hooks virtualenvwrapper runs as
/// programs) and returns the rest as a `Plan` of `Step`s for the shell
/// (activate, cd, source a hook...), which a `WrapperShell` renders in
/// that shell's language. The steps and messages are virtualenvwrapper
/// 6.1.1's, in its order.
package struct Wrapper {
    /// `$WORKON_HOME`, absolute (`Store.fromEnvironment`).
    package let workonHome: String
    /// `$VIRTUALENVWRAPPER_HOOK_DIR`, else `$WORKON_HOME`.
    package let hookDir: String
    /// `$VIRTUALENVWRAPPER_PROJECT_FILENAME`, else `.project`.
    package let projectFile: String
    /// `$VIRTUALENVWRAPPER_WORKON_CD` is `1` (the default).
    let workonCD: Bool
    /// The active environment (`$VIRTUAL_ENV`).
    let virtualEnv: String?
    /// Whether the active environment was activated by workon (so it is
    /// left through the wrapper's deactivate, with its hooks).
    let wrapped: Bool
    /// The swift-venv program, run for `create`.
    let program: String
    /// The shell the plan is for.
    let shell: WrapperShell
    /// What the shell is to do after this process, in order.
    package var plan = Plan()

    /// The settings as virtualenvwrapper reads them from the environment.
    package init(shell: WrapperShell, wrapped: Bool, program: String) throws(VenvError) {
        workonHome = try Store.fromEnvironment().workonHome.string
        hookDir = Wrapper.setting("VIRTUALENVWRAPPER_HOOK_DIR") ?? workonHome
        projectFile = Wrapper.setting("VIRTUALENVWRAPPER_PROJECT_FILENAME") ?? ".project"
        workonCD = (Wrapper.setting("VIRTUALENVWRAPPER_WORKON_CD") ?? "1") == "1"
        virtualEnv = Wrapper.setting("VIRTUAL_ENV")
        self.wrapped = wrapped
        self.program = program
        self.shell = shell
    }

    /// A variable's value, nil when unset or empty.
    static func setting(_ name: String) -> String? {
        guard let value = Environment.variable(name), !value.isEmpty else { return nil }
        return value
    }

    // MARK: - How a command ends

    /// A command stopped before its end: `shown` (if any) is printed on
    /// stderr, and the command's status is `status`.
    package struct Stop: Error {
        package let status: Int32
        /// The failure, when there is one.
        package let error: VenvError?
        /// The line shown for it.
        package let shown: String?

        /// A failure of swift-venv's own (status 1), shown as the command line shows its errors.
        static func failure(_ error: VenvError) -> Stop {
            Stop(status: Status.failure, error: error, shown: "swift-venv: error: " + TerminalText.escaped(error.message))
        }
        /// A name `Store.validate` refuses (status 1), in virtualenvwrapper's form.
        static func invalidName(_ error: VenvError) -> Stop {
            Stop(status: Status.failure, error: error, shown: "ERROR: " + error.message)
        }
        /// A failure in virtualenvwrapper's own words (its `ERROR: ...` lines, status 1).
        static func refusal(_ text: String, code: VenvError.Code = .failed) -> Stop {
            Stop(status: Status.failure, error: VenvError(code, nil, text), shown: text)
        }
        /// A command line the command does not take (status 2, as virtualenv's).
        static func usage(_ text: String) -> Stop {
            Stop(status: Status.usage, error: VenvError(.invalid, nil, text), shown: text)
        }
        /// Stops with `status`, all said already (or said by a program it ran).
        static func status(_ status: Int32) -> Stop { Stop(status: status, error: nil, shown: nil) }
    }

    /// The exit statuses of the commands, in one place.
    package enum Status {
        package static let success: Int32 = 0
        package static let failure: Int32 = 1
        package static let usage: Int32 = 2
    }

    // MARK: - Output

    /// Prints on standard output, unbuffered (in order with the hooks' output).
    func out(_ text: String) { Wrapper.write(1, text) }

    /// Prints a line on standard error.
    func err(_ text: String) { Wrapper.write(2, text.hasSuffix("\n") ? text : text + "\n") }

    static func write(_ fd: Int32, _ text: String) {
        try? FS.writeAll(fd, Array(text.utf8), FilePath(fd == 1 ? "/dev/stdout" : "/dev/stderr"))
    }

    // MARK: - The store

    /// The environments: the directories of $WORKON_HOME with bin/activate,
    /// in byte order.
    package func names() -> [String] {
        let found = ((try? FS.contents(of: FilePath(workonHome))) ?? []).filter { name in
            !name.hasPrefix(".") && FS.isFile(workonHome + "/" + name + "/bin/activate")
        }
        return found.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    /// The environment called `name`: refused (status 1) unless `Store.validate` takes it.
    func environment(_ name: String) throws(Stop) -> String {
        do { try Store.validate(name: name) } catch { throw .invalidName(error) }
        return workonHome + "/" + name
    }

    /// Makes WORKON_HOME when it is missing, saying so as virtualenvwrapper does.
    func verifyWorkonHome() throws(Stop) {
        guard !FS.isDirectory(workonHome) else { return }
        err("NOTE: Virtual environments directory \(workonHome) does not exist. Creating...")
        try makeDirectories(workonHome)
    }

    /// The active environment, which must exist.
    func verifyActive() throws(Stop) -> String {
        guard let env = virtualEnv, FS.isDirectory(env) else {
            throw .refusal("ERROR: no virtualenv active, or active virtualenv is missing")
        }
        return env
    }

    /// The first line of the environment's project file, if any.
    func project(of env: String) -> String? {
        let file = env + "/" + projectFile
        guard FS.isFile(file), let text = Wrapper.read(file) else { return nil }
        return String(text.split(separator: "\n", omittingEmptySubsequences: false).first ?? "")
    }

    /// The active environment's site-packages (the first lib/python*/site-packages).
    func sitePackages() throws(Stop) -> String {
        let env = try verifyActive()
        let candidates = ((try? FS.contents(of: FilePath(env + "/lib"))) ?? []).filter { name in
            name.hasPrefix("python") && FS.isDirectory(env + "/lib/" + name + "/site-packages")
        }.map { env + "/lib/" + $0 + "/site-packages" }
        guard let site = candidates.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }).first
        else {
            throw .refusal("ERROR: currently-active virtualenv does not appear to have a site-packages directory")
        }
        return site
    }

    // MARK: - Files and paths

    static func read(_ path: String) -> String? {
        (try? FS.readFile(FilePath(path), limit: 1 << 24)).map { String(decoding: $0, as: UTF8.self) }
    }

    /// `mkdir -p`.
    func makeDirectories(_ path: String) throws(Stop) {
        do { _ = try FS.makeDirectories(FilePath(path)) } catch { throw .failure(error) }
    }

    /// The working directory as the shell names it ($PWD, when it is this
    /// directory); else the physical path.
    static func currentDirectory() -> String {
        if let pwd = setting("PWD"), pwd.hasPrefix("/"), let here = FS.status("."), let named = FS.status(FilePath(pwd)),
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

    /// `name` found on PATH, as the shell would find it.
    static func onPath(_ name: String) -> String? {
        for dir in (setting("PATH") ?? "/usr/bin:/bin").split(separator: ":", omittingEmptySubsequences: false) {
            let candidate = (dir.isEmpty ? "." : String(dir)) + "/" + name
            if FS.isExecutableFile(candidate) { return candidate }
        }
        return nil
    }

    /// Runs `argv` (argv[0] a path) in `directory` with this process's
    /// streams, and waits: its exit status (128 + the signal when killed),
    /// or nil when it could not start. A file without a `#!` line is run by
    /// /bin/sh, as a shell runs it. With `capture`, standard output is
    /// returned instead of shown.
    static func run(_ argv: [String], directory: String? = nil, environment: [String]? = nil,
                    capture: Bool = false) -> (status: Int32, output: String)? {
        func spawn(_ argv: [String]) throws(VenvError) -> (status: Int32, output: String) {
            let result = try ChildProcess.run(FilePath(argv[0]), Array(argv.dropFirst()),
                                              environment: environment ?? Environment.current(),
                                              directory: directory.map { FilePath($0) },
                                              streams: capture ? .outputCaptured : .inherited)
            return (result.status, result.output)
        }
        do {
            return try spawn(argv)
        } catch where error.errno == .execFormatError {
            return try? spawn(["/bin/sh"] + argv)
        } catch {
            return nil
        }
    }
}
