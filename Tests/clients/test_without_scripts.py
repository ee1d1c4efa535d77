"""Creation without activation scripts (issue 23): `--without-scripts`,
EnvBuilder(scripts=False) and the C option `scripts = 0` (Tests/capi) leave
out the activation scripts and, with them, the path rules that exist only
for them; a directory holding files is used as venv uses it."""
import os

import pytest

import libvenv
import testkit
from conftest import BIN, PYTHON, run

# Paths our activation scripts refuse and venv accepts.
HOSTILE = ["per%cent", "i\u012fogonek", "tab\there", "esc\x1b[31mape", "ideo\u3000space"]


def create(how, env, *flags):
    if how == "cli":
        return run(BIN, "--python", PYTHON, "--without-pip", *flags, env, check=False)
    try:
        libvenv.EnvBuilder(with_pip=False, symlinks=True, python=PYTHON,
                           scripts="--without-scripts" not in flags).create(str(env))
    except libvenv.VenvError as error:
        return type("R", (), {"returncode": 1, "stdout": str(error)})
    return type("R", (), {"returncode": 0, "stdout": ""})


@pytest.mark.parametrize("how", ["cli", "python"])
@pytest.mark.parametrize("name", HOSTILE)
def test_only_venvs_path_rules(tmp_path, how, name):
    env = tmp_path / name
    refused = create(how, env)
    assert refused.returncode != 0 and not env.exists(), "activation scripts could not name it: refused"
    assert create(how, env, "--without-scripts").returncode == 0
    assert not [n for n in os.listdir(env / "bin") if "ctivate" in n]
    assert run(env / "bin" / "python", "-c", "import sys; print(sys.prefix)").stdout == str(env) + "\n"
    # venv's own rule stays: ':' is refused either way.
    assert create(how, tmp_path / "a:b", "--without-scripts").returncode != 0


@pytest.mark.parametrize("how", ["cli", "python"])
def test_same_tree_as_venv_but_the_scripts(tmp_path, how):
    ours, ref = tmp_path / "ours" / "env", tmp_path / "ref" / "env"
    assert create(how, ours, "--without-scripts").returncode == 0
    run(PYTHON, "-m", "venv", "--without-pip", ref)

    def tree(root):
        return sorted(path for path in testkit.snapshot(root) if "ctivate" not in os.path.basename(path))
    assert tree(ours) == tree(ref)


@pytest.mark.parametrize("how", ["cli", "python"])
def test_files_in_the_way_are_replaced_as_venv_replaces_them(tmp_path, how):
    env = tmp_path / "env"
    (env / "bin").mkdir(parents=True)
    (env / "bin" / "python").write_text("in the way\n")
    (env / "keep.txt").write_text("mine\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (env / "lib").symlink_to(elsewhere)
    if how == "cli":
        result = create(how, env)
        assert result.returncode != 0 and (env / "bin" / "python").read_text() == "in the way\n"
    assert create(how, env, "--without-scripts").returncode == 0
    assert os.path.islink(env / "bin" / "python")
    assert not os.path.islink(env / "lib") and os.listdir(elsewhere) == []
    assert (env / "keep.txt").read_text() == "mine\n"
    assert run(env / "bin" / "python", "-c", "import sys; print(sys.prefix)").stdout == str(env) + "\n"


def test_command_line_records_the_flag(tmp_path):
    env = tmp_path / "env"
    run(BIN, "--python", PYTHON, "--without-pip", "--without-scripts", env)
    command = [line for line in (env / "pyvenv.cfg").read_text().splitlines() if line.startswith("command = ")]
    assert not command or " --without-scripts " in command[0]
