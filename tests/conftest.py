"""Settings for the whole suite."""
from __future__ import annotations

from pathlib import Path

import pytest

from deploy.replicas import find_nginx
from tests import ci, torch_build

ROOT = Path(__file__).resolve().parents[1]
pytest_plugins = ["tests.expected_skips", "pytester"]

PROFILE = ci.load_profile()
# Folders of tests that drive a browser or servers: seconds each, against milliseconds for most others.
LONG = ("e2e", "benchmarks", "deploy")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """The long tests first, each group in its usual order. pytest-xdist gives each worker a contiguous
    share and a worker that runs out takes from the end of another's: with the long tests last, one
    worker finished a browser test alone for minutes while the other had nothing left to take."""
    items.sort(key=lambda item: Path(str(item.fspath)).relative_to(ROOT).parts[1] not in LONG)


def pytest_sessionstart(session):
    if (why := torch_build.missing()) is not None:
        pytest.exit(why, returncode=pytest.ExitCode.USAGE_ERROR)


def pytest_report_header(config):
    return f"hypothesis profile: {PROFILE}"


@pytest.fixture(scope="session")
def nginx() -> str:
    """Debian's nginx, for tests/deploy and the fault tests: missing, those tests fail (never skip)."""
    found = find_nginx()
    if found is None:
        pytest.fail("nginx is missing: install Debian's package (apt-get install nginx; .ci/run does this)")
    return found
