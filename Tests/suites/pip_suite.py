"""The pip suite (issue 6): seeding pip without running pip.

For every interpreter present (Debian's /usr/bin/python3.11 and pyenv's 3.8
to 3.13; an absent one is named and skipped), an environment made by
swift-venv must hold the same pip (and setuptools up to 3.11) as one made by
the interpreter's own `python -m venv`, and pip in it must work: --version,
installing a wheel built here, freeze and install -r, uninstalling itself.

Needs SWIFT_VENV_BIN (scripts/test exports it). Prints "N passed, N failed".
"""
import base64, csv, glob, hashlib, io, os, shutil, subprocess, sys, tempfile, zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pip_compare

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.environ.get("SWIFT_VENV_BIN") or os.path.join(ROOT, ".build/release/swift-venv")
PYENV = os.path.expanduser("~/.pyenv/versions")
WANTED = [("debian-3.11", "/usr/bin/python3.11")] + [
    ("pyenv-3.%d" % minor, "%s/3.%d.*/bin/python3.%d" % (PYENV, minor, minor)) for minor in range(8, 14)
]
PIP_ENV = dict(os.environ, PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INPUT="1", PIP_NO_CACHE_DIR="1")
for key in ("PYTHONHOME", "PYTHONPATH", "VIRTUAL_ENV", "PIP_CONFIG_FILE", "PIP_INDEX_URL", "PIP_FIND_LINKS"):
    PIP_ENV.pop(key, None)

passed, failed = 0, []


def check(name, fn, *args):
    global passed
    try:
        fn(*args)
    except Exception as error:  # a failed check, whatever raised it
        failed.append(name)
        print("FAIL %s\n    %s" % (name, str(error).replace("\n", "\n    ")))
    else:
        passed += 1
        print("ok   %s" % name)


def run(*args, env=None, cwd=None):
    result = subprocess.run([str(a) for a in args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            env=env or PIP_ENV, cwd=cwd)
    if result.returncode != 0:
        raise AssertionError("%s: exit %d\n%s" % (" ".join(map(str, args)), result.returncode,
                                                  result.stdout.decode(errors="replace")[-2000:]))
    return result.stdout.decode()


def swift_venv(python, env, *flags, environ=None):
    return run(BIN, "--python", python, *flags, env, env=environ)


def reference(python, env, *flags):
    run(python, "-m", "venv", *flags, env, env=dict(PIP_ENV))


def same_as(ours, ref):
    out = io.StringIO()
    saved, sys.stdout = sys.stdout, out
    try:
        status = pip_compare.main(os.path.abspath(ours), os.path.abspath(ref))
    finally:
        sys.stdout = saved
    if status:
        raise AssertionError("differs from python -m venv:\n" + out.getvalue()[:3000])


def seeded_same(python, env, ref):
    log = swift_venv(python, env, "--verbose")
    assert "seeding pip-" in log and "ensurepip" not in log, "not seeded:\n" + log
    same_as(env, ref)


def site_packages(env):
    found = glob.glob(os.path.join(env, "lib", "python3.*", "site-packages"))
    assert len(found) == 1, found
    return found[0]


def build_wheel(directory, name="hello", version="1.0"):
    """A pure-Python wheel with a console script, made by hand."""
    dist = "%s-%s.dist-info" % (name, version)
    files = {
        "%s/__init__.py" % name: "import sys\n\ndef main():\n    print('%s from', sys.prefix)\n" % name,
        dist + "/METADATA": "Metadata-Version: 2.1\nName: %s\nVersion: %s\n" % (name, version),
        dist + "/WHEEL": "Wheel-Version: 1.0\nGenerator: pip_suite\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
        dist + "/entry_points.txt": "[console_scripts]\n%s = %s:main\n" % (name, name),
    }
    record = []
    for path, text in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=").decode()
        record.append("%s,sha256=%s,%d\n" % (path, digest, len(text.encode())))
    record.append(dist + "/RECORD,,\n")
    path = os.path.join(directory, "%s-%s-py3-none-any.whl" % (name, version))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as whl:
        for member, text in files.items():
            whl.writestr(member, text)
        whl.writestr(dist + "/RECORD", "".join(record))
    return path


def python_name(python):
    return os.path.basename(python)


# The checks.

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


def freeze_round_trip(python, env, fresh, wheels, tmp):
    frozen = run(os.path.join(env, "bin", "pip"), "freeze")
    assert "hello==1.0" in frozen.splitlines(), frozen
    requirements = os.path.join(tmp, "requirements.txt")
    with open(requirements, "w") as f:
        f.write(frozen)
    swift_venv(python, fresh)
    run(os.path.join(fresh, "bin", "pip"), "install", "-r", requirements, "--no-index", "--find-links", wheels)
    again = run(os.path.join(fresh, "bin", "pip"), "freeze")
    assert again == frozen, "freeze differs:\n%s\nvs\n%s" % (frozen, again)


def uninstall_removes_all(env):
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


def main():
    if not os.access(BIN, os.X_OK):
        print("no swift-venv at %s: run scripts/test, or set SWIFT_VENV_BIN" % BIN)
        return 1
    tmp = tempfile.mkdtemp(prefix="swift-venv-pip-")
    wheels = os.path.join(tmp, "wheels")
    os.mkdir(wheels)
    build_wheel(wheels)
    present = []
    for label, pattern in WANTED:
        found = sorted(glob.glob(pattern))
        if found:
            present.append((label, found[-1]))
        else:
            print("SKIPPED %s: no interpreter at %s" % (label, pattern))
    try:
        for label, python in present:
            base = os.path.join(tmp, label)
            ours, ref, warm, fresh = (os.path.join(base, n) for n in ("ours", "refs", "warm", "fresh"))
            check("%s: reference python -m venv" % label, reference, python, ref)
            check("%s: seeded tree equals ensurepip's (cold cache)" % label, lambda: (swift_venv(python, ours), same_as(ours, ref)))
            check("%s: seeded tree equals ensurepip's (warm cache)" % label, seeded_same, python, warm, ref)
            check("%s: bin/pip --version names the environment" % label, pip_version_names_env, ours)
            check("%s: pip install of a local wheel goes into the environment" % label, install_local_wheel, ours, python, wheels)
            check("%s: freeze, then install -r in a fresh environment, freezes the same" % label,
                  freeze_round_trip, python, ours, fresh, wheels, base)
            check("%s: pip uninstall removes every file seeded" % label, uninstall_removes_all, warm)

        if present:
            label, python = present[-1]
            special(label, python, tmp, wheels)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("%d passed, %d failed" % (passed, len(failed)))
    return 1 if failed else 0


def special(label, python, tmp, wheels):
    """Paths pip writes differently, the fallback and the options, on one interpreter."""
    # A space, and a path too long for a kernel shebang: pip's /bin/sh trick.
    long_part = "l" * 120
    for name, part in (("a path with a space", "with space"), ("a path over 127 bytes", long_part)):
        ours = os.path.join(tmp, "o-" + part, "env")
        ref = os.path.join(tmp, "r-" + part, "env")
        def spaced(ours=ours, ref=ref):
            reference(python, ref)
            swift_venv(python, ours)
            same_as(ours, ref)
            with open(os.path.join(ours, "bin", "pip")) as f:
                assert f.readline() == "#!/bin/sh\n", "expected the /bin/sh shebang"
            pip_version_names_env(ours)
            install_local_wheel(ours, python, wheels)
        check("%s: %s" % (label, name), spaced)

    # No usable wheel cache: ensurepip installs pip, as venv does.
    def fallback():
        env = os.path.join(tmp, "fallback", "env")
        ref = os.path.join(tmp, label, "refs")
        environ = dict(PIP_ENV, SWIFT_VENV_CACHE_DIR="/dev/null/cache")
        log = swift_venv(python, env, "--verbose", environ=environ)
        assert "installing pip with ensurepip" in log, "ensurepip did not run:\n" + log
        same_as(env, ref)
    check("%s: without a usable cache, ensurepip installs the same pip" % label, fallback)

    def concurrent_cold():
        environ = dict(PIP_ENV, SWIFT_VENV_CACHE_DIR=os.path.join(tmp, "concurrent-cache"))
        envs = [os.path.join(tmp, "concurrent", "env%d" % i) for i in range(4)]
        procs = [subprocess.Popen([BIN, "--python", python, env], env=environ, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT) for env in envs]
        for proc in procs:
            out = proc.communicate()[0].decode(errors="replace")
            assert proc.returncode == 0, out
        for env in envs:
            same_as(env, os.path.join(tmp, label, "refs"))
    check("%s: four creations at once on a cold cache all seed the same pip" % label, concurrent_cold)

    def pruned_cache():
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
        same_as(os.path.join(tmp, "pruned", "second"), os.path.join(tmp, label, "refs"))
    check("%s: a pruned cache entry fails once, cleanly, then is unpacked again" % label, pruned_cache)

    def upgrade_existing():
        env = os.path.join(tmp, "upgrade", "env")
        swift_venv(python, env, "--without-pip")
        log = swift_venv(python, env, "--upgrade", "--verbose")
        assert "seeding pip-" in log, "--upgrade of an environment without pip did not seed:\n" + log
        same_as(env, os.path.join(tmp, label, "refs"))
        log = swift_venv(python, env, "--upgrade", "--verbose")
        assert "nothing to do" in log and "installing pip with ensurepip" not in log, log
        same_as(env, os.path.join(tmp, label, "refs"))
    check("%s: --upgrade seeds a missing pip and leaves a current one alone" % label, upgrade_existing)

    def system_site():
        env = os.path.join(tmp, "system-site", "env")
        swift_venv(python, env, "--system-site-packages")
        with open(os.path.join(env, "pyvenv.cfg")) as f:
            assert "include-system-site-packages = true\n" in f.read()
        pip_version_names_env(env)
    check("%s: --system-site-packages seeds pip and ends with true" % label, system_site)

    def without_pip():
        env = os.path.join(tmp, "without", "env")
        swift_venv(python, env, "--without-pip")
        assert not glob.glob(os.path.join(site_packages(env), "pip*")), "pip was installed"
        assert not os.path.exists(os.path.join(env, "bin", "pip"))
    check("%s: --without-pip installs no pip" % label, without_pip)

    def hardlinks_off():
        env = os.path.join(tmp, "copies", "env")
        swift_venv(python, env, environ=dict(PIP_ENV, SWIFT_VENV_LINK_MODE="copy"))
        same_as(env, os.path.join(tmp, label, "refs"))
        init = os.path.join(site_packages(env), "pip", "__init__.py")
        assert os.stat(init).st_nlink == 1, "copied files must not be hard links"
        pip_version_names_env(env)
    check("%s: SWIFT_VENV_LINK_MODE=copy copies instead of linking" % label, hardlinks_off)

    # --upgrade-deps needs PyPI.
    try:
        import urllib.request
        urllib.request.urlopen("https://pypi.org/simple/pip/", timeout=5).close()
        online = True
    except Exception as error:
        print("SKIPPED %s: --upgrade-deps: PyPI unreachable (%s)" % (label, error))
        online = False
    if online:
        def upgrade_deps():
            env = os.path.join(tmp, "upgrade-deps", "env")
            seeded = run(os.path.join(tmp, label, "refs", "bin", "pip"), "--version").split()[1]
            swift_venv(python, env, "--upgrade-deps")
            out = run(os.path.join(env, "bin", "pip"), "--version")
            assert "from %s/" % site_packages(env) in out, out
            version = out.split()[1]
            assert version != seeded, "pip %s was not upgraded" % seeded
            print("    pip %s upgraded to %s" % (seeded, version))
        check("%s: --upgrade-deps upgrades the seeded pip from PyPI" % label, upgrade_deps)


if __name__ == "__main__":
    sys.exit(main())
