#if canImport(Glibc)
import Glibc
#endif
import CVenvSystem

/// Work whose answer is awaited at most a given time (automatic
/// activation's lookup, which a hung mount can stop), done in a child
/// process (`run`) where a thread would not do: a thread stuck in the kernel
/// keeps its process alive, and with it the pipe the shell reads the answer
/// from and the exit status it waits for. A FUSE request that its server
/// has read and never answers holds its caller even against SIGKILL, until
/// the connection ends; a child so held is left to init, its standard
/// streams on /dev/null, and this process goes on. Where no file system
/// can hold a caller so (no network or FUSE mount), a thread (`runInThread`)
/// does, at a fraction of a fork's cost: what makes a local file wait (a
/// lease another process holds, which makes an open wait for it) is
/// interrupted by the process's exit, which ends the thread.
///
/// The bound is on waiting for a file system, not for a processor: when
/// it passes while the work is runnable (state `R` in /proc: computing, or
/// waiting for a CPU on a loaded machine), the wait goes on, up to
/// `computingAtMost` in all; a task stuck in a file system sleeps (`S` or
/// `D`), and is given up at once.
package enum BoundedChild {
    /// How long in all work that is still computing is waited for.
    package static let computingAtMost = 2000

    /// `body`'s bytes, computed in a thread of this process, or nil when
    /// they are not ready within `milliseconds` (the thread is then left
    /// running; the caller's exit ends it). Where no thread can be
    /// started, the work is done by the caller (`BackgroundThread`), unbounded.
    /// Only for work that no file system can hold against SIGKILL (see
    /// above): the caller must exit soon after a nil, and the thread's
    /// end is then the process's.
    package static func runInThread(within milliseconds: Int,
                                    _ body: @escaping @Sendable () -> [UInt8]) -> [UInt8]? {
        var ends: [Int32] = [-1, -1]
        guard venv_sys_pipe_cloexec(&ends) == 0 else { return nil }
        let answer = Locked<[UInt8]?>(nil)
        let worker = Locked<pid_t>(0)
        let (readEnd, writeEnd) = (ends[0], ends[1])
        // The work's end is told by a byte on the pipe, which poll waits
        // for; the write end is closed by the thread, the read end here
        // (left open after a timeout: the thread may still write).
        let thread = BackgroundThread {
            worker.withLock { $0 = venv_sys_thread_id() }
            let bytes = body()
            answer.withLock { $0 = bytes }
            var one: UInt8 = 1
            _ = write(writeEnd, &one, 1)
            close(writeEnd)
        }
        let computing = {
            // Not started yet: waiting for a processor.
            let id = worker.withLock { $0 }
            return id == 0 || isRunnable("/proc/self/task/\(id)/stat")
        }
        guard readable(readEnd, by: deadline(after: milliseconds), orLaterWhile: computing,
                       upTo: deadline(after: max(milliseconds, computingAtMost))) else { return nil }
        close(readEnd)
        // Done (its last act is closing the pipe): joined, so that its stack
        // is given back (a lookup server makes one a request).
        thread.join()
        return answer.withLock { $0 }
    }

    /// The monotonic clock's milliseconds `milliseconds` from now.
    private static func deadline(after milliseconds: Int) -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000 + Int64(milliseconds)
    }

    /// Whether `fd` became readable (or hung up) by `deadline`
    /// (`deadline(after:)`), or after it, by `longest`, while `computing()`
    /// says the work is runnable (asked every 10 ms).
    private static func readable(_ fd: Int32, by deadline: Int64, orLaterWhile computing: () -> Bool,
                                 upTo longest: Int64) -> Bool {
        var end = deadline
        while true {
            var watched = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&watched, 1, Int32(max(0, end - self.deadline(after: 0))))
            if ready < 0 && errno == EINTR { continue }
            if ready != 0 { return ready > 0 }
            let now = self.deadline(after: 0)
            if now < end { continue }
            if now < longest, computing() {
                end = min(now + 10, longest)
                continue
            }
            // The work may have ended since the poll (a thread gone, a
            // child a zombie): what it wrote is still there.
            var last = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            return poll(&last, 1, 0) > 0
        }
    }

    /// Whether the task whose /proc `stat` file is at `path` is runnable
    /// (`R`: running, or waiting for a processor), as opposed to sleeping in
    /// the kernel (`S`, `D`: waiting for a file system, a lease, a server)
    /// or gone.
    private static func isRunnable(_ path: String) -> Bool {
        ProcessStat.fields(path)?.first == "R"
    }

    /// `body`'s bytes, computed in a forked child, or nil when the child
    /// has not given them all within `milliseconds` (it is then sent
    /// SIGKILL, and not waited for) or cannot be started. The child's
    /// standard streams are /dev/null: it says nothing but its answer. Call
    /// it from a process with one thread (the child runs Swift code).
    package static func run(within milliseconds: Int, _ body: () -> [UInt8]) -> [UInt8]? {
        var ends: [Int32] = [-1, -1]
        guard venv_sys_pipe_cloexec(&ends) == 0 else { return nil }
        let pid = fork()
        if pid < 0 {
            close(ends[0])
            close(ends[1])
            return nil
        }
        if pid == 0 {
            close(ends[0])
            let null = open("/dev/null", O_RDWR)
            if null >= 0 {
                for fd: Int32 in 0...2 { dup2(null, fd) }
                if null > 2 { close(null) }
            }
            let answer = body()
            var done = 0
            answer.withUnsafeBytes { raw in
                while done < raw.count {
                    let n = write(ends[1], raw.baseAddress! + done, raw.count - done)
                    if n < 0 && errno == EINTR { continue }
                    if n <= 0 { break }
                    done += n
                }
            }
            _exit(done == answer.count ? 0 : 1)
        }
        close(ends[1])
        defer { close(ends[0]) }
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        let end = deadline(after: milliseconds)
        let longest = deadline(after: max(milliseconds, computingAtMost))
        while true {
            guard readable(ends[0], by: end, orLaterWhile: { isRunnable("/proc/\(pid)/stat") }, upTo: longest) else {
                kill(pid, SIGKILL)
                return nil
            }
            let n = buffer.withUnsafeMutableBytes { read(ends[0], $0.baseAddress!, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 {
                kill(pid, SIGKILL)
                return nil
            }
            if n == 0 { break }
            answer += buffer[..<n]
        }
        // It closed the pipe: it is exiting (or has).
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return status == 0 ? answer : nil
    }

    /// `body`'s bytes, computed by the caller under a bound that a timer
    /// signal keeps (`venv_sys_bound_arm`: SIGALRM), for a process that
    /// ends after the work (`swift-venv shell-auto`), under the same rules
    /// as `runInThread`: only work that no file system can hold against
    /// SIGKILL; the bound given up at once when the caller sleeps in the
    /// kernel, waited up to `computingAtMost` while it computes (at least
    /// half of each 10 ms on a processor or waiting for one, by its /proc
    /// `schedstat`). When the bound passes, the signal's handler writes
    /// `lines` to standard error, empties `file` (when given) and ends the
    /// process with status 0 (`_exit`: the caller may still be computing).
    /// No thread is started (a thread's start and its end at the exit cost
    /// about 0.25 ms of a cd on this machine's 2 virtual cores). Where no
    /// timer can be armed, the work is unbounded.
    package static func runTimed(within milliseconds: Int, _ body: () -> [UInt8], timedOut lines: [UInt8],
                                 emptying file: String?) -> [UInt8] {
        lines.withUnsafeBufferPointer { buffer in
            func bounded(_ path: UnsafePointer<CChar>?) -> [UInt8] {
                let armed = venv_sys_bound_arm(milliseconds, max(milliseconds, computingAtMost), buffer.baseAddress,
                                               buffer.count, path, 0) == 0
                let answer = body()
                if armed { venv_sys_bound_disarm() }
                return answer
            }
            guard let file else { return bounded(nil) }
            return file.withCString { bounded($0) }
        }
    }
}
