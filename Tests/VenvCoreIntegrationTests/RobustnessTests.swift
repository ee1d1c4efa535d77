#if canImport(Glibc)
import Glibc
#endif
import SystemPackage
import Testing
@testable import VenvCore

/// Appends a line to the figures file that scripts/test prints at the end of
/// the run ($SWIFT_VENV_FIGURES), and to the test log.
func recordFigure(_ line: String) {
    print("figure: \(line)")
    guard let path = Environment.variable("SWIFT_VENV_FIGURES"), !path.isEmpty else { return }
    let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
    guard fd >= 0 else { return }
    _ = (line + "\n").withCString { write(fd, $0, strlen($0)) }
    close(fd)
}

/// Starts swift-venv without waiting for it; output discarded.
func spawnSwiftVenv(_ arguments: [String]) -> pid_t {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    let argv = ([swiftVenv.string] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var pid = pid_t()
    let rc = posix_spawn(&pid, swiftVenv.string, &actions, nil, argv, environ)
    precondition(rc == 0, "posix_spawn failed: \(rc)")
    return pid
}

func waitStatus(_ pid: pid_t) -> Int32 {
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    return status
}

func monotonicMilliseconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) * 1000 + Double(ts.tv_nsec) / 1e6
}

/// Hidden staging directories left in `dir`.
func stagingLeft(in dir: FilePath) throws -> [String] {
    try FS.contents(of: dir).filter { $0.contains(".swift-venv-") }
}

let canMount: Bool = {
    let s = Scratch()
    try? FS.makeDirectory(s("m"))
    guard let r = try? ChildProcess.run("/bin/mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", s("m").string], environment: []),
          r.succeeded else { return false }
    _ = try? ChildProcess.run("/bin/umount", [s("m").string], environment: [])
    return true
}()

/// A tmpfs mounted at `path` for the duration of `body`.
func withTmpfs(_ path: FilePath, options: String, _ body: () throws -> Void) throws {
    try FS.makeDirectories(path)
    let mounted = try ChildProcess.run("/bin/mount", ["-t", "tmpfs", "-o", options, "tmpfs", path.string], environment: [])
    try #require(mounted.succeeded, "mount: \(mounted.output)")
    defer { _ = try? ChildProcess.run("/bin/umount", [path.string], environment: []) }
    try body()
}

@Suite("Never a half environment", .serialized)
struct RobustnessTests {
    static let python = Pythons.debian311 ?? Pythons.present.first

    /// kill -9 during 200 creations: each target is then absent or
    /// complete, and a later run removes the killed runs' staging. The kill
    /// moments are chosen three ways in turn, so that every phase is aimed
    /// at whatever the machine's load: at a random time within a measured
    /// creation; as soon as the staging directory is seen (inside the
    /// build); as soon as the target is seen (after the rename). Only the
    /// safety property is asserted; how many kills landed in each phase is a
    /// figure, since that depends on timing.
    @Test(.enabled(if: python != nil, "no Python on this machine"))
    func killedAtRandomMoments() throws {
        let s = Scratch()
        let python = Self.python!.string
        // --copies: copying the interpreter keeps the staging directory
        // around long enough for many kills to land inside it.
        let common = ["--python", python, "--without-pip", "--copies", "--prompt", "p"]
        // A reference environment, and how long one creation takes.
        var start = monotonicMilliseconds()
        #expect(waitStatus(spawnSwiftVenv(common + [s("reference").string])) == 0)
        let typical = max(monotonicMilliseconds() - start, 2)
        let reference = try tree(s("reference"))

        /// Polls (every 50 us) until `seen` holds or the process has exited;
        /// returns whether it is still running.
        func stillRunning(_ pid: pid_t, until seen: () -> Bool) -> Bool {
            while !seen() {
                var status: Int32 = 0
                if waitpid(pid, &status, WNOHANG) == pid { return false }
                usleep(50)
            }
            return true
        }

        var absent = 0, complete = 0, midBuild = 0, exitedFirst = 0
        var generator = SystemRandomNumberGenerator()
        for i in 0..<200 {
            let target = s("env\(i)")
            let staging = s(".env\(i).swift-venv-staging")
            let pid = spawnSwiftVenv(common + [target.string])
            var running = true
            switch i % 3 {
            case 0:
                let delay = Double.random(in: 0...(typical * 1.5), using: &generator)
                start = monotonicMilliseconds()
                while monotonicMilliseconds() - start < delay { usleep(100) }
            case 1:
                running = stillRunning(pid) { FS.kind(staging) != .missing }
            default:
                running = stillRunning(pid) { FS.kind(target) != .missing }
            }
            if running {
                kill(pid, SIGKILL)
                _ = waitStatus(pid)
            } else {
                exitedFirst += 1
            }
            // A kill inside the build leaves its staging directory, which the
            // next creation here removes.
            if FS.kind(staging) != .missing { midBuild += 1 }
            switch FS.kind(target) {
            case .missing:
                absent += 1
            default:
                complete += 1
                #expect(try tree(target) == reference, "env\(i) is complete")
                #expect(try reportedPaths(target).hasPrefix("['$ENV', '$ENV'"), "env\(i) works")
            }
        }
        #expect(absent + complete == 200)
        // Creating each killed environment again succeeds and removes the staging.
        for i in 0..<200 where FS.kind(s("env\(i)")) == .missing {
            #expect(waitStatus(spawnSwiftVenv(common + [s("env\(i)").string])) == 0)
        }
        #expect(try stagingLeft(in: s.path).isEmpty, "the next runs removed every killed run's staging")
        recordFigure("kill -9 during creation: 200 of 200 kills left no half environment (\(absent) absent, \(complete) complete; \(midBuild) killed inside the build, their staging removed when each was created again; \(exitedFirst) finished before the aimed moment)")
    }

    /// Staging left by a killed creation is removed by the next creation of
    /// the same environment, which then succeeds.
    @Test(.enabled(if: python != nil, "no Python on this machine"))
    func staleStagingIsRemovedByTheNextCreation() throws {
        let s = Scratch()
        let stale = s(".env.swift-venv-staging")
        try FS.makeDirectories(stale.appending("bin"))
        try FS.writeFile(stale.appending("pyvenv.cfg"), "home = /usr/bin\n")
        #expect(try runSwiftVenv(["--python", Self.python!.string, "--without-pip", "env"], in: s.path).succeeded)
        #expect(FS.kind(stale) == .missing)
        #expect(try reportedPaths(s("env")).hasPrefix("['$ENV', '$ENV'"))
    }

    /// Two processes racing to create one path, 100 times: one creates it,
    /// the other finds it complete (under the lock) and updates it in place,
    /// as `python -m venv` would; never a mix, never a failure.
    @Test(.enabled(if: python != nil, "no Python on this machine"))
    func twoProcessesRaceOnOnePath() throws {
        let s = Scratch()
        let common = ["--python", Self.python!.string, "--without-pip"]
        #expect(waitStatus(spawnSwiftVenv(common + [s("reference").string])) == 0)
        let reference = try tree(s("reference"))
        var bothSucceeded = 0
        for i in 0..<100 {
            let target = s("race\(i)").string
            let a = spawnSwiftVenv(common + [target]), b = spawnSwiftVenv(common + [target])
            let statuses = [waitStatus(a), waitStatus(b)].map { ($0 >> 8) & 0xff }
            if statuses == [0, 0] { bothSucceeded += 1 }
            #expect(statuses == [0, 0], "round \(i): exit statuses \(statuses)")
            #expect(try tree(FilePath(target)) == reference, "round \(i) left a complete environment")
        }
        #expect(bothSucceeded == 100)
        // With --allow-existing both succeed, and the result is one complete environment.
        var bothAllowed = 0
        for i in 0..<20 {
            let target = s("allowed\(i)").string
            let a = spawnSwiftVenv(common + ["--allow-existing", target]), b = spawnSwiftVenv(common + ["--allow-existing", target])
            if waitStatus(a) == 0 && waitStatus(b) == 0 { bothAllowed += 1 }
            #expect(try tree(FilePath(target)) == reference)
        }
        #expect(bothAllowed == 20)
        #expect(try stagingLeft(in: s.path).isEmpty)
        recordFigure("races on one path: \(bothSucceeded) of 100 rounds left one complete environment, both creators succeeding; \(bothAllowed) of 20 --allow-existing rounds likewise")
    }

    /// Inputs that must be answered with one clear line and no change.
    @Test(.enabled(if: python != nil, "no Python on this machine"))
    func badInputsThroughTheCommandLine() throws {
        let s = Scratch()
        let python = Self.python!.string
        try FS.writeFile(s("neighbour.txt"), "untouched\n")
        var tried = 0
        func refused(_ arguments: [String], _ needle: String, environment: [String] = []) throws {
            tried += 1
            let before = try tree(s.path)
            let r = try runSwiftVenv(["--python", python, "--without-pip"] + arguments, in: s.path, environment: environment)
            #expect(r.status == 1, "\(arguments): \(r.output)")
            #expect(r.output.contains(needle), "\(arguments): \(r.output)")
            #expect(!r.output.contains("Fatal error") && !r.output.contains("Stack dump"))
            #expect(try tree(s.path) == before, "\(arguments) wrote nothing")
        }
        try refused([""], "empty path")
        try refused([String(repeating: "n", count: 300)], "choose a shorter path")
        let deep = (0..<40).map { _ in String(repeating: "d", count: 120) }.joined(separator: "/")
        try refused([deep], "choose a shorter path")
        try refused(["a:b"], "':'")
        try refused(["neighbour.txt"], "is a file")
        try refused(["--python", s("missing/python3").string, "env"], "no such Python interpreter")
        try FS.writeFile(s("broken-python"), "#!/bin/sh\nexit 3\n", mode: 0o755)
        try refused(["--python", s("broken-python").string, "env"], "does not work as a Python 3 interpreter")
        try refused(["--prompt", "two\nlines", "env"], "line break")
        #expect(String(decoding: try FS.readFile(s("neighbour.txt")), as: UTF8.self) == "untouched\n")
        recordFigure("bad inputs through the command line: \(tried) tried, each refused with one line and nothing written")
    }

    @Test(.enabled(if: python != nil && getuid() == 0 && FS.isExecutableFile("/usr/bin/setpriv"), "needs root and setpriv to run as an unprivileged user"))
    func noPermission() throws {
        let s = Scratch()
        try FS.makeDirectory(s("locked"))
        chmod(s.path.string, 0o755)
        chmod(s("locked").string, 0o755)
        // As nobody: the directory (owned by root, 0755) cannot be written.
        let r = try ChildProcess.run("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "--",
                                                     swiftVenv.string, "--python", Self.python!.string, "--without-pip", s("locked/env").string],
                                environment: ["HOME=/nonexistent", "PATH=/usr/bin:/bin"])
        #expect(r.status == 1, "\(r.output)")
        #expect(r.output.contains(s("locked").string) && r.output.contains("Permission denied") && r.output.contains("permissions"), "\(r.output)")
        #expect(try FS.contents(of: s("locked")).isEmpty)
    }

    @Test(.enabled(if: python != nil && canMount, "mounting a tmpfs is not permitted on this machine"))
    func readOnlyFileSystem() throws {
        let s = Scratch()
        try withTmpfs(s("ro"), options: "ro,size=64k") {
            let r = try runSwiftVenv(["--python", Self.python!.string, "--without-pip", s("ro/env").string])
            #expect(r.status == 1, "\(r.output)")
            #expect(r.output.contains(s("ro").string) && r.output.contains("writable file system"), "\(r.output)")
            #expect(try FS.contents(of: s("ro")).isEmpty)
        }
    }

    /// A file system too small for a copied interpreter: the copy fails with
    /// ENOSPC, and the staging directory is removed, leaving nothing.
    @Test(.enabled(if: python != nil && canMount, "mounting a tmpfs is not permitted on this machine"))
    func fullDisk() throws {
        let s = Scratch()
        try withTmpfs(s("small"), options: "size=256k") {
            try FS.writeFile(s("small/neighbour.txt"), "untouched\n")
            let r = try runSwiftVenv(["--python", Self.python!.string, "--without-pip", "--copies", s("small/env").string])
            #expect(r.status == 1, "\(r.output)")
            #expect(r.output.contains("No space left") && r.output.contains("free some space"), "\(r.output)")
            #expect(try FS.contents(of: s("small")) == ["neighbour.txt"])
        }
        recordFigure("file systems: full (256 KiB tmpfs) and read-only tmpfs refused cleanly")
    }

    @Test(.enabled(if: python != nil, "no Python on this machine"))
    func damagedPyvenvCfgOnUpgradeAndClear() throws {
        let s = Scratch()
        let python = Self.python!.string
        let damaged: [(String, [UInt8])] = [
            ("binary", [0, 1, 2, 0xff, 0xfe]), ("empty", []),
            ("huge", Array(repeating: UInt8(ascii: "x"), count: 3 << 20)),
            ("malformed", Array("=\n==\nhome\n[section]\n= = =\n".utf8)),
        ]
        for (name, bytes) in damaged {
            #expect(try runSwiftVenv(["--python", python, "--without-pip", name], in: s.path).succeeded)
            let fd = open(s("\(name)/pyvenv.cfg").string, O_WRONLY | O_TRUNC)
            _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            close(fd)
            for option in ["--upgrade", "--clear"] {
                let r = try runSwiftVenv(["--python", python, "--without-pip", option, name], in: s.path)
                #expect(r.succeeded, "\(name) \(option): \(r.output)")
                #expect(try reportedPaths(s(name)).hasPrefix("['$ENV', '$ENV'"), "\(name) \(option)")
                _ = open(s("\(name)/pyvenv.cfg").string, O_WRONLY | O_TRUNC).map { fd -> Void in
                    _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                    close(fd)
                }
            }
        }
    }
}

private extension Int32 {
    func map<T>(_ body: (Int32) -> T) -> T? { self >= 0 ? body(self) : nil }
}
