"""The live control on the pages other than the Explorer, under AppTest: the knobs each page shows,
what a committed value changes, and the frames Python sends for a moving thumb, checked against the
core (activations, nets.stacks). The neuron's frames are tables the browser composes
with z = w·x + b; looking z up in them must give exactly the page's own heat map."""
from __future__ import annotations

import numpy as np
import pytest

import activations
from activations import formula
from nets.stacks import deep_curve, nonlinearity
from tests.app.helpers import ask_frames, assert_no_exception, live_data, live_figures, live_knobs, run_app, set_knob
from tests.app.live_frames import arr, lattice, sweep, tables, trace_by

NEURON, CUSTOM, CATALOGUE = "views/neuron.py", "views/custom.py", "views/catalogue.py"
WHY, DEPTH, TRAINING = "views/why_nonlinearity.py", "views/depth.py", "views/training.py"
F32 = float(np.finfo(np.float32).eps)
DZ = 0.0025                                  # the neuron's z lattice: 0.05-step inputs times 0.05-step weights
GRID = np.linspace(-3.0, 3.0, 121)           # the neuron's heat-map grid over (x1, x2)


def shown(knob: dict) -> tuple:
    return knob["label"], knob["low"], knob["high"], knob["step"], knob["value"]


def assert_f32(got, want, ptp: float = 1.0) -> None:
    """Equal to float32 accuracy (what goes over the wire), NaN where the core gives NaN."""
    got, want = np.asarray(got, dtype=float), np.asarray(want, dtype=float)
    np.testing.assert_allclose(got, want, rtol=2 * F32, atol=2 * F32 * max(ptp, 1e-30), equal_nan=True)


# -- the neuron: tables composed in the browser ----------------------------------------------------
def lookup(f: np.ndarray, index: np.ndarray, z: np.ndarray) -> np.ndarray:
    """What the browser draws at z: the table entry of lattice point round(z / dz), NaN off the table."""
    i = np.rint(np.asarray(z) / DZ).astype(np.int64)
    pos = np.searchsorted(index, i)
    ok = (pos < index.size) & (index[np.minimum(pos, index.size - 1)] == i)
    return np.where(ok, f[np.minimum(pos, index.size - 1)], np.nan)


def heat_map(at) -> np.ndarray:
    return arr(live_figures(at, "neuron_live")[0]["data"][0]["z"])


def test_neuron_knobs_are_the_inputs_weights_and_bias():
    at = run_app(page=NEURON)
    knobs = live_knobs(at, "neuron_live")
    assert list(knobs) == ["neuron_x1", "neuron_w1", "neuron_x2", "neuron_w2", "neuron_b"]   # sigmoid: no parameter
    assert [shown(k) for k in knobs.values()] == [
        ("input x1", -3.0, 3.0, 0.05, 1.0), ("weight w1", -3.0, 3.0, 0.05, 1.5),
        ("input x2", -3.0, 3.0, 0.05, -0.5), ("weight w2", -3.0, 3.0, 0.05, -1.0), ("bias b", -3.0, 3.0, 0.05, 0.0)]
    assert all(k["frames"] and not k["range"] for k in knobs.values())
    [data] = live_data(at, "neuron_live")
    assert data["readout"] == "z = 2 · f(z) = 0.8808 · f′(z) = 0.105"     # 1.5·1 + (−1)(−0.5) + 0


def test_neuron_composition_is_exact():
    at = run_app(page=NEURON)
    frames = ask_frames(at, "neuron_live", "neuron_w1")
    assert frames["mode"] == "compose" and frames["lattice"]["idx"] is None        # dense: every z the knobs make
    assert frames["lattice"]["dz"] == pytest.approx(DZ, rel=1e-12)
    assert set(frames["knobs"]) == {"neuron_x1", "neuron_w1", "neuron_x2", "neuron_w2", "neuron_b"}
    assert np.array_equal(frames["recipe"]["grid"], GRID)
    [(f, df)] = tables(frames)
    index = lattice(frames, f.size)
    assert f.dtype == np.float32 and f.size == df.size == index.size and np.all(np.diff(index) == 1)
    assert index[0] == -index[-1] and index[-1] * DZ >= 3 * 3 + 3 * 3 + 3       # |w1 x1 + w2 x2 + b| <= 21
    sigmoid = activations.get("sigmoid")
    assert_f32(f, sigmoid.f(index * DZ))
    assert_f32(df, sigmoid.df(index * DZ))
    sigs = {k: v["sig"] for k, v in live_knobs(at, "neuron_live").items()}
    g1, g2 = np.meshgrid(GRID, GRID)
    for w1, w2, b, x1 in [(-2.0, 0.75, 0.5, 1.0), (3.0, -3.0, -3.0, -2.35), (0.05, 0.0, 1.25, 0.4), (-0.7, 2.95, 0.0, 3.0)]:
        for key, value in (("neuron_w1", w1), ("neuron_w2", w2), ("neuron_b", b), ("neuron_x1", x1)):
            set_knob(at, key, value)
        assert_no_exception(at)
        # the table is still the one to use: the inputs', weights' and bias' frames depend on nothing else
        assert {k: v["sig"] for k, v in live_knobs(at, "neuron_live").items()} == sigs
        drawn = heat_map(at)
        composed = lookup(f, index, w1 * g1 + w2 * g2 + b)
        assert drawn.shape == composed.shape == (121, 121)
        assert_f32(composed, drawn)
        # the activation's curve (second chart) and the point on it, looked up the same way
        curve = live_figures(at, "neuron_live")[1]["data"]
        cx, cy = arr(curve[0]["x"]).astype(float), arr(curve[0]["y"]).astype(float)
        assert_f32(lookup(f, index, cx), cy)
        z = w1 * x1 + w2 * -0.5 + b
        assert curve[-1]["x"][0] == pytest.approx(z, abs=1e-12)
        assert_f32(lookup(f, index, np.array([z])), [curve[-1]["y"][0]])


def test_neuron_parameter_frames_are_a_sparse_table_per_value():
    at = run_app(page=NEURON)
    at.selectbox(key="neuron_fn").set_value("leaky_relu").run()
    knob = live_knobs(at, "neuron_live")["neuron.leaky_relu.k"]
    assert shown(knob) == ("slope k", 0.001, 0.999, 0.001, 0.01)
    frames = ask_frames(at, "neuron_live", "neuron.leaky_relu.k", around=0.01)
    assert frames["mode"] == "compose" and frames["sweeps"] == "neuron.leaky_relu.k"
    assert frames["knobs"] == ["neuron.leaky_relu.k"]
    rows = tables(frames)
    values = frames["values"]
    assert len(rows) == len(values) and 0.01 in values and values == sorted(values)
    assert values[0] == 0.001 and values[-1] == 0.999
    index = lattice(frames, rows[0][0].size)
    assert frames["lattice"]["idx"] is not None and np.all(np.diff(index) > 0)
    assert index.size < 2 * 12000 / 4                              # only the points this view uses
    g1, g2 = np.meshgrid(GRID, GRID)
    z_plane = 1.5 * g1 - 1.0 * g2                                   # the default weights and bias
    assert np.isin(np.rint(z_plane / DZ), index).all()
    leaky = activations.get("leaky_relu")
    for (f, df), k in list(zip(rows, values))[::20]:
        assert_f32(f, leaky.f(index * DZ, k=k))
        assert_f32(df, leaky.df(index * DZ, k=k))
    # a table composes into the heat map the page draws once that value is committed
    k = values[37]
    set_knob(at, "neuron.leaky_relu.k", k)
    assert_f32(lookup(rows[37][0], index, z_plane), heat_map(at))


# -- pages drawn from sweeps: each frame is the page's own traces at that knob value ---------------
def test_custom_page_knobs_and_their_frames():
    at = run_app(page=CUSTOM)
    act = formula.parse("x * sigmoid(b*x)")
    b = act.param("b")
    knobs = live_knobs(at, "custom_chart")
    assert shown(knobs["custom_range"]) == ("x range", -20.0, 20.0, 0.5, [-6.0, 6.0]) and knobs["custom_range"]["range"]
    assert shown(knobs["custom_p_b"])[:3] == ("parameter b", b.low, b.high) and knobs["custom_p_b"]["value"] == b.default
    before = live_figures(at, "custom_chart")[0]
    mine = dict(legendgroup=act.key, mode="lines")
    index = before["data"].index(trace_by(before, **mine, xaxis="x"))
    d_index = before["data"].index(trace_by(before, **mine, xaxis="x2"))
    frames = sweep(ask_frames(at, "custom_chart", "custom_p_b", around=1.0))
    assert {1.0, 0.99, 1.01, -5.0, 5.0} <= set(frames) and len(frames) <= 250
    values = sorted(frames)
    for v in (-5.0, values[len(values) // 4], 0.99, 1.01, values[-5], 5.0):
        f, df = frames[v][(0, index)], frames[v][(0, d_index)]
        x = f["x"].astype(float)
        assert x[0] == -6.0 and x[-1] == 6.0 and np.isfinite(x).all()
        assert_f32(f["y"], act.f(x, b=v), ptp=6.0)
        assert_f32(f["y"], x / (1 + np.exp(-v * x)), ptp=6.0)
        assert_f32(f["customdata"], act.df(x, b=v), ptp=6.0)          # f' shown on hover
        assert_f32(df["y"], act.df(df["x"].astype(float), b=v), ptp=6.0)
    set_knob(at, "custom_p_b", 3.47)                                    # the release of that thumb
    after = live_figures(at, "custom_chart")[0]["data"][index]
    x = arr(after["x"]).astype(float)
    assert_f32(arr(after["y"]), act.f(x, b=3.47), ptp=6.0)
    assert not np.array_equal(arr(after["y"]), arr(before["data"][index]["y"]))
    set_knob(at, "custom_range", (-2.0, 4.5))
    x = arr(live_figures(at, "custom_chart")[0]["data"][index]["x"]).astype(float)
    assert (x[0], x[-1]) == (-2.0, 4.5)


def test_catalogue_inspector_knob_and_frames():
    at = run_app(page=CATALOGUE)
    leaky = activations.get("leaky_relu")
    k = leaky.param("k")
    [knob] = live_knobs(at, "cat_inspect_live").values()
    assert knob["key"] == "cat.leaky_relu.k" and knob["cell"] == 0
    assert shown(knob) == ("slope k", k.slider_low, k.slider_high, k.step, k.default)
    frames = sweep(ask_frames(at, "cat_inspect_live", "cat.leaky_relu.k", around=0.2))
    assert 0.2 in frames and 0.199 in frames and k.slider_low in frames and k.slider_high in frames
    for v in (0.001, 0.2, 0.201, sorted(frames)[120], 0.999):
        f, df = frames[v][(0, 0)], frames[v][(0, 2)]
        x = f["x"].astype(float)
        away = np.isfinite(x) & (x != 0)                               # x = 0 holds the one-sided values
        assert x[0] == -5.0 and x[-1] == 5.0 and away.sum() > 300
        assert_f32(f["y"][away], leaky.f(x[away], k=v), ptp=5.0)
        away = np.isfinite(df["x"]) & (df["x"] != 0)
        assert_f32(df["y"][away], leaky.df(df["x"][away].astype(float), k=v))
        marks = frames[v][(0, 3)]                                      # f' markers: k from the left, 1 from the right
        assert sorted(arr(marks["y"])) == pytest.approx(sorted([v, 1.0]), rel=2 * F32)
    set_knob(at, "cat.leaky_relu.k", 0.5)
    f = live_figures(at, "cat_inspect_live")[0]["data"][0]
    x, y = arr(f["x"]).astype(float), arr(f["y"]).astype(float)
    assert y[x == -5.0][0] == pytest.approx(-2.5)
    assert dict(at.dataframe[1].value.to_numpy())["f′(0)"].startswith("0.5 (kink")


def test_why_nonlinearity_knobs_and_deep_frames():
    at = run_app(page=WHY)
    collapse = live_knobs(at, "nonlin_collapse_live")
    assert [shown(k) for k in collapse.values()] == [("Layers L", 1, 10, 1, 4), ("Neurons per hidden layer", 1, 8, 1, 4)]
    [deep] = live_knobs(at, "nonlin_deep_live").values()
    assert deep["key"] == "nonlin_deep_depth" and shown(deep) == ("Layers of the 1-D network", 1, 10, 1, 4)
    names = [t["name"] for t in live_figures(at, "nonlin_deep_live")[0]["data"]]
    acts = {activations.get(k).label: activations.get(k) for k in activations.names()}
    answer = ask_frames(at, "nonlin_deep_live", "nonlin_deep_depth")
    frames = sweep(answer)
    xs = np.linspace(-3.0, 3.0, 401)
    assert sorted(frames) == list(range(1, 11))
    for d in (1, 2, 7, 10):
        for i, name in enumerate(names):
            act = None if name.startswith("no activation") else acts[name]
            want = deep_curve(act, xs, d, 8, 2021)
            got = frames[d][(0, i)]
            np.testing.assert_array_equal(got["x"], xs.astype(got["x"].dtype))
            assert_f32(got["y"], want, ptp=float(np.ptp(want)))
    # the panel titles quote each curve's bend: they follow the thumb too
    [words] = answer["words"]
    for d, texts in zip(answer["values"], words["frames"]):
        relu = next(a["text"] for a in texts["annotations"] if a["text"].startswith("ReLU"))
        bend = nonlinearity(xs, deep_curve(acts["ReLU"], xs, int(d), 8, 2021))
        assert f"bend {bend:.2g}" in relu, (d, relu)
    before = live_figures(at, "nonlin_deep_live")[0]["data"][1]["y"]
    set_knob(at, "nonlin_deep_depth", 7)
    after = live_figures(at, "nonlin_deep_live")[0]["data"][1]
    assert after["y"] != before
    assert_f32(arr(after["y"]), deep_curve(acts["ReLU"], xs, 7, 8, 2021), ptp=float(np.ptp(arr(after["y"]))))
    set_knob(at, "nonlin_width", 2)
    assert at.dataframe[0].value.shape == (2, 4) and live_knobs(at, "nonlin_collapse_live")["nonlin_width"]["value"] == 2


def test_depth_preview_knob_and_frames():
    at = run_app(page=DEPTH)
    assert not live_data(at)                                            # sigmoid has no parameter: no preview
    at.selectbox(key="dp_act").set_value("elu").run()
    elu = activations.get("elu")
    alpha = elu.param("alpha")
    [knob] = live_knobs(at, "dp_params_live").values()
    assert knob["key"] == "dp_elu_alpha"
    assert shown(knob) == ("alpha", alpha.slider_low, alpha.slider_high, alpha.step, alpha.default)
    frames = sweep(ask_frames(at, "dp_params_live", "dp_elu_alpha"))
    for v in (0.1, 1.5, 3.0):
        f = frames[v][(0, 0)]
        x = f["x"].astype(float)
        assert_f32(f["y"], elu.f(x, alpha=v), ptp=5.0)
    spread = at.metric[1].value
    set_knob(at, "dp_elu_alpha", 2.5)
    assert_no_exception(at)
    assert at.metric[1].value != spread                                 # the stack is run with the new alpha
    f = live_figures(at, "dp_params_live")[0]["data"][0]
    assert_f32(arr(f["y"]), elu.f(arr(f["x"]).astype(float), alpha=2.5), ptp=5.0)


def test_training_preview_knobs_and_frames():
    at = run_app(page=TRAINING)
    assert not live_data(at)                                            # tanh, relu, sigmoid: no parameters
    at.multiselect(key="tl_acts").set_value(["tanh", "leaky_relu", "elu"]).run()
    knobs = live_knobs(at, "tl_params_live")
    assert [(k["key"], k["cell"]) for k in knobs.values()] == [("tl_param_leaky_relu_k", 0), ("tl_param_elu_alpha", 1)]
    assert shown(knobs["tl_param_leaky_relu_k"]) == ("slope k", 0.001, 0.999, 0.001, 0.01)
    leaky = activations.get("leaky_relu")
    frames = sweep(ask_frames(at, "tl_params_live", "tl_param_leaky_relu_k", around=0.3))
    assert {(c, t) for c, t in frames[0.3]} <= {(0, i) for i in range(4)}   # only the leaky ReLU cell moves
    f = frames[0.3][(0, 0)]
    away = np.isfinite(f["x"]) & (f["x"] != 0)
    assert_f32(f["y"][away], leaky.f(f["x"][away].astype(float), k=0.3), ptp=5.0)
    set_knob(at, "tl_param_leaky_relu_k", 0.3)
    f = live_figures(at, "tl_params_live")[0]["data"][0]
    x, y = arr(f["x"]).astype(float), arr(f["y"]).astype(float)
    assert y[x == -5.0][0] == pytest.approx(-1.5)


@pytest.mark.parametrize("page, select, prefix", [
    ("views/catalogue.py", ("cat_inspect", "rrelu"), "cat.rrelu."),
    ("views/neuron.py", ("neuron_fn", "rrelu"), "neuron.rrelu."),
    ("views/depth.py", ("dp_act", "rrelu"), "dp_rrelu_"),
])
def test_sliders_stay_when_their_values_do_not_work_together(page, select, prefix):
    at = run_app(page=page)
    at.selectbox(key=select[0]).set_value(select[1]).run()
    set_knob(at, prefix + "lower", 0.6)
    set_knob(at, prefix + "upper", 0.1)
    assert_no_exception(at)
    assert any("0.6" in w.value for w in at.warning)          # says which value is in the way
    keys = {k["key"] for data in live_data(at) for k in data["knobs"]}
    assert {prefix + "lower", prefix + "upper"} <= keys       # and the sliders to move it back are there
    set_knob(at, prefix + "lower", 0.05)
    assert_no_exception(at)
    assert not any("0.6" in w.value for w in at.warning)


def test_explorer_keeps_the_sliders_of_a_function_it_leaves_out():
    at = run_app({"fn": ["rrelu"], "lower": "0.5", "upper": "0.2"})
    assert_no_exception(at)
    assert {"lower", "upper"} <= set(live_knobs(at))
    assert any("RReLU" in w.value for w in at.warning)
    set_knob(at, "lower", 0.1)
    assert live_figures(at) and not any("RReLU" in w.value for w in at.warning)
