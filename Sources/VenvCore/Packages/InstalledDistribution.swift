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

/// PEP 503's `canonicalize_name`.
func canonicalName(_ name: String) -> String {
    var out = ""
    var inRun = false
    for scalar in name.unicodeScalars {
        if scalar == "-" || scalar == "_" || scalar == "." {
            inRun = true
            continue
        }
        if inRun { out.append("-") }
        inRun = false
        out.unicodeScalars.append(contentsOf: String(scalar).lowercased().unicodeScalars)
    }
    if inRun { out.append("-") }
    return out
}
