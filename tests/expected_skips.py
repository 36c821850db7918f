"""Every skip the suite expects, with its reason, and the rule that any other skip fails CI.

A skip hides a check. Locally one is shown with its reason (`-rs`); under CI=true a skip not
listed here fails its test, so that no cross-check silently stops running on a CI machine.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.ci import on_ci

ROOT = Path(__file__).resolve().parents[1]

# node id (or the start of one: a test's every parametrisation) -> the reason its skip gives
EXPECTED: dict[str, str] = {}


def expected(nodeid: str, reason: str) -> bool:
    """Is this skip listed, for this node and with this reason?"""
    return any((nodeid == node or nodeid.startswith(node + "[")) and why in reason
               for node, why in EXPECTED.items())


def _reason(report) -> str:
    longrepr = report.longrepr
    return longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)


def _fail_if_unexpected(report) -> None:
    if report.skipped and not hasattr(report, "wasxfail") and on_ci():
        reason = _reason(report)
        if not expected(report.nodeid, reason):
            report.outcome = "failed"
            report.longrepr = (f"unexpected skip in CI ({reason}): make the test run, or list it with its "
                               "reason in tests/expected_skips.py")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    _fail_if_unexpected(outcome.get_result())


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector):
    outcome = yield
    _fail_if_unexpected(outcome.get_result())
