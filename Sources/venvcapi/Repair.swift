import CVenv
import SystemPackage
import VenvCore

/// `venv_repair_options_init`: the defaults.
@_cdecl("venv_repair_options_init")
public func venv_repair_options_init(_ opts: UnsafeMutablePointer<venv_repair_options>?, _ version: UInt32) -> Int32 {
    initOptions(opts, version, known: VENV_REPAIR_OPTIONS_VERSION, "venv_repair_options") {
        $0.pointee = venv_repair_options(version: version, python: nil)
    }
}

/// `venv_repair`: the environment pointed at a new base of its minor version.
@_cdecl("venv_repair")
public func venv_repair(_ replaced: UnsafeMutablePointer<Int>?, _ envDir: UnsafePointer<CChar>?,
                        _ opts: UnsafePointer<venv_repair_options>?) -> Int32 {
    replaced?.pointee = 0
    return callC { () throws(VenvError) in
        let path = try pathArgument(envDir, "env_dir", remedy: "name the environment to repair")
        var options = Repair.Options()
        if let c = opts?.pointee {
            try checkOptionsVersion(c.version, known: VENV_REPAIR_OPTIONS_VERSION, "venv_repair_options")
            if let python = c.python { options.python = try argument(python, "python") }
        }
        replaced?.pointee = try Repair.repair(FilePath(path), options).changed.count
    }
}

/// `venv_rebuild_options_init`: the defaults.
@_cdecl("venv_rebuild_options_init")
public func venv_rebuild_options_init(_ opts: UnsafeMutablePointer<venv_rebuild_options>?, _ version: UInt32) -> Int32 {
    initOptions(opts, version, known: VENV_REBUILD_OPTIONS_VERSION, "venv_rebuild_options") {
        $0.pointee = venv_rebuild_options(version: version, python: nil, find_links: nil, find_links_count: 0,
                                          no_index: 0, prune: 0)
    }
}

/// `venv_rebuild`: the environment moved to another base with its packages.
@_cdecl("venv_rebuild")
public func venv_rebuild(_ envDir: UnsafePointer<CChar>?, _ opts: UnsafePointer<venv_rebuild_options>?) -> Int32 {
    callC { () throws(VenvError) in
        let path = try pathArgument(envDir, "env_dir", remedy: "name the environment to rebuild")
        guard let c = opts?.pointee else {
            throw VenvError(.invalid, nil, "opts is NULL", remedy: "pass options with python set")
        }
        try checkOptionsVersion(c.version, known: VENV_REBUILD_OPTIONS_VERSION, "venv_rebuild_options")
        var options = Rebuild.Options(python: try argument(c.python, "opts->python"))
        options.findLinks = try strings(c.find_links, c.find_links_count, "find_links")
        options.noIndex = c.no_index != 0
        options.prune = c.prune != 0
        _ = try Rebuild.rebuild(FilePath(path), options)
    }
}
