#if canImport(Glibc)
import Glibc
#endif
import CVenvSystem

/// A server for one client process (an interactive shell), answering its
/// requests over two FIFOs in a private directory: automatic activation's
/// lookup in bash and zsh, so that a `cd` into a project starts no process.
///
/// `start` makes a directory only this user can enter (`mkdtemp`, mode
/// 0700) holding the FIFOs `q` (requests) and `a` (answers), mode 0600,
/// and forks the server, which leaves the client's session (`setsid`: the
/// terminal's signals and hang-up are not its), its standard streams on
/// /dev/null and its directory `/`. A request is `fields` NUL-terminated
/// fields; the answer's files are written into the directory first (a
/// shell reads a file with one builtin, `$(<file)`, and a FIFO a byte at a
/// time), then its short token to `a`. The server holds both
/// FIFOs open for reading and writing (so that no open of the client's
/// ever waits, and no answer is lost when the client reads it late), and
/// ends, removing its FIFOs and directory, when the client ends (a pidfd:
/// also when it is killed with SIGKILL, whatever process inherited its
/// descriptors), when the client's process runs another program (`exec
/// bash`: the address space the server holds a /proc handle on is gone,
/// whatever addresses the new one got, randomised or not; checked every
/// `idleCheck` ms of silence), or when `handle` says so.
package enum FIFOServer {
    /// How often a silent server checks that its client still runs the
    /// program that started it (ms).
    package static let idleCheck: Int32 = 5000

    /// The names of the files an answer may write (removed with the directory).
    package static let answerFiles = ["code", "lines"]

    /// Where servers' directories are made: $XDG_RUNTIME_DIR when it is a
    /// directory of this user's alone (mode 0700), else $TMPDIR, else /tmp,
    /// each only as an absolute path without control characters, and
    /// $TMPDIR and /tmp only where no other user can rename what is in
    /// them (owned by this user or root, and writable by no one else
    /// unless sticky: else another user could put a directory of theirs in
    /// place of the server's between the shell's check and its reading);
    /// nil when there is none (the shell then starts a process per cd).
    package static func privateBase() -> String? {
        func plain(_ name: String) -> String? {
            guard let value = Environment.variable(name), value.hasPrefix("/"),
                  !value.utf8.contains(where: { $0 < 0x20 || $0 == 0x7f }) else { return nil }
            return value
        }
        func status(_ path: String) -> stat? {
            var st = stat()
            guard stat(path, &st) == 0, st.st_mode & S_IFMT == S_IFDIR else { return nil }
            return st
        }
        if let runtime = plain("XDG_RUNTIME_DIR"), let st = status(runtime), st.st_uid == getuid(), st.st_mode & 0o077 == 0 {
            return runtime
        }
        for base in [plain("TMPDIR"), "/tmp"].compactMap({ $0 }) {
            guard let st = status(base), st.st_uid == getuid() || st.st_uid == 0 else { continue }
            if st.st_mode & 0o022 == 0 || st.st_mode & S_ISVTX != 0 { return base }
        }
        return nil
    }

    /// Starts the server for `client`, under `base` (an existing
    /// directory), and returns its directory and process id; nil when the
    /// directory, FIFOs or process could not be made.
    package static func start(base: String, client: pid_t, fields: Int,
                              _ handle: @escaping ([[UInt8]]) -> Reply) -> (dir: String, pid: pid_t)? {
        // The client's address space, as its program has it now: a /proc
        // `maps` file holds the one it was opened on (no other process's
        // can be read through it), whose reading gives nothing once the
        // client ran another program (`exec`) or ended.
        let program = open("/proc/\(client)/maps", O_RDONLY | O_CLOEXEC)
        guard program >= 0 else { return nil }
        guard runs(program) else {
            close(program)
            return nil
        }
        var template = Array((base.hasSuffix("/") ? base : base + "/").utf8CString.dropLast()) +
            Array("swift-venv-auto.XXXXXX".utf8CString)
        guard mkdtemp(&template) != nil else {
            close(program)
            return nil
        }
        let dir = String(cString: template)
        let queue = dir + "/q", answers = dir + "/a"
        guard mkfifo(queue, 0o600) == 0, mkfifo(answers, 0o600) == 0 else {
            unlink(queue)
            rmdir(dir)
            close(program)
            return nil
        }
        // Opened before the fork: a request written as soon as the
        // directory is named must find the FIFO open (a FIFO no one holds
        // keeps nothing).
        let queueEnd = open(queue, O_RDWR | O_CLOEXEC), answersEnd = open(answers, O_RDWR | O_CLOEXEC)
        let pid = queueEnd >= 0 && answersEnd >= 0 ? fork() : -1
        if pid != 0 {
            if queueEnd >= 0 { close(queueEnd) }
            if answersEnd >= 0 { close(answersEnd) }
            close(program)
        }
        if pid < 0 {
            removeAll(dir)
            return nil
        }
        if pid > 0 { return (dir, pid) }
        serve(dir: dir, queue: queueEnd, answers: answersEnd, client: client, program: program, fields: fields, handle)
    }

    /// The server's life (the forked child): never returns.
    private static func serve(dir: String, queue: Int32, answers: Int32, client: pid_t, program: Int32, fields: Int,
                              _ handle: ([[UInt8]]) -> Reply) -> Never {
        setsid()
        _ = chdir("/")
        let null = open("/dev/null", O_RDWR)
        if null >= 0 {
            // (A FIFO opened where a standard stream was closed keeps its place.)
            for fd: Int32 in 0...2 where fd != queue && fd != answers && fd != program { dup2(null, fd) }
            if null > 2 { close(null) }
        }
        let clientEnd = venv_sys_pidfd_open(client)
        guard clientEnd >= 0 else { quit(dir) }
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            var fds = [pollfd(fd: queue, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: clientEnd, events: Int16(POLLIN), revents: 0)]
            let ready = poll(&fds, 2, idleCheck)
            if ready < 0 {
                if errno == EINTR { continue }
                quit(dir)
            }
            if fds[1].revents != 0 { quit(dir) }
            if ready == 0 {
                // Silent: is the client still the program that started us?
                if !runs(program) { quit(dir) }
                continue
            }
            let n = buffer.withUnsafeMutableBytes { read(queue, $0.baseAddress!, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { quit(dir) }
            pending += buffer[..<n]
            // Every whole request (`fields` fields) in what was read.
            while true {
                var request: [[UInt8]] = [], start = pending.startIndex
                while request.count < fields, let nul = pending[start...].firstIndex(of: 0) {
                    request.append(Array(pending[start..<nul]))
                    start = nul + 1
                }
                guard request.count == fields else { break }
                pending.removeSubrange(..<start)
                let reply = handle(request)
                var written = true
                for (name, bytes) in reply.files {
                    let fd = open(dir + "/" + name, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o600)
                    written = written && fd >= 0 && StandardStreams.write(bytes, to: fd)
                    if fd >= 0 { close(fd) }
                }
                if !written || !StandardStreams.write(reply.token, to: answers) || reply.end { quit(dir) }
            }
        }
    }

    /// What a request is answered with: files to write into the server's
    /// directory (by name), then the token written to `a`; `end`: the
    /// server ends after it.
    package struct Reply {
        package var files: [(String, [UInt8])]
        package var token: [UInt8]
        package var end: Bool

        package init(files: [(String, [UInt8])], token: [UInt8], end: Bool) {
            self.files = files
            self.token = token
            self.end = end
        }
    }

    /// Removes the FIFOs, answer files and directory, and exits.
    private static func quit(_ dir: String) -> Never {
        removeAll(dir)
        _exit(0)
    }

    private static func removeAll(_ dir: String) {
        for name in answerFiles + ["q", "a"] { unlink(dir + "/" + name) }
        rmdir(dir)
    }

    /// Whether the program whose address space `program` (a /proc `maps`
    /// file) was opened on still runs: its first byte can be read.
    private static func runs(_ program: Int32) -> Bool {
        var byte: UInt8 = 0
        return pread(program, &byte, 1, 0) == 1
    }
}
