"""Contract tests over every registry entry: shapes, warnings, finiteness, derivatives."""
from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from mpmath import mp

import activations
from tests.core.reference import REFS, mp_value

KEYS = activations.names()
FINITE = st.floats(allow_nan=False, allow_infinity=False, width=64)


@pytest.mark.parametrize("key", KEYS)
@settings(max_examples=60, deadline=None)
@given(x=arrays(np.float64, st.integers(0, 6), elements=FINITE))
def test_finite_input_gives_finite_output_without_warnings(key, x):
    act = activations.get(key)
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        for which, ref in zip(("f", "df"), REFS[key]):
            out = getattr(act, which)(x)
            assert out.shape == x.shape and out.dtype == np.float64
            for xi, yi in zip(x, out):
                if not math.isfinite(yi):
                    # only a true value beyond the float range may round to inf
                    true = mp_value(ref, float(xi), act.defaults)
                    assert abs(true) > mp.mpf(np.finfo(np.float64).max), (key, which, xi, yi)


@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize("shape", [(), (3,), (2, 3), (0,)])
def test_shape_and_input_kinds(key, shape):
    act = activations.get(key)
    x = np.linspace(-2, 2, int(np.prod(shape))).reshape(shape)
    for which in ("f", "df", "d2f"):
        out = getattr(act, which)(x)
        assert out.shape == shape and out.dtype == np.float64
    assert act.f(0.5).shape == ()
    assert np.array_equal(act.f([0.5, -1.0]), act.f(np.array([0.5, -1.0])))
    assert np.array_equal(act.f(np.float32(0.5)), act.f(0.5))


@pytest.mark.parametrize("key", KEYS)
def test_derivative_matches_central_differences_away_from_kinks(key):
    act = activations.get(key)
    x = np.linspace(-6, 6, 241) + 0.0123  # off the grid of usual kink points
    kinks = np.array(act.kinks())
    if kinks.size:
        x = x[np.min(np.abs(x[:, None] - kinks[None, :]), axis=1) > 1e-3]
    h = 1e-6
    fd = (act.f(x + h) - act.f(x - h)) / (2 * h)
    np.testing.assert_allclose(act.df(x), fd, rtol=1e-6, atol=1e-6)
    fd2 = (act.df(x + h) - act.df(x - h)) / (2 * h)
    np.testing.assert_allclose(act.d2f(x), fd2, rtol=1e-4, atol=1e-4)


def test_essay_identities():
    g = activations.get
    assert g("sigmoid").df(0.0) == 0.25
    assert g("tanh").df(0.0) == 1.0
    assert g("relu").df(0.0) == 0.0 and g("relu").df(1e-300) == 1.0
    assert g("leaky_relu").df(0.0, k=0.2) == 0.2
    assert g("hardtanh").df([-1.0, 1.0]).tolist() == [0.0, 0.0]
    assert np.all(np.abs(g("softsign").f(np.array([-1e3, 1e3]))) < 1)  # range (-1, 1)
    assert np.all(np.abs(g("softsign").f(np.array([-1e300, 1e300]))) <= 1)  # ±1 only by rounding
    assert np.all(np.diff(g("neg_sigmoid").f(np.linspace(-30, 30, 601))) < 0)


@pytest.mark.parametrize("key", KEYS)
def test_definition_is_complete(key):
    act = activations.get(key)
    assert act.key == key and act.label and act.latex and act.dlatex and act.summary
    assert act.family in activations.FAMILIES
    assert act.tags <= activations.TAGS, act.tags - activations.TAGS
    assert act.numpy_expr and act.torch_expr
    for p in act.params:
        assert p.low <= p.slider_low < p.slider_high <= p.high and p.step > 0 and p.label
        assert p.check(p.default) == p.default
    for k in act.kinks():
        assert math.isfinite(k)
