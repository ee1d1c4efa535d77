"""What virtualenv's default creation and seeding would make, for the
plugins that make environments in its place without it (tox's runner,
_tox.py; hatch's environment type, _hatch.py): whether the VIRTUALENV_*
settings in force leave virtualenv's result unchanged, and which of its
embedded wheels its seeding installs."""
from __future__ import annotations

import os
from typing import List, Mapping, Optional, Tuple

#: The VIRTUALENV_* settings that may be set (tox passes some itself:
#: virtualenv_env_vars) and the values under which virtualenv would make
#: what libvenv makes (its app-data's place and whether it links from
#: there change no file's content: the seeded wheels are installed, as by
#: our seeder; symlinks are virtualenv's default on Linux). None: any value.
ALLOWED = {
    "VIRTUALENV_CLEAR": None, "VIRTUALENV_SYSTEM_SITE_PACKAGES": None, "VIRTUALENV_COPIES": None,
    "VIRTUALENV_SYMLINKS": None, "VIRTUALENV_NO_VENV_REDIRECT": None, "VIRTUALENV_PYTHON": None,
    "VIRTUALENV_TRY_FIRST_WITH": None, "VIRTUALENV_OVERRIDE_APP_DATA": None, "VIRTUALENV_APP_DATA": None,
    "VIRTUALENV_SYMLINK_APP_DATA": None, "VIRTUALENV_PIP": ("embed", "bundle", "none"),
    "VIRTUALENV_SETUPTOOLS": ("embed", "bundle", "none"), "VIRTUALENV_DOWNLOAD": ("false", "0", ""),
    "VIRTUALENV_NO_PERIODIC_UPDATE": ("true", "1"), "VIRTUALENV_CREATOR": ("swift-venv",),
    "VIRTUALENV_SEEDER": ("swift-venv",),
}


def settings_fit(env: Mapping[str, str], refused: Tuple[str, ...] = ()) -> bool:
    """Whether no VIRTUALENV_* setting of env would make virtualenv's
    result differ from libvenv's; `refused`: settings of ALLOWED the caller
    does not follow (where tox passes its own settings, hatch passes none)."""
    for key, value in env.items():
        if key.startswith("VIRTUALENV_"):
            if key not in ALLOWED or key in refused:
                return False
            wanted = ALLOWED[key]
            if wanted is not None and value.strip().lower() not in wanted:
                return False
    return True


def seeded(version: Tuple[int, int], env: Mapping[str, str]) -> List[str]:
    """The distributions virtualenv's seeding installs for Python
    `version`: pip, and setuptools below 3.12 (BaseEmbed's defaults), or as
    VIRTUALENV_PIP and VIRTUALENV_SETUPTOOLS say (`embed`/`bundle`: the
    embedded wheel, `none`: none)."""
    defaults = {"pip": True, "setuptools": tuple(version) < (3, 12)}
    return [name for name, default in defaults.items()
            if env.get("VIRTUALENV_" + name.upper(), "embed" if default else "none").strip().lower() != "none"]


def embedded_wheels(version: Tuple[int, int], env: Mapping[str, str]) -> Optional[List[str]]:
    """The embedded wheels of the installed virtualenv that its seeding
    installs for Python `version`, found without importing virtualenv
    (importing any of it imports all of it: its package imports its
    session): read from its `seed/wheels/embed/__init__.py` (BUNDLE_SUPPORT).
    None when virtualenv is not installed, its table is not of the shape
    known, or it has no entry of its own for this version (where releases
    of virtualenv differ in what they choose)."""
    import ast
    import importlib.util
    try:
        spec = importlib.util.find_spec("virtualenv")
        if spec is None or not spec.submodule_search_locations:
            return None
        folder = os.path.join(list(spec.submodule_search_locations)[0], "seed", "wheels", "embed")
        with open(os.path.join(folder, "__init__.py"), encoding="utf-8") as source:
            tree = ast.parse(source.read())
        table = None
        for node in tree.body:
            target = node.target if isinstance(node, ast.AnnAssign) else (
                node.targets[0] if isinstance(node, ast.Assign) and len(node.targets) == 1 else None)
            if isinstance(target, ast.Name) and target.id == "BUNDLE_SUPPORT" and node.value is not None:
                table = ast.literal_eval(node.value)
        files = table.get("%d.%d" % tuple(version[:2])) if isinstance(table, dict) else None
        if not isinstance(files, dict):
            return None
        wheels = [os.path.join(folder, files[name]) for name in seeded(version, env) if name in files]
        if len(wheels) != len(seeded(version, env)) or not all(os.path.isfile(wheel) for wheel in wheels):
            return None
        return wheels
    except Exception:  # noqa: BLE001 - any doubt: virtualenv decides
        return None
