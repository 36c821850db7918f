"""The Explorer's figure builders, without a browser: sampling, honest kinks, layouts, payload."""
from __future__ import annotations

import json
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import activations
from figures import explorer as fx
from figures.style import colours_for
from tests.plotly_arrays import arr

ALL = activations.all_activations()
IDS = [a.key for a in ALL]


def segments(curve: fx.Curve, panel: str):
    """(x, y) of each NaN-separated piece of one panel's trace."""
    cut = np.flatnonzero(np.isnan(curve.x))
    bounds = [-1, *cut, curve.x.size]
    for a, b in zip(bounds[:-1], bounds[1:]):
        yield curve.x[a + 1:b], curve.values[panel][a + 1:b]


def decode(spec) -> np.ndarray:
    return arr(spec).astype(np.float64)


# -- sampling grid ---------------------------------------------------------------
@settings(max_examples=200, deadline=None)
@given(lo=st.floats(-20, 19), width=st.floats(0.01, 40), n=st.integers(2, 3000),
       kinks=st.lists(st.floats(-25, 25), max_size=6))
def test_grid_contains_every_kink_exactly_and_stays_in_range(lo, width, n, kinks):
    hi = lo + width
    grid = fx.sample_grid(lo, hi, n, kinks)
    assert grid[0] == lo and grid[-1] == hi
    assert np.all(np.diff(grid) > 0)
    for k in kinks:
        if lo <= k <= hi:
            assert k in grid
    assert n - len(kinks) <= grid.size <= n + len(kinks)


def test_grid_rejects_an_empty_range():
    with pytest.raises(ValueError):
        fx.sample_grid(1.0, 1.0, 100)


# -- honest kinks ----------------------------------------------------------------
@pytest.mark.parametrize("act", ALL, ids=IDS)
def test_no_vertical_line_and_samples_are_the_function(act):
    """Within a drawn piece every step in y is explained by the slope: nothing bridges a jump."""
    curve = fx.compute_curve(act, act.defaults, -5.0, 5.0, 1000, second=False)
    kinks = act.kinks(**act.defaults)
    for panel, fn in (("f", act.f), ("df", act.df)):
        for x, y in segments(curve, panel):
            assert np.all(np.diff(x) > 0)
            inner = [k for k in kinks if x[0] < k < x[-1]]
            assert not inner, f"{panel} piece crosses kink(s) {inner}"
            # away from the piece's ends the samples are the function's own values
            np.testing.assert_allclose(y[1:-1], fn(x[1:-1], **act.defaults), rtol=1e-12, atol=1e-12)
            if panel == "f" and x.size > 2:
                slope = np.nanmax(np.abs(act.df(x, **act.defaults)))
                steps = np.abs(np.diff(y)) / np.diff(x)
                assert np.nanmax(steps) <= 1.05 * slope + 1e-6


@pytest.mark.parametrize("act", [a for a in ALL if a.kinks(**a.defaults)], ids=lambda a: a.key)
def test_piece_ends_are_one_sided_limits(act):
    """Each piece ends on the limit from its side, checked by approaching the kink from afar."""
    params = act.defaults
    curve = fx.compute_curve(act, params, -7.0, 7.0, 400)
    for panel, fn in (("f", act.f), ("df", act.df)):
        for x, y in segments(curve, panel):
            for end, direction in ((0, +1), (-1, -1)):
                c = x[end]
                if c not in act.kinks(**params):
                    continue
                # Richardson-style: the values at c ± h for shrinking h settle on the limit
                hs = np.array([1e-3, 1e-4, 1e-5])
                approach = fn(c + direction * hs, **params)
                assert y[end] == pytest.approx(approach[-1], abs=1e-4 * max(1, abs(approach[-1])))


def test_relu_derivative_markers():
    relu = activations.get("relu")
    curve = fx.compute_curve(relu, {}, -2, 2, 101)
    marks = {(m.panel, m.x, m.y, m.filled) for m in curve.markers}
    assert marks == {("df", 0.0, 0.0, True), ("df", 0.0, 1.0, False)}  # relu'(0) = 0, as in PyTorch


def test_hardtanh_derivative_markers_at_both_clips():
    act = activations.get("hardtanh")
    curve = fx.compute_curve(act, {}, -3, 3, 101)
    marks = {(m.panel, m.x, m.y, m.filled) for m in curve.markers}
    assert marks == {("df", -1.0, 0.0, True), ("df", -1.0, 1.0, False),
                     ("df", 1.0, 0.0, True), ("df", 1.0, 1.0, False)}
    # f is continuous at the clips: no marker there, and its pieces meet
    for x, y in segments(curve, "f"):
        assert y[0] == pytest.approx(np.clip(x[0], -1, 1)) and y[-1] == pytest.approx(np.clip(x[-1], -1, 1))


def test_jump_in_f_gets_open_and_filled_markers():
    step = activations.get("binary_step")
    curve = fx.compute_curve(step, {}, -1, 1, 51)
    f_marks = sorted((m.y, m.filled) for m in curve.markers if m.panel == "f")
    at0 = float(step.f(0.0))
    assert (at0, True) in f_marks and len(f_marks) == 2
    assert {y for y, _ in f_marks} == {0.0, 1.0}


def test_leaky_marker_follows_k():
    act = activations.get("leaky_relu")
    curve = fx.compute_curve(act, {"k": 0.3}, -1, 1, 51)
    assert ("df", 0.0, 0.3, True) in {(m.panel, m.x, round(m.y, 12), m.filled) for m in curve.markers}


@pytest.mark.parametrize("key", ["sigmoid", "elu", "softsign", "sin"])
def test_second_derivative_matches_finite_differences_of_df(key):
    act = activations.get(key)
    curve = fx.compute_curve(act, act.defaults, -4, 4, 801, second=True)
    for x, y in segments(curve, "d2f"):
        inner = x[2:-2]
        h = 1e-5
        fd = (act.df(inner + h, **act.defaults) - act.df(inner - h, **act.defaults)) / (2 * h)
        np.testing.assert_allclose(y[2:-2], fd, rtol=1e-4, atol=1e-5)


def test_rrelu_band_surrounds_its_curve():
    act = activations.get("rrelu")
    curve = fx.compute_curve(act, act.defaults, -5, 5, 500)
    lo, hi = curve.band
    f_grid = act.f(curve.grid, **act.defaults)
    assert np.all(lo <= f_grid + 1e-12) and np.all(f_grid <= hi + 1e-12)
    assert np.any(hi - lo > 0.1)  # a visible band on the negative side
    fig = fx.overlay_figure([curve], -5, 5)
    filled = [t for t in fig.data if t.fill == "tonexty"]
    assert len(filled) == 1 and filled[0].xaxis == "x"


# -- figures -----------------------------------------------------------------------
def _curves(keys, second=False, **params):
    colours = colours_for(keys)
    return [fx.compute_curve(activations.get(k), params.get(k, {}), -5, 5, 1000, colours[k], second) for k in keys]


def test_overlay_has_f_and_df_panels_sharing_x_and_one_colour_per_function():
    keys = ["relu", "leaky_relu", "tanh"]
    fig = fx.overlay_figure(_curves(keys), -5, 5)
    lines = [t for t in fig.data if t.mode == "lines"]
    assert {(t.legendgroup, t.xaxis) for t in lines} == {(k, ax) for k in keys for ax in ("x", "x2")}
    assert fig.layout.xaxis2.matches == "x" and tuple(fig.layout.xaxis.range) == (-5, 5)
    for key in keys:
        assert len({t.line.color or t.marker.color for t in fig.data if t.legendgroup == key}) == 1
    assert sum(bool(t.showlegend) for t in fig.data) == len(keys)
    assert [a.text for a in fig.layout.annotations] == ["f(x)", "f′(x)"]


def test_second_derivative_toggle_adds_a_linked_third_panel():
    fig = fx.overlay_figure(_curves(["tanh"], second=True), -5, 5, second=True)
    assert {t.xaxis for t in fig.data} == {"x", "x2", "x3"}
    assert fig.layout.xaxis3.matches == "x"


def test_hover_on_f_carries_df_of_the_same_x():
    [curve] = _curves(["tanh"])
    fig = fx.overlay_figure([curve], -5, 5)
    f_trace = next(t for t in fig.data if t.xaxis == "x" and t.mode == "lines")
    x, cd = decode(f_trace.to_plotly_json()["x"]), decode(f_trace.to_plotly_json()["customdata"])
    np.testing.assert_allclose(cd, np.float32(activations.get("tanh").df(x)), rtol=1e-6)
    assert "customdata" in f_trace.hovertemplate and fig.layout.hovermode == "x unified"


def test_small_multiples_share_axes_by_panel():
    keys = ["relu", "tanh", "sigmoid"]
    fig = fx.grid_figure(_curves(keys), -5, 5)
    layout = fig.to_plotly_json()["layout"]
    xaxes = [k for k in layout if k.startswith("xaxis")]
    yaxes = sorted((k for k in layout if k.startswith("yaxis")), key=lambda k: int(k[5:] or 1))
    used = {t.yaxis for t in fig.data}
    assert len(used) == 2 * len(keys)
    used_x = {"xaxis" + t.xaxis[1:] for t in fig.data}
    assert all(layout[k].get("matches") == "x" for k in used_x if k != "xaxis")
    assert all(layout[k].get("visible") is False for k in set(xaxes) - used_x)  # empty slots hidden
    # f panels (odd axes) all follow the first f axis, f' panels the first f' axis
    f_axes = [k for k in yaxes if ("y" + k[5:]) in used and int(k[5:] or 1) % 2 == 1]
    assert all(layout[k].get("matches") == "y" for k in f_axes[1:])
    titles = [a["text"] for a in layout["annotations"]]
    assert "ReLU · f(x)" in titles and "Sigmoid · f′(x)" in titles


def test_payload_is_float32_and_within_the_point_budget():
    curves = _curves(list(activations.names()[:6]))
    spec = json.loads(fx.overlay_figure(curves, -5, 5).to_json())
    for trace in spec["data"]:
        if trace["mode"] == "lines":
            assert trace["x"]["dtype"] == "f4" and trace["y"]["dtype"] == "f4"
            assert decode(trace["x"]).size <= 1000 + 3 * 4  # budget plus kink points and cuts
    assert len(json.dumps(spec)) < 200_000


def test_revision_is_passed_through_for_zoom_keeping():
    fig = fx.overlay_figure(_curves(["relu"]), -3, 3, revision="r1")
    assert fig.layout.uirevision == "r1"


@pytest.mark.parametrize("act", ALL, ids=IDS)
def test_every_activation_draws_finite_curves_with_random_parameters(act):
    rng = np.random.default_rng(len(act.key))
    for _ in range(3):
        params = {p.name: float(rng.uniform(p.slider_low, p.slider_high)) for p in act.params}
        try:
            act.resolve(**params)
        except activations.ParameterError:
            continue  # a cross-parameter constraint (e.g. lower < upper); the page says so
        curve = fx.compute_curve(act, params, -5, 5, 300, second=True)
        for panel in ("f", "df"):
            finite = np.isfinite(curve.values[panel])
            assert finite.sum() >= 290, panel
        assert all(math.isfinite(m.y) for m in curve.markers)


def test_live_chart_payload_sends_each_array_once_and_round_trips():
    from components.live_control import figure_payload, resolve_payload

    curves = _curves(["relu", "leaky_relu", "tanh", "sigmoid"])
    fig = fx.overlay_figure(curves, -5, 5)
    payload = figure_payload(fig)
    assert resolve_payload(payload)["data"] == json.loads(fig.to_json())["data"]
    arrays = json.loads(payload)["arrays"]
    assert len({a["bdata"] for a in arrays}) == len(arrays)
    # f and f' per function; x once per grid: relu and leaky_relu (kink at 0) share one, tanh and sigmoid another
    assert len(arrays) == 2 * 4 + 2
    assert len(payload) < 0.55 * len(fig.to_json())


@pytest.mark.parametrize("view", ["overlay", "grid"])
def test_plain_spec_sent_by_the_page_is_the_validated_figure(view):
    from components.live_control import figure_payload, resolve_payload

    curves = _curves(["relu", "rrelu", "binary_step"], second=True)
    spec = getattr(fx, f"{view}_spec")(curves, -4, 4, second=True)
    fig = getattr(fx, f"{view}_figure")(curves, -4, 4, second=True)   # Plotly validates every attribute
    sent = resolve_payload(figure_payload(spec))
    expected = json.loads(fig.to_json())
    assert sent["data"] == expected["data"]
    for name, axis in expected["layout"].items():
        if name.startswith(("xaxis", "yaxis")):
            assert sent["layout"][name] == axis


def test_chart_words_follow_the_callers_language():
    from ui import i18n  # the catalogue only; the builder itself never reads it
    zh = {k: i18n.translate(f"figures.explorer.{k}", "zh") for k in fx.WORDS}
    act = activations.get("rrelu")   # has a random band
    label = i18n.translate("activations.rrelu.label", "zh")
    curve = fx.compute_curve(act, {}, -2.0, 2.0, 51, label=label)
    spec = fx.grid_spec([curve], -2.0, 2.0, words=zh)
    titles = [a["text"] for a in spec["layout"]["annotations"]]
    assert titles == [zh["cell_title"].format(name=label, panel=p) for p in ("f(x)", "f′(x)")]
    names = {t["name"] for t in spec["data"]}
    assert label in names and zh["band"].format(name=label) in names
    assert not any("band" in n or "random" in n for n in names)
    go_fig = fx.grid_figure([curve], -2.0, 2.0, words=zh)   # Plotly accepts it
    assert len(go_fig.data) == len(spec["data"])


def test_long_panel_titles_shrink_to_fit_and_short_ones_keep_size_14():
    from ui import i18n
    zh = i18n.catalogue("zh")
    keys = ["relu", "leaky_relu"]
    curves = [fx.compute_curve(activations.get(k), {}, -2.0, 2.0, 51, label=zh[f"activations.{k}.label"])
              for k in keys]
    sizes = {a["text"]: a["font"]["size"] for a in fx.grid_spec(curves, -2.0, 2.0)["layout"]["annotations"]}
    assert len(set(sizes.values())) == 1 and 10 <= min(sizes.values()) < 14   # one size, fitted to the longest
    short = fx.grid_spec([fx.compute_curve(activations.get("relu"), {}, -2.0, 2.0, 51)], -2.0, 2.0)
    assert {a["font"]["size"] for a in short["layout"]["annotations"]} == {14}
    overlay = fx.overlay_spec(curves, -2.0, 2.0)["layout"]["annotations"]
    assert {a["font"]["size"] for a in overlay} == {14}


# -- traces a live slider swaps -------------------------------------------------------
def _plain(traces) -> str:
    from plotly.utils import PlotlyJSONEncoder
    return json.dumps(traces, cls=PlotlyJSONEncoder, sort_keys=True)


@pytest.mark.parametrize("second", [False, True])
def test_overlay_traces_are_the_overlay_figures_traces(second):
    curves = _curves(["relu", "rrelu", "binary_step", "tanh"], second=second)
    words = {"one_sided": "{name} einseitig"}
    assert _plain(fx.overlay_traces(curves, second, words)) == _plain(
        fx.overlay_spec(curves, -5, 5, second, words=words)["data"])


def test_each_panel_has_one_markers_trace_empty_when_nothing_is_marked():
    [tanh, relu] = _curves(["tanh", "relu"])
    traces = fx.overlay_traces([tanh, relu])
    marks = [t for t in traces if t["mode"] == "markers"]
    assert [(t["legendgroup"], t["xaxis"]) for t in marks] == [
        ("tanh", "x"), ("relu", "x"), ("tanh", "x2"), ("relu", "x2")]
    empty = [t for t in marks if t["legendgroup"] == "tanh"] + [marks[1]]   # tanh is smooth; relu's f is continuous
    assert all(t["x"] == [] and t["y"] == [] and t["marker"]["symbol"] == [] for t in empty)
    assert marks[3]["x"] == [0.0, 0.0] and sorted(marks[3]["y"]) == [0.0, 1.0]   # relu'(0) = 0, from the right 1
    fx.overlay_figure([tanh, relu], -5, 5)   # Plotly accepts the empty ones


@pytest.mark.parametrize(("key", "values"), [("elu", [1.0, 0.5]), ("leaky_relu", [0.01, 0.999]),
                                             ("hardtanh", [-1.0, -3.0])])
def test_trace_layout_does_not_depend_on_parameters(key, values):
    """A slider moved live swaps arrays trace by trace: a parameter that makes a kink appear
    (ELU's f' jumps at 0 unless alpha = 1) or leave the range (hard tanh's lower clip at -3 on
    [-2, 2]) must not add or remove a trace."""
    act = activations.get(key)
    name = act.params[0].name
    shapes = []
    for v in values:
        curve = fx.compute_curve(act, {name: v}, -2, 2, 200, second=True)
        shapes.append([(t["name"], t["mode"], t["xaxis"], t["yaxis"], t.get("fill"))
                       for t in fx.overlay_traces([curve], second=True)])
    assert shapes[0] == shapes[1]
