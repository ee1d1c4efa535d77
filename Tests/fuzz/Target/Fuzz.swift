// Fuzz target for the pyvenv.cfg reader and the resolver.
//
// Built for libFuzzer by Tests/suites/60-fuzz.sh:
//   swift build --product fuzz-venv --sanitize=fuzzer --sanitize=address \
//     -Xswiftc -DFUZZING --disable-index-store --scratch-path .build-fuzz
//   .build-fuzz/debug/fuzz-venv -max_total_time=3600 CORPUS_DIR Tests/fuzz/corpus
// Built normally, the same program replays inputs given as files, so a crash
// the fuzzer finds can be reproduced and debugged without it:
//   swift run fuzz-venv crash-file...
#if canImport(Glibc)
import Glibc
#endif
import SystemPackage
import VenvCore

/// A scratch environment whose pyvenv.cfg each input replaces: made once per
/// process, its bin/python a link to a real interpreter when one is found.
let environment: FilePath = {
    var template = Array("/tmp/fuzz-venv-XXXXXX".utf8CString)
    let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
    precondition(made != nil, "mkdtemp failed")
    let root = FilePath(String(cString: template.map { $0 }))
    mkdir(root.appending("bin").string, 0o755)
    for python in ["/usr/bin/python3.11", "/usr/bin/python3"] where access(python, X_OK) == 0 {
        symlink(python, root.appending("bin/python").string)
        break
    }
    return root
}()

/// One input: parsed as a pyvenv.cfg, then resolved as an environment's.
/// Errors are expected; crashes, hangs and sanitizer reports are not.
func fuzzOne(_ bytes: [UInt8]) {
    if let config = try? PyvenvConfig(parsing: bytes, path: "/fuzz/pyvenv.cfg") {
        _ = (config.home, config.includeSystemSitePackages, config.version, config.prompt, config.text)
    }
    let cfg = environment.appending("pyvenv.cfg").string
    let fd = open(cfg, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard fd >= 0 else { return }
    _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    close(fd)
    for path in [environment, environment.appending("bin/python")] {
        if let info = try? EnvironmentInfo.resolve(path) { _ = info.json }
    }
}

#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    fuzzOne(size > 0 && data != nil ? Array(UnsafeBufferPointer(start: data, count: size)) : [])
    return 0
}
#else
@main
struct Replay {
    static func main() {
        var count = 0
        for path in CommandLine.arguments.dropFirst() {
            guard let file = fopen(path, "rb") else { continue }
            var bytes: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = fread(&buffer, 1, buffer.count, file)
                if n <= 0 { break }
                bytes.append(contentsOf: buffer[0..<n])
            }
            fclose(file)
            fuzzOne(bytes)
            count += 1
        }
        print("replayed \(count) inputs without a crash")
    }
}
#endif
