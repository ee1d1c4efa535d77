/// The order of the sources, in one place. A Python reached from several
/// sources is one record; the first source to reach it gives its
/// `executable`, the others add to `sources` and `symlinks`.
enum Locators {
    /// Every source `swift-venv find` reads.
    static let all: [any Locator] = [
        VirtualEnvLocator(),
        WorkspaceLocator(),
        SearchPathLocator(),
        PathLocator(),
        SystemLocator(),
        PyenvLocator(),
        UvLocator(),
        CondaLocator(),
        WorkonHomeLocator(),
        PipenvLocator(),
        PoetryLocator(),
        HatchLocator(),
        PipxLocator(),
        VenvsLocator(),
    ]

    /// The sources of base interpreters, which a version request chooses
    /// from (first match wins: `PATH` as the user ordered it, then the rest).
    static let interpreters: [any Locator] = [
        PathLocator(),
        SystemLocator(),
        PyenvLocator(),
        UvLocator(),
    ]
}
