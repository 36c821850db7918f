"""Settings for the whole suite."""
from __future__ import annotations

import pytest

from deploy.replicas import find_nginx
from tests import ci, torch_build

pytest_plugins = ["tests.expected_skips", "pytester"]

PROFILE = ci.load_profile()


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
