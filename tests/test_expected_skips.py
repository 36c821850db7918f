"""The skip rule itself: shown with its reason everywhere, a failure under CI unless listed."""
from __future__ import annotations

import pytest

from tests import expected_skips

SKIPPING = """
import pytest

def test_runs():
    assert True

@pytest.mark.parametrize("n", [1, 2])
def test_skips(n):
    pytest.skip("no frobnicator on this machine")
"""


def run(pytester, monkeypatch, ci: str | None):
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    pytester.makepyfile(test_tiny=SKIPPING)
    return pytester.runpytest("-p", "tests.expected_skips", "-rs", "-p", "no:cacheprovider")


def test_locally_a_skip_is_shown_with_its_reason_and_passes(pytester, monkeypatch):
    result = run(pytester, monkeypatch, ci=None)
    result.assert_outcomes(passed=1, skipped=2)
    result.stdout.fnmatch_lines(["SKIPPED*no frobnicator on this machine*"])


def test_in_ci_an_unlisted_skip_fails_the_run(pytester, monkeypatch):
    monkeypatch.setattr(expected_skips, "EXPECTED", {})
    result = run(pytester, monkeypatch, ci="true")
    result.assert_outcomes(passed=1, failed=2)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(["*unexpected skip in CI*no frobnicator*tests/expected_skips.py*"])


def test_in_ci_a_listed_skip_stays_a_skip(pytester, monkeypatch):
    monkeypatch.setattr(expected_skips, "EXPECTED", {"test_tiny.py::test_skips": "no frobnicator"})
    result = run(pytester, monkeypatch, ci="true")
    result.assert_outcomes(passed=1, skipped=2)
    assert result.ret == pytest.ExitCode.OK


def test_a_listing_covers_only_its_node_and_its_reason(pytester, monkeypatch):
    monkeypatch.setattr(expected_skips, "EXPECTED", {"test_tiny.py::test_skips[1]": "no frobnicator"})
    run(pytester, monkeypatch, ci="true").assert_outcomes(passed=1, skipped=1, failed=1)
    monkeypatch.setattr(expected_skips, "EXPECTED", {"test_tiny.py::test_skips": "another reason"})
    run(pytester, monkeypatch, ci="true").assert_outcomes(passed=1, failed=2)


def test_in_ci_a_skipped_module_fails_too(pytester, monkeypatch):
    monkeypatch.setenv("CI", "true")
    monkeypatch.setattr(expected_skips, "EXPECTED", {})
    pytester.makepyfile(test_gone='import pytest\npytest.importorskip("no_such_module_here")\n')
    result = pytester.runpytest("-p", "tests.expected_skips", "-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.INTERRUPTED  # a collection error stops the run
    result.stdout.fnmatch_lines(["*unexpected skip in CI*no_such_module_here*"])


def test_the_suite_s_own_listings_name_tests_that_exist():
    for node, reason in expected_skips.EXPECTED.items():
        assert reason, node
        path = node.split("::")[0]
        assert (expected_skips.ROOT / path).is_file(), node
