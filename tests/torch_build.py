"""Is the CPU build of PyTorch here? The cross-checks against torch need it, and never skip without it.

`python -m tests.torch_build` exits 1 with the reason (the Makefile's dev install runs it);
tests/conftest.py refuses to start a run without torch, and test_torch_build.py checks the build.
"""
from __future__ import annotations

import importlib.util
import sys

PIN = "torch==2.13.0"
INSTALL = f"pip install -r requirements-dev.txt (it pins {PIN}, the CPU build)"


def missing() -> str | None:
    """Why torch cannot be imported, without importing it (a second or more)."""
    if importlib.util.find_spec("torch") is None:
        return f"PyTorch is not installed, and the suite's torch cross-checks need it: {INSTALL}"
    return None


def problem() -> str | None:
    """Why the installed torch is not the CPU build the suite expects, or None."""
    if (why := missing()) is not None:
        return why
    import torch

    if torch.version.cuda is not None:
        return (f"torch {torch.__version__} is a CUDA build (CUDA {torch.version.cuda}); the suite pins the "
                f"CPU build: pip uninstall torch, then {INSTALL}")
    return None


if __name__ == "__main__":
    why = problem()
    if why:
        sys.exit(f"error: {why}")
    print("torch: CPU build")
