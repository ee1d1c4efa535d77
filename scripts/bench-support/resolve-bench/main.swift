// The in-process driver of the `resolve` benchmark group: resolves each PATH many
// times with a warm page cache and prints the median and 90th percentile
// wall time of one EnvironmentInfo.resolve call, in microseconds.
//
//   resolve-bench ITERATIONS PATH...
#if canImport(Glibc)
import Glibc
#endif
import SystemPackage
import VenvCore

func now() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

let arguments = CommandLine.arguments
guard arguments.count >= 3, let iterations = Int(arguments[1]), iterations > 0 else {
    print("usage: resolve-bench ITERATIONS PATH...")
    exit(2)
}
for path in arguments[2...] {
    let target = FilePath(path)
    var samples: [UInt64] = []
    samples.reserveCapacity(iterations)
    do {
        for _ in 0..<min(100, iterations) { _ = try EnvironmentInfo.resolve(target) }  // warm-up
        for _ in 0..<iterations {
            let start = now()
            _ = try EnvironmentInfo.resolve(target)
            samples.append(now() - start)
        }
    } catch {
        print("\(path): \(error)")
        exit(1)
    }
    samples.sort()
    func us(_ ns: UInt64) -> String {
        let tenths = (ns + 50) / 100
        return "\(tenths / 10).\(tenths % 10)"
    }
    print("\(us(samples[samples.count / 2])) us median, \(us(samples[samples.count * 9 / 10])) us p90  \(path)")
}
