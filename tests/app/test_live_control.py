"""The Explorer's live control under AppTest: the frames Python sends for a moving thumb are the
core's own numbers, thinned as documented on a long grid, and the control's data follows the page
(cells, share y, link values). AppTest cannot drive the component itself: `ask_frames` stands in
for the browser's "want" and `set_knob` for a release (see tests/app/helpers.py)."""
from __future__ import annotations

import math

import numpy as np
import pytest

import activations
from components.live_control import FINE_WINDOW, MAX_FRAMES
from tests.app.helpers import ask_frames, assert_no_exception, live_data, run_app, set_knob
from tests.app.test_explorer import CONTROL, figure, figures, knobs
from tests.plotly_arrays import arr

LEAKY = activations.get("leaky_relu")
TANH = activations.get("tanh")
F32 = float(np.finfo(np.float32).eps)


def arrays(frames: dict, entry: dict) -> dict[str, np.ndarray]:
    """One frame of one trace, its arrays put back (a {"ref": i} into frames["arrays"], or a short list)."""
    out = {}
    for name, v in entry.items():
        if isinstance(v, dict) and "ref" in v:
            out[name] = arr(frames["arrays"][v["ref"]]).astype(np.float64)
        elif name in ("x", "y", "customdata"):
            out[name] = arr(v)
        else:
            out[name] = v
    return out


def trace_index(fig: dict, name: str, axis: str, mode: str = "lines") -> int:
    [i] = [i for i, t in enumerate(fig["data"]) if t["name"] == name and t["xaxis"] == axis and t["mode"] == mode]
    return i


def assert_core(y: np.ndarray, want: np.ndarray) -> None:
    """Drawn values (float32 where that suffices) against the core's float64 ones."""
    np.testing.assert_allclose(y, want, rtol=2 * F32, atol=1e-30)


@pytest.fixture(scope="module")
def leaky_run():
    at = run_app({"fn": ["relu", "leaky_relu"]})
    assert_no_exception(at)
    return at


def test_frames_of_the_leaky_slope_are_the_core_at_every_value_sent(leaky_run):
    at = leaky_run
    fig = figure(at)
    frames = ask_frames(at, CONTROL, "k", around=0.3)
    assert (frames["mode"], frames["knob"], frames["sig"]) == ("sweep", "k", knobs(at)["k"]["sig"])
    f_i, df_i = trace_index(fig, "Leaky ReLU", "x"), trace_index(fig, "Leaky ReLU", "x2")
    marks_i = trace_index(fig, "Leaky ReLU one-sided values", "x2", "markers")
    patches = {p["trace"]: p for p in frames["patches"]}
    # only what k changes is sent: leaky f, f' and the one-sided values of f' (ReLU's traces and
    # the always-empty markers of leaky f stay as they are)
    assert set(patches) == {f_i, df_i, marks_i} and {p["cell"] for p in frames["patches"]} == {0}
    values = frames["values"]
    assert all(len(p["frames"]) == len(values) for p in frames["patches"])
    checked = 0
    for k in (0.001, 0.296, 0.3, 0.321, 0.999):   # every 5th from 0.001, and every value near the thumb
        assert k in values, k
        i = values.index(k)
        f = arrays(frames, patches[f_i]["frames"][i])
        df = arrays(frames, patches[df_i]["frames"][i])
        x = f["x"]
        np.testing.assert_array_equal(np.isnan(x), np.isnan(df["x"]))
        ok = np.isfinite(x)
        assert x[ok][0] == -5 and x[ok][-1] == 5 and np.count_nonzero(x[ok] == 0) == 2   # cut at the kink
        away = ok & (x != 0)
        assert_core(f["y"][away], LEAKY.f(x[away], k=k))
        assert_core(df["y"][away], LEAKY.df(x[away], k=k))
        assert_core(f["customdata"][away], LEAKY.df(x[away], k=k))   # hover on f shows f'
        # at x = 0 each piece ends on its one-sided limit: f' is k from the left, 1 from the right
        kink = np.flatnonzero(x == 0)
        assert df["y"][kink].tolist() == pytest.approx([k, 1.0], rel=2 * F32)
        assert f["y"][kink].tolist() == [0.0, 0.0]
        marks = arrays(frames, patches[marks_i]["frames"][i])
        assert marks["x"].tolist() == [0.0, 0.0]
        assert sorted(zip(marks["y"].tolist(), marks["marker"]["symbol"])) == [
            (pytest.approx(k, rel=2 * F32), "circle"), (1.0, "circle-open")]   # f'(0) = k, as PyTorch
        checked += 1
    assert checked == 5


def test_a_long_grid_sends_every_mth_value_and_every_value_near_the_thumb(leaky_run):
    at = leaky_run
    k = knobs(at)["k"]
    assert k["coarse"] and (k["low"], k["high"], k["step"]) == (0.001, 0.999, 0.001)
    grid = np.round(0.001 + 0.001 * np.arange(999), 6)                    # 999 slider positions
    m = math.ceil(grid.size / MAX_FRAMES)
    for around in (0.5, 0.999, 0.0123):
        frames = ask_frames(at, CONTROL, "k", around=around)
        i = int(round((around - 0.001) / 0.001))
        near = set(range(max(0, i - FINE_WINDOW), min(grid.size, i + FINE_WINDOW + 1)))
        expected = grid[sorted(set(range(0, grid.size, m)) | {grid.size - 1} | near)]
        np.testing.assert_allclose(frames["values"], expected, rtol=0, atol=1e-12)
        assert len(frames["values"]) <= MAX_FRAMES + 1 + 2 * FINE_WINDOW + 1
        assert all(len(p["frames"]) == len(expected) for p in frames["patches"])


def test_a_short_grid_sends_every_position():
    at = run_app({"fn": ["elu"]})
    alpha = knobs(at)["elu.alpha"]                      # ELU alpha: 0.1 ... 3 in steps of 0.05
    assert not alpha["coarse"]
    frames = ask_frames(at, CONTROL, alpha["key"], around=1.0)
    np.testing.assert_allclose(frames["values"], np.round(np.arange(0.1, 3.0 + 1e-9, 0.05), 6), atol=1e-12)


def test_a_want_from_before_another_slider_moved_is_not_answered():
    at = run_app({"fn": ["relu", "leaky_relu"], "x": ["-3", "3"]})
    stale = knobs(at)["k"]["sig"]
    set_knob(at, "x", (-2.0, 2.0))                      # the range moved: k's frames would be other curves
    assert knobs(at)["k"]["sig"] != stale
    at.session_state[f"{CONTROL}.want"] = {"knob": "k", "sig": stale, "around": 0.01, "px": 800}
    at.run()
    assert live_data(at, CONTROL)[0]["frames"] is None
    frames = ask_frames(at, CONTROL, "k", around=0.01)  # asked again with the current signature
    assert frames["mode"] == "sweep" and frames["sig"] == knobs(at)["k"]["sig"]


def test_the_page_says_which_frames_request_it_dealt_with():
    at = run_app({"fn": ["leaky_relu"]})
    assert live_data(at, CONTROL)[0]["wanted"] == 0
    sig = knobs(at)["k"]["sig"]
    at.session_state[f"{CONTROL}.want"] = {"knob": "k", "sig": sig, "around": 0.01, "px": 800, "n": 3}
    at.run()
    [data] = live_data(at, CONTROL)
    assert (data["frames"]["n"], data["wanted"]) == (3, 3)
    assert f"{CONTROL}.want" not in at.session_state   # answered: not computed again
    set_knob(at, "k", 0.02)   # a later run without frames still says so: a browser that lost them asks again
    [data] = live_data(at, CONTROL)
    assert (data["frames"], data["wanted"]) == (None, 3)
    at.session_state[f"{CONTROL}.want"] = {"knob": "k", "sig": "stale", "n": 4}
    at.run()
    [data] = live_data(at, CONTROL)
    assert (data["frames"], data["wanted"]) == (None, 4)   # dropped as stale, and said so


def test_the_x_range_window_covers_the_widest_range():
    at = run_app({"fn": ["relu", "tanh"], "x": ["-2", "3"]})
    fig = figure(at)
    frames = ask_frames(at, CONTROL, "x")
    assert (frames["mode"], frames["knob"], frames["values"]) == ("window", "x", [])
    assert sorted((p["cell"], p["trace"]) for p in frames["patches"]) == [(0, i) for i in range(len(fig["data"]))]
    checked = set()
    for p in frames["patches"]:
        trace = fig["data"][p["trace"]]
        [entry] = p["frames"]
        drawn = arrays(frames, entry)
        if trace["mode"] != "lines":
            continue
        x = drawn["x"][np.isfinite(drawn["x"])]
        assert x[0] == -20 and x[-1] == 20 and x.size >= 2001, trace["name"]   # every 0.02 at least
        if trace["name"] == "Tanh":
            # an even grid over [-20, 20] sent as float32: the core's values at the grid's own points
            grid = np.linspace(-20, 20, x.size)
            np.testing.assert_array_equal(x, grid.astype(np.float32))
            want = TANH.f if trace["xaxis"] == "x" else TANH.df
            assert_core(drawn["y"], want(grid))
            checked.add(trace["xaxis"])
    assert checked == {"x", "x2"}


def test_small_multiples_put_each_functions_sliders_under_its_own_chart():
    at = run_app({"fn": ["relu", "leaky_relu", "hardtanh"], "view": "Small multiples"})
    assert_no_exception(at)
    [data] = live_data(at, CONTROL)
    assert data["columns"] == 2 and len(data["cells"]) == 3 == len(figures(at))
    cells = {k["key"]: k["cell"] for k in data["knobs"]}
    assert cells == {"x": None, "k": 1, "min_val": 2, "max_val": 2}   # the range above all charts
    frames = ask_frames(at, CONTROL, "max_val", around=1.0)
    assert {p["cell"] for p in frames["patches"]} == {2}   # moving it redraws its own chart only
    frames = ask_frames(at, CONTROL, "x")
    assert {p["cell"] for p in frames["patches"]} == {0, 1, 2}   # the range redraws every chart


def test_share_y_toggle_reaches_the_control():
    at = run_app({"fn": ["relu", "tanh"], "view": "Small multiples", "sharey": "true"})
    assert_no_exception(at)
    assert not at.warning
    assert at.toggle(key="sharey").value is True and live_data(at, CONTROL)[0]["share_y"] is True
    at.toggle(key="sharey").set_value(False).run()
    assert live_data(at, CONTROL)[0]["share_y"] is False
    at.radio(key="view").set_value("Overlay").run()        # one chart: nothing to share, no toggle
    assert live_data(at, CONTROL)[0]["share_y"] is False and not [t for t in at.toggle if t.key == "sharey"]


def test_a_bad_share_y_in_the_link_gives_a_notice():
    at = run_app({"fn": ["relu", "tanh"], "view": "Small multiples", "sharey": "maybe"})
    assert_no_exception(at)
    [notice] = at.warning
    assert "`sharey=maybe`" in notice.value and "true or false" in notice.value
    assert live_data(at, CONTROL)[0]["share_y"] is False


@pytest.mark.parametrize(("query", "key", "value", "decimals"), [
    ({"k": "0.25"}, "k", 0.25, 3),
    ({"k": "0.2505"}, "k", 0.2505, 4),                    # between slider positions: shown as it is
    ({"x": ["-2", "4"]}, "x", [-2.0, 4.0], 1),
    ({"min_val": "-2"}, "min_val", -2.0, 2),
])
def test_a_knobs_link_value_is_read_back(query, key, value, decimals):
    at = run_app({"fn": ["leaky_relu", "hardtanh"], **query})
    assert_no_exception(at)
    assert not at.warning
    knob = knobs(at)[key]
    assert knob["value"] == value and knob["decimals"] == decimals
    assert at.session_state[key] == (tuple(value) if isinstance(value, list) else value)   # adopted by the session
