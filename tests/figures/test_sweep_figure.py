"""The sweep's heat map, checked on the figure: axes, values, annotations, diverged and empty cells."""
from __future__ import annotations

import numpy as np

import activations
from figures.training import DIVERGED_GREY, sweep_heatmap
from nets import HiddenActivation, TrainConfig, make_dataset
from nets.sweep import Cell, Outcome, Sweep

NAMES = {"tanh": "Tanh", "relu": "ReLU"}


def sweep_of(task="xor", depths=(2,), seeds=(0, 1)) -> Sweep:
    data = make_dataset(task, n=60, seed=0)
    hidden = {k: HiddenActivation.of(activations.get(k)) for k in NAMES}
    return Sweep(data, hidden, [0.1, 0.01, 1.0], depths, 4, "xavier", TrainConfig(epochs=5), list(seeds))


def fill(sweep: Sweep, cell: Cell, *outcomes: Outcome) -> None:
    for seed, outcome in zip(sweep.seeds, outcomes):
        sweep.outcomes[cell, seed] = outcome


def grid(trace, name: str) -> np.ndarray:
    return np.array(getattr(trace, name), dtype=object)


def test_rows_are_activations_and_columns_learning_rates_in_order():
    fig = sweep_heatmap(sweep_of(), NAMES)
    scores, diverged = fig.data
    for trace in (scores, diverged):
        assert list(trace.x) == ["0.01", "0.1", "1"] and list(trace.y) == ["Tanh", "ReLU"]
    assert fig.layout.xaxis.type == "category" and fig.layout.yaxis.autorange == "reversed"
    assert fig.layout.xaxis.title.text == "learning rate"
    assert fig.layout.coloraxis.cmin == 0.5 and fig.layout.coloraxis.cmax == 1.0  # chance for two classes


def test_cells_show_the_mean_over_seeds_as_colour_and_text():
    sweep = sweep_of()
    fill(sweep, Cell("relu", 0.1, 2), Outcome(0.8, False, 5), Outcome(0.9, False, 5))
    scores, diverged = sweep_heatmap(sweep, NAMES).data
    z, text, hover = grid(scores, "z"), grid(scores, "text"), grid(scores, "hovertext")
    assert z[1, 1] == sweep.result(Cell("relu", 0.1, 2)).score and abs(z[1, 1] - 0.85) < 1e-12
    assert text[1, 1] == "0.850"
    assert "ReLU, learning rate 0.1" in hover[1, 1] and "0.850 ± 0.050 over 2 of 2 seeds" in hover[1, 1]
    # every other cell was not trained: nothing drawn, nothing written, nothing to hover
    others = np.ones(z.shape, bool)
    others[1, 1] = False
    assert all(v is None for v in z[others]) and all(v == "" for v in text[others])
    assert all(v is None for v in hover[others]) and scores.hoverongaps is False
    assert all(v is None for v in grid(diverged, "z").ravel())


def test_diverged_cells_are_grey_and_say_how_many_seeds_diverged():
    sweep = sweep_of()
    fill(sweep, Cell("tanh", 1.0, 2), Outcome(float("nan"), True, 3), Outcome(float("nan"), True, 2))
    fill(sweep, Cell("relu", 1.0, 2), Outcome(0.7, False, 5), Outcome(float("nan"), True, 4))
    scores, diverged = sweep_heatmap(sweep, NAMES).data
    assert diverged.colorscale[0][1] == diverged.colorscale[-1][1] == DIVERGED_GREY
    z, text, hover = grid(diverged, "z"), grid(diverged, "text"), grid(diverged, "hovertext")
    assert z[0, 2] == z[1, 2] == 1.0
    assert text[0, 2] == "diverged" and text[1, 2] == "diverged 1/2"
    assert "diverged in 2 of 2 seeds" in hover[0, 2] and "diverged in 1 of 2 seeds" in hover[1, 2]
    assert grid(scores, "z")[0, 2] is None and grid(scores, "z")[1, 2] is None  # not on the score scale


def test_one_panel_per_depth_and_regression_scores_r2_from_zero():
    sweep = sweep_of(task="sin", depths=(1, 3))
    fill(sweep, Cell("tanh", 0.01, 3), Outcome(0.5, False, 5), Outcome(0.7, False, 5))
    fig = sweep_heatmap(sweep, NAMES)
    assert len(fig.data) == 4
    assert [a.text for a in fig.layout.annotations] == ["hidden layers: 1", "hidden layers: 3"]
    assert fig.data[2].xaxis == "x2" and abs(grid(fig.data[2], "z")[0, 0] - 0.6) < 1e-12
    assert all(v is None for v in grid(fig.data[0], "z").ravel())
    assert fig.layout.coloraxis.cmin == 0.0 and fig.layout.title.text == "Final test R² by activation and learning rate"
