import SystemPackage

/// The paths of one creation, relative to the environment's root.
struct Context {
    /// The environment's absolute path as the user named it (never resolved).
    let envDir: FilePath
    /// Where its files are written now: `envDir`, or a staging directory
    /// whose contents are put in place when complete.
    var buildDir: FilePath
    let interpreter: Interpreter
    /// The bare name shown in the shell prompt (`VIRTUAL_ENV_PROMPT`).
    let prompt: String
    /// The prompt written to pyvenv.cfg, if one was given.
    let configPrompt: String?
    /// Whether its scripts find it from where they are (`--relocatable`).
    var relocatable = false
    let bin = "bin"
    /// site-packages, relative to the root (`lib/pythonX.Y/site-packages`).
    let sitePackages: String
    let include: String

    func path(_ relative: String) -> FilePath { buildDir.appending(relative) }

    /// The same paths once the environment is in place.
    func placed() -> Context {
        var copy = self
        copy.buildDir = envDir
        return copy
    }
}
