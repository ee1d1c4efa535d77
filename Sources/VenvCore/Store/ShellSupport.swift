#if canImport(Glibc)
import Glibc
#endif
import CVenvSystem
import SystemPackage

/// What `swift-venv shell-do` (the csh integration's helper) needs from the
/// library: csh literals written by the one csh quoting of
/// `ActivationQuoting.swift`, and running a hook or a program with the
/// terminal's standard streams.
public enum ShellSupport {
    /// `text` as one csh word that reads back exactly (escaped outside
    /// quotes, so `backslash_quote` and `histchars` change nothing), or nil
    /// for text holding a control character, which no csh word can carry.
    public static func cshWord(_ text: String) -> String? {
        ActivationLanguage.csh.quote(text)
    }

    /// Runs `argv` (argv[0] a path) in `directory` with this process's
    /// streams, and waits: its exit status (128 + the signal when killed), or
    /// nil when it could not start. A file without a `#!` line is run by
    /// /bin/sh, as a shell runs it. With `capture`, standard output is
    /// returned instead of shown.
    public static func run(_ argv: [String], directory: String? = nil, environment: [String]? = nil,
                           capture: Bool = false) -> (status: Int32, output: String)? {
        if let result = spawn(argv, directory: directory, environment: environment, capture: capture) {
            return result
        }
        if errno == ENOEXEC {
            return spawn(["/bin/sh"] + argv, directory: directory, environment: environment, capture: capture)
        }
        return nil
    }

    private static func spawn(_ argv: [String], directory: String?, environment: [String]?,
                              capture: Bool) -> (status: Int32, output: String)? {
        var pipeEnds: [Int32] = [-1, -1]
        if capture && venv_sys_pipe_cloexec(&pipeEnds) != 0 { return nil }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if capture { posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 1) }
        if let directory { _ = venv_sys_spawn_addchdir(&actions, directory) }
        let cArgv = argv.map { strdup($0) } + [nil]
        let cEnv = (environment ?? Environment.current()).map { strdup($0) } + [nil]
        defer {
            cArgv.forEach { free($0) }
            cEnv.forEach { free($0) }
        }
        var pid = pid_t()
        let rc = posix_spawn(&pid, argv[0], &actions, nil, cArgv, cEnv)
        if capture { close(pipeEnds[1]) }
        guard rc == 0 else {
            if capture { close(pipeEnds[0]) }
            errno = rc
            return nil
        }
        var output: [UInt8] = []
        if capture {
            var buffer = [UInt8](repeating: 0, count: 16384)
            while true {
                let n = read(pipeEnds[0], &buffer, buffer.count)
                if n > 0 { output.append(contentsOf: buffer[0..<n]); continue }
                if n < 0 && errno == EINTR { continue }
                break
            }
            close(pipeEnds[0])
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let exited = status & 0x7f == 0
        return (exited ? (status >> 8) & 0xff : 128 + (status & 0x7f), String(decoding: output, as: UTF8.self))
    }
}
