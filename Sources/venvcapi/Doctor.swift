#if canImport(Glibc)
import Glibc
#endif
import CVenv
import VenvCore

/// What a `venv_diagnosis *` points to: the diagnosis and C copies of its
/// strings, freed together by `venv_diagnosis_free`.
final class DiagnosisBox: OpaqueHandle {
    enum Field: Int, CaseIterable {
        case environment, version, home, baseVersion, baseExecutable
    }
    enum ProblemField: Int, CaseIterable {
        case code, path, cause, remedy
    }
    enum ReplacementField: Int, CaseIterable {
        case version, executable
    }

    let diagnosis: Diagnosis
    private let strings: CStrings
    private let problems: [CStrings]
    private let replacements: [CStrings]

    init(_ diagnosis: Diagnosis) {
        self.diagnosis = diagnosis
        strings = CStrings(Field.self) { field in
            switch field {
            case .environment: diagnosis.environment
            case .version: diagnosis.version
            case .home: diagnosis.home
            case .baseVersion: diagnosis.baseVersion
            case .baseExecutable: diagnosis.baseExecutable
            }
        }
        // Each in the order of its fields' cases.
        problems = diagnosis.problems.map { CStrings([$0.code.rawValue, $0.path, $0.cause, $0.remedy]) }
        replacements = diagnosis.replacements.map { CStrings([$0.version, $0.executable]) }
    }

    func string(_ field: Field) -> UnsafePointer<CChar>? { strings[field: field] }

    func problem(_ index: Int, _ field: ProblemField) -> UnsafePointer<CChar>? { problems.string(index, field) }

    func replacement(_ index: Int, _ field: ReplacementField) -> UnsafePointer<CChar>? {
        replacements.string(index, field)
    }

    var problemCount: Int { problems.count }
    var replacementCount: Int { replacements.count }
}

/// `venv_doctor_options_init`: replacements listed.
@_cdecl("venv_doctor_options_init")
public func venv_doctor_options_init(_ opts: UnsafeMutablePointer<venv_doctor_options>?, _ version: UInt32) -> Int32 {
    initOptions(opts, version, known: VENV_DOCTOR_OPTIONS_VERSION, "venv_doctor_options") {
        $0.pointee = venv_doctor_options(version: version, list_replacements: 1)
    }
}

/// `venv_doctor`: the diagnosis of one environment, from files.
@_cdecl("venv_doctor")
public func venv_doctor(_ out: UnsafeMutablePointer<OpaquePointer?>?, _ envDir: UnsafePointer<CChar>?,
                        _ opts: UnsafePointer<venv_doctor_options>?) -> Int32 {
    out?.pointee = nil
    return callC { () throws(VenvError) in
        guard let out else { throw VenvError(.invalid, nil, "out is NULL",
                                             remedy: "pass the address of a venv_diagnosis pointer") }
        var doctor = Doctor()
        if let c = opts?.pointee {
            try checkOptionsVersion(c.version, known: VENV_DOCTOR_OPTIONS_VERSION, "venv_doctor_options")
            doctor.listsReplacements = c.list_replacements != 0
        }
        let path = try argument(envDir, "env_dir")
        out.pointee = DiagnosisBox(try doctor.diagnose(path)).retainedPointer()
    }
}

/// `venv_diagnosis_free`: NULL is a no-op.
@_cdecl("venv_diagnosis_free")
public func venv_diagnosis_free(_ d: OpaquePointer?) {
    DiagnosisBox.release(d)
}

@_cdecl("venv_diagnosis_healthy")
public func venv_diagnosis_healthy(_ d: OpaquePointer?) -> Int32 {
    DiagnosisBox.from(d).map { $0.diagnosis.isHealthy ? 1 : 0 } ?? -1
}

@_cdecl("venv_diagnosis_environment")
public func venv_diagnosis_environment(_ d: OpaquePointer?) -> UnsafePointer<CChar>? {
    DiagnosisBox.from(d)?.string(.environment)
}
@_cdecl("venv_diagnosis_version")
public func venv_diagnosis_version(_ d: OpaquePointer?) -> UnsafePointer<CChar>? {
    DiagnosisBox.from(d)?.string(.version)
}
@_cdecl("venv_diagnosis_home")
public func venv_diagnosis_home(_ d: OpaquePointer?) -> UnsafePointer<CChar>? {
    DiagnosisBox.from(d)?.string(.home)
}
@_cdecl("venv_diagnosis_base_version")
public func venv_diagnosis_base_version(_ d: OpaquePointer?) -> UnsafePointer<CChar>? {
    DiagnosisBox.from(d)?.string(.baseVersion)
}
@_cdecl("venv_diagnosis_base_executable")
public func venv_diagnosis_base_executable(_ d: OpaquePointer?) -> UnsafePointer<CChar>? {
    DiagnosisBox.from(d)?.string(.baseExecutable)
}

@_cdecl("venv_diagnosis_problem_count")
public func venv_diagnosis_problem_count(_ d: OpaquePointer?) -> Int { DiagnosisBox.from(d)?.problemCount ?? 0 }
@_cdecl("venv_diagnosis_problem_code")
public func venv_diagnosis_problem_code(_ d: OpaquePointer?, _ i: Int) -> UnsafePointer<CChar>? {
    DiagnosisBox.from(d)?.problem(i, .code)
}
@_cdecl("venv_diagnosis_problem_path")
public func venv_diagnosis_problem_path(_ d: OpaquePointer?, _ i: Int) -> UnsafePointer<CChar>? {
    DiagnosisBox.from(d)?.problem(i, .path)
}
@_cdecl("venv_diagnosis_problem_cause")
public func venv_diagnosis_problem_cause(_ d: OpaquePointer?, _ i: Int) -> UnsafePointer<CChar>? {
    DiagnosisBox.from(d)?.problem(i, .cause)
}
@_cdecl("venv_diagnosis_problem_remedy")
public func venv_diagnosis_problem_remedy(_ d: OpaquePointer?, _ i: Int) -> UnsafePointer<CChar>? {
    DiagnosisBox.from(d)?.problem(i, .remedy)
}

@_cdecl("venv_diagnosis_replacement_count")
public func venv_diagnosis_replacement_count(_ d: OpaquePointer?) -> Int {
    DiagnosisBox.from(d)?.replacementCount ?? 0
}
@_cdecl("venv_diagnosis_replacement_version")
public func venv_diagnosis_replacement_version(_ d: OpaquePointer?, _ i: Int) -> UnsafePointer<CChar>? {
    DiagnosisBox.from(d)?.replacement(i, .version)
}
@_cdecl("venv_diagnosis_replacement_executable")
public func venv_diagnosis_replacement_executable(_ d: OpaquePointer?, _ i: Int) -> UnsafePointer<CChar>? {
    DiagnosisBox.from(d)?.replacement(i, .executable)
}

/// `venv_diagnosis_to_json`: the diagnosis as one line of `swift-venv doctor --json`.
@_cdecl("venv_diagnosis_to_json")
public func venv_diagnosis_to_json(_ out: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
                                   _ diagnosis: OpaquePointer?) -> Int32 {
    toJSON(out, diagnosis, as: DiagnosisBox.self, name: "diagnosis",
           remedy: "pass a venv_diagnosis from venv_doctor") { $0.diagnosis.json }
}
