# What CPython computed at start-up, printed as one JSON object with the
# keys of `swift-venv info --json` that a running interpreter can answer
# (all but `prompt`, which only activation scripts read). Run by the harness
# (embedded CPython) and by an environment's own bin/python; Python 3.8+.
import json
import site
import sys
import sysconfig

scheme = "venv" if "venv" in sysconfig.get_scheme_names() else "posix_prefix"
paths = sysconfig.get_paths(scheme)
print(json.dumps({
    "prefix": sys.prefix,
    "exec_prefix": sys.exec_prefix,
    "base_prefix": sys.base_prefix,
    "base_exec_prefix": sys.base_exec_prefix,
    "site_packages": site.getsitepackages(),
    "version": "%d.%d.%d" % sys.version_info[:3],
    # site.venv() keeps the base prefixes in PREFIXES only with system site.
    "include_system_site_packages": sys.base_prefix in site.PREFIXES,
    "home": getattr(sys, "_home", None),
    "executable": sys.executable,
    "base_executable": getattr(sys, "_base_executable", sys.executable),
    "is_venv": sys.prefix != sys.base_prefix,
    "purelib": paths["purelib"],
    "platlib": paths["platlib"],
    "scripts": paths["scripts"],
    "include": paths["include"],
    # Not compared: which interpreter answered, to catch a wrong libpython.
    "runtime": {"version": sys.version, "ignore_environment": sys.flags.ignore_environment},
}, ensure_ascii=False))
