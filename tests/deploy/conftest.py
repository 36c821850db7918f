"""Tests of deploy/: nginx from Debian in front of app processes. Without nginx they fail, never skip."""
from __future__ import annotations

import pytest

from deploy.replicas import find_nginx


@pytest.fixture(scope="session")
def nginx() -> str:
    found = find_nginx()
    if found is None:
        pytest.fail("nginx is missing: install Debian's package (apt-get install nginx; .ci/run does this)")
    return found
