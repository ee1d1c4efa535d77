"""Compares the pip that swift-venv seeded into one environment with the pip
ensurepip installed into another (`python -m venv`), file by file.

Usage: python3 pip_compare.py OURS REFERENCE
Prints each difference; exit status 1 if there is any.
"""
import csv, os, stat, sys


def tree(env):
    """{relative path: (kind, mode bits)} of lib/ and bin/, activation
    scripts and the python links left out."""
    found = {}
    for top in ("lib", "bin", "include"):
        base = os.path.join(env, top)
        for dirpath, dirnames, filenames in os.walk(base):
            for name in dirnames + filenames:
                path = os.path.join(dirpath, name)
                rel = os.path.relpath(path, env)
                if top == "bin" and (name.startswith("python") or name.lower().startswith("activate")):
                    continue
                st = os.lstat(path)
                kind = "dir" if stat.S_ISDIR(st.st_mode) else "link" if stat.S_ISLNK(st.st_mode) else "file"
                found[rel] = (kind, stat.S_IMODE(st.st_mode))
    return found


def records(env):
    """{dist-info name: {path: (hash, size)}}"""
    result = {}
    for dirpath, dirnames, filenames in os.walk(os.path.join(env, "lib")):
        if dirpath.endswith(".dist-info") and "RECORD" in filenames:
            with open(os.path.join(dirpath, "RECORD"), newline="") as f:
                result[os.path.basename(dirpath)] = {row[0]: (row[1], row[2]) for row in csv.reader(f)}
    return result


def main(ours, reference):
    problems = []
    a, b = tree(ours), tree(reference)
    for rel in sorted(set(a) | set(b)):
        if rel not in a:
            problems.append("missing in ours: " + rel)
        elif rel not in b:
            problems.append("extra in ours: " + rel)
        elif a[rel] != b[rel]:
            problems.append("%s: ours %s %o, reference %s %o" % (rel, a[rel][0], a[rel][1], b[rel][0], b[rel][1]))
        elif a[rel][0] == "file" and not rel.endswith(".pyc") and "/RECORD" not in rel:
            x = open(os.path.join(ours, rel), "rb").read().replace(os.fsencode(ours), b"ENV")
            y = open(os.path.join(reference, rel), "rb").read().replace(os.fsencode(reference), b"ENV")
            if x != y:
                problems.append("contents differ: " + rel)
    ra, rb = records(ours), records(reference)
    if set(ra) != set(rb):
        problems.append("dist-infos differ: %s vs %s" % (sorted(ra), sorted(rb)))
    for dist in sorted(set(ra) & set(rb)):
        x, y = ra[dist], rb[dist]
        for path in sorted(set(x) | set(y)):
            if path not in x:
                problems.append("%s RECORD lacks %s" % (dist, path))
            elif path not in y:
                problems.append("%s RECORD has extra %s" % (dist, path))
            elif x[path] != y[path] and not path.startswith("../"):
                # Scripts name the environment: their hashes differ by design.
                problems.append("%s RECORD %s: %s vs %s" % (dist, path, x[path], y[path]))
            elif path.startswith("../"):
                # Same size up to the environment path's length.
                pass
    for p in problems:
        print("  " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])))
