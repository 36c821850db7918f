"""Every activation and derivative against mpmath at 50 digits (relative error 1e-13)."""
from __future__ import annotations

import math

import numpy as np
import pytest

import activations
from tests.core.reference import REFS, case_id, cases, mismatch, sample_points

CASES = list(cases())


def test_every_activation_has_a_reference():
    assert set(activations.names()) <= set(REFS), set(activations.names()) - set(REFS)


@pytest.mark.parametrize("case", CASES, ids=[case_id(c) for c in CASES])
@pytest.mark.parametrize("which", ["f", "df"])
def test_matches_mpmath(case, which):
    key, params = case
    act = activations.get(key)
    ref = REFS[key][0 if which == "f" else 1]
    xs = sample_points(act, params)
    with np.errstate(all="raise"):
        got = getattr(act, which)(np.array(xs), **params)
    bad = {}
    for x, g in zip(xs, got):
        problem = mismatch(float(g), ref, x, params)
        if problem:
            bad[x] = problem
    assert not bad, f"{key}.{which} {params}: " + "; ".join(f"x={x!r}: {p}" for x, p in list(bad.items())[:6])


@pytest.mark.parametrize("case", CASES, ids=[case_id(c) for c in CASES])
def test_infinities_give_limits_and_nan_gives_nan(case):
    key, params = case
    act = activations.get(key)
    x = np.array([-math.inf, math.inf, math.nan])
    for which, ref in zip(("f", "df"), REFS[key]):
        with np.errstate(all="raise"):
            got = getattr(act, which)(x, **params)
        assert math.isnan(got[2]), f"{key}.{which}(nan) = {got[2]}"
        for xi, gi in zip(x[:2], got[:2]):
            if "periodic" in act.tags:
                assert math.isnan(gi), f"{key}.{which}({xi}) has no limit, got {gi}"
            else:
                problem = mismatch(float(gi), ref, float(xi), params)
                assert problem is None, f"{key}.{which}({xi}): {problem}"
