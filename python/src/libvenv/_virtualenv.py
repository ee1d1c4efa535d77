"""virtualenv's creator and seeder plugins, both named `swift-venv`:

    VIRTUALENV_CREATOR=swift-venv VIRTUALENV_SEEDER=swift-venv tox ...

(or `virtualenv --creator swift-venv --seeder swift-venv DEST`) move every
tool that makes environments through virtualenv (tox, hatch, poetry,
pre-commit, nox) onto libvenv, with no change to them.

The creator stands in for virtualenv's own `venv` creator: the environment
is made in process by libvenv (EnvBuilder(scripts=False): virtualenv writes
its own activators), and virtualenv does the rest as after its own creator
(pyvenv.cfg's keys, activators, .gitignore, the clear and destination
checks). The seeder installs the very wheels virtualenv's `app-data` seeder
would choose (its embedded wheels, app-data, --pip/--setuptools/--wheel,
--no-pip, --download...) with libvenv.install_wheels.

virtualenv imports every installed plugin on every run without catching
errors, and its creator API is private: nothing here may raise at import or
in can_create. Whatever does not fit (virtualenv's classes not where this
module expects them, PyPy and other implementations, Python 3.14+, anything
but Linux, a libvenv.so that does not load) makes the creator "not
available" and the seeder fall back to virtualenv's own app-data seeding.
"""
from __future__ import annotations

try:  # virtualenv's private API, as of 20.x-21.x
    from virtualenv.create.via_global_ref.venv import Venv as _Venv
    from virtualenv.seed.embed.via_app_data.via_app_data import FromAppData as _FromAppData
    _MISSING = None
except Exception as _error:  # noqa: BLE001 - any mismatch means "not available", never a failure
    _Venv = _FromAppData = object
    _MISSING = "virtualenv's API is not the one libvenv knows: %r" % (_error,)


def _unsupported(interpreter) -> str | None:
    """Why libvenv cannot make an environment for this interpreter through
    virtualenv, or None."""
    if _MISSING:
        return _MISSING
    from ._native import unsupported
    return unsupported(interpreter)


class SwiftVenvCreator(_Venv):
    """virtualenv's `venv` creator, creating through libvenv in process."""

    @classmethod
    def can_create(cls, interpreter):
        try:
            if _unsupported(interpreter):
                return None
            return super().can_create(interpreter)
        except Exception:  # noqa: BLE001
            return None

    def create_inline(self) -> None:
        self._create_through_libvenv()

    def create_via_sub_process(self) -> None:
        # libvenv runs in this process for any base interpreter.
        self._create_through_libvenv()

    def _create_through_libvenv(self) -> None:
        from ._builder import EnvBuilder
        EnvBuilder(system_site_packages=self.enable_system_site_package, clear=False, symlinks=self.symlinks,
                   with_pip=False, python=str(self.interpreter.system_executable), scripts=False,
                   ).create(str(self.dest))


class SwiftVenvSeeder(_FromAppData):
    """virtualenv's `app-data` seeder, installing the wheels it chooses with
    libvenv.install_wheels. An environment that has one of them already
    (virtualenv run again without --clear), or one libvenv cannot install
    into, is seeded by app-data itself."""

    def run(self, creator) -> None:
        if not self.enabled:
            return
        if _unsupported(creator.interpreter) or self._has_seed_packages(creator):
            super().run(creator)
            return
        from . import install_wheels
        with self._get_seed_wheels(creator) as name_to_whl:
            install_wheels(creator.dest, [str(wheel.path) for wheel in name_to_whl.values()])

    def _has_seed_packages(self, creator) -> bool:
        names = {name.lower() for name in self.distribution_to_versions()}
        for folder in {creator.purelib, creator.platlib}:
            try:
                entries = list(folder.iterdir())
            except OSError:
                continue
            for entry in entries:
                if entry.suffix == ".dist-info" and entry.stem.split("-")[0].lower().replace("_", "-") in names:
                    return True
        return False
