"""The command line of `python -m libvenv` (see __main__.py)."""
from __future__ import annotations

import sys
import venv
from typing import List, Optional

from ._builder import EnvBuilder


def _pop_python(args: List[str]):
    """Takes --python X / --python=X and --relocatable out of args (venv's
    parser lacks them); returns (rest, python, relocatable, problem)."""
    rest, python, relocatable = [], None, False
    it = iter(args)
    for arg in it:
        if arg == "--":
            rest.append(arg)
            rest.extend(it)
            break
        if arg == "--relocatable":
            relocatable = True
        elif arg == "--python":
            python = next(it, None)
            if python is None:
                return rest, None, relocatable, "argument --python: expected one argument"
        elif arg.startswith("--python="):
            python = arg[len("--python="):]
        else:
            rest.append(arg)
    return rest, python, relocatable, None


def main(args: Optional[List[str]] = None) -> int:
    """Runs venv.main with libvenv's EnvBuilder; returns the exit status
    (argparse exits 2 itself on a usage error, as with venv)."""
    args = sys.argv[1:] if args is None else list(args)
    args, python, relocatable, problem = _pop_python(args)
    if problem:
        sys.stderr.write("usage: libvenv [--python PATH|VERSION] [--relocatable] [venv's options] "
                         "ENV_DIR [ENV_DIR ...]\n"
                         "libvenv: error: %s\n" % problem)
        return 2

    def builder(*positional, **keywords):
        if python is not None:
            keywords.setdefault("python", python)
        if relocatable:
            keywords.setdefault("relocatable", True)
        return EnvBuilder(*positional, **keywords)

    saved = venv.EnvBuilder, venv.__dict__["__name__"]
    # venv.main names its builder class and its program (argparse's prog is
    # the module's __name__) from the module's globals.
    venv.EnvBuilder, venv.__dict__["__name__"] = builder, "libvenv"
    try:
        venv.main(args)
    except Exception as error:  # as venv's own __main__ reports it
        print("Error: %s" % error, file=sys.stderr)
        return 1
    finally:
        venv.EnvBuilder, venv.__dict__["__name__"] = saved
    return 0
