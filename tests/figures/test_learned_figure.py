"""figures.training.learned_parameters: each learned parameter against epoch, per unit as a mean and a band."""
from __future__ import annotations

import numpy as np

from figures import training as ft
from figures.training import learned_parameters
from nets.mlp import History
from ui.i18n import catalogue


def history() -> History:
    """Three evaluations: β of layer 1 per unit (three units), α of layer 2 shared."""
    h = History(epochs=[0, 10, 20])
    h.learned[1, "beta"] = [np.array([1.0, 1.0, 1.0]), np.array([0.5, 1.5, 1.0]), np.array([0.2, 2.0, 1.1])]
    h.learned[2, "alpha"] = [np.array([1.0]), np.array([1.2]), np.array([1.3])]
    return h


def test_a_value_per_unit_is_its_mean_within_a_band_from_the_lowest_to_the_highest_unit():
    fig = learned_parameters([("SiLU", "#0072B2", history())])
    top, bottom, mean, alpha = fig.data
    np.testing.assert_array_equal(top.y, [1.0, 1.5, 2.0])
    np.testing.assert_array_equal(bottom.y, [1.0, 0.5, 0.2])
    assert bottom.fill == "tonexty" and not top.showlegend and bottom.legendgroup == mean.legendgroup
    np.testing.assert_allclose(mean.y, [1.0, 1.0, 1.1])
    np.testing.assert_array_equal(alpha.y, [1.0, 1.2, 1.3])  # shared: the value itself, no band
    np.testing.assert_array_equal(alpha.x, [0, 10, 20])
    assert mean.name == "SiLU · beta, layer 1 · mean of the units" and alpha.name == "SiLU · alpha, layer 2"
    assert mean.line.dash != alpha.line.dash and mean.line.color == alpha.line.color == "#0072B2"


def test_runs_keep_their_colours_and_a_run_that_learned_nothing_draws_nothing():
    fig = learned_parameters([("A", "#0072B2", history()), ("B", "#E69F00", History(epochs=[0, 10])),
                              ("C", "#009E73", history())])
    assert len(fig.data) == 8
    assert {tr.line.color for tr in fig.data[4:] if tr.line.width == 2} == {"#009E73"}


def test_wording_follows_the_caller():
    zh = {k: catalogue("zh")[f"figures.training.{k}"] for k in ft.WORDS}
    fig = learned_parameters([("SiLU", "#0072B2", history())], words=zh)
    assert fig.layout.title.text == "学到的激活函数参数" and fig.layout.xaxis.title.text == "轮次"
    assert fig.data[2].name == "SiLU · beta，第 1 层 · 各单元的平均"
