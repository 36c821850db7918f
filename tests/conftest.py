"""Settings for the whole suite."""
from __future__ import annotations

import os

from hypothesis import settings

# CI runs the property tests on fixed examples (the same on every run, so a red CI is never a
# chance draw) and keeps no example database between runs; locally they search anew each run.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
