"""Settings for the whole suite."""
from __future__ import annotations

import os

import pytest
from hypothesis import settings

from tests import torch_build

pytest_plugins = ["tests.expected_skips", "pytester"]

# CI runs the property tests on fixed examples (the same on every run, so a red CI is never a
# chance draw) and keeps no example database between runs; locally they search anew each run.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


def pytest_sessionstart(session):
    if (why := torch_build.missing()) is not None:
        pytest.exit(why, returncode=pytest.ExitCode.USAGE_ERROR)
