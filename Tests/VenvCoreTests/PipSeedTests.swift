#if canImport(Glibc)
import Glibc
#endif
import Testing
import SystemPackage
@testable import VenvCore

@Suite struct RecordHashTests {
    @Test(arguments: [
        ("", "sha256=47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU"),
        ("abc", "sha256=ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0"),
        ("pip\n", "sha256=zuuue4knoyJ-UwPPXg8fezS7VCrXJQrAP7zeNuwvFQg"),
        (String(repeating: "a", count: 55), "sha256=n0OQ-NMMLdkuyfCVtl4rmumwqSWlJY4kHJ8ekQ9zQxg"),
        (String(repeating: "a", count: 56), "sha256=s1Q5pKxvCUi21vnjxq8PX1kM4g8b3nCQ73lwaG7Gc4o"),
        (String(repeating: "a", count: 64), "sha256=_-BU_nrgy23GXDr5th1SCfQ5hR20PQulmXM33xVGaOs"),
        (String(repeating: "a", count: 1000), "sha256=Qe3s5C1j6Nm_UVqbppMuHCDLyfWl0TRkWttdsblzfqM"),
    ])
    func matchesPythonHashlib(text: String, expected: String) {
        #expect(SHA256.recordHash(Array(text.utf8)) == expected)
    }

    @Test func base64URLWithoutPadding() {
        #expect(Base64URL.encode([]) == "")
        #expect(Base64URL.encode([0xfb]) == "-w")
        #expect(Base64URL.encode([0xfb, 0xff]) == "-_8")
        #expect(Base64URL.encode(Array("foobar".utf8)) == "Zm9vYmFy")
    }
}

@Suite struct RecordTests {
    @Test func parsesQuotedFieldsAndCRLF() {
        let rows = Record.parse(Array("a.py,sha256=x,3\r\n\"b,c.py\",,\r\nd/RECORD,,\n".utf8))
        #expect(rows.map(\.path) == ["a.py", "b,c.py", "d/RECORD"])
        #expect(rows[0].hash == "sha256=x" && rows[0].size == "3")
        #expect(rows[1].hash == "" && rows[2].size == "")
    }

    @Test func rendersSortedWithCRLFAndMinimalQuoting() {
        let text = Record.render([
            .init(path: "pip/b.py", hash: "sha256=b", size: "2"),
            .init(path: "../../../bin/pip", hash: "sha256=s", size: "9"),
            .init(path: "a,b", hash: "", size: ""),
        ])
        #expect(String(decoding: text, as: UTF8.self) == "../../../bin/pip,sha256=s,9\r\n\"a,b\",,\r\npip/b.py,sha256=b,2\r\n")
    }
}

@Suite struct ConsoleScriptTests {
    @Test func shortPathGetsPlainShebang() {
        #expect(ConsoleScript.shebang(python: "/e/bin/python3.12") == "#!/e/bin/python3.12\n")
    }

    @Test func spaceOrLengthGetsShTrick() {
        #expect(ConsoleScript.shebang(python: "/my env/bin/python") == "#!/bin/sh\n'''exec' \"/my env/bin/python\" \"$0\" \"$@\"\n' '''\n")
        let exactly127 = "/" + String(repeating: "x", count: 123)   // + "#!" + "\n" = 127 bytes
        #expect(ConsoleScript.shebang(python: exactly127) == "#!\(exactly127)\n")
        let over = exactly127 + "y"
        #expect(ConsoleScript.shebang(python: over).hasPrefix("#!/bin/sh\n'''exec' \(over) "))
    }

    @Test func bodyIsDistlibsTemplate() throws {
        let script = try #require(ConsoleScript(name: "pip", value: "pip._internal.cli.main:main"))
        #expect(script.body == """
            # -*- coding: utf-8 -*-
            import re
            import sys
            from pip._internal.cli.main import main
            if __name__ == '__main__':
                sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0])
                sys.exit(main())

            """)
        #expect(ConsoleScript(name: "x", value: "module.only") == nil)
        #expect(ConsoleScript(name: "x", value: "m:a.b [extra]")?.function == "a.b")
    }

    @Test func pipAndEasyInstallNames() {
        #expect(["pip", "pip3", "pip3.12"].allSatisfy(WheelInstaller.isPipName))
        #expect(!["pipx", "pip3.", "pip-3"].contains(where: WheelInstaller.isPipName))
        #expect(WheelInstaller.isEasyInstallName("easy_install-3.8"))
        #expect(!WheelInstaller.isEasyInstallName("easy_install3"))
    }

    @Test func entryPointsBySection() {
        let sections = EntryPoints.parse(Array("[console_scripts]\r\npip = pip._internal.cli.main:main\n# c\npip3=pip._internal.cli.main:main\n\n[gui_scripts]\ng = m:f\n".utf8))
        #expect(sections["console_scripts"]?.map(\.name) == ["pip", "pip3"])
        #expect(sections["gui_scripts"]?.first?.value == "m:f")
    }
}

@Suite struct ZipArchiveTests {
    /// Any pip wheel on this machine: read through the central directory,
    /// every member inflated and CRC-checked.
    @Test func readsABundledPipWheel() throws {
        let candidates = ["/usr/share/python-wheels/pip-23.0.1-py3-none-any.whl"]
            + ["3.12.1/lib/python3.12", "3.13.0/lib/python3.13"].map {
                (Environment.variable("HOME") ?? "/root") + "/.pyenv/versions/\($0)/ensurepip/_bundled"
            }.flatMap { dir in ((try? FS.contents(of: FilePath(dir))) ?? []).filter { $0.hasPrefix("pip-") }.map { dir + "/" + $0 } }
        guard let path = candidates.first(where: { FS.exists(FilePath($0)) }) else { return }
        let zip = try ZipArchive(FilePath(path))
        #expect(zip.entries.contains { $0.name == "pip/__init__.py" })
        var total = 0
        for entry in zip.entries where !entry.isDirectory { total += try zip.contents(entry).count }
        #expect(total > 1_000_000)
    }
}

@Suite struct WheelInstallerTests {
    /// A wheel with every `.data/` scheme, installed as pip installs it.
    @Test func dataDirectoriesGoWherePipPutsThem() throws {
        let s = Scratch()
        let root = s("cache/demo")
        let files: [(String, String, Bool)] = [
            ("demo/__init__.py", "def main():\n    pass\n", false),
            ("demo-1.0.data/scripts/demo-tool", "#!python\nprint('tool')\n", true),
            ("demo-1.0.data/scripts/plain.sh", "#!/bin/sh\necho plain\n", true),
            ("demo-1.0.data/purelib/demo_extra.py", "x = 1\n", false),
            ("demo-1.0.data/headers/demo.h", "int demo;\n", false),
            ("demo-1.0.data/data/share/demo.txt", "data\n", false),
            ("demo-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: demo\nVersion: 1.0\n", false),
            ("demo-1.0.dist-info/WHEEL", "Wheel-Version: 1.0\r\nRoot-Is-Purelib: true\r\n", false),
            ("demo-1.0.dist-info/entry_points.txt", "[console_scripts]\ndemo = demo:main\n", false),
        ]
        var record = ""
        var manifest = WheelCache.manifestFormat + "\n"
        for (name, text, executable) in files {
            try FS.makeDirectories(root.appending(name).removingLastComponent())
            try FS.writeFile(root.appending(name), text, mode: executable ? 0o755 : 0o644)
            record += "\(name),\(SHA256.recordHash(Array(text.utf8))),\(text.utf8.count)\n"
            manifest += (executable ? "x\t" : "-\t") + name + "\n"
        }
        record += "demo-1.0.dist-info/RECORD,,\n"
        try FS.writeFile(root.appending("demo-1.0.dist-info/RECORD"), record)
        manifest += "-\tdemo-1.0.dist-info/RECORD\n"
        try FS.writeFile(root.appending(WheelCache.manifestName), manifest)
        let wheel = try #require(UnpackedWheel(root: root))
        #expect(wheel.distInfo == "demo-1.0.dist-info" && wheel.project == "demo")

        let env = s("env")
        let interpreter = Interpreter(executable: "/opt/py/bin/python3.12", realExecutable: "/opt/py/bin/python3.12",
                                      answers: ["version": "3.12.1"])
        let context = Context(envDir: env, buildDir: env, interpreter: interpreter, prompt: "env", configPrompt: nil,
                              sitePackages: "lib/python3.12/site-packages", include: "include/python3.12")
        var installer = WheelInstaller(context: context)
        try installer.install(wheel, bytecode: [])

        let python = "\(env)/bin/python3.12"
        let tool = "#!\(python)\nprint('tool')\n"
        #expect(String(decoding: try FS.readFile(env.appending("bin/demo-tool")), as: UTF8.self) == tool)
        #expect(FS.isExecutableFile(env.appending("bin/demo-tool")))
        #expect(FS.isExecutableFile(env.appending("bin/plain.sh")))
        #expect(FS.exists(env.appending("lib/python3.12/site-packages/demo_extra.py")))
        #expect(FS.exists(env.appending("include/site/python3.12/demo/demo.h")))
        #expect(FS.exists(env.appending("share/demo.txt")))
        #expect(!FS.exists(env.appending("lib/python3.12/site-packages/demo-1.0.data")))
        let script = String(decoding: try FS.readFile(env.appending("bin/demo")), as: UTF8.self)
        #expect(script.hasPrefix("#!\(python)\n# -*- coding: utf-8 -*-\nimport re\nimport sys\nfrom demo import main\n"))

        let rows = Record.parse(try FS.readFile(env.appending("lib/python3.12/site-packages/demo-1.0.dist-info/RECORD")))
        let byPath = Dictionary(rows.map { ($0.path, "\($0.hash),\($0.size)") }, uniquingKeysWith: { a, _ in a })
        #expect(rows.map(\.path) == rows.map(\.path).sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
        #expect(byPath["../../../bin/demo-tool"] == "\(SHA256.recordHash(Array(tool.utf8))),\(tool.utf8.count)", "rehashed after #!python")
        #expect(byPath["../../../bin/plain.sh"] == "\(SHA256.recordHash(Array("#!/bin/sh\necho plain\n".utf8))),21")
        #expect(byPath["../../../bin/demo"] == "\(SHA256.recordHash(Array(script.utf8))),\(script.utf8.count)")
        #expect(byPath["demo_extra.py"] == "\(SHA256.recordHash(Array("x = 1\n".utf8))),6")
        #expect(byPath["../../../include/site/python3.12/demo/demo.h"] != nil)
        #expect(byPath["../../../share/demo.txt"] != nil)
        #expect(byPath["demo-1.0.dist-info/INSTALLER"] == "sha256=zuuue4knoyJ-UwPPXg8fezS7VCrXJQrAP7zeNuwvFQg,4")
        #expect(byPath["demo-1.0.dist-info/REQUESTED"] == "sha256=47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU,0")
        #expect(byPath["demo-1.0.dist-info/RECORD"] == ",")
        #expect(rows.count == files.count + 4)   // + RECORD, INSTALLER, REQUESTED, bin/demo
    }
}

@Suite struct UmaskTests {
    @Test func readFromProcMatchesTheSystemCall() {
        let fromProc = ThisProcess.umask
        let set = umask(0o027)
        _ = umask(set)
        #expect(fromProc == set)
    }
}

@Suite struct SeedVersionTests {
    @Test func releaseVersionsCompareNumerically() {
        #expect(PipSeeder.isAtLeast("23.2.1", "23.2.1"))
        #expect(PipSeeder.isAtLeast("24.0", "23.2.1"))
        #expect(PipSeeder.isAtLeast("23.10", "23.9"))
        #expect(PipSeeder.isAtLeast("23.2", "23.2.0"))
        #expect(!PipSeeder.isAtLeast("23.0.1", "23.2.1"))
        #expect(!PipSeeder.isAtLeast("24.0rc1", "23.2.1"), "not a plain release: ensurepip decides")
        #expect(!PipSeeder.isAtLeast("23.2.1+deb", "23.2.1"))
    }
}
