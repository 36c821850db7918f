"""The references themselves, and the registry checked against them away from the defaults.

A reference derivative is a closed form written from the definition; here it must equal mpmath
differentiating its own reference f, so that none is a transcription of the code it checks. f″
has no closed-form reference: mp.diff of order 2 of the reference f is one. Parameters are drawn
across their whole bounds (not only defaults and slider ends), and the values f′ takes exactly at
kinks are PyTorch autograd's, asked of torch itself.
"""
from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from mpmath import mp

import activations
from tests.ci import examples
from tests.core.reference import REFS, case_id, cases, drawn_params, mismatch, mp_dx, sample_points

CASES = list(cases())
MAX_X = 1e3  # beyond it mp.diff needs thousands of digits; there the float results are limits
AGREE = mp.mpf("1e-20")  # two 50-digit references: far tighter than the 1e-13 the core is held to


def _smooth_points(act: activations.Activation, params: dict) -> list[tuple[float, int]]:
    """sample_points within MAX_X but off the kinks (f′ is a convention there), each with the side
    mp.diff must step to: one-sided within 1e-30 of a kink, whose other side its steps would reach."""
    kinks = act.kinks(**params)
    points = []
    for x in sample_points(act, params):
        near = [k for k in kinks if abs(x - k) < 1e-30]
        if abs(x) <= MAX_X and x not in kinks:
            points.append((x, (1 if x > near[0] else -1) if near else 0))
    return points


@pytest.mark.parametrize("case", CASES, ids=[case_id(c) for c in CASES])
def test_every_reference_derivative_is_the_derivative_of_its_reference_f(case):
    key, params = case
    f, df = REFS[key]
    at = {k: mp.mpf(v) for k, v in params.items()}
    bad = {}
    for x, side in _smooth_points(activations.get(key), params):
        closed, numeric = df(mp.mpf(x), **at), mp_dx(f, 1, side)(mp.mpf(x), **at)
        if abs(closed - numeric) > AGREE * abs(numeric) + mp.mpf("1e-340"):
            bad[x] = f"{mp.nstr(closed, 20)} vs mp.diff {mp.nstr(numeric, 20)}"
    assert not bad, f"{key} {params}: " + "; ".join(f"x={x!r}: {p}" for x, p in list(bad.items())[:6])


# f″ is held to f′'s 1e-13 down to the normal range; a subnormal f″ (SiLU's at x = 740, a product
# formed after e^-740 underflowed) is within the smallest normal double of its true value.
D2_FLOOR = float(np.finfo(np.float64).tiny)
D2_KNOWN_BUGS = {  # case id -> what is wrong: xfail(strict), so that the fix is noticed
    "mish": "beyond x = 40 f″ stays at its value at the clamp (-2e-24) instead of falling as e^-x",
    "soboleva_tanh-a=1-b=1-c=1-d=1": "near 0 f″ (about -2x) keeps 9 digits: terms of size 1 cancel",
    **{case_id(("soboleva_tanh", {**dict.fromkeys("abcd", 1.0), p: 1.55})):
       "a tail 1.6e-13 to 2.2e-13 off: the rounding of the exponentials" for p in "abcd"},
}
D2_CASES = [pytest.param(c, marks=pytest.mark.xfail(strict=True, reason=D2_KNOWN_BUGS[case_id(c)]))
            if case_id(c) in D2_KNOWN_BUGS else c for c in CASES]


@pytest.mark.parametrize("case", D2_CASES, ids=[case_id(c) for c in CASES])
def test_second_derivative_matches_mpmath(case):
    key, params = case
    act = activations.get(key)
    points = _smooth_points(act, params)
    with np.errstate(all="raise"):
        got = act.d2f(np.array([x for x, _ in points]), **params)
    bad = {x: p for (x, side), g in zip(points, got) if (p := mismatch(float(g), mp_dx(REFS[key][0], 2, side), x, params, D2_FLOOR))}
    assert not bad, f"{key}.d2f {params}: " + "; ".join(f"x={x!r}: {p}" for x, p in list(bad.items())[:6])


PARAMETRISED = [a.key for a in activations.all_activations() if a.params]


@pytest.mark.parametrize("key", PARAMETRISED)
@settings(max_examples=examples(dev=15, ci=60), deadline=None)
@given(data=st.data())
def test_f_and_f_prime_match_mpmath_at_parameters_across_their_bounds(key, data):
    act = activations.get(key)
    params = drawn_params(act, data.draw)
    xs = [data.draw(st.floats(-750.0, 750.0)), data.draw(st.floats(-30.0, 30.0)), data.draw(st.floats(-2.0, 2.0)),
          *act.kinks(**params)]
    for which, ref in zip(("f", "df"), REFS[key]):
        with np.errstate(all="raise"):
            got = getattr(act, which)(np.array(xs), **params)
        bad = {x: p for x, g in zip(xs, got) if (p := mismatch(float(g), ref, x, params))}
        assert not bad, f"{key}.{which} {params}: {bad}"


def _autograd(act: activations.Activation, xs: list[float], params: dict) -> np.ndarray:
    """PyTorch's derivative of the function's own PyTorch expression, at each x."""
    x = torch.tensor(xs, dtype=torch.float64, requires_grad=True)
    y = eval(act.torch_expr, {"torch": torch, "x": x, "math": math, **params})  # noqa: S307 - trusted definition text
    if not y.requires_grad:  # a step: no graph, and a zero gradient
        return np.zeros(len(xs))
    (grad,) = torch.autograd.grad(y.sum(), x)
    return grad.numpy()


# Where the export expression is not PyTorch's own function at a kink, the function it becomes there.
SAME_AS = {("squareplus", "b", 0.0): "relu"}  # (x + √(x² + 0))/2 is ReLU; its expression is 0/0 at 0


# PyTorch computes CELU's gradient with 1/α rounded to float32: 1 at x = 0 comes out as 0.99999999.
FLOAT32_CONSTANTS = {"celu": 1e-7}
KINKED = [c for c in CASES if activations.get(c[0]).kinks(**c[1])]


@pytest.mark.parametrize("case", KINKED, ids=[case_id(c) for c in KINKED])
def test_f_prime_at_each_kink_is_pytorch_autograd_s(case):
    key, params = case
    act = activations.get(key)
    kinks = list(act.kinks(**params))
    same = next((SAME_AS[(key, n, v)] for n, v in params.items() if (key, n, v) in SAME_AS), None)
    expected = _autograd(activations.get(same), kinks, {}) if same else _autograd(act, kinks, params)
    got = act.df(np.array(kinks), **params)
    if key in FLOAT32_CONSTANTS:
        np.testing.assert_allclose(got, expected, rtol=FLOAT32_CONSTANTS[key], atol=0)
    else:
        np.testing.assert_array_equal(got, expected)
