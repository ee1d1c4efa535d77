// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "swift-venv",
    products: [
        .library(name: "venv", type: .dynamic, targets: ["venvcapi"]),
        .library(name: "VenvCore", targets: ["VenvCore"]),
        .executable(name: "swift-venv", targets: ["swift-venv"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-system", from: "1.4.0"),
    ],
    targets: [
        // include/venv.h, the one copy of the C contract, seen by Swift through a symlink.
        .target(name: "CVenv", path: "Sources/CVenv"),
        // The few GNU system calls Swift's Glibc module leaves out, and zlib's
        // inflate for reading wheels; internal.
        .target(name: "CVenvSystem", linkerSettings: [.linkedLibrary("z")]),
        .target(
            name: "VenvCore",
            dependencies: ["CVenvSystem", .product(name: "SystemPackage", package: "swift-system")],
            // Each folder's README.md says what it owns and what it may call.
            exclude: ["Templates", "Activation/README.md", "Auto/README.md", "Create/README.md", "Editor/README.md", "Find/README.md",
                      "Health/README.md", "Packages/README.md", "Pip/README.md", "Repair/README.md",
                      "Resolve/README.md", "Support/README.md", "System/README.md", "Wrapper/README.md"],
            plugins: ["EmbedTemplates"]
        ),
        .target(
            name: "venvcapi",
            dependencies: ["VenvCore", "CVenv"],
            exclude: ["exports.map"],
            linkerSettings: [
                // Only venv_* exported, and a soname.
                .unsafeFlags([
                    "-Xlinker", "--version-script=\(Context.packageDirectory)/Sources/venvcapi/exports.map",
                    "-Xlinker", "-soname=libvenv.so.0",
                ]),
                // A release library carries the Swift runtime, so it loads where
                // no Swift is installed. Debug (and sanitizer) builds use the
                // toolchain's runtime, whose dispatch_once ThreadSanitizer sees.
                .unsafeFlags(["-static-stdlib"], .when(configuration: .release)),
            ]
        ),
        .executableTarget(
            name: "swift-venv",
            dependencies: [
                "VenvCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            linkerSettings: [
                // A release tool is one static executable: no dynamic loader
                // resolving ~1,800 symbols at every start (half of a
                // creation's instructions otherwise). It starts no NSS or
                // dlopen code on any path of ours.
                .unsafeFlags(["-static-executable"], .when(configuration: .release)),
            ]
        ),
        // libFuzzer target for the pyvenv.cfg reader and the resolver (a
        // replay tool when built without -DFUZZING); see Tests/fuzz/Target/Fuzz.swift.
        .executableTarget(name: "fuzz-venv", dependencies: ["VenvCore"], path: "Tests/fuzz/Target"),
        // The in-process driver of scripts/bench's `resolve` group.
        .executableTarget(
            name: "resolve-bench", dependencies: ["VenvCore"], path: "scripts/bench-support/resolve-bench"),
        // Embeds Sources/VenvCore/Templates at build time (a shell script, so
        // no build tool is compiled).
        .plugin(name: "EmbedTemplates", capability: .buildTool()),
        // Unit tests: no process started.
        .testTarget(
            name: "VenvCoreTests",
            dependencies: ["VenvCore", .product(name: "SystemPackage", package: "swift-system")]
        ),
        // Integration tests: they run swift-venv and the interpreters of the
        // matrix (Tests/support/interpreters.py), kill and race processes.
        .testTarget(
            name: "VenvCoreIntegrationTests",
            dependencies: ["VenvCore", .product(name: "SystemPackage", package: "swift-system")]
        ),
    ]
)
