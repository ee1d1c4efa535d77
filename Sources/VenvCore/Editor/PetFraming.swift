/// PET's framing of JSON-RPC messages on a byte stream (the Language Server
/// Protocol's base protocol): header lines, `Content-Length: N` among them
/// (PET writes `Content-Type` too), a blank line, then N bytes of JSON.
///
/// PET's own reader (`crates/pet-jsonrpc/src/server.rs`) takes one header
/// line and one more line, and finds `Content-Length: ` anywhere in the
/// first. This one takes any number of header lines up to the blank line,
/// finds the header anywhere in a line too (so bytes left over from a
/// frame whose length was wrong are passed over, and the next frame read),
/// never holds more than `maximumBody` bytes of a body, and never more than
/// `maximumLine` of a line.
struct PetFrameReader {
    /// A body larger than this is read and dropped, not kept.
    static let maximumBody = 16 << 20
    /// A header line is kept to its last `maximumLine` bytes.
    static let maximumLine = 4096

    enum Frame: Equatable {
        /// A body, and whether bytes that were no header came before it.
        case message([UInt8], strayBytes: Bool)
        /// Headers without a usable `Content-Length` (the reason said).
        case malformed(String)
        /// A body longer than `maximumBody`, read and dropped.
        case tooLarge(Int)
        /// The stream ended (between frames or inside one).
        case end
    }

    private let read: (inout [UInt8], Int) -> Int
    private var buffer = [UInt8](repeating: 0, count: 64 << 10)
    private var start = 0
    private var end = 0

    /// `read(buffer, offset)` fills `buffer` from `offset` with what is
    /// available and returns the count, 0 at the end.
    init(read: @escaping (inout [UInt8], Int) -> Int) {
        self.read = read
    }

    /// Reads more into the buffer; false at the end of the stream.
    private mutating func fill() -> Bool {
        if start == end { start = 0; end = 0 }
        if end == buffer.count {
            buffer.replaceSubrange(0..<(end - start), with: buffer[start..<end])
            end -= start
            start = 0
        }
        let count = read(&buffer, end)
        end += max(0, count)
        return count > 0
    }

    /// One line without its `\n` (and `\r`), its front dropped beyond
    /// `maximumLine`; nil at the end of the stream.
    private mutating func line() -> [UInt8]? {
        var line: [UInt8] = []
        while true {
            if let newline = buffer[start..<end].firstIndex(of: UInt8(ascii: "\n")) {
                line += buffer[start..<newline]
                start = newline + 1
                if line.last == UInt8(ascii: "\r") { line.removeLast() }
                return line.count > Self.maximumLine ? Array(line.suffix(Self.maximumLine)) : line
            }
            line += buffer[start..<end]
            start = end
            if line.count > Self.maximumLine { line = Array(line.suffix(Self.maximumLine)) }
            guard fill() else { return nil }
        }
    }

    /// The next `count` bytes, or nil when the stream ends first; with
    /// `keep` false they are dropped as they come (nothing held).
    private mutating func body(_ count: Int, keep: Bool) -> [UInt8]? {
        var out: [UInt8] = []
        if keep { out.reserveCapacity(count) }
        var left = count
        while left > 0 {
            if start == end, !fill() { return nil }
            let take = min(left, end - start)
            if keep { out += buffer[start..<(start + take)] }
            start += take
            left -= take
        }
        return out
    }

    mutating func next() -> Frame {
        var length: Int?
        var problem: String?
        var headers = 0
        var stray = false
        while true {
            guard let line = line() else { return .end }
            if line.isEmpty {
                if headers == 0 && !stray { continue }  // a blank line between frames
                break
            }
            headers += 1
            if let found = Self.contentLength(in: line) {
                let (before, value) = found
                if before { stray = true }
                if let value { length = value; problem = nil } else { problem = "Content-Length is not a number" }
            } else if !Self.isHeader(line) {
                stray = true
            }
        }
        guard let length else {
            return .malformed(problem ?? "a message without a Content-Length header")
        }
        if length > Self.maximumBody {
            return body(length, keep: false) == nil ? .end : .tooLarge(length)
        }
        guard let bytes = body(length, keep: true) else { return .end }
        return .message(bytes, strayBytes: stray)
    }

    /// Where `Content-Length:` is in `line` (any letter case): whether
    /// bytes came before it, and its value (nil when not a number).
    static func contentLength(in line: [UInt8]) -> (Bool, Int?)? {
        let name = Array("content-length:".utf8)
        let lowered = line.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        guard lowered.count >= name.count else { return nil }
        var at: Int?
        for index in stride(from: lowered.count - name.count, through: 0, by: -1)
        where lowered[index..<(index + name.count)].elementsEqual(name) {
            at = index
            break
        }
        guard let at else { return nil }
        let digits = line[(at + name.count)...].drop { $0 == 0x20 || $0 == 0x09 }
        let trimmed = digits.reversed().drop { $0 == 0x20 || $0 == 0x09 }.reversed()
        guard !trimmed.isEmpty, trimmed.count <= 12, trimmed.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            return (at > 0, nil)
        }
        return (at > 0, Int(String(decoding: trimmed, as: UTF8.self)))
    }

    /// A `Name: value` line (an RFC 7230 token before the colon).
    static func isHeader(_ line: [UInt8]) -> Bool {
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > 0 else { return false }
        return line[..<colon].allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
                || Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }
}

/// Writes frames as PET writes them: `Content-Length`, PET's
/// `Content-Type`, a blank line, the JSON; each frame whole, from two
/// threads: the one reading requests (answers) and a refresh's (its
/// notifications and reply). While a refresh runs, an answer is written
/// at once when no frame is being written, else queued and written by the
/// refresh before its next message (at the latest with its reply): so a
/// `resolve` is answered during a refresh, and the reading thread never
/// waits for a client slow to read a refresh. A refresh's own frames wait
/// their turn, so it holds one at a time (2,000 environments stream).
final class PetFrameWriter: Sendable {
    private let write: @Sendable ([UInt8]) -> Bool
    /// Held while frames are written.
    private let writing = Locked(())
    /// Refreshes running or waiting their turn; answers queued meanwhile;
    /// whether a write failed (the client is gone).
    private let state = Locked<(refreshes: Int, pending: [[UInt8]], gone: Bool)>((0, [], false))

    init(write: @escaping @Sendable ([UInt8]) -> Bool) {
        self.write = write
    }

    static func frame(_ json: String) -> [UInt8] {
        let body = Array(json.utf8)
        let header = "Content-Length: \(body.count)\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n"
        return Array(header.utf8) + body
    }

    /// Whether a write failed: the client is gone.
    var isGone: Bool { state.withLock { $0.gone } }

    /// An answer from the reading thread; false when the client is gone.
    func send(_ json: String) -> Bool {
        let frame = Self.frame(json)
        let queued = state.withLock { state in
            if state.refreshes > 0 { state.pending.append(frame) }
            return state.refreshes > 0
        }
        if queued {
            // Written now if no frame is being written; else by the writer, after its frame.
            _ = writing.withLockIfFree { _ in writePending() }
        } else {
            writing.withLock { _ in writeFrames([frame]) }
        }
        return !isGone
    }

    /// Told (by the reading thread) before a refresh's thread starts.
    func refreshStarts() {
        state.withLock { $0.refreshes += 1 }
    }

    /// A refresh's notification or reply, after the answers queued before
    /// it; false when the client is gone.
    func sendFromRefresh(_ json: String) -> Bool {
        let frame = Self.frame(json)
        writing.withLock { _ in
            writePending()
            writeFrames([frame])
        }
        return !isGone
    }

    /// Told by a refresh's thread at its end: what is queued is written,
    /// and answers are written at once again when no other refresh runs.
    func refreshEnds() {
        writing.withLock { _ in
            while true {
                let pending = state.withLock { state in
                    defer { state.pending = [] }
                    if state.pending.isEmpty { state.refreshes -= 1 }
                    return state.pending
                }
                if pending.isEmpty { return }
                writeFrames(pending)
            }
        }
    }

    /// The answers queued so far (the caller holds `writing`).
    private func writePending() {
        let pending = state.withLock { state in
            defer { state.pending = [] }
            return state.pending
        }
        writeFrames(pending)
    }

    /// The caller holds `writing`; after a failure nothing more is written.
    private func writeFrames(_ frames: [[UInt8]]) {
        for frame in frames where !isGone {
            if !write(frame) { state.withLock { $0.gone = true } }
        }
    }
}
