"""Settings for the whole suite."""
from __future__ import annotations

import pytest

from tests import ci, torch_build

pytest_plugins = ["tests.expected_skips", "pytester"]

PROFILE = ci.load_profile()


def pytest_sessionstart(session):
    if (why := torch_build.missing()) is not None:
        pytest.exit(why, returncode=pytest.ExitCode.USAGE_ERROR)


def pytest_report_header(config):
    return f"hypothesis profile: {PROFILE}"
