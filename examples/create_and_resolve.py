#!/usr/bin/env python3
"""Creates a virtual environment through libvenv, resolves it, and prints
its site-packages directories.

    python3 create_and_resolve.py ENV_DIR [PYTHON]
"""
import sys

import libvenv


def main() -> int:
    if len(sys.argv) < 2:
        print("usage: create_and_resolve.py ENV_DIR [PYTHON]", file=sys.stderr)
        return 2
    python = sys.argv[2] if len(sys.argv) > 2 else None
    try:
        libvenv.create(sys.argv[1], with_pip=False, python=python)
        info = libvenv.resolve(sys.argv[1])
    except libvenv.VenvError as error:
        print("failed: %s" % error, file=sys.stderr)
        return 1
    print("prefix: %s" % info.prefix)
    print("python %s, based on %s" % (info.version, info.base_prefix))
    for path in info.site_packages:
        print("site-packages: %s" % path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
