"""find --python SPEC and creation's --python: one choice. Versions and PEP
440 specifiers against the `packaging` library's reading, the default
against pyenv's own `pyenv which python3`."""
import json
import os
import subprocess

import pytest
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from home import PYENV_COMMAND, run
import interpreters


def real(path):
    return os.path.realpath(path)


def choose(home, swift_venv, spec, cwd=None, env=None, check=True):
    args = ["find", "--json"] + (["--python", spec] if spec is not None else ["--default-python"])
    result = run([swift_venv, *args], env=env or home.env, cwd=cwd or home.root, check=check)
    return json.loads(result.stdout) if result.returncode == 0 else result


def interpreters_in_order(found):
    return [r for r in found["records"] if r["kind"] == "interpreter" and not r["error"] and not r["unsupported"]]


MINORS = sorted({name.split("-")[1] for name, _ in interpreters.PRESENT})


@pytest.mark.parametrize("spec", MINORS + ["3"])
def test_version_prefix_is_the_first_such_interpreter(home, swift_venv, found, spec):
    chosen = choose(home, swift_venv, spec)
    first = next(r for r in interpreters_in_order(found) if (r["version"] + ".").startswith(spec + "."))
    assert real(chosen["executable"]) == real(first["executable"])
    assert chosen["kind"] == "interpreter" and chosen["error"] is None


@pytest.mark.parametrize("spec", [">=3.10,<3.12", "~=3.9.0", "!=3.12.*,>=3.11", "==3.13.*", "<3.10", ">3.12.0"])
def test_pep440_specifier_as_packaging_reads_it(home, swift_venv, found, spec, asked):
    wanted = SpecifierSet(spec)
    matching = [r for r in interpreters_in_order(found) if Version(r["version"]) in wanted]
    chosen = choose(home, swift_venv, spec, check=False)
    if not matching:
        assert not isinstance(chosen, dict) and chosen.returncode == 1
        return
    assert isinstance(chosen, dict), chosen.stderr
    assert real(chosen["executable"]) == real(matching[0]["executable"])
    assert Version(asked(chosen["executable"])["version"]) in wanted


def test_nothing_matches_one_line_saying_what_exists(home, swift_venv):
    result = choose(home, swift_venv, ">=3.99", check=False)
    assert result.returncode == 1 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and ">=3.99" in lines[0] and "found " in lines[0], result.stderr
    assert home.base_version in lines[0]


def test_a_path_and_a_command(home, swift_venv, found):
    env_python = str(home.envs / "active" / "bin" / "python")
    chosen = choose(home, swift_venv, env_python)
    assert chosen["kind"] == "environment" and chosen["prefix"] == str(home.envs / "active")
    via_link = choose(home, swift_venv, str(home.bin2 / f"python{home.base_minor}"))
    assert real(via_link["executable"]) == real(home.base_real)
    # A command on PATH: here a pyenv shim, resolved as pyenv would.
    command = f"python{home.base_minor}"
    chosen = choose(home, swift_venv, command)
    if os.access(PYENV_COMMAND, os.X_OK):
        which = run([PYENV_COMMAND, "which", command], env=home.env, cwd=home.root).stdout.strip()
        assert real(chosen["executable"]) == real(which)


def version_file_cases(home):
    other = next((v for v in sorted(os.listdir(home.pyenv_root / "versions"))
                  if v.startswith("3.") and not v.startswith(home.base_minor + ".") and "envs" not in v
                  and os.path.exists(home.pyenv_root / "versions" / v / "bin" / "python3")), None)
    cases = [
        ("comments and a python- prefix", "# chosen for this project\n\npython-%s extra words\n" % home.base_version, {}),
        ("an environment's name", "pvenv\n", {}),
        ("system", "system\n", {}),
        ("PYENV_VERSION wins over the file", "system\n", {"PYENV_VERSION": home.base_version}),
        ("a version without python3 is passed", "2.7.18\n%s\n" % home.base_version, {}),
    ]
    if other:
        cases.append(("a prefix means the newest", other.rsplit(".", 1)[0] + "\n", {}))
    return cases


def test_nothing_means_pyenvs_choice_as_pyenv_makes_it(home, swift_venv, tmp_path):
    if not os.access(PYENV_COMMAND, os.X_OK):
        pytest.skip(f"the pyenv command is absent ({PYENV_COMMAND}); pyenv is not on PyPI")
    for index, (what, text, extra) in enumerate(version_file_cases(home)):
        project = tmp_path / f"project{index}" / "deeper"
        project.mkdir(parents=True)
        (project.parent / ".python-version").write_text(text)
        env = dict(home.env, **extra)
        env.pop("VIRTUAL_ENV")
        which = run([PYENV_COMMAND, "which", "python3"], env=env, cwd=project).stdout.strip()
        chosen = choose(home, swift_venv, None, cwd=project, env=env)
        assert real(chosen["executable"]) == real(which), f"{what}: find chose {chosen['executable']}, pyenv {which}"


def test_an_uninstalled_version_is_refused_as_pyenv_refuses_it(home, swift_venv, tmp_path):
    (tmp_path / ".python-version").write_text("3.0.99\n")
    result = choose(home, swift_venv, None, cwd=tmp_path, check=False)
    assert result.returncode == 1 and "3.0.99" in result.stderr and "not installed" in result.stderr


def test_creation_takes_the_same_choice(home, swift_venv, tmp_path, asked):
    for spec in (">=3.10,<3.12", home.base_minor, None):
        target = tmp_path / f"env-{len(os.listdir(tmp_path))}"
        args = ["--python", spec] if spec else []
        run([swift_venv, *args, "--without-pip", target], env=home.env, cwd=home.root)
        chosen = choose(home, swift_venv, spec)
        made = asked(str(target / "bin" / "python"))
        assert made["prefix"] == str(target) and made["version"] == chosen["version"], (spec, made, chosen)
        assert real(target / "bin" / "python") == real(chosen["executable"]), (spec, chosen)


def test_a_matching_python_that_cannot_be_used_is_named(home, swift_venv, found):
    """Issues 21 and 25: `--python 3.7` where pyenv has a 3.7 (which creation
    does not take) says that it exists, where and which version, and why it
    cannot be used, rather than that no Python matches."""
    old = sorted((r["name"], r["executable"]) for r in found["records"]
                 if r["kind"] == "interpreter" and r["manager"] == "pyenv" and r["unsupported"]
                 and r["name"][:1].isdigit())
    if not old:
        pytest.skip("no pyenv Python older than 3.8 here (pyenv's versions/ has none)")
    for version, executable in old:
        minor = ".".join(version.split(".")[:2])
        for args in (["find", "--python", minor], ["--python", minor, "--without-pip", "never-made"]):
            result = run([swift_venv, *args], env=home.env, cwd=home.root, check=False)
            assert result.returncode == 1 and result.stdout == "", result
            lines = result.stderr.splitlines()
            assert len(lines) == 1, result.stderr
            assert f"no Python that can be used matches {minor}: pyenv's {version} ({executable}) " in lines[0], lines[0]
            assert f"exists, but Python {version} is older than 3.8, the oldest swift-venv creates" in lines[0]
            assert not os.path.exists(os.path.join(home.root, "never-made"))
        # Its path given as --python: the same reason.
        result = run([swift_venv, "--python", executable, "--without-pip", "never-made"], env=home.env,
                     cwd=home.root, check=False)
        assert result.returncode == 1 and f"Python {version} is older than 3.8" in result.stderr, result
        assert not os.path.exists(os.path.join(home.root, "never-made"))
