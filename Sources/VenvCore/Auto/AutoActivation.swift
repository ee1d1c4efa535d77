#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// Automatic activation (`swift-venv shell-init SHELL --auto`): which
/// environment a directory's project has, whether it may be activated, and
/// the code the shell evaluates to activate it.
///
/// The shell finds by itself, with builtins, the nearest directory holding a
/// `.venv`, a `.python-version` or a virtualenvwrapper project
/// (`Templates/shell-auto.*`), and asks this (`swift-venv auto SHELL DIR`)
/// only when that directory changed. The code given back is the
/// environment's activation script rendered here from the environment's
/// path and prompt (`ActivationScripts`, the same templates and prompt as
/// `bin/activate`), never a file of the project: a cloned project's own
/// `bin/activate` is not read. The environment's `bin/postactivate` runs
/// only for a directory the user allowed (`AutoAllowance`), and then as the
/// bytes that were checked, given inline.
public enum AutoActivation {
    /// What a directory's project has.
    public enum Outcome: Equatable, Sendable {
        /// An environment to activate: its path, prompt and the project
        /// directory it was found from.
        case environment(env: FilePath, prompt: String, root: FilePath)
        /// Nothing to activate, and nothing to say.
        case none
        /// Something that looks like an environment but is refused; `reason`
        /// is one line for the user.
        case refused(root: FilePath, reason: String)
    }

    /// The environment of the project holding `directory` (absolute, the
    /// shell's logical path): the nearest directory, `directory` or a parent,
    /// with a `.venv`, a `.python-version` naming an environment of the
    /// store or of pyenv-virtualenv, or a virtualenvwrapper project (an
    /// environment of the store whose `.project` names the directory).
    /// The walk is on the text of the path, so a loop of symbolic links
    /// cannot make it go round.
    public static func lookup(_ directory: FilePath) -> Outcome {
        let store = try? Store.fromEnvironment()
        // Listed only when a directory has neither a .venv nor a
        // .python-version: a project's own directory usually has one.
        var projects: [(project: String, env: FilePath)]?
        var current = directory.lexicallyNormalized()
        while true {
            let venv = current.appending(".venv")
            if FS.linkStatus(venv) != nil {
                return check(venv, root: current)
            }
            let versionFile = current.appending(".python-version")
            if FS.kind(versionFile, followingLinks: true) != .missing {
                if let outcome = pythonVersion(versionFile, root: current, store: store) { return outcome }
            }
            if projects == nil { projects = store.map { projectsOf($0) } ?? [] }
            if let env = projects?.last(where: { $0.project == current.string })?.env {
                return check(env, root: current)
            }
            guard let up = PathText.parent(current) else { return .none }
            current = up
        }
    }

    /// The file systems whose directories the shell does not examine
    /// itself (a `stat` there can wait as long as a server or a FUSE
    /// process does): network and cluster file systems and FUSE, by the
    /// type /proc/self/mountinfo gives.
    static let remoteTypes: [String] = [
        "nfs", "nfs4", "cifs", "smb3", "smbfs", "ncpfs", "9p", "afs", "ceph", "glusterfs", "lustre", "gpfs",
        "beegfs", "ocfs2", "gfs2", "orangefs", "pvfs2", "coda", "davfs", "fuse", "fuseblk", "virtiofs",
        // An automount point: a lookup under it may start a mount (and wait for its server).
        "autofs",
    ]

    /// The mount points of `mountinfo` (/proc/self/mountinfo's text) whose
    /// file system is remote (`remoteTypes`, or any `fuse.NAME`), each as a
    /// path (mountinfo's octal escapes undone; `/` for one not in UTF-8),
    /// in the file's order.
    public static func remoteMountPoints(mountinfo: [UInt8]) -> [String] {
        remoteMounts(mountinfo).map { $0.point }
    }

    /// Whether this process's mount table (/proc/self/mountinfo) holds a
    /// file system that can hold a lookup even against SIGKILL: a remote
    /// mount (`remoteMountPoints`), systemd's automount of binfmt_misc
    /// under /proc/sys aside (it mounts a local file system); true when the
    /// table cannot be read. Without one, `swift-venv shell-auto` bounds its
    /// lookup with a thread instead of a forked child
    /// (`BoundedChild.runInThread`).
    public static func seesRemoteMounts() -> Bool {
        guard let mountinfo = try? FS.readFile(FilePath("/proc/self/mountinfo"), limit: 1 << 24) else { return true }
        return remoteMounts(mountinfo).contains { !($0.type == "autofs" && $0.point.hasPrefix("/proc/sys/")) }
    }

    /// The remote mounts of `mountinfo`: type and point. On bytes, line by
    /// line without splitting each into fields (every `cd` into a project
    /// reads the table): no field holds a space (mountinfo escapes it), so
    /// the first " - " of a line ends its optional fields, and its type
    /// follows.
    static func remoteMounts(_ mountinfo: [UInt8]) -> [(type: String, point: String)] {
        var points: [(type: String, point: String)] = []
        let space = UInt8(ascii: " "), dash = UInt8(ascii: "-")
        var start = mountinfo.startIndex
        while start < mountinfo.endIndex {
            let end = mountinfo[start...].firstIndex(of: UInt8(ascii: "\n")) ?? mountinfo.endIndex
            defer { start = end + 1 }
            // ID PARENT MAJ:MIN ROOT POINT OPTIONS [OPTIONAL...] - TYPE SOURCE SUPER
            var i = start + 1
            while i + 1 < end, !(mountinfo[i] == dash && mountinfo[i - 1] == space && mountinfo[i + 1] == space) {
                i += 1
            }
            guard i + 2 < end else { continue }
            let typeEnd = mountinfo[(i + 2)..<end].firstIndex(of: space) ?? end
            let type = String(decoding: mountinfo[(i + 2)..<typeEnd], as: UTF8.self)
            guard type.hasPrefix("fuse.") || remoteTypes.contains(type) else { continue }
            // The fifth field, the mount point.
            var field = start, count = 0
            while count < 4, let next = mountinfo[field..<i].firstIndex(of: space) {
                field = next + 1
                count += 1
            }
            guard count == 4 else { continue }
            let pointEnd = mountinfo[field..<i].firstIndex(of: space) ?? i
            // A mount point not in UTF-8 cannot be compared with $PWD's text
            // here: every directory is then treated as under it.
            points.append((type, String(validating: unescapedOctal(mountinfo[field..<pointEnd]), as: UTF8.self) ?? "/"))
        }
        return points
    }

    /// mountinfo's `\NNN` escapes (of a space, tab, line break, backslash) undone.
    static func unescapedOctal(_ field: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = [], i = field.startIndex
        while i < field.endIndex {
            if field[i] == UInt8(ascii: "\\"), field.endIndex - i >= 4,
               let value = UInt8(String(decoding: field[(i + 1)..<(i + 4)], as: UTF8.self), radix: 8) {
                out.append(value)
                i += 4
            } else {
                out.append(field[i])
                i += 1
            }
        }
        return out
    }

    /// The environments of the store, each with the project its `.project`
    /// names, in the store's order (the last one naming a directory is
    /// its environment). A list, not a dictionary: the first dictionary of
    /// paths a process makes costs more instructions than the rest of a
    /// `cd`'s lookup (the runtime searches every conformance).
    static func projectsOf(_ store: Store) -> [(project: String, env: FilePath)] {
        var projects: [(project: String, env: FilePath)] = []
        for name in (try? store.names()) ?? [] {
            let env = store.workonHome.appending(name)
            guard let project = Store.project(of: env), project.hasPrefix("/") else { continue }
            projects.append((FilePath(project).lexicallyNormalized().string, env))
        }
        return projects
    }

    /// The outcome of a `.python-version` (in the directory `root`): its
    /// first name (pyenv's syntax: a name per line or word, `#` comments);
    /// nil when it names a Python version rather than an environment, so
    /// that the walk goes on.
    static func pythonVersion(_ file: FilePath, root: FilePath, store: Store?) -> Outcome? {
        guard let bytes = FS.readRegularFile(file, limit: 1 << 16) else {
            return .refused(root: root, reason: "\(file) cannot be read, so its environment is not activated")
        }
        guard String(validating: bytes, as: UTF8.self) != nil else {
            return .refused(root: root, reason: "\(file) is not UTF-8, so it names no environment")
        }
        guard let name = firstName(bytes) else { return nil }
        // pyenv's `system` and versions such as 3.12 or 3.12.1 are no environments.
        if name == "system" || name.allSatisfy({ $0 == "." || $0.isNumber }) { return nil }
        do {
            try Store.validate(name: name)
        } catch {
            return .refused(root: root, reason: "\(file) names \(PythonLiteral.repr(name)), which is not an " +
                                                "environment's name (a name, never a path), so nothing is activated")
        }
        if let store, FS.kind(store.workonHome.appending(name).appending("pyvenv.cfg"), followingLinks: true) == .file {
            return check(store.workonHome.appending(name), root: root)
        }
        let pyenvRoot = Environment.variable("PYENV_ROOT").flatMap { $0.hasPrefix("/") ? FilePath($0) : nil }
            ?? Environment.variable("HOME").flatMap { $0.hasPrefix("/") ? FilePath($0).appending(".pyenv") : nil }
        if let pyenvRoot {
            let env = pyenvRoot.appending("versions").appending(name)
            if FS.kind(env.appending("pyvenv.cfg"), followingLinks: true) == .file { return check(env, root: root) }
            // A Python that pyenv built (a version of another spelling).
            if FS.isDirectory(env) { return nil }
        }
        return nil
    }

    /// The first word of `text` (UTF-8) that is no comment: words are
    /// separated by spaces and tabs, lines by line feeds and carriage
    /// returns, a comment is a word from `#` to the line's end. On bytes,
    /// with no collection of lines or words: every `cd` into a project
    /// with a `.python-version` reads one (the generic splitting cost more
    /// than the rest of the lookup).
    static func firstName(_ text: [UInt8]) -> String? {
        func blank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        func lineEnd(_ byte: UInt8) -> Bool { byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") }
        var i = 0
        while i < text.count {
            while i < text.count, blank(text[i]) { i += 1 }
            let start = i
            while i < text.count, !blank(text[i]), !lineEnd(text[i]) { i += 1 }
            if i > start, text[start] != UInt8(ascii: "#") {
                return String(decoding: text[start..<i], as: UTF8.self)
            }
            while i < text.count, !lineEnd(text[i]) { i += 1 }
            i += 1
        }
        return nil
    }

    /// Whether the environment at `env` may be activated: an environment
    /// (a pyvenv.cfg), that no other user can change (it and every directory
    /// above its real path, symbolic links followed), with a path and prompt
    /// the activation scripts can hold.
    static func check(_ env: FilePath, root: FilePath) -> Outcome {
        guard let real = FS.realPath(env) else {
            return .refused(root: root, reason: "\(env) is a broken link, so it is not activated")
        }
        let config = env.appending("pyvenv.cfg")
        guard FS.kind(config, followingLinks: true) == .file else {
            return .refused(root: root, reason: "\(env) has no pyvenv.cfg, so it is not an environment; not activated")
        }
        if let problem = otherUsersCanChange(real) {
            return .refused(root: root, reason: "\(env) is not activated: \(problem)")
        }
        for leaf in ["pyvenv.cfg", "bin"] {
            if let st = FS.status(real.appending(leaf)), !ownedSafely(st) {
                return .refused(root: root, reason: "\(env) is not activated: its \(leaf) belongs to another user " +
                                                    "or others can write it")
            }
        }
        let prompt = (try? PyvenvConfig.read(config))?.prompt ?? env.lastComponent.map { $0.string } ?? "venv"
        do {
            try ActivationScripts.validate(envDir: env, prompt: prompt)
        } catch {
            return .refused(root: root, reason: "\(env) is not activated: \(error.message)")
        }
        return .environment(env: env, prompt: prompt, root: root)
    }

    /// Owned by this user or root, and writable by no one else.
    static func ownedSafely(_ st: stat) -> Bool {
        (st.st_uid == ThisProcess.userID || st.st_uid == 0) && !othersMayWrite(st)
    }

    /// Writable by all, or by a group other than this user's own (a umask
    /// of 002 with a group per user, as Debian and Fedora give each user,
    /// makes every new directory writable by the user's own group).
    static func othersMayWrite(_ st: stat) -> Bool {
        st.st_mode & 0o002 != 0 || (st.st_mode & 0o020 != 0 && st.st_gid != ThisProcess.groupID)
    }

    /// Why another user could change what is at `real` (a real path), or
    /// nil: it, or a directory above it, belongs to someone other than this
    /// user and root, or others may write it (`othersMayWrite`; a sticky directory, as /tmp,
    /// excepted above the environment: no one renames there what is not theirs).
    static func otherUsersCanChange(_ real: FilePath) -> String? {
        var current = real, leaf = true
        while true {
            guard let st = FS.status(current) else { return "\(current) cannot be examined" }
            if st.st_uid != ThisProcess.userID && st.st_uid != 0 {
                return "\(current) belongs to another user (uid \(st.st_uid))"
            }
            if othersMayWrite(st) && (leaf || st.st_mode & 0o1000 == 0) {
                return "others can write \(current)"
            }
            guard let up = PathText.parent(current) else { return nil }
            current = up
            leaf = false
        }
    }

    /// The shell code that sets `_swift_venv_auto_mark`, the project seen
    /// last, to `root` ('' when no word can hold it: a control character).
    public static func markCode(_ root: String, shell: String) -> String {
        switch shell {
        case "fish": return "set -g _swift_venv_auto_mark " + (ActivationLanguage.fish.quote(root) ?? "''") + "\n"
        case "tcsh", "csh": return "set _swift_venv_auto_mark=" + (ActivationLanguage.csh.quote(root) ?? "''") + "\n"
        default: return "_swift_venv_auto_mark=" + (ActivationLanguage.posixShell.quote(root) ?? "''") + "\n"
        }
    }

    /// The placeholders of the activation template that the function
    /// `_swift_venv_auto_activate` takes as arguments, each with the shell
    /// text standing for it in the function (the others are fixed: `bin`,
    /// not relocatable).
    static func functionArguments(_ language: ActivationLanguage) -> [(String, String)] {
        language == .fish
            ? [("VIRTUAL_ENV", "$argv[1]"), ("VIRTUAL_ENV_PROMPT", "$argv[2]")]
            : [("VIRTUAL_ENV", "\"$1\""), ("VIRTUAL_ENV_PROMPT", "\"$2\""), ("PROMPT_BASH", "\"$3\""),
               ("PROMPT_DASH", "\"$4\""), ("PROMPT_BASH_PLAIN", "\"$5\"")]
    }

    /// `_swift_venv_auto_activate`, for shell-init SHELL --auto (bash, zsh,
    /// fish): the shell's activation template (`activate`, `activate.fish`,
    /// the same code as every environment's `bin/activate`) as a function
    /// whose placeholders are its arguments, so that a `cd` into a project
    /// evaluates one line, not the script.
    public static func activationFunction(shell: String) throws(VenvError) -> String {
        let fish = shell == "fish"
        let language: ActivationLanguage = fish ? .fish : .posixShell
        var raw = ["BIN_NAME": "bin", "RELOCATABLE": "no"]
        for (key, text) in functionArguments(language) { raw[key] = text }
        // mksh's and ksh93's forms: dash's (the function runs in bash and zsh only).
        raw["PROMPT_MKSH"] = raw["PROMPT_DASH"]
        raw["PROMPT_KSH93"] = raw["PROMPT_DASH"]
        let body = compacted(try ShellIntegration.fill(fish ? "activate.fish" : "activate", language, raw, quoting: false),
                             dead: fish ? "if test no = yes" : "if [ no = yes ]; then", end: fish ? "end" : "fi")
        return fish ? "function _swift_venv_auto_activate\n" + body + "end\n"
            : "_swift_venv_auto_activate() {\n" + body + "}\n"
    }

    /// The shell code that sets `_swift_venv_auto_netmounts` (bash and zsh:
    /// an array; fish: a list) to the remote mount points of this process's
    /// mount table (`remoteMountPoints`): for shell-init --auto, and for
    /// `shell-auto SHELL --mounts`, which the shell runs when its builtin
    /// reading of /proc/self/mountinfo differs from the one before. A mount
    /// point no word can hold (a control character) is given as `/`: every
    /// directory is then asked of the bounded process.
    public static func mountsCode(shell: String) -> String {
        let mountinfo = (try? FS.readFile(FilePath("/proc/self/mountinfo"), limit: 1 << 24)) ?? []
        let language: ActivationLanguage = shell == "fish" ? .fish : .posixShell
        // (Appended, not `joined`: its generic metadata costs more than the rest.)
        var words = ""
        for point in remoteMountPoints(mountinfo: mountinfo) {
            if !words.isEmpty { words += " " }
            words += language.quote(point) ?? "/"
        }
        return language == .fish ? "set -g _swift_venv_auto_netmounts " + words + "\n"
            : "_swift_venv_auto_netmounts=(" + words + ")\n"
    }

    /// `script` without its comment lines (a line of code never starts with
    /// `#` in the templates: no value holds a line break) nor empty ones,
    /// and without the block from the line `dead` to the next line `end`
    /// when there is one (the relocatable branch, dead in the function).
    /// On bytes: shell-init --auto runs at every shell's start.
    /// (Lines found by index, not by a generic split, whose metadata the
    /// runtime makes at its first use in a process: a third of shell-init
    /// --auto's instructions.)
    static func compacted(_ script: String, dead: String? = nil, end: String = "") -> String {
        let text = Array(script.utf8), dead = dead.map { Array($0.utf8) }, end = Array(end.utf8)
        var out: [UInt8] = [], skipping = false, start = 0
        out.reserveCapacity(text.count)
        while start < text.count {
            var stop = start
            while stop < text.count, text[stop] != UInt8(ascii: "\n") { stop += 1 }
            defer { start = stop + 1 }
            let line = text[start..<stop]
            if line.isEmpty { continue }
            if skipping {
                if line.elementsEqual(end) { skipping = false }
                continue
            }
            if let dead, line.elementsEqual(dead) {
                skipping = true
                continue
            }
            var first = start
            while first < stop, text[first] == UInt8(ascii: " ") { first += 1 }
            if first < stop, text[first] == UInt8(ascii: "#") { continue }
            out += line
            out.append(UInt8(ascii: "\n"))
        }
        // No end: the template changed; nothing left out.
        if skipping { return compacted(script) }
        return String(decoding: out, as: UTF8.self)
    }

    /// The shells automatic activation is written for.
    public static let shells = ["bash", "zsh", "fish", "tcsh", "csh"]

    /// The variables a lookup reads, which a request to bash's and zsh's
    /// lookup server (`swift-venv shell-auto SHELL --serve`) carries, each
    /// as the shell has it.
    public static let requestVariables = ["HOME", "WORKON_HOME", "PROJECT_HOME", "PYENV_ROOT", "XDG_DATA_HOME",
                                          "SWIFT_VENV_AUTO_TIMEOUT_MS"]

    /// `requestVariables` as the words of shell-auto.sh's request
    /// (`{{AUTO_REQUEST_VARIABLES}}`): for each, `"${NAME+=$NAME}"`, `=VALUE`
    /// or empty when unset; a value only ever expanded inside double quotes.
    static var requestWords: String {
        requestVariables.map { name in
            precondition(name.utf8.allSatisfy { $0 == UInt8(ascii: "_") || (0x41...0x5a).contains($0) },
                         "a request variable's name is a shell identifier")
            return "\"${\(name)+=$\(name)}\""
        }.joined(separator: " ")
    }

    /// What `swift-venv auto SHELL DIR` gives the shell to evaluate: for an
    /// environment, its activation script (ActivationScripts' template for
    /// the shell) and, when the directory is allowed, its `postactivate`
    /// hook's bytes; for nothing, the call that leaves an automatically
    /// activated environment. `note` receives each line to say.
    public static func code(for outcome: Outcome, shell: String, allowance: AutoAllowance?,
                            note: (String) -> Void) throws(VenvError) -> String {
        let (template, language, off): (String, ActivationLanguage, String)
        switch shell {
        case "bash", "zsh": (template, language, off) = ("activate", .posixShell, "_swift_venv_auto_off\n")
        case "fish": (template, language, off) = ("activate.fish", .fish, "_swift_venv_auto_off\n")
        // (csh: the caller writes the leaving, which needs what the shell knows.)
        case "tcsh", "csh": (template, language, off) = ("activate.csh", .csh, "")
        default:
            throw VenvError(.invalid, nil, "no automatic activation for '\(shell)'",
                            remedy: "choose one of \(shells.joined(separator: ", "))")
        }
        switch outcome {
        case .none:
            return off
        case .refused(_, let reason):
            note(reason)
            return off
        case .environment(let env, let prompt, let root):
            var code = off
            if language == .csh {
                // tcsh has no functions: the whole script, for this environment.
                let values = ActivationScripts.placeholderValues(envDir: env.string, prompt: prompt, binName: "bin")
                code += compacted(try ShellIntegration.fill(template, language, values))
                code += "\nset _swift_venv_auto_env=\"$VIRTUAL_ENV:q\"\n"
            } else {
                // The activation script is a function of the shell's
                // (`activationFunction`, defined by shell-init --auto): called
                // with this environment's values, each one quoted word. A
                // shell that loaded another version's integration (before an
                // upgrade) lacks it: one line, nothing activated.
                var call = "_swift_venv_auto_activate"
                for (key, _) in functionArguments(language) {
                    guard let value = ActivationScripts.placeholderValue(key, envDir: env.string, prompt: prompt,
                                                                         binName: "bin"),
                          let word = language.quote(value) else {
                        throw VenvError(.invalid, env, "its \(key) cannot be written safely for \(shell)",
                                        remedy: "activate it by hand")
                    }
                    call += " " + word
                }
                let stale = "swift-venv: this shell loaded the automatic activation of another swift-venv; " +
                    "start a new shell to activate its environments"
                code += language == .fish
                    ? "if functions -q _swift_venv_auto_activate\n" + call + "\nset -g _swift_venv_auto_env $VIRTUAL_ENV\n"
                        + "else\necho '" + stale + "' >&2\nend\n"
                    // (Asked without printing the function: bash's `declare -F`
                    // names it, zsh's $functions has it.)
                    : (shell == "zsh" ? "if (( ${+functions[_swift_venv_auto_activate]} )); then\n"
                        : "if declare -F _swift_venv_auto_activate >/dev/null; then\n") + call
                        + "\n_swift_venv_auto_env=$VIRTUAL_ENV\nelse\necho '" + stale + "' >&2\nfi\n"
            }
            let hookName = language == .posixShell ? "postactivate" : language == .fish ? "postactivate.fish"
                : "postactivate.csh"
            let hook = env.appending("bin").appending(hookName)
            guard FS.kind(hook, followingLinks: true) == .file else { return code }
            guard let allowance else {
                note("\(hook) not run: the allowed directories cannot be read")
                return code
            }
            switch allowance.verdict(root: root, env: env) {
            case .allowed(let hooks):
                // The bytes that were checked, not the file again: it could
                // change between this check and the shell's reading.
                guard let bytes = hooks[hookName], let text = String(validating: bytes, as: UTF8.self) else {
                    note("\(hook) not run: it is not UTF-8 text")
                    return code
                }
                // csh sources the file this code is written to: the hook goes in as it is.
                if language == .csh { return code + text + "\n" }
                return code + "eval " + language.unchecked(text) + "\n"
            case .notAllowed:
                note("\(hook) not run: run `swift-venv allow \(root)` to allow \(root)'s environment hooks")
            case .changed:
                note("\(hook) not run: it changed since \(root) was allowed; " +
                     "read it, then `swift-venv allow \(root)` again")
            }
            return code
        }
    }
}
