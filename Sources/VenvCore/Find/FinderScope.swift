/// `find` narrowed, for the callers that ask PET's questions (Editor/): a
/// search through some of the sources only, and the one record an
/// executable belongs to.
extension Finder {
    /// The sources that look only where the caller pointed (`--workspace`,
    /// `--search-path`), not at the places every user has.
    static let askedOnly: [any Locator] = [WorkspaceLocator(), SearchPathLocator()]

    /// `find(_:report:)` through `locators` only, in their order (what
    /// the records of one search share read once: `ResolveMemo`).
    static func find(through locators: [any Locator], _ options: FindOptions, report: (FoundPython) -> Void) {
        let memo = ResolveMemo()
        for group in discover(locators, options) {
            var record = group.record(memo)
            if options.problems { record.problems = record.diagnosedProblems() }
            report(record)
        }
    }

    /// The record of the Python `executable` runs, as `find` reports it
    /// (its manager and name when a source knows it): an environment when a
    /// pyvenv.cfg (or conda-meta/) is beside it or one directory up, else
    /// an interpreter. Nil when nothing executable is there.
    static func record(forExecutable executable: String, _ options: FindOptions = FindOptions()) -> FoundPython? {
        guard let absolute = try? FS.absolute(executable), FS.isExecutableFile(absolute) else { return nil }
        let context = FindContext(options: options)
        let bin = PathText.dirname(absolute)
        let candidate: Candidate
        if let directory = [PathText.dirname(bin), bin].first(where: context.isEnvironment) {
            candidate = Candidate(path: directory, isEnvironment: true, source: .searchPath)
        } else {
            candidate = Candidate(path: absolute, isEnvironment: false, source: .path)
        }
        let key = Group.key(candidate)
        let match = discover(Locators.all, options).first { group in
            group.isEnvironment == candidate.isEnvironment && group.paths.contains {
                Group.key(Candidate(path: $0, isEnvironment: group.isEnvironment, source: .path)) == key
            }
        }
        var record = (match ?? Group(candidate)).record()
        // The path asked about names the record, as PET's resolve keeps it.
        if !candidate.isEnvironment, record.executable != absolute {
            record.symlinks = [record.executable] + record.symlinks.filter { $0 != absolute }
            record.executable = absolute
        }
        return record
    }
}
