"""Figures of "watch it learn" (figures.preview, figures.replay), checked on the figure objects: the data
preview, the network diagram's nodes and labels, and the replay's boundaries, loss marker and
per-unit thumbnails at an epoch, against the snapshots they draw."""
from __future__ import annotations

import bisect

import numpy as np
import plotly.graph_objects as go
import pytest

import activations
from figures.preview import MAX_NODES, data_preview, network_diagram
from figures.replay import Replay, ReplayRun, curve_tiles, tile_columns, tiles
from nets import Candidate, Comparison, HiddenActivation, TrainConfig, make_dataset
from nets.snapshots import watch

XOR = make_dataset("xor", n=120, noise=0.1, seed=0)
BLOBS = make_dataset("blobs", n=90, noise=0.05, seed=0)
SIN = make_dataset("sin", n=80, noise=0.05, seed=0)


def trained(data, keys=("tanh", "relu"), widths=(6, 4), epochs=100):
    cands = [Candidate(k, k.title(), (HiddenActivation.of(activations.get(k)),) * len(widths)) for k in keys]
    comp = Comparison(data, cands, list(widths), "xavier", TrainConfig(epochs=epochs, lr=0.05, optimizer="adam"), [0])
    snaps = watch(comp)
    while not comp.finished:
        comp.step(snaps["tanh"].every)
    runs = [ReplayRun(c.name, colour, snaps[c.key], comp.shown(c).history)
            for c, colour in zip(cands, ("#0072B2", "#E69F00"))]
    return comp, snaps, runs


# -- before training --------------------------------------------------------------------------
def test_data_preview_shows_every_point_train_filled_test_open_by_class():
    fig = data_preview(XOR, name="XOR")
    assert fig.layout.title.text == f"XOR: {len(XOR.X_train)} train, {len(XOR.X_test)} test points"
    for part, X, y, symbol in (("train", XOR.X_train, XOR.y_train, "circle"), ("test", XOR.X_test, XOR.y_test, "circle-open")):
        for c in (0, 1):
            [trace] = [t for t in fig.data if t.name == f"class {c} · {part}"]
            assert trace.marker.symbol == symbol and trace.showlegend
            np.testing.assert_array_equal(np.column_stack([trace.x, trace.y]), X[y == c])
    colours = {t.marker.color for t in fig.data if t.name.startswith("class 0")}
    assert len(colours) == 1 and colours != {t.marker.color for t in fig.data if t.name.startswith("class 1")}
    assert fig.layout.yaxis.scaleanchor == "x"
    three = data_preview(BLOBS)
    assert sum(len(t.x) for t in three.data) == len(BLOBS.X_all) and len({t.marker.color for t in three.data}) == 3


def test_regression_preview_draws_the_samples_over_x_and_the_target():
    fig = data_preview(SIN)
    by_name = {t.name: t for t in fig.data}
    assert set(by_name) == {"target", "train", "test"}
    np.testing.assert_array_equal(by_name["train"].x, SIN.X_train[:, 0])
    np.testing.assert_array_equal(by_name["test"].y, SIN.y_test)
    np.testing.assert_allclose(by_name["target"].y, np.sin(np.pi * np.asarray(by_name["target"].x)))


def nodes(fig: go.Figure) -> dict[float, int]:
    """Drawn nodes per column (x position)."""
    out: dict[float, int] = {}
    for t in fig.data:
        if t.mode == "markers":
            out[t.x[0]] = out.get(t.x[0], 0) + len(t.y)
    return out


def test_network_diagram_draws_a_wide_deep_net_compactly_with_its_counts():
    names = [["Tanh", "ReLU", "Sigmoid"]] * 4
    fig = network_diagram([2, 64, 64, 64, 64, 1], names, "sigmoid: P(class 1)")
    assert nodes(fig) == {0: 2, 1: 7, 2: 7, 3: 7, 4: 7, 5: 1}
    assert max(nodes(fig).values()) <= MAX_NODES
    dots = [t for t in fig.data if t.mode == "text"]
    assert [t.x[0] for t in dots] == [1, 2, 3, 4] and all(t.text == ("⋮",) for t in dots)
    labels = [a.text.split("<br>") for a in fig.layout.annotations]
    assert labels[0] == ["input", "2 units"] and labels[5] == ["output", "1 unit", "sigmoid: P(class 1)"]
    assert labels[3] == ["hidden layer 3", "64 units"]        # the activations every layer takes: named once
    assert labels[6] == ["in every hidden layer: Tanh · ReLU · Sigmoid"]
    [edges] = [t for t in fig.data if t.mode == "lines"]
    assert sum(x is None for x in edges.x) == 2 * 7 + 7 * 7 * 3 + 7 * 1   # every drawn pair of neighbours


def test_a_narrow_network_is_drawn_whole_and_a_layer_names_its_own_activations():
    fig = network_diagram([1, 5, 8, 1], [["ELU"], ["Mish"]], "identity")
    assert nodes(fig) == {0: 1, 1: 5, 2: 8, 3: 1}
    assert not [t for t in fig.data if t.mode == "text"]
    assert fig.layout.annotations[2].text.split("<br>") == ["hidden layer 2", "8 units", "Mish"]
    assert len(fig.layout.annotations) == 4                    # no activation every layer takes
    mix = network_diagram([2, 4, 4, 1], [["Tanh", "ReLU", "ELU"], ["Tanh", "ReLU", "Mish"]], "sigmoid")
    assert mix.layout.annotations[-1].text == "in every hidden layer: Tanh · ReLU"
    assert [a.text.split("<br>")[2:] for a in mix.layout.annotations[1:3]] == [["ELU"], ["Mish"]]
    six = network_diagram([2, 4, 1], [["A", "B", "C", "D", "E", "F", "G"]], "sigmoid")
    assert six.layout.annotations[-1].text == "in every hidden layer: A · B · C<br>D · E · F<br>G"


# -- the replay -------------------------------------------------------------------------------
def test_tiles_put_each_unit_in_its_own_square_with_gaps():
    maps = np.arange(5 * 3 * 3, dtype=np.float32).reshape(5, 3, 3)
    out = tiles(maps, cols=2)
    assert out.shape == (3 * 4 - 1, 2 * 4 - 1)
    np.testing.assert_array_equal(out[0:3, 4:7], maps[1])
    np.testing.assert_array_equal(out[8:11, 0:3], maps[4])
    assert np.isnan(out[3]).all() and np.isnan(out[:, 3]).all() and np.isnan(out[8:11, 4:7]).all()
    assert [tile_columns(n) for n in (3, 8, 16, 64)] == [3, 8, 8, 16]


def test_curve_tiles_scale_and_clip_each_curve_into_its_tile():
    curves = np.array([[0.0, 1.0, 4.0], [-2.0, 0.0, 2.0], [0.0, 0.0, 0.0]])
    x, y = curve_tiles(curves, cols=2, scale=2.0)
    pieces = [(x[i * 4:i * 4 + 3], y[i * 4:i * 4 + 3]) for i in range(3)]
    assert np.isnan(x[3::4]).all()
    np.testing.assert_allclose(pieces[1][0], [1.1, 1.6, 2.1], rtol=1e-6)
    np.testing.assert_allclose(pieces[0][1], [-0.5, -0.5 + 0.225, -0.05], rtol=1e-6)    # 4 clipped to the top
    np.testing.assert_allclose(pieces[2][1], [-1.6] * 3, rtol=1e-6)                    # second row, zero line


@pytest.mark.parametrize("epoch", [0, 10, 23, 100])
def test_replay_draws_each_boundary_and_the_units_as_recorded_at_the_epoch(epoch):
    comp, snaps, runs = trained(XOR)
    replay = Replay(runs, XOR, units_of=1, unit_layers=["ReLU", "ReLU"])
    assert replay.epochs == list(range(0, 101, 2))
    loss, panels, units = replay.figures(epoch)
    shown = bisect.bisect_right(replay.epochs, epoch) - 1   # 23 shows the snapshot of epoch 22
    heat = [t for t in panels["data"] if t["type"] == "heatmap"]
    assert [h["xaxis"] for h in heat] == ["x", "x2"]
    for h, run in zip(heat, runs):
        np.testing.assert_array_equal(h["z"], run.snaps.outputs[shown][0])
        np.testing.assert_array_equal(h["x"], run.snaps.plane.axes[0])
    relu = snaps["relu"]
    maps = [t for t in units["data"] if t["type"] == "heatmap"]
    assert len(maps) == 2 and [m["xaxis"] for m in maps] == ["x", "x2"]
    for j, m in enumerate(maps):
        np.testing.assert_array_equal(m["z"], tiles(relu.units[shown][j], tile_columns(relu.units[shown][j].shape[0])))
        assert m["zmin"] == -m["zmax"] and m["zmax"] > 0
        ids = m["customdata"][~np.isnan(m["customdata"])]
        assert sorted(set(ids)) == list(range(1, len(relu.units[0][j]) + 1))
    line, dots = loss["data"][-2:]
    assert line["x"] == [epoch, epoch] and dots["x"] == [epoch, epoch]
    for y, run in zip(dots["y"], runs):
        h = run.history
        assert y == h.train_loss[bisect.bisect_right(h.epochs, epoch) - 1]


def test_a_replay_frame_keeps_the_still_traces_and_moves_the_rest():
    _, _, runs = trained(XOR)
    replay = Replay(runs, XOR, units_of=0, unit_layers=["Tanh", "Tanh"])
    a, b = replay.frame(0), replay.frame(40)
    assert [len(c) for c in a] == [len(c) for c in b]
    for cell_a, cell_b in zip(a, b):
        same = [x is y for x, y in zip(cell_a, cell_b)]
        assert any(not s for s in same)                      # something moves in every chart
    loss_same = [x is y for x, y in zip(a[0], b[0])]
    assert loss_same == [True] * (len(a[0]) - 2) + [False, False]   # the curves stay, the marker moves
    panels_same = [x is y for x, y in zip(a[1], b[1])]
    assert panels_same == [False] * 4 + [True] * (len(a[1]) - 4)      # heat map and contour per network
    assert not np.array_equal(a[1][0]["z"], b[1][0]["z"])


def test_replay_of_a_regression_draws_fits_over_x_and_units_as_curves():
    _, snaps, runs = trained(SIN, widths=(5,))
    replay = Replay(runs, SIN, units_of=0, unit_layers=["Tanh"])
    _, panels, units = replay.figures(20)
    fits = [t for t in panels["data"] if t.get("name") == "network"]
    for fit, run in zip(fits, runs):
        np.testing.assert_array_equal(fit["y"], run.snaps.outputs[run.snaps.at(20)][0])
        assert fit["line"]["color"] == run.colour
    curves = [t for t in units["data"] if t["type"] == "scatter" and t["line"]["color"] == runs[0].colour]
    assert len(curves) == 1 and np.isnan(curves[0]["x"]).sum() == 5   # five units, one curve each


def test_multiclass_replay_shows_the_winning_class():
    _, snaps, runs = trained(BLOBS)
    _, panels, _ = Replay(runs, BLOBS, units_of=0, unit_layers=["Tanh"] * 2).figures(40)
    heat = [t for t in panels["data"] if t["type"] == "heatmap"]
    np.testing.assert_array_equal(heat[0]["z"], np.argmax(snaps["tanh"].outputs[snaps["tanh"].at(40)], axis=0))
