/// PET's JSON-RPC server (`pet server`), answering from `find`'s records:
/// the requests of `crates/pet/src/jsonrpc.rs` (`info`, `configure`,
/// `refresh`, `resolve`, `find`, `clear`), its `environment`, `manager` and
/// `log` notifications, its error codes. A `refresh` runs on a thread of
/// its own, as PET runs its handlers, so that `resolve`, `find` and the
/// rest are answered while it runs (`PetFrameWriter` keeps each frame
/// whole); refreshes run one after another. A frame or request that
/// cannot be answered gets a JSON-RPC error and the server goes on; the
/// end of its input ends it once the refreshes asked for have answered; a
/// client no longer reading ends it at once.
public struct PetServer {
    /// PET's codes: no handler (-1), no method (-3), parameters not
    /// understood or the request failed (-4); JSON-RPC's for what PET
    /// leaves unanswered: not JSON (-32700), not a request, or too large (-32600).
    enum Code: Int {
        case unknownMethod = -1, noMethod = -3, failed = -4, parse = -32700, invalidRequest = -32600
    }

    var reader: PetFrameReader
    let writer: PetFrameWriter
    let version: String
    var configuration = PetConfiguration()
    var refreshes = 0
    /// The refreshes' threads, joined once finished (or at the end).
    var threads: [BackgroundThread] = []
    /// Held by the refresh running: one at a time.
    let refreshTurn = Locked(())

    /// Called by a refresh's thread that found the client gone while the
    /// first thread waits for input that may never come: it ends the process.
    let clientGone: @Sendable () -> Void

    init(reader: PetFrameReader, writer: PetFrameWriter, version: String,
         clientGone: @escaping @Sendable () -> Void) {
        self.reader = reader
        self.writer = writer
        self.version = version
        self.clientGone = clientGone
    }

    /// Serves standard input and output until the client goes; `version`
    /// is what `info` answers as `petVersion`.
    public static func serve(version: String) {
        StandardStreams.ignoreBrokenPipe()
        var server = PetServer(reader: PetFrameReader(read: StandardStreams.read(into:at:)),
                               writer: PetFrameWriter(write: StandardStreams.write), version: version,
                               clientGone: { StandardStreams.endProcess(status: 0) })
        server.run()
    }

    mutating func run() {
        while true {
            let answered: Bool
            switch reader.next() {
            case .end:
                // The refreshes asked for answer before the server ends.
                threads.forEach { $0.join() }
                return
            case .malformed(let why):
                answered = error(nil, .parse, why)
            case .tooLarge(let length):
                answered = error(nil, .invalidRequest, "a message of \(length) bytes is larger than the " +
                                 "\(PetFrameReader.maximumBody) this server takes; it was read and dropped")
            case .message(let bytes, let stray):
                answered = (!stray || error(nil, .parse, "bytes outside any frame were passed over")) && handle(bytes)
            }
            guard answered, !writer.isGone else { return }
        }
    }

    // MARK: - Messages

    /// Answers one message; false when the client is gone.
    mutating func handle(_ bytes: [UInt8]) -> Bool {
        guard let value = JSONReader.parse(bytes) else {
            return error(nil, .parse, "the message is not JSON (\(bytes.count) bytes)")
        }
        guard case .object(let message) = value else {
            return error(nil, .invalidRequest, "the message is not a JSON object")
        }
        var id: JSONObject.Value?
        switch message["id"] {
        case .number?, .string?: id = message["id"]
        case nil, .null?: id = nil
        default: return error(nil, .invalidRequest, "the id is neither a number nor a string")
        }
        guard case .string(let method)? = message["method"] else {
            return error(id, .noMethod, "Failed to extract method from JSONRPC payload")
        }
        // A notification: none is PET's to take, and none is answered.
        guard let id else { return true }
        let params = message["params"] ?? .null
        switch method {
        case "info":
            var info = JSONObject()
            info["petVersion"] = .string(version)
            return reply(id, .object(info))
        case "configure":
            switch Self.parseConfiguration(params) {
            case .success(let configured):
                configuration = configured
                return reply(id, .null)
            case .failure(let why):
                return error(id, .failed, "Failed to parse configure options: \(why.text)")
            }
        case "refresh":
            return refresh(id, params)
        case "resolve":
            guard case .object(let options) = params, case .string(let executable)? = options["executable"] else {
                return error(id, .failed, "Failed to parse resolve: expected {\"executable\": PATH}")
            }
            guard let environment = PetSearch.resolve(executable, configuration) else {
                return error(id, .failed, "Failed to resolve env \(executable)")
            }
            return reply(id, environment.jsonValue)
        case "find":
            guard case .object(let options) = params, case .string(let path)? = options["searchPath"] else {
                return error(id, .failed, "Failed to parse find: expected {\"searchPath\": PATH}")
            }
            let found = PetSearch.find(in: path, configuration)
            // PET answers null, not [], when nothing is there.
            return reply(id, found.isEmpty ? .null : .array(found.map(\.jsonValue)))
        case "clear":
            // Nothing is cached beyond a request: nothing to clear.
            return reply(id, .null)
        default:
            return error(id, .unknownMethod, "Failed to find handler for request \(method)")
        }
    }

    /// `refresh`: on a thread of its own (as PET's handlers run), so that
    /// requests are answered meanwhile; refreshes run one after another,
    /// each with the configuration as it was when it was asked for. It
    /// sends the `manager` and `environment` notifications as each is
    /// known, a `log` line at the end, then `{duration, refreshId}`.
    mutating func refresh(_ id: JSONObject.Value, _ params: JSONObject.Value) -> Bool {
        let scope: PetScope
        switch params {
        case .null:
            scope = .everything
        case .array(let items) where items.isEmpty:
            scope = .everything
        case .object(let options):
            if case .array(let paths)? = options["searchPaths"] {
                guard let strings = Self.strings(paths) else {
                    return error(id, .failed, "Failed to parse refresh: searchPaths must be strings")
                }
                scope = .only(strings)
            } else if case .string(let name)? = options["searchKind"] {
                guard let kind = PetKind(named: name) else {
                    return error(id, .failed, "Failed to parse refresh: unknown searchKind \(name)")
                }
                scope = .kind(kind)
            } else {
                scope = .everything
            }
        default:
            return error(id, .failed, "Failed to parse refresh: expected an object")
        }
        refreshes += 1
        let (refreshId, configuration, writer, turn, gone) = (refreshes, configuration, writer, refreshTurn, clientGone)
        threads.removeAll { thread in
            guard thread.isFinished else { return false }
            thread.join()
            return true
        }
        writer.refreshStarts()
        threads.append(BackgroundThread {
            turn.withLock { _ in
                Self.refresh(id, scope, configuration, refreshId: refreshId, writer)
                writer.refreshEnds()
            }
            if writer.isGone { gone() }
        })
        return !writer.isGone
    }

    /// One refresh, on its thread.
    static func refresh(_ id: JSONObject.Value, _ scope: PetScope, _ configuration: PetConfiguration,
                        refreshId: Int, _ writer: PetFrameWriter) {
        let clock = ContinuousClock()
        let started = clock.now
        var count = 0
        PetSearch.run(configuration, scope: scope, log: { line in
            _ = writer.sendFromRefresh(notification("log", log("warning", line)))
        }, manager: { manager in
            _ = writer.sendFromRefresh(notification("manager", manager.jsonValue))
        }, environment: { environment in
            _ = writer.sendFromRefresh(notification("environment", environment.jsonValue))
            count += 1
        })
        if writer.isGone { return }
        let elapsed = clock.now - started
        let milliseconds = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        _ = writer.sendFromRefresh(notification("log", log("info", "refresh \(refreshId): \(count) " +
                                                             "environments in \(milliseconds) ms")))
        var result = JSONObject()
        result["duration"] = .number(String(milliseconds))
        result["refreshId"] = .number(String(refreshId))
        _ = writer.sendFromRefresh(reply(id, .object(result)))
    }

    // MARK: - Parameters

    struct Refusal: Error { let text: String }

    /// `configure`'s parameters (PET's `ConfigureOptions`): every field
    /// optional, null as absent; a field of the wrong type refused.
    static func parseConfiguration(_ params: JSONObject.Value) -> Result<PetConfiguration, Refusal> {
        guard case .object(let options) = params else { return .failure(Refusal(text: "expected an object")) }
        var configuration = PetConfiguration()
        for (key, value) in options.entries {
            if case .null = value { continue }
            switch key {
            case "workspaceDirectories", "environmentDirectories":
                guard case .array(let items) = value, let paths = strings(items) else {
                    return .failure(Refusal(text: "\(key) must be a list of paths"))
                }
                if key == "workspaceDirectories" { configuration.workspaceDirectories = paths }
                else { configuration.environmentDirectories = paths }
            case "condaExecutable", "pipenvExecutable", "poetryExecutable", "cacheDirectory":
                guard case .string(let path) = value else { return .failure(Refusal(text: "\(key) must be a path")) }
                switch key {
                case "condaExecutable": configuration.condaExecutable = path
                case "pipenvExecutable": configuration.pipenvExecutable = path
                case "poetryExecutable": configuration.poetryExecutable = path
                default: configuration.cacheDirectory = path
                }
            default:
                continue  // PET's serde passes over fields it does not know.
            }
        }
        return .success(configuration)
    }

    static func strings(_ items: [JSONObject.Value]) -> [String]? {
        var out: [String] = []
        for item in items {
            guard case .string(let text) = item else { return nil }
            out.append(text)
        }
        return out
    }

    // MARK: - Writing

    static func log(_ level: String, _ message: String) -> JSONObject.Value {
        var object = JSONObject()
        object["level"] = .string(level)
        object["message"] = .string(message)
        return .object(object)
    }

    static func notification(_ method: String, _ params: JSONObject.Value) -> String {
        var object = JSONObject()
        object["jsonrpc"] = .string("2.0")
        object["method"] = .string(method)
        object["params"] = params
        return object.text
    }

    static func reply(_ id: JSONObject.Value, _ result: JSONObject.Value) -> String {
        var object = JSONObject()
        object["jsonrpc"] = .string("2.0")
        object["result"] = result
        object["id"] = id
        return object.text
    }

    func reply(_ id: JSONObject.Value, _ result: JSONObject.Value) -> Bool {
        writer.send(Self.reply(id, result))
    }

    /// An error answer (`id` null when the request's is unknown); false when the client is gone.
    func error(_ id: JSONObject.Value?, _ code: Code, _ message: String) -> Bool {
        var failure = JSONObject()
        failure["code"] = .number(String(code.rawValue))
        failure["message"] = .string(message)
        var object = JSONObject()
        object["jsonrpc"] = .string("2.0")
        object["error"] = .object(failure)
        object["id"] = id ?? .null
        return writer.send(object.text)
    }
}
