"""Wheels and projects the freeze suite installs, written by the test itself
(no network, no build tool): wheels are zip files written here, and local
projects carry a tiny in-tree PEP 517/660 build backend (BACKEND) that pip
runs with --no-build-isolation."""
import os
import subprocess
import textwrap

import testkit


def write_wheel(directory, name, version, **how):
    """A py3-none-any wheel (Tests/support/testkit.py's); returns its path."""
    return str(testkit.write_wheel(directory, name, version, summary="freeze suite test project", **how))


BACKEND = r'''
"""A minimal PEP 517/660 backend for the freeze suite's local projects."""
import base64, hashlib, os, zipfile

def _meta():
    name, version = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "NAMEVERSION")).read().split()
    return name, version

def _wheel(directory, editable):
    name, version = _meta()
    dist = name.replace("-", "_")
    info = f"{dist}-{version}.dist-info"
    files = {}
    here = os.path.dirname(os.path.abspath(__file__))
    if editable:
        files[f"__editable__.{dist}-{version}.pth"] = here + "\n"
    else:
        files[f"{dist}_mod.py"] = "VALUE = 1\n"
    files[f"{info}/METADATA"] = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n\n"
    files[f"{info}/WHEEL"] = "Wheel-Version: 1.0\nGenerator: freeze-suite\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    filename = f"{dist}-{version}-py3-none-any.whl"
    record = []
    with zipfile.ZipFile(os.path.join(directory, filename), "w") as zf:
        for member, text in files.items():
            data = text.encode()
            zf.writestr(member, data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            record.append(f"{member},sha256={digest},{len(data)}")
        record.append(f"{info}/RECORD,,")
        zf.writestr(f"{info}/RECORD", "\n".join(record) + "\n")
    return filename

def get_requires_for_build_wheel(config_settings=None): return []
def get_requires_for_build_editable(config_settings=None): return []
def get_requires_for_build_sdist(config_settings=None): return []
def build_wheel(wheel_directory, config_settings=None, metadata_directory=None): return _wheel(wheel_directory, False)
def build_editable(wheel_directory, config_settings=None, metadata_directory=None): return _wheel(wheel_directory, True)
'''


def write_project(directory, name, version, *, setup_py=False):
    """A local project built by BACKEND (or, with setup_py, a setuptools
    project for `setup.py develop`)."""
    os.makedirs(directory, exist_ok=True)
    if setup_py:
        with open(os.path.join(directory, "setup.py"), "w") as f:
            f.write(f"from setuptools import setup\nsetup(name={name!r}, version={version!r}, py_modules=[])\n")
        return directory
    with open(os.path.join(directory, "pyproject.toml"), "w") as f:
        f.write(textwrap.dedent('''\
            [build-system]
            requires = []
            build-backend = "freeze_backend"
            backend-path = ["."]
            '''))
    with open(os.path.join(directory, "freeze_backend.py"), "w") as f:
        f.write(BACKEND)
    with open(os.path.join(directory, "NAMEVERSION"), "w") as f:
        f.write(f"{name} {version}\n")
    return directory


def git_repository(directory, name, version, *, origin=None):
    """A git repository holding one BACKEND project, committed; returns it."""
    write_project(directory, name, version)
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@t", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@t", GIT_CONFIG_NOSYSTEM="1", HOME=directory)
    for args in (["init", "-q", "-b", "main"], ["add", "."], ["commit", "-q", "-m", "one"]):
        subprocess.run(["git", *args], cwd=directory, env=env, check=True)
    if origin:
        subprocess.run(["git", "remote", "add", "origin", origin], cwd=directory, env=env, check=True)
    return directory
