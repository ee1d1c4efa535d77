import ArgumentParser
import VenvCore

/// `swift-venv activate-env ENV`: the activation delta, for programs that
/// start processes inside an environment without sourcing a script.
struct ActivateEnv: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "activate-env",
        abstract: "Print what activating an environment does to the environment variables.",
        discussion: """
            Computed from this process's environment, it has the effect of sourcing \
            ENV/bin/activate in bash, except that PS1 is left alone. Each output line is \
            one argument for env(1): first the variables to remove, as -uNAME, then the \
            variables to set, as NAME=value. For example, in bash:

              mapfile -t delta < <(swift-venv activate-env .venv)
              env "${delta[@]}" python -c 'import sys; print(sys.prefix)'

            With --json: {"set": {"NAME": "value", ...}, "unset": ["NAME", ...]}.
            """
    )

    @Argument(help: ArgumentHelp("The virtual environment's directory.", valueName: "ENV"))
    var envDir: String

    @Flag(help: "Print a JSON object instead of lines for env(1).")
    var json = false

    func run() throws {
        let delta = try reportingFailure { () throws(VenvError) in
            try ActivationDelta(envDir: envDir, environment: try currentEnvironment())
        }
        if json {
            print(delta.json)
            return
        }
        if let bad = delta.set.first(where: { $0.value.contains("\n") }) {
            throw fail(VenvError(.invalid, nil,
                                 "\(bad.name) would contain a line break, which the line format cannot hold",
                                 remedy: "use --json"))
        }
        var out = ""
        for name in delta.unset { out += "-u\(name)\n" }
        for (name, value) in delta.set { out += "\(name)=\(value)\n" }
        print(out, terminator: "")
    }
}

/// This process's environment. Fails on a variable that is not UTF-8, since
/// its value could not be given back unchanged.
func currentEnvironment() throws(VenvError) -> [String: String] {
    try Environment.strictDictionary()
}
