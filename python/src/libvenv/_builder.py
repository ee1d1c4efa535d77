"""libvenv.EnvBuilder: the standard library's venv.EnvBuilder of the running
Python version, building through libvenv.so.

The constructor, the public methods and their signatures, the `context`
namespace and the order in which create() calls the steps are those of the
running version's venv, so code written for `venv.EnvBuilder` (subclasses
included) works unchanged. A builder whose class and instance override no
step creates the environment in one call into the library (staged aside and
renamed into place). As soon as a step is overridden or added, create() runs
the steps one by one, each through its own C function (venv_builder_*), so
the subclass's code runs between them as it would with venv.
"""
from __future__ import annotations

import ctypes
import logging
import os
import shlex
import shutil
import subprocess
import sys
import types
import weakref
from typing import Optional

from . import _native
from ._errors import check, decode, encode

logger = logging.getLogger(__name__)

_VERSION = sys.version_info[:2]

#: What upgrade_dependencies upgrades, as the running version's venv.
CORE_VENV_DEPS = ("pip",) if _VERSION >= (3, 12) else ("pip", "setuptools")

#: The methods create() calls, directly or through another step. A class or
#: instance that replaces any of them is built step by step.
_STEPS = (
    "ensure_directories", "create_configuration", "setup_python", "_setup_pip", "setup_scripts",
    "install_scripts", "replace_variables", "post_setup", "upgrade_dependencies", "_call_new_python",
    "create_git_ignore_file",
)


def _running_interpreter() -> str:
    """What venv itself uses: sys._base_executable, else sys.executable."""
    return getattr(sys, "_base_executable", None) or sys.executable


def _shell_word_prompt(prompt: str) -> str:
    """`--prompt="..."` as venv writes it in `command`, escaped so that a
    POSIX shell reads it back as the same prompt."""
    escaped = "".join("\\" + c if c in '\\"$`' else c for c in prompt)
    return '--prompt="%s"' % escaped


class _Steps:
    """A venv_builder handle (one environment being built), freed with its owner."""

    def __init__(self, env_dir: str, options: _native.CreateOptions, keep):
        """keep: the bytes options points to, alive through the call."""
        lib = _native.library()
        self.handle = _native.BuilderHandle()
        check(lib.venv_builder_ensure_directories(ctypes.byref(self.handle), encode(env_dir, "env_dir"),
                                                  ctypes.byref(options)))
        self._finalizer = weakref.finalize(self, lib.venv_builder_free, self.handle)

    def string(self, name: str) -> str:
        return decode(getattr(_native.library(), "venv_builder_" + name)(self.handle)) or ""

    def run(self, step: str, *args) -> None:
        check(getattr(_native.library(), "venv_builder_" + step)(self.handle, *args))


class EnvBuilder:
    """The standard library's venv.EnvBuilder of the running Python version,
    with the same arguments and defaults, building through libvenv.

    Two keyword arguments more: python, the base interpreter (a path, a
    command or a version such as "3.12"); None, the default, means the
    running interpreter, as with venv. relocatable: activation and console
    scripts that find the environment from where they are, so that it can
    be moved by hand (swift-venv --relocatable). scripts=False: no
    activation scripts, for callers that write their own (swift-venv
    --without-scripts): only venv's own path rules apply, and files in the
    environment's way are replaced, as venv replaces them.
    """

    if _VERSION >= (3, 13):
        def __init__(self, system_site_packages=False, clear=False, symlinks=False, upgrade=False,
                     with_pip=False, prompt=None, upgrade_deps=False, *, scm_ignore_files=frozenset(),
                     python=None, relocatable=False, scripts=True):
            self._init(system_site_packages, clear, symlinks, upgrade, with_pip, prompt, python, relocatable,
                       scripts)
            self.upgrade_deps = upgrade_deps
            self.scm_ignore_files = frozenset(map(str.lower, scm_ignore_files))
    elif _VERSION >= (3, 9):
        def __init__(self, system_site_packages=False, clear=False, symlinks=False, upgrade=False,
                     with_pip=False, prompt=None, upgrade_deps=False, *, python=None, relocatable=False,
                     scripts=True):
            self._init(system_site_packages, clear, symlinks, upgrade, with_pip, prompt, python, relocatable,
                       scripts)
            self.upgrade_deps = upgrade_deps
    else:
        def __init__(self, system_site_packages=False, clear=False, symlinks=False, upgrade=False,
                     with_pip=False, prompt=None, *, python=None, relocatable=False, scripts=True):
            self._init(system_site_packages, clear, symlinks, upgrade, with_pip, prompt, python, relocatable,
                       scripts)

    def _init(self, system_site_packages, clear, symlinks, upgrade, with_pip, prompt, python, relocatable,
              scripts):
        self.system_site_packages = system_site_packages
        self.clear = clear
        self.symlinks = symlinks
        self.upgrade = upgrade
        self.with_pip = with_pip
        if _VERSION >= (3, 11):
            self.orig_prompt = prompt
        if _VERSION >= (3, 9) and prompt == ".":
            prompt = os.path.basename(os.getcwd())
        self.prompt = prompt
        self.python = python
        self.relocatable = relocatable
        self.scripts = scripts

    # ------------------------------------------------------------ create

    def create(self, env_dir):
        """Create a virtual environment in env_dir, as venv does."""
        env_dir = os.path.abspath(env_dir)
        if self._in_one_call():
            self._create_in_one_call(env_dir)
            return
        context = self.ensure_directories(env_dir)
        if _VERSION >= (3, 13):
            for scm in self.scm_ignore_files:
                getattr(self, "create_%s_ignore_file" % scm)(context)
        # As in venv: include-system-site-packages stays false until pip is in.
        wanted_system_site_packages = self.system_site_packages
        self.system_site_packages = False
        self.create_configuration(context)
        self.setup_python(context)
        if self.with_pip:
            self._setup_pip(context)
        if not self.upgrade:
            self.setup_scripts(context)
            self.post_setup(context)
        if wanted_system_site_packages:
            self.system_site_packages = True
            self.create_configuration(context)
        if getattr(self, "upgrade_deps", False):
            self.upgrade_dependencies(context)

    def _in_one_call(self) -> bool:
        """Whether the library can build it all at once: no step replaced
        (by the class or on the instance), no SCM hook but git's, and nothing
        the library would do otherwise than venv."""
        for name in _STEPS:
            if name in vars(self) or getattr(type(self), name, None) is not getattr(EnvBuilder, name, None):
                return False
        if getattr(self, "scm_ignore_files", frozenset()) - {"git"}:
            return False
        if getattr(self, "upgrade_deps", False) and not self.with_pip:
            return False  # venv's pip upgrade then fails: let it, as a step
        return self.prompt is None or isinstance(self.prompt, str)

    def _create_in_one_call(self, env_dir: str) -> None:
        options, keep = self._options()
        options.upgrade_deps = int(bool(getattr(self, "upgrade_deps", False)))
        command = encode(self._command(env_dir, with_system_site_packages=self.system_site_packages), "command")
        options.command = command
        check(_native.library().venv_create(encode(env_dir, "env_dir"), ctypes.byref(options)))
        del keep, command  # alive until here: options points into them

    def _options(self):
        """The venv_create_options of this builder, and the strings they point to."""
        lib = _native.library()
        options = _native.CreateOptions()
        check(lib.venv_create_options_init(ctypes.byref(options), _native.CREATE_OPTIONS_VERSION))
        keep = (encode(self.python or _running_interpreter(), "python"),
                None if self.prompt is None else encode(str(self.prompt), "prompt"))
        options.python, options.prompt = keep
        options.system_site_packages = int(bool(self.system_site_packages))
        options.link = _native.LINK_SYMLINKS if self.symlinks else _native.LINK_COPIES
        options.clear = int(bool(self.clear))
        options.upgrade = int(bool(self.upgrade))
        options.with_pip = int(bool(self.with_pip))
        options.upgrade_deps = 0  # a step of its own (upgrade_dependencies)
        options.scm_ignore_files = int("git" in getattr(self, "scm_ignore_files", ()))
        # venv reuses whatever is at env_dir, and clear empties it.
        options.allow_existing = 1
        options.force = int(bool(self.clear))
        options.relocatable = int(bool(getattr(self, "relocatable", False)))
        options.scripts = int(bool(getattr(self, "scripts", True)))
        return options, keep

    def _command(self, env_dir: str, with_system_site_packages: bool) -> Optional[str]:
        """pyvenv.cfg's `command` (3.11+): `python -m libvenv ...`, shell-quoted,
        with venv's flags in venv's order, recreating this environment."""
        if _VERSION < (3, 11):
            return None
        args = [sys.executable, "-m", "libvenv"]
        if self.python:
            args += ["--python", os.fspath(self.python)]
        if not self.symlinks:
            args.append("--copies")
        if not self.with_pip:
            args.append("--without-pip")
        if with_system_site_packages:
            args.append("--system-site-packages")
        if self.clear:
            args.append("--clear")
        if self.upgrade:
            args.append("--upgrade")
        if getattr(self, "relocatable", False):
            args.append("--relocatable")
        if self.upgrade_deps:
            args.append("--upgrade-deps")
        if not getattr(self, "scripts", True):
            args.append("--without-scripts")
        words = [shlex.quote(a) for a in args]
        if self.orig_prompt is not None:
            words.append(_shell_word_prompt(str(self.orig_prompt)))
        if _VERSION >= (3, 13) and not self.scm_ignore_files:
            words.append("--without-scm-ignore-files")
        words.append(shlex.quote(env_dir))
        return " ".join(words)

    # ------------------------------------------------------------- steps

    def ensure_directories(self, env_dir):
        """Create the directories of the environment (emptying it first when
        clear is set) and return the context the other steps use."""
        options, keep = self._options()
        steps = _Steps(os.fspath(env_dir), options, keep)
        env_dir = os.fspath(env_dir)
        absolute = steps.string("env_dir")

        def here(name: str) -> str:  # the library's path, under env_dir as given
            return os.path.join(env_dir, os.path.relpath(steps.string(name), absolute))

        context = types.SimpleNamespace()
        context.env_dir = env_dir
        context.env_name = os.path.split(env_dir)[1]
        prompt = self.prompt if self.prompt is not None else context.env_name
        context.prompt = prompt if _VERSION >= (3, 13) else "(%s) " % prompt
        context.executable = steps.string("executable")
        context.python_dir, context.python_exe = os.path.split(os.path.abspath(context.executable))
        context.inc_path = here("include_path")
        if _VERSION >= (3, 12):
            context.lib_path = here("lib_path")
        context.bin_path = here("bin_path")
        context.bin_name = steps.string("bin_name")
        context.env_exe = os.path.join(context.bin_path, context.python_exe)
        if _VERSION >= (3, 9):
            context.env_exec_cmd = context.env_exe
        context._libvenv_steps = steps
        return context

    def _steps(self, context) -> _Steps:
        """The library's build behind context; a context made otherwise
        (a subclass's own ensure_directories) gets one for its env_dir."""
        steps = getattr(context, "_libvenv_steps", None)
        if steps is None:
            options, keep = self._options()
            options.clear = options.force = 0
            steps = context._libvenv_steps = _Steps(os.fspath(context.env_dir), options, keep)
        return steps

    def create_configuration(self, context):
        """Write pyvenv.cfg, as the running version's venv writes it."""
        context.cfg_path = os.path.join(context.env_dir, "pyvenv.cfg")
        prompt_literal = None
        if self.prompt is not None and not isinstance(self.prompt, str):
            prompt_literal = repr(self.prompt)  # venv writes the repr of what it was given
        command = self._command(os.path.abspath(context.env_dir), self.system_site_packages)
        self._steps(context).run("create_configuration", int(bool(self.system_site_packages)),
                                 encode(command, "command"), encode(prompt_literal, "prompt"))

    def setup_python(self, context):
        """Put the base interpreter (a link or a copy) and its aliases in bin/."""
        self._steps(context).run("setup_python")

    def _setup_pip(self, context):
        """Install pip: ensurepip's wheels from libvenv's cache, else ensurepip."""
        self._steps(context).run("setup_pip")

    def setup_scripts(self, context):
        """Install libvenv's activation scripts into bin/ (a subclass may
        install its own instead, with install_scripts)."""
        if not isinstance(context.prompt, str):
            # 3.13's venv fails here on a prompt that is not a string (it
            # replaces the scripts' placeholders with it); older ones show
            # "(True) " from the "(%s) " they make of it.
            raise TypeError("replace() argument 2 must be str, not %s" % type(context.prompt).__name__)
        self._steps(context).run("setup_scripts")

    def post_setup(self, context):
        """Hook for subclasses, after the scripts are installed."""

    def replace_variables(self, text, context):
        """text with venv's placeholders replaced by context's values, each
        quoted for the script's language (context.script_path's extension:
        .ps1 PowerShell, .bat none, else POSIX shell), as venv quotes them
        since CVE-2024-9287."""
        script_path = getattr(context, "script_path", "")
        if script_path.endswith(".ps1"):
            quote = lambda s: "'%s'" % s.replace("'", "''")  # noqa: E731
        elif script_path.endswith(".bat"):
            quote = lambda s: s  # noqa: E731
        else:
            quote = shlex.quote
        values = {
            "__VENV_DIR__": context.env_dir,
            "__VENV_NAME__": context.env_name,
            "__VENV_PROMPT__": context.prompt,
            "__VENV_BIN_NAME__": context.bin_name,
            "__VENV_PYTHON__": context.env_exe,
        }
        for placeholder, value in values.items():
            text = text.replace(placeholder, quote(value))
        return text

    def install_scripts(self, context, path):
        """Install the scripts under path/common and path/<os.name> into bin/
        (subdirectories kept), with placeholders replaced (replace_variables);
        a file that is not UTF-8 is skipped with a warning, as venv does."""
        top = os.path.normpath(path)
        for root, dirs, files in os.walk(top):
            if root == top:
                dirs[:] = [d for d in dirs if d in ("common", os.name)]
                continue
            below = os.path.relpath(root, top).split(os.sep)[1:]
            target_dir = os.path.join(context.bin_path, *below)
            os.makedirs(target_dir, exist_ok=True)
            for name in files:
                source = os.path.join(root, name)
                target = os.path.join(target_dir, name)
                with open(source, "rb") as stream:
                    data = stream.read()
                context.script_path = source
                try:
                    replaced = self.replace_variables(data.decode("utf-8"), context).encode("utf-8")
                except UnicodeError as error:
                    logger.warning("unable to copy script %r, may be binary: %s", source, error)
                    continue
                with open(target, "wb") as stream:
                    stream.write(replaced)
                os.chmod(target, os.stat(source).st_mode & 0o7777)

    def clear_directory(self, path):
        """Empty the directory path (links removed as links). venv's helper,
        kept for subclasses; libvenv's own clear goes through the library,
        which never follows a link out of the environment."""
        for name in os.listdir(path):
            entry = os.path.join(path, name)
            if os.path.islink(entry) or not os.path.isdir(entry):
                os.remove(entry)
            else:
                shutil.rmtree(entry)

    def symlink_or_copy(self, src, dst, relative_symlinks_ok=False):
        """Link dst to src (relative when relative_symlinks_ok and both are
        in one directory) if self.symlinks, copying when that fails or when
        copies are wanted. venv's helper, kept for subclasses; libvenv's
        setup_python links through the library."""
        if self.symlinks and not os.path.islink(dst):
            try:
                os.symlink(os.path.basename(src) if relative_symlinks_ok else src, dst)
                return
            except OSError:
                logger.warning("Unable to symlink %r to %r", src, dst)
        if not os.path.islink(dst) or not self.symlinks:
            shutil.copyfile(src, dst)

    if _VERSION >= (3, 10):
        def _call_new_python(self, context, *py_args, **kwargs):
            """Run the environment's python as venv does: VIRTUAL_ENV set,
            PYTHONHOME and PYTHONPATH removed, in the environment's directory."""
            env = os.environ.copy()
            env["VIRTUAL_ENV"] = context.env_dir
            env.pop("PYTHONHOME", None)
            env.pop("PYTHONPATH", None)
            kwargs.update(env=env, cwd=context.env_dir, executable=context.env_exec_cmd)
            subprocess.check_output([context.env_exec_cmd, *py_args], **kwargs)

        def upgrade_dependencies(self, context):
            """Upgrade pip (and setuptools before 3.12) from the package index
            with the environment's pip; raises CalledProcessError as venv does
            when that fails (also when the environment has no pip)."""
            logger.debug("Upgrading %s packages in %s", CORE_VENV_DEPS, context.bin_path)
            self._call_new_python(context, "-m", "pip", "install", "--upgrade", *CORE_VENV_DEPS)
    elif _VERSION >= (3, 9):
        def upgrade_dependencies(self, context):
            """Upgrade pip and setuptools from the package index with the
            environment's pip; raises CalledProcessError as venv does."""
            logger.debug("Upgrading %s packages in %s", CORE_VENV_DEPS, context.bin_path)
            subprocess.check_call([context.env_exec_cmd, "-m", "pip", "install", "--upgrade", *CORE_VENV_DEPS])

    if _VERSION >= (3, 13):
        def create_git_ignore_file(self, context):
            """Write .gitignore ("*") into the environment: git ignores it all."""
            self._steps(context).run("create_git_ignore_file")

        @classmethod
        def _same_path(cls, path1, path2):
            """Whether two paths read the same (on POSIX: are equal strings)."""
            return path1 == path2


if _VERSION >= (3, 13):
    def create(env_dir, system_site_packages=False, clear=False, symlinks=False, with_pip=False,
               prompt=None, upgrade_deps=False, *, scm_ignore_files=frozenset(), python=None, relocatable=False,
               scripts=True):
        """Create a virtual environment in env_dir, as venv.create does."""
        EnvBuilder(system_site_packages=system_site_packages, clear=clear, symlinks=symlinks,
                   with_pip=with_pip, prompt=prompt, upgrade_deps=upgrade_deps,
                   scm_ignore_files=scm_ignore_files, python=python, relocatable=relocatable,
                   scripts=scripts).create(env_dir)
elif _VERSION >= (3, 9):
    def create(env_dir, system_site_packages=False, clear=False, symlinks=False, with_pip=False,
               prompt=None, upgrade_deps=False, *, python=None, relocatable=False, scripts=True):
        """Create a virtual environment in env_dir, as venv.create does."""
        EnvBuilder(system_site_packages=system_site_packages, clear=clear, symlinks=symlinks,
                   with_pip=with_pip, prompt=prompt, upgrade_deps=upgrade_deps,
                   python=python, relocatable=relocatable, scripts=scripts).create(env_dir)
else:
    def create(env_dir, system_site_packages=False, clear=False, symlinks=False, with_pip=False,
               prompt=None, *, python=None, relocatable=False, scripts=True):
        """Create a virtual environment in env_dir, as venv.create does."""
        EnvBuilder(system_site_packages=system_site_packages, clear=clear, symlinks=symlinks,
                   with_pip=with_pip, prompt=prompt, python=python, relocatable=relocatable,
                   scripts=scripts).create(env_dir)
