"""The torch the cross-checks run against is the pinned CPU build (a CUDA build is several GB)."""
from __future__ import annotations

from tests import torch_build


def test_torch_is_the_cpu_build():
    assert torch_build.problem() is None, torch_build.problem()
