/// One installed distribution as pip sees it in an environment
/// (`pip._internal.metadata.BaseDistribution`), read from files.
public struct InstalledDistribution: Sendable, Equatable {
    /// `Name` from METADATA/PKG-INFO as written (pip's `raw_name`); the
    /// normalized name when the file has none.
    public let name: String
    /// `str(dist.version)`: the PEP 440 normalized version pip prints in
    /// `freeze` and `list --format=json`; the text itself when not PEP 440.
    public let version: String
    /// `Version` from METADATA as written (pip's `raw_version`).
    public let rawVersion: String
    /// PEP 503: lowercase, runs of `-`, `_`, `.` as one `-`.
    public let normalizedName: String
    /// The directory holding the `.dist-info`/`.egg-info` (pip's `location`).
    public let location: String
    /// The `.dist-info`/`.egg-info` itself.
    public let infoLocation: String
    /// The first non-blank line of `INSTALLER`, or "".
    public let installer: String
    /// Whether `REQUESTED` exists.
    public let requested: Bool
    /// The project directory of an editable install, else nil.
    public let editableProjectLocation: String?
    /// `direct_url.json` (PEP 610), when present and valid.
    public let directURL: DirectURL?

    /// Whether pip counts it as editable.
    public var editable: Bool { editableProjectLocation != nil }

    /// pip's `installed_location`, normalized (realpath): what `--local` and
    /// `--user` compare.
    let installedLocation: String
    /// Whether `version` is a PEP 440 version (else pip writes `===`).
    let isPEP440: Bool
}

/// PEP 503's `canonicalize_name`: `re.sub(r"[-_.]+", "-", name).lower()`.
func canonicalName(_ name: String) -> String {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(name.utf8.count)
    var inRun = false
    var ascii = true
    for byte in name.utf8 {
        if byte == 0x2D || byte == 0x5F || byte == 0x2E {
            if !inRun { bytes.append(0x2D) }
            inRun = true
            continue
        }
        inRun = false
        if byte >= 0x80 { ascii = false }
        bytes.append((0x41...0x5A).contains(byte) ? byte | 0x20 : byte)
    }
    let result = String(decoding: bytes, as: UTF8.self)
    return ascii ? result : result.lowercased()
}
