#if canImport(Glibc)
import Glibc
#endif
import CVenvSystem
import SystemPackage

/// Running another program with `posix_spawn`: a Python, its output
/// captured, or (for the shell integrations' helper) a hook or pip on the
/// terminal.
package enum ChildProcess {
    /// Whether a process `pid` exists (`kill(pid, 0)` finds it, or finds
    /// it belongs to another user).
    package static func exists(_ pid: pid_t) -> Bool {
        kill(pid, 0) == 0 || errno != ESRCH
    }

    struct Result {
        var status: Int32
        var output: String
        var succeeded: Bool { status == 0 }
    }

    /// What the child's standard streams are.
    enum Streams {
        /// stdin from /dev/null, stdout and stderr captured together.
        case captured
        /// stdout captured; stdin and stderr this process's.
        case outputCaptured
        /// All three this process's.
        case inherited
    }

    /// Runs `executable` with `arguments` (argv[0] is the executable itself) in
    /// `environment`, its streams as `streams` says, and waits; the status is
    /// 128 + the signal for a child killed by one.
    static func run(_ executable: FilePath, _ arguments: [String], environment: [String],
                    directory: FilePath? = nil, streams: Streams = .captured) throws(VenvError) -> Result {
        let captures = streams != .inherited
        var pipeEnds: [Int32] = [-1, -1]
        if captures {
            do throws(Errno) { _ = try Syscall.retrying { venv_sys_pipe_cloexec(&pipeEnds) } }
            catch { throw .system("create a pipe to run", executable, error) }
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if streams == .captured { posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0) }
        if captures { posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 1) }
        if streams == .captured { posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 2) }
        if let directory {
            _ = directory.withPlatformString { venv_sys_spawn_addchdir(&actions, $0) }
        }

        let argv = ([executable.string] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid = pid_t()
        let rc = executable.withPlatformString { posix_spawn(&pid, $0, &actions, nil, argv, envp) }
        if captures { close(pipeEnds[1]) }
        guard rc == 0 else {
            if captures { close(pipeEnds[0]) }
            throw .system("run", executable, Errno(rawValue: rc))
        }
        var output: [UInt8] = []
        if captures {
            var buffer = [UInt8](repeating: 0, count: 16384)
            while let n = try? Syscall.read(pipeEnds[0], into: &buffer), n > 0 {
                output.append(contentsOf: buffer[0..<n])
            }
            close(pipeEnds[0])
        }
        var status: Int32 = 0
        _ = try? Syscall.retrying { waitpid(pid, &status, 0) }
        let exited = status & 0x7f == 0
        return Result(status: exited ? (status >> 8) & 0xff : 128 + (status & 0x7f),
                      output: String(decoding: output, as: UTF8.self))
    }

    /// The current environment without the variables that would make a Python
    /// ignore its own installation (`PYTHONHOME`, `PYTHONPATH`), with the
    /// `KEY=value` entries of `extra` replacing any of the same name.
    static func pythonEnvironment(adding extra: [String] = []) -> [String] {
        let replaced = Set(["PYTHONHOME", "PYTHONPATH"] + extra.map { String($0.prefix { $0 != "=" }) })
        return Environment.current().filter { !replaced.contains(String($0.prefix { $0 != "=" })) } + extra
    }
}
