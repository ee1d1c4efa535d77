"""Activates this virtual environment inside a running Python (3.6 or later).

Run it in the process that should use the environment:

    path = "/path/to/env/bin/activate_this.py"
    exec(open(path).read(), {"__file__": path})

It does what bin/activate does to the environment variables (the bin
directory first on PATH, VIRTUAL_ENV and VIRTUAL_ENV_PROMPT set, PYTHONHOME
removed), so child processes see the environment, and it puts the
environment's site-packages first on sys.path, with their .pth files
processed, and sets sys.prefix and sys.exec_prefix to the environment as its
own python would. It cannot be undone: start a new process to leave.

Written by swift-venv. The values below were written as Python string
literals when the environment was created.
"""


def _activate_virtual_env(env_dir, name, bin_name, relocatable):
    import glob
    import os
    import site
    import sys

    if relocatable == "yes":
        # A relocatable environment (swift-venv --relocatable) is the
        # directory above the one holding this file, wherever that is now.
        try:
            env_dir = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        except NameError:
            pass  # run without __file__: the path it was made at
        if os.pathsep in env_dir:
            raise RuntimeError("activate_this.py: the environment has been moved to a path holding %r, "
                               "which PATH cannot hold: move it to a path without it" % os.pathsep)

    bin_dir = os.path.join(env_dir, bin_name)
    path = os.environ.get("PATH", "")
    entries = path.split(os.pathsep) if path else []
    if not entries or entries[0] != bin_dir or os.environ.get("VIRTUAL_ENV") != env_dir:
        # An empty PATH gets the bin directory alone: an empty entry would
        # mean the current directory.
        os.environ["PATH"] = os.pathsep.join([bin_dir] + entries)
    os.environ["VIRTUAL_ENV"] = env_dir
    os.environ["VIRTUAL_ENV_PROMPT"] = name
    os.environ.pop("PYTHONHOME", None)

    before = list(sys.path)
    for site_packages in sorted(glob.glob(os.path.join(glob.escape(env_dir), "lib", "python*", "site-packages"))):
        site.addsitedir(site_packages)
    added = [entry for entry in sys.path if entry not in before]
    sys.path[:] = added + [entry for entry in sys.path if entry not in added]

    sys.prefix = env_dir
    sys.exec_prefix = env_dir


_activate_virtual_env({{VIRTUAL_ENV}}, {{VIRTUAL_ENV_PROMPT}}, {{BIN_NAME}}, {{RELOCATABLE}})
del _activate_virtual_env
