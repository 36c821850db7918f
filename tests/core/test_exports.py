"""Each definition's NumPy and PyTorch export expressions compute the same curve as `f`.

The expressions are the definitions' own trusted strings (code export shows them
to users), never user input.
"""
from __future__ import annotations

import numpy as np
import pytest
import scipy.special as sp
import torch

import activations
from tests.core.reference import case_id, cases

CASES = list(cases())  # defaults, slider ends and mid-range: an expression that ignores a parameter fails
X = np.linspace(-8, 8, 321)


@pytest.mark.parametrize("case", CASES, ids=[case_id(c) for c in CASES])
def test_numpy_expression_matches_f(case):
    key, params = case
    act = activations.get(key)
    with np.errstate(all="ignore"):
        got = eval(act.numpy_expr, {"np": np, "sp": sp, "x": X, **params})  # noqa: S307 - trusted definition text
    np.testing.assert_allclose(np.broadcast_to(got, X.shape), act.f(X, **params), rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("case", CASES, ids=[case_id(c) for c in CASES])
def test_torch_expression_matches_f(case):
    key, params = case
    act = activations.get(key)  # RReLU too: its export is the evaluation mode, deterministic
    x = torch.tensor(X, dtype=torch.float64)
    got = eval(act.torch_expr, {"torch": torch, "x": x, "math": __import__("math"), **params})  # noqa: S307
    np.testing.assert_allclose(got.numpy(), act.f(X, **params), rtol=1e-9, atol=1e-12)
