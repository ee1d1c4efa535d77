"""hatch's environment type `swift-venv` (entry point `hatch`):

    [tool.hatch.envs.default]
    type = "swift-venv"

hatch's `virtual` environment (every setting of its own), but created
without virtualenv: libvenv creates it in process, with our activation
scripts, and install_wheels seeds it with the wheels virtualenv's default
seeding would install (virtualenv's embedded pip, and setuptools below
3.12: _seeding.embedded_wheels, found without importing virtualenv). hatch
imports virtualenv only to create an environment, so this saves
virtualenv's imports and its session, not only its creation and seeding.

It leaves creation to hatch's own (virtualenv) for what it does not make
the same: uv (`installer = "uv"`), any VIRTUALENV_* setting virtualenv
would apply (but the creator and seeder `swift-venv`), an interpreter
libvenv does not create for (not CPython 3.8-3.13 on Linux, free-threaded),
a Python version virtualenv's table of embedded wheels does not name, a
libvenv.so that does not load, or a creation libvenv refuses (and seeding
that fails after libvenv's creation, once what libvenv made is removed). hatch loads
every plugin it finds: nothing here may raise at import or registration.
"""
from __future__ import annotations

import os
import re

try:  # hatch's plugin API and the environment it extends, as of hatch 1.x
    from hatch.env.virtual import VirtualEnvironment as _VirtualEnvironment
    from hatch.venv.core import UVVirtualEnv as _UVVirtualEnv, VirtualEnv as _VirtualEnv
    from hatchling.plugin import hookimpl as _hookimpl
    _MISSING = None
except Exception as _error:  # noqa: BLE001 - a mismatch leaves hatch as it is
    _VirtualEnvironment = _VirtualEnv = _UVVirtualEnv = object
    _MISSING = "hatch's API is not the one libvenv knows: %r" % (_error,)

    def _hookimpl(function):
        return function


@_hookimpl
def hatch_register_environment():
    return [] if _MISSING else [SwiftVenvEnvironment]


def _plan(python, env):
    """The embedded wheels to seed with when libvenv makes an environment
    of `python` as virtualenv would, else None (hatch's own creation)."""
    from ._seeding import embedded_wheels, settings_fit
    # hatch passes none of these to virtualenv: set, they are virtualenv's.
    if not settings_fit(env, refused=("VIRTUALENV_CLEAR", "VIRTUALENV_SYSTEM_SITE_PACKAGES", "VIRTUALENV_COPIES",
                                      "VIRTUALENV_SYMLINKS")):
        return None
    from . import find_python
    from ._native import unsupported
    found = find_python(python)
    executable = os.path.realpath(found.executable)
    if not found.version or re.search(r"python\d+\.\d+t$", os.path.basename(executable)):
        return None
    version = tuple(int(part) for part in found.version.split(".")[:2])

    class Interpreter:  # what unsupported() asks of virtualenv's interpreters
        platform = "linux"
        implementation = {"cpython": "CPython"}.get(found.implementation, found.implementation)
        version_info = version
        system_executable = executable

    if unsupported(Interpreter):
        return None
    return embedded_wheels(version, env)


class _LibvenvVirtualEnv(_VirtualEnv):
    """hatch's virtualenv-made environment, made and seeded by libvenv."""

    def create(self, python, *, allow_system_packages=False):
        try:
            wheels = _plan(python, os.environ)
        except Exception:  # noqa: BLE001 - any doubt: hatch's own creation
            wheels = None
        if wheels is None:
            super().create(python, allow_system_packages=allow_system_packages)
            return
        from . import VenvError, install_wheels, remove
        from ._builder import EnvBuilder
        self.directory.ensure_parent_dir_exists()
        try:
            EnvBuilder(system_site_packages=allow_system_packages, symlinks=True,  # virtualenv's default
                       python=python).create(str(self.directory))
        except VenvError:
            # libvenv refuses what virtualenv makes (a path its activation
            # scripts could not quote safely, say): virtualenv makes it.
            super().create(python, allow_system_packages=allow_system_packages)
            return
        try:
            install_wheels(str(self.directory), wheels)
        except BaseException as error:
            # Seeding failed after the creation: no half-seeded environment
            # is left for virtualenv to write over (nor for hatch to take as
            # made). What libvenv made is removed by its own removal, then
            # hatch's creation makes it; anything but libvenv's refusal
            # (an interrupt) is raised again once it is removed.
            remove(str(self.directory))
            if not isinstance(error, VenvError):
                raise
            super().create(python, allow_system_packages=allow_system_packages)


class SwiftVenvEnvironment(_VirtualEnvironment):
    """hatch's `virtual` environment, created through libvenv."""

    PLUGIN_NAME = "swift-venv"

    @property
    def virtual_env_cls(self):
        return _UVVirtualEnv if self.use_uv else _LibvenvVirtualEnv
