#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// `swift-venv shell-init SHELL`: virtualenvwrapper's commands as shell
/// functions (aliases in csh), written from the templates `shell-init.sh`
/// (bash, zsh, POSIX sh), `shell-init.fish` and `shell-init.csh` (tcsh,
/// csh), with the path of the swift-venv to call quoted in. Each runs
/// `swift-venv shell-do`, whose commands are `Wrapper`'s.
public enum ShellIntegration {
    /// The shells an integration is written for.
    public static let shells = ["bash", "zsh", "sh", "fish", "tcsh", "csh"]

    /// The placeholders `shell-init.csh` needs besides SWIFT_VENV and
    /// SHELL_NAME, which the caller computes (`swift-venv shell-init`).
    public static let cshValues = ["WORKON_HOME", "HOOK_DIR", "PROJECT_FILENAME", "WORKON_CD", "RUN_DIR"]

    /// What `render` gives of the POSIX-shell integration.
    public enum Part: Sendable {
        /// The whole script, functions included.
        case whole
        /// What a shell runs at start: the script with each function of its
        /// `#:functions:` section replaced by a one-line stand-in that loads
        /// the section (`functions`) the first time it runs.
        case start
        /// The `#:functions:` section alone.
        case functions
    }

    /// The script for `shell`; `swiftVenv` is the program its functions run;
    /// `values` fills the placeholders of `cshValues` for csh and tcsh.
    /// `part` applies to bash, zsh and POSIX sh (other shells get the whole).
    /// `auto`: followed by automatic activation (`AutoActivation`), from
    /// the template `shell-auto.sh`, `.fish` or `.csh` (not for POSIX sh,
    /// which has no hook before the prompt, nor csh, whose tcsh alone has
    /// `precmd`).
    public static func render(shell: String, swiftVenv: String, values: [String: String] = [:],
                              part: Part = .whole, auto: Bool = false) throws(VenvError) -> String {
        let text = try integration(shell: shell, swiftVenv: swiftVenv, values: values, part: part)
        guard auto, part != .functions else { return text }
        let (template, language): (String, ActivationLanguage)
        switch shell {
        case "bash", "zsh": (template, language) = ("shell-auto.sh", .posixShell)
        case "fish": (template, language) = ("shell-auto.fish", .fish)
        case "tcsh": (template, language) = ("shell-auto.csh", .csh)
        default:
            throw VenvError(.invalid, nil, "no automatic activation for '\(shell)': it has no hook run before each prompt",
                            remedy: "use bash, zsh, fish or tcsh, or leave out --auto")
        }
        if language == .csh { return text + evalReady(try fill(template, language, values, shell: shell,
                                                              swiftVenv: swiftVenv)) }
        // The activation function is not in the start's text: its stand-in
        // sources it from the cache (or asks `shell-auto SHELL --function`)
        // the first time an environment is activated.
        var all = values
        all["AUTO_FUNCTIONS"] = cachedFunctions(try AutoActivation.activationFunction(shell: shell), shell: shell,
                                                kind: "shell-auto")?.string ?? ""
        let added = try fill(template, language, all, shell: shell, swiftVenv: swiftVenv,
                             code: language == .posixShell ? ["AUTO_REQUEST_VARIABLES": AutoActivation.requestWords] : [:])
        // Without its comments: every shell's start reads it.
        return text + AutoActivation.mountsCode(shell: shell) + AutoActivation.compacted(added)
    }

    /// The embedded `template` filled with `values` (and, when `shell` is
    /// given, SWIFT_VENV and SHELL_NAME), quoted for `language`, and with
    /// `code` (shell text of swift-venv's own) as it is.
    static func fill(_ template: String, _ language: ActivationLanguage, _ values: [String: String],
                     shell: String? = nil, swiftVenv: String = "", quoting: Bool = true,
                     code: [String: String] = [:]) throws(VenvError) -> String {
        guard let pieces = ActivationScripts.parsedTemplate(template) else {
            throw VenvError(.failed, nil, "the template \(template) is missing from this build of swift-venv",
                            remedy: "rebuild swift-venv from a clean checkout")
        }
        var all = values
        if let shell {
            all["SWIFT_VENV"] = swiftVenv
            all["SHELL_NAME"] = shell
        }
        return try ActivationScripts.fill(pieces, name: template, language: language, values: all, quoting: quoting,
                                          code: code)
    }

    /// virtualenvwrapper's commands, without automatic activation.
    static func integration(shell: String, swiftVenv: String, values: [String: String],
                            part: Part) throws(VenvError) -> String {
        let template: String, language: ActivationLanguage
        switch shell {
        case "bash", "zsh", "sh", "dash", "ksh":
            (template, language) = ("shell-init.sh", .posixShell)
        case "fish":
            (template, language) = ("shell-init.fish", .fish)
        case "csh", "tcsh":
            (template, language) = ("shell-init.csh", .csh)
        default:
            throw VenvError(.invalid, nil, "no shell integration for '\(shell)'",
                            remedy: "choose one of \(shells.joined(separator: ", "))")
        }
        let text = try fill(template, language, values, shell: shell, swiftVenv: swiftVenv)
        if language == .csh { return evalReady(text) }
        guard language == .posixShell, part != .whole else { return text }
        return try lazy(text, part, shell: shell)
    }

    /// The `start` or `functions` part of a filled shell-init.sh. The
    /// stand-ins are generated from the section's own function names, so
    /// the two parts cannot disagree; a stand-in that runs after loading
    /// (the section lacking its function) says so instead of looping.
    static func lazy(_ text: String, _ part: Part, shell: String) throws(VenvError) -> String {
        // On bytes: the script is read at every shell's start, and String's
        // searching and splitting by characters cost milliseconds here.
        let bytes = Array(text.utf8)
        let begin = Array("\n#:functions:\n".utf8), end = Array("\n#:end functions:\n".utf8)
        guard let open = bytes.firstRange(of: begin), let close = bytes.firstRange(of: end, from: open),
              open + begin.count <= close else {
            throw VenvError(.failed, nil, "the template shell-init.sh has no #:functions: section",
                            remedy: "rebuild swift-venv from a clean checkout")
        }
        let section = bytes[(open + begin.count)..<close]
        let functions = String(decoding: section, as: UTF8.self) + "\n"
        if part == .functions { return functions }
        let file = cachedFunctions(functions, shell: shell).flatMap { ActivationLanguage.posixShell.quote($0.string) }
        // Each line `NAME() {` of the section, NAME of letters, digits and `_`.
        var names: [String] = []
        let opener = Array("() {".utf8)
        for line in section.split(separator: UInt8(ascii: "\n")) where line.count > opener.count
            && line.suffix(opener.count).elementsEqual(opener) {
            let name = line.dropLast(opener.count)
            if name.allSatisfy({ $0 == UInt8(ascii: "_") || (0x30...0x39).contains($0) || (0x61...0x7A).contains($0)
                                 || (0x41...0x5A).contains($0) }) {
                names.append(String(decoding: name, as: UTF8.self))
            }
        }
        // `_swift_venv_load NAME`: loads the section, from the cached copy
        // when there is one, else from `shell-init SHELL --functions`;
        // refuses to run a stand-in again once it is loaded (NAME would then
        // be missing).
        // Loaded again in the same shell (`. ~/.bashrc`): the stand-ins
        // replace the functions, which must then load again.
        var stubs = "unset _swift_venv_loaded\n_swift_venv_functions_file=\(file ?? "''")\n"
        stubs += """
            _swift_venv_load() {
                if [ -n "${_swift_venv_loaded:-}" ]; then
                    echo "swift-venv: the shell integration defines no $1; load it again with swift-venv shell-init" >&2
                    return 1
                fi
                # Still the user's own, file and directory, when sourced.
                if [ -n "$_swift_venv_functions_file" ] && [ -f "$_swift_venv_functions_file" ] &&
                    [ ! -h "$_swift_venv_functions_file" ] && [ -O "$_swift_venv_functions_file" ] &&
                    [ -O "${_swift_venv_functions_file%/*}" ]; then
                    . "$_swift_venv_functions_file"
                    [ -n "${_swift_venv_loaded:-}" ] && return 0
                fi
                _swift_venv_functions=$("$_swift_venv" shell-init "$_swift_venv_shell" --functions) &&
                    eval "$_swift_venv_functions" && [ -n "${_swift_venv_loaded:-}" ] || {
                    unset _swift_venv_functions
                    echo "swift-venv: could not load the shell integration's functions from $_swift_venv" >&2
                    return 1
                }
                unset _swift_venv_functions
            }

            """
        for name in names {
            stubs += "\(name)() { _swift_venv_load \(name) && \(name) \"$@\"; }\n"
        }
        return String(decoding: bytes[..<open], as: UTF8.self) + "\n" + stubs
            + String(decoding: bytes[(close + end.count)...], as: UTF8.self)
    }

    /// The functions section kept in swift-venv's cache directory
    /// (`shell-init-SHELL-HASH.sh`, and automatic activation's activation
    /// function as `shell-auto-SHELL-HASH.sh`; named by its contents, so shells started
    /// by different versions never load each other's), written when missing
    /// or not exactly `functions`; nil when it cannot be (no cache directory,
    /// a read-only home) or when someone else could change it before the
    /// shell sources it (`mineAllTheWay`): the stand-ins then ask
    /// `shell-init --functions`. The shell checks again when it sources the
    /// file that the file and its directory are still the user's.
    static func cachedFunctions(_ functions: String, shell: String, kind: String = "shell-init") -> FilePath? {
        guard let directory = InterpreterCache.directory else { return nil }
        let path = directory.appending("\(kind)-\(shell)-\(FNV1a.name(functions)).sh")
        let bytes = Array(functions.utf8)
        if mineAllTheWay(path), let existing = try? FS.readFile(path, limit: bytes.count), existing == bytes {
            return path
        }
        do {
            try FS.makeDirectories(directory)
            guard mineAllTheWay(directory) else { return nil }
            try FS.replaceFile(path, functions)
            return mineAllTheWay(path) ? path : nil
        } catch {
            return nil
        }
    }

    /// Whether no other user can change `path`: it is this user's and
    /// writable by no one else, and every directory above
    /// (on the way to its real path) is this user's or root's and writable
    /// by no one else, or sticky (as /tmp, where no one can rename what is
    /// not theirs). A directory another user controls could otherwise be
    /// swapped, with the file, between the check and the sourcing.
    static func mineAllTheWay(_ path: FilePath) -> Bool {
        guard let real = FS.realPath(path) else { return false }
        let me = ThisProcess.userID
        var current = real, leaf = true
        while true {
            guard let st = FS.status(current) else { return false }
            let writableByOthers = st.st_mode & 0o022 != 0, sticky = st.st_mode & 0o1000 != 0
            if leaf {
                guard st.st_uid == me, !writableByOthers else { return false }
            } else {
                guard st.st_uid == me || st.st_uid == 0, !writableByOthers || sticky else { return false }
            }
            guard let up = PathText.parent(current) else { return true }
            current = up
            leaf = false
        }
    }

    /// csh is loaded by `eval "`swift-venv shell-init tcsh`"`, which joins
    /// the lines into one: comments go, and each command ends with `;`.
    static func evalReady(_ text: String) -> String {
        var out = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let trimmed = line.drop { $0 == " " }
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            out += line + " ;\n"
        }
        return out
    }
}
