"""Numeric edge cases through the Explorer (AppTest on the chart data): narrow ranges far from zero,
the slider's full width, and every parameter at its slider ends. The drawn values are checked
against the mpmath references of tests/core, not against the code that drew them."""
from __future__ import annotations

import math

import numpy as np
import pytest

import activations
from tests.app.helpers import assert_no_exception, run_app
from tests.app.test_explorer import figure, line
from tests.core.reference import REFS, mp_value
from ui.pure import url_state as us

CHECKED = ["tanh", "sigmoid", "leaky_relu", "gelu", "softplus", "elu"]


def assert_matches_reference(key: str, params: dict, x: np.ndarray, y: np.ndarray, deriv: int) -> None:
    ok = np.isfinite(x)
    assert np.isfinite(y[ok]).all(), f"{key}: non-finite values drawn"
    idx = np.linspace(0, ok.sum() - 1, 15).astype(int)
    act = activations.get(key)
    kinks = act.kinks(**act.resolve(**params))
    # float32 where it suffices, float64 where the range needs it: compare at float32 accuracy.
    for xi, yi in zip(x[ok][idx], y[ok][idx]):
        if any(abs(xi - k) < 1e-9 for k in kinks):
            continue   # a one-sided value belongs to the kink markers, not the line
        ref = float(mp_value(REFS[key][deriv], float(xi), params))
        assert yi == pytest.approx(ref, rel=2e-6, abs=1e-6 * max(1.0, abs(ref))), (key, deriv, xi)


@pytest.mark.parametrize(("lo", "hi"), [(19.999999, 20.0), (-20.0, -19.999999), (0.0, 1e-6), (-20.0, 20.0),
                                        (3.0, 3.0001)])
def test_range_edges_draw_every_point_distinct_and_correct(lo, hi):
    at = run_app({"fn": CHECKED, "x": [repr(lo), repr(hi)]})
    assert_no_exception(at)
    assert not at.warning, [w.value for w in at.warning]
    fig = figure(at)
    for key in CHECKED:
        params = activations.get(key).defaults
        x, f = line(fig, key)
        _, df = line(fig, key, "x2")
        xs = x[np.isfinite(x)]
        assert abs(xs[0] - lo) <= 1e-6 * (hi - lo) and abs(xs[-1] - hi) <= 1e-6 * (hi - lo)
        assert np.all(np.diff(xs) >= 0) and np.unique(xs).size >= 0.99 * xs.size, "x collapsed to few values"
        assert_matches_reference(key, params, x, f, 0)
        assert_matches_reference(key, params, x, df, 1)


def test_an_empty_range_falls_back_inside_the_slider_limits():
    at = run_app({"fn": ["tanh"], "x": ["20", "20"]})
    assert_no_exception(at)
    assert any("too narrow" in w.value for w in at.warning)
    x, f = line(figure(at), "tanh")
    assert x[0] == 18.0 and x[-1] == 20.0 and np.isfinite(f).all()


def bound_runs():
    """Two runs: every parametrised built-in with all its parameters at their low (high) slider ends."""
    acts = [a for a in activations.all_activations() if a.params]
    keys = us.param_keys(activations.all_activations())
    for end in ("slider_low", "slider_high"):
        query = {"fn": [a.key for a in acts]}
        for a in acts:
            for p in a.params:
                query[keys[(a.key, p.name)]] = repr(getattr(p, end))
        yield pytest.param(acts, query, end, id=end)


@pytest.mark.parametrize(("acts", "query", "end"), list(bound_runs()))
def test_parameters_at_their_slider_ends_draw_finite_correct_curves_or_say_why_not(acts, query, end):
    at = run_app(query, timeout=90)
    assert_no_exception(at)
    fig = figure(at)
    drawn = {t["legendgroup"] for t in fig["data"]}
    warned = " ".join(w.value for w in at.warning)
    for a in acts:
        params = {p.name: getattr(p, end) for p in a.params}
        if a.key not in drawn:
            assert a.label in warned, f"{a.key} vanished without a notice"
            with pytest.raises(activations.ParameterError):
                a.resolve(**params)
            continue
        x, f = line(fig, a.key)
        _, df = line(fig, a.key, "x2")
        resolved = a.resolve(**params)
        if a.key in REFS and not math.isnan(sum(resolved.values())):
            assert_matches_reference(a.key, resolved, x, f, 0)
            assert_matches_reference(a.key, resolved, x, df, 1)
