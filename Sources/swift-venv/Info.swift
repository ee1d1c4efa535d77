import ArgumentParser
import SystemPackage
import VenvCore

struct Info: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Show an environment's or interpreter's prefixes and site-packages, " +
                  "read from files without starting Python.",
        discussion: """
            PATH is an environment directory, a python inside one, or a base interpreter. \
            The answer is what that python would compute at start-up: sys.prefix, \
            sys.base_prefix, site.getsitepackages() and the sysconfig venv scheme.
            """
    )

    @Argument(help: ArgumentHelp("Environment directory or Python interpreter, or the name of an environment " +
                                 "in $WORKON_HOME.", valueName: "PATH|NAME"))
    var path: String

    @Flag(help: """
        Print one JSON object (keys: prefix, exec_prefix, base_prefix, base_exec_prefix, site_packages, \
        version, include_system_site_packages, home, executable, base_executable, is_venv, prompt, purelib, \
        platlib, scripts, include).
        """)
    var json = false

    func run() throws {
        let info = try reportingFailure { () throws(VenvError) in
            try EnvironmentInfo.resolve(try Store.environmentOrPath(path))
        }
        print(json ? info.json : Info.text(info), terminator: json ? "\n" : "")
    }

    /// The human-readable form: one `label  value` line per fact, the
    /// values' control characters escaped (a prompt or home may hold some).
    static func text(_ info: EnvironmentInfo) -> String {
        var lines: [(String, String)] = []
        lines.append((info.isVenv ? "environment" : "interpreter", info.prefix))
        if info.execPrefix != info.prefix { lines.append(("exec prefix", info.execPrefix)) }
        lines.append(("python", "\(info.version)  \(info.executable)"))
        lines.append(("base", info.basePrefix))
        if info.baseExecPrefix != info.basePrefix { lines.append(("base exec prefix", info.baseExecPrefix)) }
        lines.append(("base python", info.baseExecutable))
        if let home = info.home { lines.append(("home", home)) }
        if info.isVenv { lines.append(("system site", info.includeSystemSitePackages ? "included" : "not included")) }
        if let prompt = info.prompt { lines.append(("prompt", prompt)) }
        for (index, path) in info.sitePackages.enumerated() {
            lines.append((index == 0 ? "site-packages" : "", path))
        }
        lines.append(("purelib", info.purelib))
        lines.append(("platlib", info.platlib))
        lines.append(("scripts", info.scripts))
        lines.append(("include", info.include))
        let width = lines.map(\.0.count).max() ?? 0
        return lines.map { label, value in
            label + String(repeating: " ", count: width - label.count + 2) + TerminalText.escaped(value) + "\n"
        }.joined()
    }
}
