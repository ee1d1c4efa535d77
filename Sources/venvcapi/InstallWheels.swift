import CVenv
import SystemPackage
import VenvCore

/// `venv_install_wheels`: the given wheel files installed into an environment.
@_cdecl("venv_install_wheels")
public func venv_install_wheels(_ envDir: UnsafePointer<CChar>?,
                                _ wheels: UnsafePointer<UnsafePointer<CChar>?>?, _ count: Int) -> Int32 {
    callC { () throws(VenvError) in
        let path = try argument(envDir, "env_dir")
        guard let wheels, count > 0 else {
            throw VenvError(.invalid, nil, "no wheel given", remedy: "pass an array of one or more wheel paths")
        }
        var paths: [FilePath] = []
        for index in 0..<count { paths.append(FilePath(try argument(wheels[index], "wheels[\(index)]"))) }
        try WheelInstallation.install(paths, into: FilePath(path))
    }
}
