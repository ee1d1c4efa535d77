#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// What `swift-venv shell-do` (the csh integration's helper) needs from the
/// library: csh literals written by the one csh quoting of
/// `ActivationQuoting.swift`, and running a hook or a program with the
/// terminal's standard streams.
package enum ShellSupport {
    /// `text` as one csh word that reads back exactly (escaped outside
    /// quotes, so `backslash_quote` and `histchars` change nothing), or nil
    /// for text holding a control character, which no csh word can carry.
    package static func cshWord(_ text: String) -> String? {
        ActivationLanguage.csh.quote(text)
    }

    /// Runs `argv` (argv[0] a path) in `directory` with this process's
    /// streams, and waits: its exit status (128 + the signal when killed), or
    /// nil when it could not start. A file without a `#!` line is run by
    /// /bin/sh, as a shell runs it. With `capture`, standard output is
    /// returned instead of shown.
    package static func run(_ argv: [String], directory: String? = nil, environment: [String]? = nil,
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

    /// `mkdir -p`: `path` and its missing parents.
    package static func makeDirectories(_ path: String) throws(VenvError) {
        _ = try FS.makeDirectories(FilePath(path))
    }
}
