"""A home made for the find tests, in a temporary directory: the real tools
(python -m venv, virtualenv, uv, virtualenvwrapper, pipenv, poetry, hatch,
pipx, swift-venv) create their environments in their real places under it,
pyenv's real versions are reached through a PYENV_ROOT of its own, and the
broken cases sit beside them.

    python3 Tests/find/home.py DIR     builds it in DIR and prints its environment
"""
import glob
import json
import os
import pathlib
import shutil
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[0] / "support"))
import interpreters  # noqa: E402  (the one interpreter matrix)
import testkit  # noqa: E402  (the suites' shared pieces)

REAL_PYENV_ROOT = os.environ.get("PYENV_ROOT") or os.path.expanduser("~/.pyenv")
# pyenv itself is not on PyPI: the machine's own pyenv, when it has one.
PYENV_COMMAND = os.path.join(REAL_PYENV_ROOT, "libexec", "pyenv")
SCRUBBED = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LC_ALL": "C.UTF-8"}


def pyenv_interpreters():
    """The matrix's pyenv interpreters present here, as (minor, path)."""
    return [(name.split("-")[1], path) for name, path in interpreters.PRESENT if name.startswith("pyenv-")]


def version_dir(python):
    """~/.pyenv/versions/3.12.1/bin/python3.12 -> ~/.pyenv/versions/3.12.1"""
    return pathlib.Path(python).parent.parent


def run(argv, env=None, cwd=None, check=True, input=None):
    return testkit.run(argv, env=env or SCRUBBED, cwd=cwd, check=check, input=input)


class Home:
    """The built home: paths, the environment variables that point there, and
    what each tool made (filled by build())."""

    def __init__(self, root, swift_venv, tools):
        self.root = pathlib.Path(root)
        self.swift_venv = swift_venv
        self.tools = pathlib.Path(tools)
        pyenvs = pyenv_interpreters()
        if not pyenvs:
            raise RuntimeError("no pyenv interpreter of the matrix is present: " + ", ".join(n for n, _ in interpreters.WANTED))
        # The base most things are made from: pyenv 3.12 if present.
        by_minor = dict(pyenvs)
        self.base_minor = "3.12" if "3.12" in by_minor else pyenvs[-1][0]
        self.base_real = by_minor[self.base_minor]
        self.base_version = version_dir(self.base_real).name
        # One version shown as a uv-managed Python instead of a pyenv one.
        uv_choices = [m for m in ("3.9", "3.10", "3.8") if m in by_minor and m != self.base_minor]
        self.uv_minor = uv_choices[0] if uv_choices else None
        self.uv_real = by_minor.get(self.uv_minor) if self.uv_minor else None
        self.other = "/usr/bin/python3.11" if interpreters.present("/usr/bin/python3.11") else None

        r = self.root
        self.pyenv_root = r / ".pyenv"
        self.data = r / ".local/share"
        self.cache = r / ".cache"
        self.workon = r / ".virtualenvs"
        self.projects = r / "projects"
        self.envs = r / "envs"              # --search-path
        self.ws = self.projects / "ws"      # --workspace (its child sub is given too)
        self.ws2 = self.projects / "ws2"    # .venv is a file naming an environment
        self.conda = r / "miniconda3"
        self.bin1 = r / "bin1"
        self.bin2 = r / "bin2"
        self.base = self.pyenv_root / "versions" / self.base_version / "bin" / f"python{self.base_minor}"
        self.made = {}

    @property
    def env(self):
        """The environment find runs in: everything points into the home."""
        return {
            "HOME": str(self.root),
            "XDG_DATA_HOME": str(self.data),
            "XDG_CACHE_HOME": str(self.cache),
            "XDG_CONFIG_HOME": str(self.root / ".config"),
            "PYENV_ROOT": str(self.pyenv_root),
            "WORKON_HOME": str(self.workon),
            "CONDA_PREFIX": str(self.conda / "envs" / "sci"),
            "VIRTUAL_ENV": str(self.envs / "active"),
            "PATH": ":".join(map(str, [self.bin1, self.pyenv_root / "shims", self.bin2, "/usr/bin", "/bin"])),
            "LC_ALL": "C.UTF-8",
            "SWIFT_VENV_CACHE_DIR": str(self.cache / "swift-venv"),
        }

    def tool_env(self, **more):
        """What the tools run with: the home, offline, the tools first on PATH."""
        env = dict(self.env)
        env.pop("VIRTUAL_ENV")
        env.pop("CONDA_PREFIX")
        env["PATH"] = f"{self.tools}:/usr/bin:/bin"
        env.update({"PIP_NO_INDEX": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1", "UV_OFFLINE": "1",
                    "PIPENV_YES": "1", "PIPENV_NOSPIN": "1", "PIPENV_VENV_IN_PROJECT": "",
                    "POETRY_NO_INTERACTION": "1", "HATCH_ENV_TYPE_VIRTUAL_UV_PATH": ""})
        env.update(more)
        return env

    def tool(self, name):
        return str(self.tools / name)

    def swift_venv_create(self, python, *paths, extra=()):
        run([self.swift_venv, "--python", python, "--without-pip", *extra, *paths], env=self.env)

    # -- building ---------------------------------------------------------

    def build(self):
        for d in (self.data, self.cache, self.workon, self.projects, self.envs, self.bin1, self.bin2):
            d.mkdir(parents=True, exist_ok=True)
        self.make_pyenv()
        self.make_uv_python()
        self.make_path()
        self.make_workon_home()
        self.make_pipenv()
        self.make_poetry()
        self.make_hatch()
        self.make_pipx()
        self.make_workspaces()
        self.make_search_path()
        self.make_conda()
        self.make_broken()
        return self

    def make_pyenv(self):
        versions = self.pyenv_root / "versions"
        versions.mkdir(parents=True)
        for real in sorted(glob.glob(os.path.join(REAL_PYENV_ROOT, "versions", "*"))):
            name = os.path.basename(real)
            if self.uv_real and name == version_dir(self.uv_real).name:
                continue  # shown as uv's instead
            if name == self.base_version:
                # A directory of its own (its parts linked), so pyenv-virtualenv's
                # envs/ is made here and not in the real pyenv.
                (versions / name).mkdir()
                for part in os.listdir(real):
                    if part != "envs":
                        os.symlink(os.path.join(real, part), versions / name / part)
            elif not os.path.islink(real) and not os.path.exists(os.path.join(real, "pyvenv.cfg")):
                os.symlink(real, versions / name)
        # pyenv-virtualenv, as its `pyenv virtualenv BASE pvenv` makes it: the
        # base's `python -m venv` into versions/BASE/envs/NAME, then an
        # absolute link versions/NAME to it (ln -fsn).
        envdir = versions / self.base_version / "envs" / "pvenv"
        run([self.base, "-m", "venv", "--without-pip", envdir])
        os.symlink(envdir, versions / "pvenv")
        (self.pyenv_root / "version").write_text(self.base_version + "\n")
        # Shims as `pyenv rehash` writes them, with this root.
        shims = self.pyenv_root / "shims"
        shims.mkdir()
        for name in ("python", "python3", f"python{self.base_minor}"):
            (shims / name).write_text(
                "#!/usr/bin/env bash\nset -e\n[ -n \"$PYENV_DEBUG\" ] && set -x\n\nprogram=\"${0##*/}\"\n\n"
                f"export PYENV_ROOT=\"{self.pyenv_root}\"\n"
                f"exec \"{PYENV_COMMAND}\" exec \"$program\" \"$@\"\n")
            (shims / name).chmod(0o755)

    def make_uv_python(self):
        if not self.uv_real:
            return
        real = version_dir(self.uv_real)
        install = self.data / "uv" / "python" / f"cpython-{real.name}-linux-x86_64-gnu"
        install.mkdir(parents=True)
        for part in os.listdir(real):
            os.symlink(real / part, install / part)
        self.made["uv_python"] = install

    def make_path(self):
        # One interpreter reached by several PATH entries.
        os.symlink(self.base, self.bin1 / "python3")
        os.symlink(self.base, self.bin2 / f"python{self.base_minor}")

    def make_workon_home(self):
        project = self.projects / "wrapped"
        project.mkdir()
        wrapper = self.tools / "virtualenvwrapper.sh"
        env = self.tool_env(VIRTUALENVWRAPPER_PYTHON=self.tool("python"),
                            VIRTUALENVWRAPPER_VIRTUALENV=self.tool("virtualenv"))
        run(["bash", "-c", f'source "{wrapper}" && mkvirtualenv -a "{project}" -p "{self.base}" --no-seed wrapped'],
            env=env, cwd=self.root)
        self.made["wrapped"] = (self.workon / "wrapped", project)
        if self.other:
            self.swift_venv_create(self.other, self.workon / "plain")

    def make_pipenv(self):
        for name, workon in (("pipenv-proj", False), ("pipenv-in-workon", True)):
            project = self.projects / name
            project.mkdir()
            (project / "Pipfile").write_text("[packages]\n\n[dev-packages]\n")
            env = self.tool_env()
            if not workon:
                env.pop("WORKON_HOME")
            run([self.tool("pipenv"), "--python", self.base], env=env, cwd=project)
            where = run([self.tool("pipenv"), "--venv"], env=env, cwd=project).stdout.strip()
            self.made[name] = (pathlib.Path(where), project)

    def make_poetry(self):
        project = self.projects / "poetry-proj"
        project.mkdir()
        (project / "pyproject.toml").write_text(
            '[project]\nname = "poetry-proj"\nversion = "0.1.0"\nrequires-python = ">=3.8"\ndependencies = []\n'
            "[tool.poetry]\npackage-mode = false\n")
        env = self.tool_env()
        run([self.tool("poetry"), "env", "use", self.base], env=env, cwd=project)
        where = run([self.tool("poetry"), "env", "info", "-p"], env=env, cwd=project).stdout.strip()
        self.made["poetry"] = (pathlib.Path(where), project)

    def make_hatch(self):
        project = self.projects / "hatch-proj"
        project.mkdir()
        (project / "pyproject.toml").write_text(
            '[project]\nname = "hatch-proj"\nversion = "0.1.0"\ndependencies = []\n'
            f'[tool.hatch.envs.default]\nskip-install = true\npython = "{self.base}"\n')
        env = self.tool_env()
        run([self.tool("hatch"), "env", "create"], env=env, cwd=project)
        where = run([self.tool("hatch"), "env", "find"], env=env, cwd=project).stdout.strip()
        self.made["hatch"] = (pathlib.Path(where), project)

    def make_pipx(self):
        (self.root / "wheels").mkdir()
        # A pure wheel with one console script.
        wheel = testkit.write_wheel(self.root / "wheels", "findme-tool", "1.0", scripts={"findme-tool": "findme_tool:main"},
                                    files={"findme_tool/__init__.py": "def main():\n    print('hello')\n"})
        env = self.tool_env()
        run([self.tool("pipx"), "install", "--python", self.base, wheel], env=env, cwd=self.root)
        listing = json.loads(run([self.tool("pipx"), "list", "--json"], env=env).stdout)
        self.made["pipx"] = listing

    def make_workspaces(self):
        ws = self.ws
        (ws / "sub").mkdir(parents=True)
        run([self.tool("uv"), "venv", "--python", self.base, ws / ".venv"], env=self.tool_env(), cwd=ws)
        run([self.base, "-m", "venv", "--without-pip", ws / "venv"])
        run([self.tool("virtualenv"), "--no-seed", "-p", self.base, ws / "env"], env=self.tool_env())
        self.swift_venv_create(self.other or self.base, ws / "custom")
        # A .venv that is a file naming the environment (relative to it).
        self.ws2.mkdir(parents=True)
        run([self.base, "-m", "venv", "--without-pip", self.projects / "elsewhere-env"])
        (self.ws2 / ".venv").write_text("../elsewhere-env\n")

    def make_search_path(self):
        # One environment per interpreter of the matrix, by swift-venv.
        for name, path in interpreters.PRESENT:
            self.swift_venv_create(path, self.envs / name)
        self.swift_venv_create(self.base, self.envs / "active")
        (self.root / ".venvs").mkdir()
        self.swift_venv_create(self.base, self.root / ".venvs" / "handmade")

    def make_conda(self):
        """A conda-like prefix: conda-meta/, its own python binary (a copy),
        the standard library reached through lib/pythonX.Y; no pyvenv.cfg."""
        real_prefix = version_dir(self.base_real)
        for prefix in (self.conda, self.conda / "envs" / "sci"):
            (prefix / "bin").mkdir(parents=True)
            (prefix / "conda-meta").mkdir()
            (prefix / "conda-meta" / "history").write_text("")
            shutil.copy2(self.base_real, prefix / "bin" / f"python{self.base_minor}")
            os.symlink(f"python{self.base_minor}", prefix / "bin" / "python")
            os.symlink(f"python{self.base_minor}", prefix / "bin" / "python3")
            (prefix / "lib").mkdir()
            os.symlink(real_prefix / "lib" / f"python{self.base_minor}", prefix / "lib" / f"python{self.base_minor}")
            include = real_prefix / "include" / f"python{self.base_minor}"
            if include.exists():
                (prefix / "include").mkdir()
                os.symlink(include, prefix / "include" / f"python{self.base_minor}")

    def make_broken(self):
        w = self.workon
        # The base interpreter gone: environments of a base that is then removed.
        gone_base = self.root / "gone-base"
        (gone_base / "bin").mkdir(parents=True)
        shutil.copy2(self.base_real, gone_base / "bin" / f"python{self.base_minor}")
        (gone_base / "lib").mkdir()
        os.symlink(version_dir(self.base_real) / "lib" / f"python{self.base_minor}", gone_base / "lib" / f"python{self.base_minor}")
        gone_python = gone_base / "bin" / f"python{self.base_minor}"
        run([gone_python, "-m", "venv", "--without-pip", w / "base-gone"])
        run([gone_python, "-m", "venv", "--without-pip", "--copies", w / "base-gone-copies"])
        shutil.rmtree(gone_base)
        # A dangling bin/python.
        run([self.base, "-m", "venv", "--without-pip", w / "dangling"])
        for name in os.listdir(w / "dangling" / "bin"):
            if name.startswith("python"):
                os.unlink(w / "dangling" / "bin" / name)
        os.symlink(self.root / "nowhere" / "python3", w / "dangling" / "bin" / "python")
        # A pyvenv.cfg CPython cannot read (not UTF-8).
        run([self.base, "-m", "venv", "--without-pip", w / "bad-cfg"])
        (w / "bad-cfg" / "pyvenv.cfg").write_bytes(b"home = /\xff\xfe\n")
        # Symlink loops: a directory and a bin/python.
        os.symlink(w / "loop", w / "loop")
        run([self.base, "-m", "venv", "--without-pip", w / "python-loop"])
        for name in os.listdir(w / "python-loop" / "bin"):
            if name.startswith("python"):
                os.unlink(w / "python-loop" / "bin" / name)
        os.symlink("python", w / "python-loop" / "bin" / "python")
        # A directory name that is not UTF-8, holding a good environment.
        run([self.base, "-m", "venv", "--without-pip", w / "latin1"])
        os.rename(os.fsencode(w / "latin1"), os.fsencode(w) + b"/caf\xe9")


if __name__ == "__main__":
    home = Home(sys.argv[1], os.environ["SWIFT_VENV_BIN"], os.environ["FIND_TOOLS"]).build()
    for key, value in home.env.items():
        print(f"{key}={value}")
