/// A distribution's `direct_url.json` (PEP 610), validated as pip validates
/// it (`pip._internal.models.direct_url`): a string `url`, an optional string
/// `subdirectory`, and exactly one of `archive_info`, `dir_info`, `vcs_info`.
/// A file that fails is, for pip, no direct URL at all (it warns).
public struct DirectURL: Sendable, Equatable {
    public enum Info: Sendable, Equatable {
        /// `archive_info`: `hash` is the legacy `name=value` field.
        case archive(hash: String?)
        /// `dir_info`: a local directory, editable or not.
        case directory(editable: Bool)
        /// `vcs_info`.
        case vcs(vcs: String, commitID: String, requestedRevision: String?)
    }

    public let url: String
    public let subdirectory: String?
    public let info: Info
    /// The file's JSON, to be shown as it is.
    public let json: String

    /// Why a `direct_url.json` was refused, in pip's words.
    struct Invalid: Error { let reason: String }

    /// Reads the file's bytes; throws `Invalid` where pip would warn and
    /// ignore the file.
    static func parse(_ bytes: [UInt8]) throws(Invalid) -> DirectURL {
        guard String(validating: bytes, as: UTF8.self) != nil else { throw Invalid(reason: "not UTF-8") }
        guard let value = JSONReader.parse(bytes) else { throw Invalid(reason: "not valid JSON") }
        guard case .object(let object) = value else { throw Invalid(reason: "url must have a value") }
        var out = ""
        JSONObject.write(value, into: &out)

        func string(_ object: JSONObject, _ key: String, required: Bool) throws(Invalid) -> String? {
            switch object[key] {
            case nil, .null?:
                // json null is Python's None: "must have a value" when required.
                if required { throw Invalid(reason: "\(key) must have a value") }
                return nil
            case .string(let text)?: return text
            default: throw Invalid(reason: "\(key) has an unexpected type (expected str)")
            }
        }
        func dictionary(_ key: String) throws(Invalid) -> JSONObject? {
            switch object[key] {
            case nil, .null?: return nil
            case .object(let inner)?: return inner
            default: throw Invalid(reason: "\(key) has an unexpected type (expected dict)")
            }
        }

        let url = try string(object, "url", required: true)!
        var infos: [Info] = []
        if let archive = try dictionary("archive_info") {
            let hash = try string(archive, "hash", required: false)
            if let hash, !hash.contains("=") { throw Invalid(reason: "invalid archive_info.hash format: \(hash)") }
            switch archive["hashes"] {
            case nil, .null?, .object?: break
            default: throw Invalid(reason: "hashes has an unexpected type (expected dict)")
            }
            infos.append(.archive(hash: hash))
        }
        if let directory = try dictionary("dir_info") {
            switch directory["editable"] {
            case nil, .null?: infos.append(.directory(editable: false))
            case .bool(let flag)?: infos.append(.directory(editable: flag))
            default: throw Invalid(reason: "editable has an unexpected type (expected bool)")
            }
        }
        if let vcs = try dictionary("vcs_info") {
            infos.append(.vcs(vcs: try string(vcs, "vcs", required: true)!,
                              commitID: try string(vcs, "commit_id", required: true)!,
                              requestedRevision: try string(vcs, "requested_revision", required: false)))
        }
        guard infos.count == 1 else {
            throw Invalid(reason: infos.isEmpty ? "missing one of archive_info, dir_info, vcs_info"
                                                : "more than one of archive_info, dir_info, vcs_info")
        }
        return DirectURL(url: url, subdirectory: try string(object, "subdirectory", required: false),
                         info: infos[0], json: out)
    }

    /// `dir_info` with `editable: true`.
    public var isLocalEditable: Bool {
        if case .directory(editable: true) = info { return true }
        return false
    }

    /// pip's `direct_url_as_pep440_direct_reference`: `name @ URL`.
    func requirement(name: String) -> String {
        var requirement = name + " @ "
        var fragments: [String] = []
        switch info {
        case .vcs(let vcs, let commit, _):
            requirement += "\(vcs)+\(url)@\(commit)"
        case .archive(let hash):
            requirement += url
            if let hash, !hash.isEmpty { fragments.append(hash) }
        case .directory:
            requirement += url
        }
        if let subdirectory, !subdirectory.isEmpty { fragments.append("subdirectory=" + subdirectory) }
        if !fragments.isEmpty { requirement += "#" + fragments.joined(separator: "&") }
        return requirement
    }

    /// pip's `url_to_path` for a `file:` URL: the path part, percent-decoded;
    /// nil for another scheme or a remote host.
    static func path(fromFileURL url: String) -> String? {
        guard url.hasPrefix("file:") else { return nil }
        var rest = Substring(url.dropFirst(5))
        if let cut = rest.firstIndex(where: { $0 == "#" || $0 == "?" }) { rest = rest[..<cut] }
        if rest.hasPrefix("//") {
            rest = rest.dropFirst(2)
            let host = rest.prefix { $0 != "/" }
            guard host.isEmpty || host == "localhost" else { return nil }
            rest = rest.dropFirst(host.count)
        }
        return percentDecoded(String(rest))
    }

    /// `urllib.parse.unquote`: `%XX` decoded as UTF-8 (invalid sequences replaced).
    static func percentDecoded(_ text: String) -> String {
        guard text.contains("%") else { return text }
        var bytes: [UInt8] = []
        let source = Array(text.utf8)
        var i = 0
        func hex(_ b: UInt8) -> UInt8? {
            switch b {
            case 0x30...0x39: return b - 0x30
            case 0x41...0x46: return b - 0x41 + 10
            case 0x61...0x66: return b - 0x61 + 10
            default: return nil
            }
        }
        while i < source.count {
            if source[i] == UInt8(ascii: "%"), i + 2 < source.count,
               let h = hex(source[i + 1]), let l = hex(source[i + 2]) {
                bytes.append(h << 4 | l)
                i += 3
            } else {
                bytes.append(source[i])
                i += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
