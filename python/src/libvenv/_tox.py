"""tox's run environment `swift-venv` (entry point `tox`, as tox-uv's):

    [testenv]
    runner = swift-venv          # or TOX_OVERRIDE=testenv.runner=swift-venv

tox's `virtualenv` runner, but the environment is made without virtualenv:
the base interpreter is found by the discovery tox itself uses
(python_discovery, with virtualenv's shared cache), libvenv creates the
environment in process, and libvenv.install_wheels seeds it with the wheels
virtualenv's default seeding would install (its embedded pip, and
setuptools below Python 3.12); deps and the package are installed by the
environment's pip, as tox's runner does. Its package environment (.pkg,
type `swift-venv-pep-517`) is tox's `virtualenv-pep-517` made the same way.
What virtualenv spends before creating (its session: every creator, seeder
and activator plugin imported, its options parsed) and after (its seeder's
app-data) is saved; tox itself still imports virtualenv. What is installed,
which tox lists with `pip freeze --all` (--list-dependencies, its default
on a CI service), is read from files where pip would print the same
(_FreezeFromFiles).

It falls back to tox's own creation, whole, for what it does not do the
same: a `virtualenv_spec`, `download = true`, any VIRTUALENV_* setting
virtualenv would apply (but the creator and seeder `swift-venv`), an
interpreter libvenv does not create for (not CPython 3.8-3.13 on Linux,
free-threaded), a libvenv.so that does not load, or a creation libvenv
refuses. tox imports every plugin at start: nothing here may raise at
import or registration.
"""
from __future__ import annotations

import sys

try:  # tox's plugin API and the environments it extends, as of tox 4.x
    from tox.plugin import impl as _impl
    from tox.tox_env.python.virtual_env.package.pyproject import Pep517VirtualEnvPackager as _Pep517Packager
    from tox.tox_env.python.virtual_env.runner import VirtualEnvRunner as _VirtualEnvRunner
    _MISSING = None
except Exception as _error:  # noqa: BLE001 - a mismatch leaves tox as it is
    _VirtualEnvRunner = _Pep517Packager = object
    _MISSING = "tox's API is not the one libvenv knows: %r" % (_error,)

    def _impl(function):
        return function

@_impl
def tox_register_tox_env(register) -> None:
    if _MISSING:
        return
    try:
        register.add_package_env(SwiftVenvPep517Packager)
        register.add_run_env(SwiftVenvRunner)
    except Exception:  # noqa: BLE001
        pass


class _LibvenvEnvironment:
    """What the runner and its package environment share (placed before
    tox's virtualenv class): tox's virtualenv environment, made and seeded
    through libvenv."""

    # -- whether libvenv makes this environment ---------------------------

    def _libvenv_interpreter(self):
        """The base interpreter (python_discovery's information) when
        libvenv makes this environment, else None (tox's own runner)."""
        if not hasattr(self, "_swift_venv_plan"):
            self._swift_venv_plan = None
            try:
                self._swift_venv_plan = self._plan()
            except Exception:  # noqa: BLE001 - any doubt: tox's own runner
                self._swift_venv_plan = None
        return self._swift_venv_plan

    def _plan(self):
        if not sys.platform.startswith("linux") or self.conf["virtualenv_spec"] or self.conf["download"]:
            return None
        from ._seeding import settings_fit
        env = self.virtualenv_env_vars()
        if not settings_fit(env):
            return None
        from python_discovery import get_interpreter
        from tox.tox_env.python.virtual_env.api import _shared_app_data
        for base in self.conf["base_python"]:
            found = get_interpreter(base, try_first_with=getattr(self.options, "discover", None),
                                    cache=_shared_app_data(), env=env)
            if found is not None and found.system_executable:
                break
        else:
            return None
        from ._native import unsupported
        if unsupported(found) or getattr(found, "free_threaded", False):
            return None
        self._swift_venv_wheels = self._seed_wheels(found, env)
        return found if self._swift_venv_wheels is not None else None

    @staticmethod
    def _seed_wheels(interpreter, env):
        """virtualenv's seeding for this interpreter (_seeding.seeded), its
        embedded wheels as virtualenv itself chooses them (imported by tox
        already); None if a wheel is missing."""
        from virtualenv.seed.wheels.embed import get_embed_wheel
        from ._seeding import seeded
        version = tuple(interpreter.version_info[:2])
        wheels = [get_embed_wheel(name, "%d.%d" % version) for name in seeded(version, env)]
        return [str(wheel.path) for wheel in wheels] if all(wheels) else None

    # -- tox's runner, answered without a virtualenv session ----------------

    def _get_python(self, base_python):
        found = self._libvenv_interpreter()
        if found is None:
            return super()._get_python(base_python)
        from pathlib import Path
        from tox.tox_env.python.api import PythonInfo, VersionInfo
        vi = found.version_info
        return PythonInfo(
            implementation=found.implementation,
            version_info=VersionInfo(vi.major, vi.minor, vi.micro, vi.releaselevel, vi.serial),
            version=found.version, is_64=(found.architecture == 64), platform=found.platform,
            extra={"executable": Path(found.system_executable).resolve()},
            free_threaded=getattr(found, "free_threaded", False), debug=getattr(found, "debug_build", False),
            machine=getattr(found, "machine", None), marker_environment=getattr(found, "marker_environment", None),
        )

    def _layout(self, what):
        found = self._libvenv_interpreter()
        if found is None:
            return None
        bin_dir = self.env_dir / "bin"
        if what == "bin":
            return bin_dir
        if what == "python":
            return bin_dir / "python"
        return self.env_dir / "lib" / ("python%d.%d" % tuple(found.version_info[:2])) / "site-packages"

    def prepend_env_var_path(self):
        bin_dir = self._layout("bin")
        return super().prepend_env_var_path() if bin_dir is None else [bin_dir]

    def env_site_package_dir(self):
        return self._layout("site") or super().env_site_package_dir()

    def env_site_package_dir_plat(self):
        return self._layout("site") or super().env_site_package_dir_plat()

    def env_python(self):
        return self._layout("python") or super().env_python()

    def env_bin_dir(self):
        return self._layout("bin") or super().env_bin_dir()

    @property
    def installer(self):
        # tox's Pip, but for the list of what is installed (installed()).
        if self._installer is None:
            from tox.tox_env.python.pip.pip_install import Pip

            class _Pip(_FreezeFromFiles, Pip):
                pass

            self._installer = _Pip(self)
        return self._installer

    def create_python_env(self) -> None:
        found = self._libvenv_interpreter()
        if found is None:
            super().create_python_env()
            return
        from . import VenvError, install_wheels
        from ._builder import EnvBuilder
        try:
            EnvBuilder(system_site_packages=self.conf["system_site_packages"], symlinks=not self.conf["always_copy"],
                       python=str(found.system_executable)).create(str(self.env_dir))
            if self._swift_venv_wheels:
                install_wheels(str(self.env_dir), self._swift_venv_wheels)
        except VenvError:
            # libvenv refuses what virtualenv makes (a path its activation
            # scripts could not quote safely, say): virtualenv makes it.
            super().create_python_env()


#: pip's settings that change nothing `pip freeze` prints (indexes, the
#: network, the terminal), as option names: PIP_NAME in the environment,
#: `name` in a configuration file's [global] or [freeze].
_PIP_QUIET = {"disable-pip-version-check", "no-index", "index-url", "extra-index-url", "find-links", "trusted-host",
              "cert", "client-cert", "proxy", "timeout", "default-timeout", "retries", "no-input", "cache-dir",
              "no-cache-dir", "progress-bar", "root-user-action"}


class _FreezeFromFiles:
    """tox's installer, but what is installed is read from files
    (libvenv.freeze, what `pip freeze` prints) instead of starting the
    environment's pip, where tox would run its default `python -m pip
    freeze --all` only to print it (--list-dependencies, on by default on
    a CI service): pip installed there, no system site-packages, no PIP_*
    setting or pip configuration file that could change what pip prints,
    and no result journal (which records each command run)."""

    def installed(self):
        lines = self._installed_from_files()
        return super().installed() if lines is None else lines

    def _installed_from_files(self):
        env = self._env
        try:
            from tox.config.types import Command
            if env.journal or env.conf["system_site_packages"] or \
                    env.conf.get("list_dependencies_command", Command).args != ["python", "-m", "pip", "freeze", "--all"]:
                return None
            if not _pip_settings_quiet(env.environment_variables, env.env_dir):
                return None
            from ._packages import freeze, packages
            if not any(dist.normalized_name == "pip" for dist in packages(str(env.env_dir))):
                return None
            return freeze(str(env.env_dir), all=True).splitlines()
        except Exception:  # noqa: BLE001 - any doubt: pip answers
            return None


def _pip_settings_quiet(variables, env_dir) -> bool:
    """Whether every pip setting in force (PIP_* variables, pip's
    configuration files: the global ones, the user's, the environment's,
    PIP_CONFIG_FILE) is one that changes nothing `pip freeze` prints."""
    import configparser
    import os
    for key, value in variables.items():
        if key.startswith("PIP_"):
            name = key[4:].lower().replace("_", "-")
            if name == "user":  # tox sets PIP_USER=0
                if value.strip().lower() not in ("0", "false", "no", "off"):
                    return False
            elif name != "config-file" and name not in _PIP_QUIET:
                return False
    files = variables.get("PIP_CONFIG_FILE")
    if files == os.devnull:  # pip then reads no file at all
        return True
    # Every place pip could look, whether tox passes HOME and XDG_* or not.
    def each(name, default):
        return {value for value in (variables.get(name), os.environ.get(name), default) if value}

    homes = each("HOME", os.path.expanduser("~"))
    places = {os.path.join(d, "pip", "pip.conf") for dirs in each("XDG_CONFIG_DIRS", "/etc/xdg")
              for d in dirs.split(":") if d}
    places |= {os.path.join(d, "pip", "pip.conf")
               for d in each("XDG_CONFIG_HOME", None) | {os.path.join(h, ".config") for h in homes}}
    places |= {os.path.join(h, ".pip", "pip.conf") for h in homes}
    places |= {"/etc/pip.conf", os.path.join(str(env_dir), "pip.conf")} | ({files} if files else set())
    for place in sorted(places):
        if not os.path.exists(place):
            continue
        parser = configparser.RawConfigParser()
        parser.read(place, encoding="utf-8")
        for section in ("global", "freeze"):
            if parser.has_section(section) and any(key.lower().replace("_", "-") not in _PIP_QUIET
                                                   for key in parser.options(section)):
                return False
    return True


class SwiftVenvRunner(_LibvenvEnvironment, _VirtualEnvRunner):
    """tox's virtualenv runner, creating and seeding through libvenv; its
    package environment (.pkg) is SwiftVenvPep517Packager."""

    @staticmethod
    def id() -> str:
        return "swift-venv"

    @property
    def _package_tox_env_type(self) -> str:
        return SwiftVenvPep517Packager.id()


class SwiftVenvPep517Packager(_LibvenvEnvironment, _Pep517Packager):
    """tox's virtualenv package environment (PEP 517 builds), made and
    seeded through libvenv: the runner's package environment."""

    @staticmethod
    def id() -> str:
        return "swift-venv-pep-517"
