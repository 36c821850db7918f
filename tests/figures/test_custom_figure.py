"""The custom page's figure builder: kinks in the grid, gaps for undefined values, the user's curve on top."""
from __future__ import annotations

import numpy as np

import activations
from activations import custom
from figures import custom as fig


def test_grid_contains_kinks_exactly():
    x = fig.grid(-1.0, 1.0, kinks=(0.123456789, 5.0), n=11)
    assert 0.123456789 in x and 5.0 not in x and x[0] == -1.0 and x[-1] == 1.0
    assert np.all(np.diff(x) > 0)


def test_undefined_values_become_gaps_and_are_reported():
    act = custom.parse("log(x) + sqrt(x)")
    s = fig.sample(act, {}, -2.0, 2.0, "#000000", mine=True)
    assert s.gaps() and np.isnan(s.f[s.x < 0]).all() and np.isfinite(s.f[s.x > 0]).all()
    assert not fig.sample(activations.get("tanh"), {}, -2, 2, "#111111").gaps()


def test_figure_has_f_and_df_panels_with_the_users_curve_last_and_thickest():
    mine = fig.sample(custom.parse("x * sigmoid(b*x)"), {"b": 2.0}, -3, 3, "#0072B2", mine=True)
    other = fig.sample(activations.get("relu"), {}, -3, 3, "#E69F00")
    figure = fig.figure([mine, other])
    assert [t.xaxis for t in figure.data] == ["x", "x2", "x", "x2"]
    assert [t.name for t in figure.data][-2:] == [mine.label] * 2
    assert figure.data[-1].line.width > figure.data[0].line.width
    np.testing.assert_allclose(figure.data[-1].y, mine.df)
    x = np.asarray(figure.data[-2].x)
    np.testing.assert_allclose(figure.data[-2].y, x / (1 + np.exp(-2 * x)), rtol=1e-12)
