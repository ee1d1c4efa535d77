"""python -m libvenv: the running version's `python -m venv`, creating
through libvenv.

The command line is venv's own (its options, help, messages and argparse's
exit status 2 on a usage error), run with libvenv's EnvBuilder in place of
venv's, so it follows the running version exactly. One option more:
--python PATH|VERSION, the base interpreter (default: this one).
"""
import sys

from . import _cli

sys.exit(_cli.main())
