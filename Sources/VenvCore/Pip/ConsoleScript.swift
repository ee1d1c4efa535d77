/// A console script as pip makes it with its vendored distlib's
/// `ScriptMaker` (`pip/_vendor/distlib/scripts.py`, the same in pip 22 to 24).
struct ConsoleScript {
    let name: String
    /// `module:attr.path`: imported as `from module import attr`, called as `attr.path()`.
    let module: String
    let function: String

    /// From an entry point's value such as `pip._internal.cli.main:main`;
    /// nil for one pip refuses (no `:callable`). Extras in brackets are ignored.
    init?(name: String, value: String) {
        var text = Substring(value)
        if let bracket = text.firstIndex(of: "[") { text = text[..<bracket] }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map { $0.trimmingSpaces }
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, !name.isEmpty,
              !name.contains("/"), name != ".", name != ".." else { return nil }
        self.name = name
        module = String(parts[0])
        function = String(parts[1])
    }

    /// distlib's `SCRIPT_TEMPLATE`, after the shebang.
    var body: String {
        let importName = function.split(separator: ".").first.map(String.init) ?? function
        return """
            # -*- coding: utf-8 -*-
            import re
            import sys
            from \(module) import \(importName)
            if __name__ == '__main__':
                sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0])
                sys.exit(\(function)())

            """
    }

    /// The shebang line distlib writes for `python` on Linux
    /// (`_build_shebang`): `#!python` when it has no space and the line fits
    /// the kernel's 127 bytes, else a `/bin/sh` line that execs python on
    /// the script, which Python then reads as a string expression.
    static func shebang(python: String) -> String {
        var executable = python
        // enquote_executable
        if executable.contains(" ") && !executable.hasPrefix("\"") { executable = "\"\(executable)\"" }
        if !executable.contains(" ") && executable.utf8.count + 3 <= 127 {
            return "#!\(executable)\n"
        }
        // distlib's `_write_script` then ends the shebang with a line break.
        return "#!/bin/sh\n'''exec' \(executable) \"$0\" \"$@\"\n' '''\n"
    }

    /// The first lines of a relocatable console script (`--relocatable`):
    /// `/bin/sh` runs `python` (a name in the script's directory) from the
    /// directory the script is in, wherever that is now, following symbolic
    /// links to the script (as pipx makes); Python then reads these lines as
    /// one string expression, as it does pip's own `/bin/sh` form. Builtins
    /// only, but `readlink` for a script reached through a link.
    static func relocatableShebang(python: String) -> String {
        """
        #!/bin/sh
        '''true'
        # A relocatable console script (swift-venv --relocatable): the python
        # beside it runs it, wherever the environment is now.
        p=$0 n=0
        while [ -h "$p" ] && [ "$n" -lt 40 ]; do
            l=$(readlink -- "$p") || break
            case $l in /*) p=$l ;; *) case $p in */*) p=${p%/*}/$l ;; *) p=$l ;; esac ;; esac
            n=$((n + 1))
        done
        case $p in */*) p=${p%/*} ;; *) p=. ;; esac
        exec "$p"/\(ShellQuote.posix(python)) "$0" "$@"
        '''

        """
    }

    static func contents(_ script: ConsoleScript, python: String) -> [UInt8] {
        Array((shebang(python: python) + script.body).utf8)
    }
}
