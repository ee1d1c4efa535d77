"""Runs the running interpreter's own test.test_venv with venv.EnvBuilder
and venv.create replaced by libvenv's, and writes each test's outcome as
JSON: {"test id": ["passed" | "failed" | "error" | "skipped", detail]}.

    python run_cpython_venv_tests.py RESULTS.json [unittest name patterns...]

Written for tests/test_cpython_venv.py (one run per interpreter of the
matrix); also usable by hand.
"""
import json
import sys
import unittest

import venv

import libvenv

venv.EnvBuilder = libvenv.EnvBuilder
venv.create = libvenv.create

from test import test_venv  # noqa: E402  (imported after the swap, as a user would)


class Recorder(unittest.TextTestResult):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.outcomes = {}

    def _record(self, test, outcome, detail=""):
        # A failing subTest is recorded under its parent's id.
        test_id = getattr(test, "test_case", test).id()
        if self.outcomes.get(test_id, ("passed",))[0] == "passed" or outcome != "passed":
            self.outcomes[test_id] = (outcome, detail)

    def addSuccess(self, test):
        super().addSuccess(test)
        self._record(test, "passed")

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._record(test, "failed", self._exc_info_to_string(err, test))

    def addError(self, test, err):
        super().addError(test, err)
        self._record(test, "error", self._exc_info_to_string(err, test))

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self._record(test, "skipped", reason)

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:
            kind = "failed" if issubclass(err[0], test.failureException) else "error"
            self._record(test, kind, "%s: %s" % (subtest, self._exc_info_to_string(err, test)))


def main():
    out = sys.argv[1]
    loader = unittest.TestLoader()
    if len(sys.argv) > 2:
        loader.testNamePatterns = sys.argv[2:]
    suite = loader.loadTestsFromModule(test_venv)
    runner = unittest.TextTestRunner(resultclass=Recorder, verbosity=2, stream=sys.stderr)
    result = runner.run(suite)
    with open(out, "w") as stream:
        json.dump(result.outcomes, stream, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
