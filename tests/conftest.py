"""Settings for the whole suite."""
from __future__ import annotations

import os

import pytest
from hypothesis import settings

from deploy.replicas import find_nginx

# CI runs the property tests on fixed examples (the same on every run, so a red CI is never a
# chance draw) and keeps no example database between runs; locally they search anew each run.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(scope="session")
def nginx() -> str:
    """Debian's nginx, for tests/deploy and the fault tests: missing, those tests fail (never skip)."""
    found = find_nginx()
    if found is None:
        pytest.fail("nginx is missing: install Debian's package (apt-get install nginx; .ci/run does this)")
    return found
