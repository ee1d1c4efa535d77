"""libvenv's PEP 517 build backend (in-tree: pyproject's backend-path).

It needs nothing but the standard library and the Swift toolchain, so
`pip install ./python`, `pip wheel ./python` and `python -m build python`
work offline, with no build dependency to download:

- build_wheel runs `swift build -c release` on the Swift package (the
  repository's top in a checkout, `swift/` in an sdist), with the flags
  scripts/install uses (Swift runtime linked in, no local rpath), and packs
  libvenv.so, stripped of debug information, into libvenv/ beside the Python
  sources. The wheel is tagged py3-none-<this platform> (linux_x86_64 here):
  the library is native code, the Python code runs on every 3.8+.
- build_sdist packs the Python package and the Swift package it builds
  from (Package.swift and every target's sources) under swift/.

The Swift toolchain is found as $SWIFT, else `swift` on PATH, else
/opt/swift/usr/bin/swift. Package metadata comes from pyproject.toml's
[project] table (only the flat `key = "string"` entries this file uses).
"""
from __future__ import annotations

import base64
import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import tempfile
import zipfile

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # python/ (or the sdist's top)

#: What the Swift build needs, relative to the Swift package's top: the
#: manifest names every target, so each target's directory must be there.
SWIFT_PARTS = [
    "Package.swift", "include", "Sources", "Plugins",
    "Tests/VenvCoreTests", "Tests/VenvCoreIntegrationTests", "Tests/fuzz/Target",
    "scripts/bench-support/resolve-bench",
]

# ------------------------------------------------------------------ metadata


def _project():
    """[project]'s flat string entries, and the readme's text."""
    with open(os.path.join(HERE, "pyproject.toml"), encoding="utf-8") as stream:
        text = stream.read()
    table = re.search(r"^\[project\]\s*$(.*?)(?=^\[|\Z)", text, re.M | re.S)
    if not table:
        raise RuntimeError("pyproject.toml has no [project] table")
    values = dict(re.findall(r'^([A-Za-z][A-Za-z0-9_-]*)\s*=\s*"([^"]*)"\s*$', table.group(1), re.M))
    for key in ("name", "version"):
        if key not in values:
            raise RuntimeError("pyproject.toml's [project] needs %s = \"...\"" % key)
    return values


def _entry_points() -> str:
    """entry_points.txt from pyproject.toml's [project.entry-points."GROUP"]
    tables (name = "module:object" lines), "" when there are none."""
    with open(os.path.join(HERE, "pyproject.toml"), encoding="utf-8") as stream:
        text = stream.read()
    sections = []
    for group, body in re.findall(r'^\[project\.entry-points\."([^"]+)"\]\s*$(.*?)(?=^\[|\Z)', text, re.M | re.S):
        entries = re.findall(r'^([A-Za-z0-9_.-]+)\s*=\s*"([^"]*)"\s*$', body, re.M)
        sections.append("[%s]\n" % group + "".join("%s = %s\n" % entry for entry in entries))
    return "\n".join(sections)


def _metadata(project) -> str:
    lines = [
        "Metadata-Version: 2.1",
        "Name: %s" % project["name"],
        "Version: %s" % project["version"],
    ]
    if "description" in project:
        lines.append("Summary: %s" % project["description"])
    if "requires-python" in project:
        lines.append("Requires-Python: %s" % project["requires-python"])
    lines.append("License: Apache-2.0")
    body = ""
    readme = project.get("readme")
    if readme:
        lines.append("Description-Content-Type: text/markdown")
        with open(os.path.join(HERE, readme), encoding="utf-8") as stream:
            body = "\n" + stream.read()
    return "\n".join(lines) + "\n" + body


def _platform_tag() -> str:
    return re.sub(r"[^A-Za-z0-9_]", "_", sysconfig.get_platform())


#: Libraries every manylinux system provides (PEP 600 and auditwheel's
#: policies: glibc's own, the GCC runtime, zlib).
MANYLINUX_LIBRARIES = {
    "libc.so.6", "libm.so.6", "libdl.so.2", "librt.so.1", "libpthread.so.0", "libgcc_s.so.1",
    "libstdc++.so.6", "libz.so.1", "ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1",
}


def _wheel_tag(library: str = "") -> str:
    """py3-none-manylinux_X_Y_ARCH when the library needs only the libraries
    above and glibc X.Y at most (PEP 600: it runs on any glibc >= X.Y), else
    py3-none-<this platform> (linux_x86_64). readelf says what it needs; the
    test suite checks the result against auditwheel's verdict."""
    platform = _platform_tag()
    manylinux = _manylinux_tag(library, platform) if library and platform.startswith("linux_") else None
    return "py3-none-" + (manylinux or platform)


def _manylinux_tag(library: str, platform: str):
    readelf = shutil.which("readelf")
    if not readelf:
        return None
    try:
        dynamic = subprocess.run([readelf, "-d", library], check=True, stdout=subprocess.PIPE,
                                 universal_newlines=True).stdout
        versions = subprocess.run([readelf, "-V", library], check=True, stdout=subprocess.PIPE,
                                  universal_newlines=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    needed = set(re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", dynamic))
    if not needed <= MANYLINUX_LIBRARIES:
        return None
    glibc = [tuple(int(n) for n in v.split(".")) for v in re.findall(r"Name: GLIBC_([0-9.]+)", versions)]
    if not glibc:
        return None
    newest = max(glibc)
    return "manylinux_%d_%d_%s" % (newest[0], newest[1], platform[len("linux_"):])


def _dist_info(project) -> str:
    return "%s-%s.dist-info" % (project["name"], project["version"])


def _wheel_file(tag: str) -> str:
    return "Wheel-Version: 1.0\nGenerator: libvenv_build\nRoot-Is-Purelib: false\nTag: %s\n" % tag


# ------------------------------------------------------------ the Swift part


def _swift_root() -> str:
    for candidate in (os.path.join(HERE, "swift"), os.path.dirname(HERE)):
        if os.path.isfile(os.path.join(candidate, "Package.swift")):
            return candidate
    raise RuntimeError("libvenv: no Swift package (Package.swift) in %s/swift or %s"
                       % (HERE, os.path.dirname(HERE)))


def _swift() -> str:
    for candidate in (os.environ.get("SWIFT"), shutil.which("swift"), "/opt/swift/usr/bin/swift"):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    raise RuntimeError("libvenv: building it needs the Swift toolchain (6.1 or later); put `swift` on PATH "
                       "or set SWIFT to its path")


def _build_library(config_settings=None) -> str:
    """Builds libvenv.so (release) and returns its path. The config setting
    optimize=no (`python -m build -C optimize=no`) keeps the release
    configuration (the same manifest, sources, flags and link) with the
    optimizer off: a library as users build it but for its speed, in a
    third of the CPU time, for checks that the package builds."""
    root, swift = _swift_root(), _swift()
    flags = ["-c", "release", "--static-swift-stdlib", "--disable-local-rpath"]
    optimize = (config_settings or {}).get("optimize", "yes")
    if optimize not in ("yes", "no"):
        raise RuntimeError("libvenv: the config setting optimize is yes or no, not %r" % (optimize,))
    if optimize == "no":
        flags += ["-Xswiftc", "-Onone"]
    print("libvenv: building libvenv.so in %s with %s build %s" % (root, swift, " ".join(flags)), file=sys.stderr)
    # swift build's progress goes to stderr, where pip shows it with -v.
    subprocess.run([swift, "build", *flags, "--product", "venv"], cwd=root, check=True,
                   stdout=sys.stderr)
    bin_dir = subprocess.run([swift, "build", *flags, "--show-bin-path"], cwd=root, check=True,
                             stdout=subprocess.PIPE, universal_newlines=True).stdout.strip()
    library = os.path.join(bin_dir, "libvenv.so")
    if not os.path.isfile(library):
        raise RuntimeError("libvenv: swift build made no %s" % library)
    return library


def _stripped(library: str) -> bytes:
    """The library without debug information (as scripts/install installs it)."""
    with tempfile.TemporaryDirectory() as scratch:
        copy = os.path.join(scratch, "libvenv.so")
        shutil.copyfile(library, copy)
        if shutil.which("strip"):
            subprocess.run(["strip", "--strip-debug", copy], check=True)
        with open(copy, "rb") as stream:
            return stream.read()


# ------------------------------------------------------------------- hooks


def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    project = _project()
    dist_info = os.path.join(metadata_directory, _dist_info(project))
    os.makedirs(dist_info, exist_ok=True)
    with open(os.path.join(dist_info, "METADATA"), "w", encoding="utf-8") as stream:
        stream.write(_metadata(project))
    entry_points = _entry_points()
    if entry_points:
        with open(os.path.join(dist_info, "entry_points.txt"), "w", encoding="utf-8") as stream:
            stream.write(entry_points)
    return _dist_info(project)


def _record_row(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode("ascii")
    return "%s,sha256=%s,%d" % (name, digest, len(data))


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    project = _project()
    built = _build_library(config_settings)
    tag = _wheel_tag(built)
    library = _stripped(built)
    dist_info = _dist_info(project)
    files = []  # (archive name, bytes, mode)
    package = os.path.join(HERE, "src", "libvenv")
    for name in sorted(os.listdir(package)):
        path = os.path.join(package, name)
        if os.path.isfile(path) and (name.endswith(".py") or name == "py.typed"):
            with open(path, "rb") as stream:
                files.append(("libvenv/" + name, stream.read(), 0o644))
    files.append(("libvenv/libvenv.so", library, 0o755))
    files.append((dist_info + "/METADATA", _metadata(project).encode("utf-8"), 0o644))
    files.append((dist_info + "/WHEEL", _wheel_file(tag).encode("utf-8"), 0o644))
    files.append((dist_info + "/top_level.txt", b"libvenv\n", 0o644))
    entry_points = _entry_points()
    if entry_points:
        files.append((dist_info + "/entry_points.txt", entry_points.encode("utf-8"), 0o644))
    record = [_record_row(name, data) for name, data, _ in files] + [dist_info + "/RECORD,,"]
    files.append((dist_info + "/RECORD", ("\n".join(record) + "\n").encode("utf-8"), 0o644))

    filename = "%s-%s-%s.whl" % (project["name"], project["version"], tag)
    with zipfile.ZipFile(os.path.join(wheel_directory, filename), "w", zipfile.ZIP_DEFLATED) as wheel:
        for name, data, mode in files:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = (0o100000 | mode) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            wheel.writestr(info, data)
    return filename


def build_sdist(sdist_directory, config_settings=None):
    project = _project()
    base = "%s-%s" % (project["name"], project["version"])
    root = _swift_root()
    filename = base + ".tar.gz"

    def keep(info: tarfile.TarInfo):
        parts = info.name.split("/")
        if "__pycache__" in parts or ".build" in parts or info.name.endswith((".pyc", ".so")):
            return None
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        info.mtime = 0
        return info

    with tarfile.open(os.path.join(sdist_directory, filename), "w:gz", format=tarfile.PAX_FORMAT) as sdist:
        for name in ("pyproject.toml", project.get("readme", "README.md"), "src", "build_backend", "tests"):
            path = os.path.join(HERE, name)
            if os.path.exists(path):
                sdist.add(path, base + "/" + name, filter=keep)
        for name in SWIFT_PARTS:
            sdist.add(os.path.join(root, name), base + "/swift/" + name, filter=keep)
        pkg_info = _metadata(project).encode("utf-8")
        info = tarfile.TarInfo(base + "/PKG-INFO")
        info.size, info.mode = len(pkg_info), 0o644
        sdist.addfile(info, io.BytesIO(pkg_info))
    return filename
