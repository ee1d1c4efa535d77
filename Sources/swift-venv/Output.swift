import VenvCore

/// Writes `text` to standard error in full.
func printError(_ text: String) {
    writeAll(2, text)
}

/// Prints `error` as the one line of a refusal on stderr.
func printFailure(_ error: VenvError) {
    printMessage("error", error.message)
}

/// Prints `swift-venv: KIND: TEXT` as one line on stderr, its control
/// characters escaped (a path or a value read from a file may hold some).
func printMessage(_ kind: String, _ text: String) {
    printError("swift-venv: \(kind): \(TerminalText.escaped(text))\n")
}

/// Writes `text` to standard output in full, at once (each JSON line is
/// handed on as soon as it is known, not when a buffer fills).
func writeOut(_ text: String) {
    writeAll(1, text)
}

/// Writes `text` to `fd` in full, unbuffered (so that what this program
/// prints and what the programs it runs print arrive in order).
func writeAll(_ fd: Int32, _ text: String) {
    writeAll(fd, bytes: Array(text.utf8))
}

/// `writeAll(_:_:)` for bytes.
func writeAll(_ fd: Int32, bytes: [UInt8]) {
    _ = StandardStreams.write(bytes, to: fd)
}
