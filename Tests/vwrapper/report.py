"""Reads virtualenvwrapper's run_tests output (shunit2 2.1.5 prints each test's
name on a line of its own, then `ASSERT:...` for every failed assertion) and
judges every test function of its tests/*.sh, shell by shell: a test listed in
internals.txt is skipped (with its reason); any other passes only if it ran
and no assertion failed.

    python report.py internals.txt TESTS_DIR SHELL LOG [SHELL LOG ...]

Prints each failure with its assertions, each skip's reason once, and last
the line 'N passed, N failed, N skipped'. Exits 1 if a test failed."""
import os
import re
import sys


def listed(path):
    """{'file.sh:test_name': reason} from 'file.sh:test_name  reason' lines
    ('file.sh:*' names every test of the file)."""
    out = {}
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if line and not line.startswith("#"):
            key, _, reason = line.partition(" ")
            out[key] = reason.strip()
    return out


def tests_in(tests_dir):
    """Every test function, as shunit2 finds them: 'file.sh:test_name'."""
    out = []
    seen = set()
    for name in sorted(os.listdir(tests_dir)):
        if name.startswith("test") and name.endswith(".sh"):
            for line in open(os.path.join(tests_dir, name), encoding="utf-8"):
                m = re.match(r"(test[A-Za-z0-9_]*) *\(\)", line)
                key = "%s:%s" % (name, m.group(1)) if m else None
                if key and key not in seen:
                    seen.add(key)
                    out.append(key)
    return out


def results(log):
    """{'file.sh:test_name': [failed assertion, ...]} for every test that ran."""
    ran, script, current = {}, None, None

    def unfinished():
        # A script that stops before shunit2's report: its last test failed.
        if current:
            ran[current].append("the test script ended in this test, before shunit2's report")
    for line in open(log, encoding="utf-8", errors="replace"):
        line = line.rstrip("\n")
        m = re.match(r"Running .* tests/(test\S*\.sh)$", line)
        if m:
            unfinished()
            script, current = m.group(1), None
        elif script and re.fullmatch(r"test[A-Za-z0-9_]*", line):
            current = "%s:%s" % (script, line)
            ran.setdefault(current, [])
        elif re.fullmatch(r"Ran \d+ tests?\.", line):
            current = None
        elif current and line.startswith("ASSERT:"):
            ran[current].append(line)
    unfinished()
    return ran


def main(argv):
    internals, tests_dir, pairs = listed(argv[1]), argv[2], argv[3:]
    every = tests_in(tests_dir)
    files = {test.split(":")[0] for test in every}
    unknown = sorted(k for k in internals if k not in every and not (k.endswith(":*") and k[:-2] in files))

    def reason(test):
        return internals.get(test) or internals.get(test.split(":")[0] + ":*")
    passed = failed = skipped = 0
    for shell, log in zip(pairs[::2], pairs[1::2]):
        ran = results(log)
        for test in every:
            if reason(test):
                skipped += 1
            elif test not in ran:
                failed += 1
                print("FAIL %s %s: did not run (see the log's end)" % (shell, test))
            elif ran[test]:
                failed += 1
                print("FAIL %s %s" % (shell, test))
                for a in ran[test][:5]:
                    print("    " + a[:300])
            else:
                passed += 1
    for test in sorted(internals):
        print("skipped %s: %s" % (test, internals[test]))
    for test in unknown:
        failed += 1
        print("FAIL internals.txt names %s, which the sdist does not have" % test)
    print("%d passed, %d failed, %d skipped" % (passed, failed, skipped))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
