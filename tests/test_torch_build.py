"""The torch the cross-checks run against is the pinned CPU build (a CUDA build is several GB)."""
from __future__ import annotations

import importlib.util
import sys
import types

from tests import torch_build


def test_torch_is_the_cpu_build():
    assert torch_build.problem() is None, torch_build.problem()


def test_a_missing_torch_is_named_with_the_command_that_installs_it(monkeypatch):
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "torch" else real(name, *a))
    assert torch_build.missing() == torch_build.problem()
    assert "not installed" in torch_build.missing() and "requirements-dev.txt" in torch_build.missing()


def test_a_cuda_build_is_refused(monkeypatch):
    fake = types.SimpleNamespace(__version__="2.13.0+cu126", version=types.SimpleNamespace(cuda="12.6"),
                                 __spec__=importlib.util.find_spec("torch"))
    monkeypatch.setitem(sys.modules, "torch", fake)
    assert "CUDA build" in torch_build.problem() and "torch==2.13.0" in torch_build.problem()
