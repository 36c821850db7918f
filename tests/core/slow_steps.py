"""Stand-in worker steps for the time-limit tests: a light module, quick for the worker to import."""
from __future__ import annotations

import itertools
import time

from activations.formula import derive


def quick_then_stuck(text):
    """The cheap stages, then a simplification that never ends."""
    yield from itertools.islice(derive.stages(text), 2)
    time.sleep(120)
    yield "simple", None


def stuck(text):
    time.sleep(120)
    yield "df", None
