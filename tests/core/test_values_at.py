"""`analysis.values_at`, the value tables' numbers: f and f′ at chosen x, and a kink's one-sided
limits, against mpmath at 50 digits."""
from __future__ import annotations

import math

import pytest
from mpmath import mp

import activations
from activations import analysis
from tests.core.reference import REFS, mismatch

XS = (-3.0, -1.0, 0.0, 1.0, 3.0)
KINKED = [a.key for a in activations.all_activations() if any(-5 <= c <= 5 for c in a.kinks(**a.defaults))]


def close(got: float, ref) -> bool:
    return abs(mp.mpf(got) - ref) <= 1e-8 * max(1, abs(ref))


@pytest.mark.parametrize("key", [a.key for a in activations.all_activations()])
def test_values_at_chosen_x_are_the_reference_values(key):
    act = activations.get(key)
    f_ref, df_ref = REFS[key][:2]
    kinks = set(act.kinks(**act.defaults))
    for p in analysis.values_at(act, act.defaults, XS, -5, 5):
        if p.side in ("left", "right"):
            continue
        assert mismatch(p.f, f_ref, p.x, act.defaults) is None, (p, "f")
        if p.x not in kinks:   # at a kink f′ is the registry's chosen one-sided value; checked below
            assert mismatch(p.df, df_ref, p.x, act.defaults) is None, (p, "f′")


@pytest.mark.parametrize("key", KINKED)
def test_a_kink_gets_its_one_sided_limits_when_f_or_its_slope_breaks_there(key):
    act = activations.get(key)
    f_ref, df_ref = REFS[key][:2]
    points = analysis.values_at(act, act.defaults, (), -5, 5)
    kinks = sorted(c for c in act.kinks(**act.defaults) if -5 <= c <= 5)
    assert sorted({p.x for p in points}) == kinks   # no chosen x: the kinks alone
    for c in kinks:
        rows = [p for p in points if p.x == c]
        side = {p.side: p for p in rows}
        eps = mp.mpf(10) ** -25 * max(1, abs(c))
        params = {k: mp.mpf(v) for k, v in act.defaults.items()}
        left, right = ([r(mp.mpf(c) + s * eps, **params) for r in (f_ref, df_ref)] for s in (-1, 1))
        broken = not all(close(float(a), b) for a, b in zip(left, right))
        if broken:   # f or f′ differs across the kink: both limits are listed after the value there
            assert [p.side for p in rows] == ["kink", "left", "right"], (key, c, rows)
            assert close(side["left"].f, left[0]) and close(side["left"].df, left[1]), (key, c, side["left"], left)
            assert close(side["right"].f, right[0]) and close(side["right"].df, right[1]), (key, c, side["right"], right)
        else:
            assert [p.side for p in rows] == [""], (key, c, rows)


def test_leaky_relu_table_by_hand():
    act = activations.get("leaky_relu")
    got = [(p.x, p.f, p.df, p.side) for p in analysis.values_at(act, {"k": 0.2}, (-1.0, 2.0), -5, 5)]
    assert got == [(-1.0, -0.2, 0.2, ""), (0.0, 0.0, got[1][2], "kink"), (0.0, 0.0, 0.2, "left"), (0.0, 0.0, 1.0, "right"),
                   (2.0, 2.0, 1.0, "")]
    assert got[1][2] in (0.2, 1.0) and all(math.isfinite(v) for row in got for v in row[:3])
