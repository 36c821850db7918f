"""What changes when the suite runs in CI (CI=true): the Hypothesis profile and the skip rule.

CI runs the property tests derandomised (the same examples on every run, so a red CI is never a
chance draw, and a failure reproduces) with no example database, and more examples where a
test asks for them (`examples`); locally ("dev") they search anew on each run, fewer at a time.
"""
from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("dev", print_blob=True)
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)


def on_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def load_profile() -> str:
    """Load this run's profile (HYPOTHESIS_PROFILE overrides the choice) and return its name."""
    name = os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if on_ci() else "dev")
    settings.load_profile(name)
    return name


def examples(dev: int, ci: int) -> int:
    """A property test's example count: `ci` in CI, where a deeper search is worth the minutes."""
    return ci if on_ci() else dev
