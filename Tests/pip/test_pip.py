"""The pip suite (issue 6): seeding pip without running pip.

For every interpreter of the matrix (Tests/support/interpreters.py; an absent
one is skipped, by name), an environment made by swift-venv must hold the same
pip (and setuptools up to 3.11) as one made by the interpreter's own
`python -m venv`, and pip in it must work: --version, installing a wheel built
here, freeze and install -r, uninstalling itself. Then, on the last
interpreter present, the paths pip writes differently, the fallback and the
options.

Needs SWIFT_VENV_BIN (scripts/test exports it). The tests of one interpreter
run in the order written: each uses the environments the ones before made.
"""
import csv
import glob
import os
import subprocess
import urllib.request

import pytest
from conftest import BIN, PIP_ENV, interpreters, reference, run, same_as, seeded_same, site_packages, swift_venv


def python_name(python):
    return os.path.basename(python)


def paths(tmp, name):
    base = os.path.join(tmp, name)
    return base, tuple(os.path.join(base, n) for n in ("ours", "warm", "fresh"))


# The checks, shared by the matrix and the special cases.

def pip_version_names_env(env):
    out = run(os.path.join(env, "bin", "pip"), "--version")
    expected = "from %s/" % site_packages(env)
    assert expected in out, "%r lacks %r" % (out, expected)


def install_local_wheel(env, python, wheels):
    before = run(python, "-I", "-c", "import importlib.util as u; print(u.find_spec('hello') is None)")
    run(os.path.join(env, "bin", "pip"), "install", "--no-index", "--find-links", wheels, "hello")
    assert os.path.isfile(os.path.join(site_packages(env), "hello", "__init__.py")), "hello not in the environment"
    after = run(python, "-I", "-c", "import importlib.util as u; print(u.find_spec('hello') is None)")
    assert before == after == "True\n", "the base interpreter sees hello: %r %r" % (before, after)
    script = os.path.join(env, "bin", "hello")
    with open(script) as f:
        first = f.readline().rstrip("\n")
    env_python = os.path.join(env, "bin", python_name(python))
    if " " in env_python or len(env_python) + 3 > 127:
        assert first == "#!/bin/sh", first
    else:
        assert first == "#!" + env_python, "shebang %r, expected the environment's python %r" % (first, env_python)
    out = run(script)
    assert out.strip() == "hello from " + env, out


# Every interpreter of the matrix.

@pytest.mark.parametrize("name,python", interpreters.pytest_params(), scope="class")
class TestEachInterpreter:
    def test_reference_python_m_venv(self, name, python, reference_of):
        reference_of(name, python)

    def test_seeded_tree_equals_ensurepips_cold_cache(self, name, python, tmp, reference_of):
        ref = reference_of(name, python)
        _, (ours, _, _) = paths(tmp, name)
        swift_venv(python, ours)
        same_as(ours, ref)

    def test_seeded_tree_equals_ensurepips_warm_cache(self, name, python, tmp, reference_of):
        ref = reference_of(name, python)
        _, (_, warm, _) = paths(tmp, name)
        seeded_same(python, warm, ref)

    def test_bin_pip_version_names_the_environment(self, name, python, tmp):
        _, (ours, _, _) = paths(tmp, name)
        pip_version_names_env(ours)

    def test_pip_install_of_a_local_wheel_goes_into_the_environment(self, name, python, tmp, wheels):
        _, (ours, _, _) = paths(tmp, name)
        install_local_wheel(ours, python, wheels)

    def test_freeze_then_install_r_in_a_fresh_environment_freezes_the_same(self, name, python, tmp, wheels):
        base, (env, _, fresh) = paths(tmp, name)
        frozen = run(os.path.join(env, "bin", "pip"), "freeze")
        assert "hello==1.0" in frozen.splitlines(), frozen
        requirements = os.path.join(base, "requirements.txt")
        with open(requirements, "w") as f:
            f.write(frozen)
        swift_venv(python, fresh)
        run(os.path.join(fresh, "bin", "pip"), "install", "-r", requirements, "--no-index", "--find-links", wheels)
        again = run(os.path.join(fresh, "bin", "pip"), "freeze")
        assert again == frozen, "freeze differs:\n%s\nvs\n%s" % (frozen, again)

    def test_pip_uninstall_removes_every_file_seeded(self, name, python, tmp):
        _, (_, env, _) = paths(tmp, name)
        sp = site_packages(env)
        dists = sorted(d for d in os.listdir(sp) if d.endswith(".dist-info") and not d.startswith("hello"))
        assert dists, "nothing seeded"
        ours = {}
        for dist in dists:
            with open(os.path.join(sp, dist, "RECORD"), newline="") as f:
                ours[dist] = [os.path.normpath(os.path.join(sp, row[0])) for row in csv.reader(f) if row]
        # pip last: the other uninstalls need it.
        for dist in sorted(dists, key=lambda d: d.startswith("pip-")):
            project = dist.split("-")[0]
            run(os.path.join(env, "bin", "python"), "-m", "pip", "uninstall", "-y", project)
            left = [p for p in ours[dist] if os.path.lexists(p)]
            assert not left, "%s: left behind after uninstall: %s" % (project, left[:10])
        leftovers = sorted(set(os.listdir(sp)) - {"hello", "hello-1.0.dist-info", "__pycache__"})
        assert not leftovers, "site-packages still holds %s" % leftovers


# Paths pip writes differently, the fallback and the options, on one
# interpreter: the last of the matrix present.

LAST = [pytest.param(*interpreters.PRESENT[-1], id=interpreters.PRESENT[-1][0])] if interpreters.PRESENT else [
    pytest.param(None, None, id="none", marks=pytest.mark.skip(reason="no interpreter of the matrix is present"))]


@pytest.mark.parametrize("name,python", LAST, scope="class")
class TestOnOneInterpreter:
    # A space, and a path too long for a kernel shebang: pip's /bin/sh trick.
    @pytest.mark.parametrize("part", ["with space", "l" * 120], ids=["a path with a space", "a path over 127 bytes"])
    def test_pips_sh_shebang(self, name, python, part, tmp, wheels):
        ours = os.path.join(tmp, "o-" + part, "env")
        ref = os.path.join(tmp, "r-" + part, "env")
        reference(python, ref)
        swift_venv(python, ours)
        same_as(ours, ref)
        with open(os.path.join(ours, "bin", "pip")) as f:
            assert f.readline() == "#!/bin/sh\n", "expected the /bin/sh shebang"
        pip_version_names_env(ours)
        install_local_wheel(ours, python, wheels)

    def test_without_a_usable_cache_ensurepip_installs_the_same_pip(self, name, python, tmp, reference_of):
        env = os.path.join(tmp, "fallback", "env")
        environ = dict(PIP_ENV, SWIFT_VENV_CACHE_DIR="/dev/null/cache")
        log = swift_venv(python, env, "--verbose", environ=environ)
        assert "installing pip with ensurepip" in log, "ensurepip did not run:\n" + log
        same_as(env, reference_of(name, python))

    def test_four_creations_at_once_on_a_cold_cache_all_seed_the_same_pip(self, name, python, tmp, reference_of):
        environ = dict(PIP_ENV, SWIFT_VENV_CACHE_DIR=os.path.join(tmp, "concurrent-cache"))
        envs = [os.path.join(tmp, "concurrent", "env%d" % i) for i in range(4)]
        procs = [subprocess.Popen([BIN, "--python", python, env], env=environ, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT) for env in envs]
        for proc in procs:
            out = proc.communicate()[0].decode(errors="replace")
            assert proc.returncode == 0, out
        for env in envs:
            same_as(env, reference_of(name, python))

    def test_a_pruned_cache_entry_fails_once_cleanly_then_is_unpacked_again(self, name, python, tmp, reference_of):
        cache = os.path.join(tmp, "pruned-cache")
        environ = dict(PIP_ENV, SWIFT_VENV_CACHE_DIR=cache)
        swift_venv(python, os.path.join(tmp, "pruned", "first"), environ=environ)
        for init in glob.glob(os.path.join(cache, "wheels", "pip-*", "pip", "__init__.py")):
            os.remove(init)
        broken = subprocess.run([BIN, "--python", python, os.path.join(tmp, "pruned", "second")], env=environ,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        assert broken.returncode != 0 and b"run the command again" in broken.stdout, broken.stdout
        assert not os.path.exists(os.path.join(tmp, "pruned", "second")), "half environment left"
        swift_venv(python, os.path.join(tmp, "pruned", "second"), environ=environ)
        same_as(os.path.join(tmp, "pruned", "second"), reference_of(name, python))

    def test_upgrade_seeds_a_missing_pip_and_leaves_a_current_one_alone(self, name, python, tmp, reference_of):
        env = os.path.join(tmp, "upgrade", "env")
        swift_venv(python, env, "--without-pip")
        log = swift_venv(python, env, "--upgrade", "--verbose")
        assert "seeding pip-" in log, "--upgrade of an environment without pip did not seed:\n" + log
        same_as(env, reference_of(name, python))
        log = swift_venv(python, env, "--upgrade", "--verbose")
        assert "nothing to do" in log and "installing pip with ensurepip" not in log, log
        same_as(env, reference_of(name, python))

    def test_system_site_packages_seeds_pip_and_ends_with_true(self, name, python, tmp):
        env = os.path.join(tmp, "system-site", "env")
        swift_venv(python, env, "--system-site-packages")
        with open(os.path.join(env, "pyvenv.cfg")) as f:
            assert "include-system-site-packages = true\n" in f.read()
        pip_version_names_env(env)

    def test_without_pip_installs_no_pip(self, name, python, tmp):
        env = os.path.join(tmp, "without", "env")
        swift_venv(python, env, "--without-pip")
        assert not glob.glob(os.path.join(site_packages(env), "pip*")), "pip was installed"
        assert not os.path.exists(os.path.join(env, "bin", "pip"))

    def test_link_mode_copy_copies_instead_of_linking(self, name, python, tmp, reference_of):
        env = os.path.join(tmp, "copies", "env")
        swift_venv(python, env, environ=dict(PIP_ENV, SWIFT_VENV_LINK_MODE="copy"))
        same_as(env, reference_of(name, python))
        init = os.path.join(site_packages(env), "pip", "__init__.py")
        assert os.stat(init).st_nlink == 1, "copied files must not be hard links"
        pip_version_names_env(env)

    def test_upgrade_deps_upgrades_the_seeded_pip_from_pypi(self, name, python, tmp, reference_of, capsys):
        try:
            urllib.request.urlopen("https://pypi.org/simple/pip/", timeout=5).close()
        except Exception as error:
            pytest.skip("%s: --upgrade-deps: PyPI unreachable (%s)" % (name, error))
        env = os.path.join(tmp, "upgrade-deps", "env")
        seeded = run(os.path.join(reference_of(name, python), "bin", "pip"), "--version").split()[1]
        swift_venv(python, env, "--upgrade-deps")
        out = run(os.path.join(env, "bin", "pip"), "--version")
        assert "from %s/" % site_packages(env) in out, out
        version = out.split()[1]
        assert version != seeded, "pip %s was not upgraded" % seeded
        with capsys.disabled():
            print("\n    %s: pip %s upgraded to %s" % (name, seeded, version))
