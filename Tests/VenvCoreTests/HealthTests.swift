import Testing
@testable import VenvCore

/// The parts of `doctor` that need no environment: which names in `bin/`
/// are pythons, the names a base has in `home`, the JSON record and its
/// codes. The checks themselves, against real breakages, are
/// Tests/suites/48-doctor.sh.
@Suite struct HealthTests {
    @Test(arguments: [
        ("python", true), ("python3", true), ("python3.12", true), ("python3.13t", true),
        ("python3-config", false), ("python3.12-config", false), ("pythonw", false), ("pip", false),
        ("python3.x", false),
    ])
    func pythonNames(name: String, isPython: Bool) {
        #expect(Check.isPythonName(name) == isPython)
    }

    @Test func aBaseIsLookedForByItsVersionFirst() {
        #expect(Check.pythonNames((3, 12)) == ["python3.12", "python3", "python"])
        #expect(Check.pythonNames(nil) == ["python3", "python"])
    }

    @Test func theRecordAndItsCodes() {
        let gone = HealthProblem(.baseMissing, path: "/old/bin", cause: "gone", remedy: "swift-venv repair /e")
        let link = HealthProblem(.pythonLinkDangling, path: "/e/bin/python", cause: "dangles",
                                 remedy: "swift-venv repair /e")
        var diagnosis = Diagnosis(environment: "/e", version: "3.12.1", home: "/old/bin",
                                  problems: [gone, link, link],
                                  replacements: [.init(version: "3.12.7", executable: "/p/python3.12")])
        #expect(diagnosis.codes == ["base-missing", "python-link-dangling"])
        #expect(!diagnosis.isHealthy)
        #expect(diagnosis.json == #"{"environment": "/e", "healthy": false, "version": "3.12.1", "home": "/old/bin", "#
                + #""base_version": null, "base_executable": null, "codes": ["base-missing", "python-link-dangling"], "#
                + #""problems": [{"code": "base-missing", "path": "/old/bin", "cause": "gone", "remedy": "#
                + #""swift-venv repair /e"}, {"code": "python-link-dangling", "path": "/e/bin/python", "cause": "#
                + #""dangles", "remedy": "swift-venv repair /e"}, {"code": "python-link-dangling", "path": "#
                + #""/e/bin/python", "cause": "dangles", "remedy": "swift-venv repair /e"}], "replacements": "#
                + #"[{"version": "3.12.7", "executable": "/p/python3.12"}]}"#)
        diagnosis.problems = []
        #expect(diagnosis.isHealthy && diagnosis.codes.isEmpty)
    }
}
