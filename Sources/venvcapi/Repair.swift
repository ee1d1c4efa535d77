import CVenv
import SystemPackage
import VenvCore

/// `venv_repair_options_init`: the defaults.
@_cdecl("venv_repair_options_init")
public func venv_repair_options_init(_ opts: UnsafeMutablePointer<venv_repair_options>?, _ version: UInt32) -> Int32 {
    callC { () throws(VenvError) in
        guard let opts else { throw VenvError(.invalid, nil, "opts is NULL",
                                              remedy: "pass the address of a venv_repair_options") }
        try checkOptionsVersion(version, known: VENV_REPAIR_OPTIONS_VERSION, "venv_repair_options")
        opts.pointee = venv_repair_options(version: version, python: nil)
    }
}

/// `venv_repair`: the environment pointed at a new base of its minor version.
@_cdecl("venv_repair")
public func venv_repair(_ replaced: UnsafeMutablePointer<Int>?, _ envDir: UnsafePointer<CChar>?,
                        _ opts: UnsafePointer<venv_repair_options>?) -> Int32 {
    replaced?.pointee = 0
    return callC { () throws(VenvError) in
        let path = try argument(envDir, "env_dir")
        var options = Repair.Options()
        if let c = opts?.pointee {
            try checkOptionsVersion(c.version, known: VENV_REPAIR_OPTIONS_VERSION, "venv_repair_options")
            if let python = c.python { options.python = try argument(python, "python") }
        }
        replaced?.pointee = try Repair.repair(FilePath(path), options).changed.count
    }
}
