"""The essay pages' figure builders, without a browser: data in, the right traces out."""
from __future__ import annotations

import numpy as np

import activations
from activations import Activation
from figures import essay as figs
from nets.stacks import deep_curve, nonlinearity

g = activations.get
STEP = Activation(key="step_t", label="step", fn=lambda x: (x >= 0).astype(float), dfn=lambda x: np.zeros_like(x),
                  latex="f", dlatex="f'", family="Linear and steps", kinks_fn=lambda: (0.0,))


def test_sample_breaks_at_kinks_and_matches_the_core():
    x, f, df = figs.sample(g("relu"), {}, -2, 2, 101)
    gap = np.isnan(x)
    assert gap.sum() == 1 and np.isnan(f[gap]).all() and np.isnan(df[gap]).all()
    i = np.nonzero(gap)[0][0]
    assert x[i - 1] == 0.0 == x[i + 1]           # the break sits at the kink, which both sides reach
    assert (df[i - 1], df[i + 1]) == (0.0, 1.0)  # ReLU' there: its one-sided limits
    ok = ~gap
    ok[[i - 1, i + 1]] = False
    np.testing.assert_array_equal(f[~gap], g("relu").f(x[~gap]))
    np.testing.assert_array_equal(df[ok], g("relu").df(x[ok]))
    x, f, df = figs.sample(g("sigmoid"), {}, -2, 2, 101)
    assert not np.isnan(x).any() and len(x) == 101


def test_sample_draws_no_vertical_line_at_a_jump():
    x, f, _ = figs.sample(STEP, {}, -1, 1, 50)
    fig = figs.gallery([("step", x, f, f, "#000000")], cols=1)
    y = np.asarray(fig.data[0].y, dtype=float)
    finite = np.isfinite(y)
    # between two consecutive finite points the value never jumps from 0 to 1
    pairs = finite[1:] & finite[:-1]
    assert np.max(np.abs(np.diff(y))[pairs]) == 0.0


def test_neuron_diagram_shows_the_chain_with_numbers():
    fig = figs.neuron_diagram([1.0, -0.5, 2.0], [1.5, -1.0, 0.25], 0.3, 2.8, 0.9426, "Sigmoid", "#0072B2")
    texts = " ".join(a.text for a in fig.layout.annotations)
    assert "z = w·x + b = 2.8" in texts and "Sigmoid(z) = 0.9426" in texts and "dendrites" in texts
    assert "w = -1.00" in texts and "w = +0.25" in texts
    edges = [t for t in fig.data if t.mode == "lines" and t.x[-1] == 2.0 and t.y[-1] == 0.0]
    assert len(edges) == 3 and edges[1].line.dash == "dot"  # the negative weight drawn differently
    nodes = [t for t in fig.data if t.mode == "markers+text" and len(t.x) == 3]
    assert list(nodes[0].text) == ["+1.00", "-0.50", "+2.00"]


def test_neuron_heatmap_data_line_and_point():
    grid = np.linspace(-3, 3, 31)
    g1, g2 = np.meshgrid(grid, grid)
    out = np.tanh(2 * g1 - g2 + 0.5)
    fig = figs.neuron_heatmap(grid, grid, out, (1.0, -2.0), (2.0, -1.0, 0.5), "t")
    heat = fig.data[0]
    np.testing.assert_allclose(np.asarray(heat.z), out, rtol=1e-6)
    line = fig.data[1]
    for x1, x2 in zip(line.x, line.y):
        assert abs(2 * x1 - x2 + 0.5) < 1e-9  # the drawn line is z = 0
    assert (fig.data[2].x[0], fig.data[2].y[0]) == (1.0, -2.0)
    vertical = figs.neuron_heatmap(grid, grid, out, (0, 0), (2.0, 0.0, 1.0), "t").data[1]
    assert list(vertical.x) == [-0.5, -0.5]
    assert len(figs.neuron_heatmap(grid, grid, out, (0, 0), (0.0, 0.0, 1.0), "t").data[1].x) == 0


def test_curve_with_point_marks_z_on_the_curve():
    x, f, _ = figs.sample(g("tanh"), {}, -6, 6)
    fig = figs.curve_with_point(x, f, 0.5, float(np.tanh(0.5)), "Tanh", "#E69F00")
    marker = fig.data[-1]
    assert marker.x[0] == 0.5 and marker.y[0] == float(np.tanh(0.5))
    assert fig.data[0].line.color == "#E69F00"
    assert len(figs.curve_with_point(x, f, 0.5, float("nan"), "Tanh", "#E69F00").data) == 1


def test_collapse_scatter_and_deep_curves():
    a = np.array([[1.0, 2.0], [3.0, 4.0]])
    fig = figs.collapse_scatter(a, a + 1e-16, 1e-16)
    assert "1.0e-16" in fig.layout.title.text
    np.testing.assert_allclose(fig.data[1].y, a.ravel())
    xs = np.linspace(-3, 3, 101)
    curves = {"linear": deep_curve(None, xs, 3, 4, 0), "ReLU": deep_curve(g("relu"), xs, 3, 4, 0)}
    bends = {k: nonlinearity(xs, v) for k, v in curves.items()}
    fig = figs.deep_curves(xs, curves, {"linear": "#444444", "ReLU": "#CC79A7"}, bends, cols=4)
    assert [t.name for t in fig.data] == ["linear", "ReLU"]
    titles = [a.text for a in fig.layout.annotations]
    assert titles[0].startswith("linear") and "bend" in titles[1]
    np.testing.assert_allclose(fig.data[1].y, curves["ReLU"], rtol=1e-6)


def test_gallery_has_function_and_derivative_per_panel():
    entries = []
    for key in ("sigmoid", "relu", "sin"):
        x, f, df = figs.sample(g(key), {}, -4, 4, 41)
        entries.append((g(key).label, x, f, df, "#123456"))
    fig = figs.gallery(entries, cols=2)
    assert len(fig.data) == 6
    assert [a.text for a in fig.layout.annotations] == ["Sigmoid", "ReLU", "Sine"]
    assert fig.data[1].line.dash == "dot" and fig.data[0].line.dash is None
    def domain(ref: str):   # "y3" -> layout.yaxis3.domain
        return fig.layout[f"{ref[0]}axis{ref[1:]}"].domain

    first, third = fig.data[0], fig.data[4]   # third panel: second row, first column
    assert third.xaxis == first.xaxis != fig.data[2].xaxis   # a column's panels share one x axis
    assert len({t.yaxis for t in fig.data}) == 3               # each panel has its own y axis
    assert domain(third.yaxis)[1] < domain(first.yaxis)[0]     # below the first row, not overlapping
    assert domain(fig.data[2].xaxis)[0] > domain(first.xaxis)[1]
    # few axes: Plotly makes a clip path per pair of x and y axes (2,499 for 49 panels with an x axis each)
    assert sum(key.startswith("xaxis") for key in fig.layout.to_plotly_json()) == 2
    np.testing.assert_allclose(fig.data[3].y[~np.isnan(fig.data[3].y)],
                               entries[1][3][~np.isnan(entries[1][3])].astype(np.float32))


def test_words_replace_the_english_labels():
    zh = {"diagram_title": "一个神经元", "cell_body": "细胞体 z = {z}, b = {bias}", "bend": "弯曲度 {value}"}
    fig = figs.neuron_diagram([1.0, 2.0], [0.5, 0.5], 0.0, 1.5, 0.8, "Sigmoid", "#000000", zh)
    assert fig.layout.title.text == "一个神经元"
    assert "细胞体 z = 1.5, b = +0.00" in [a.text for a in fig.layout.annotations]
    xs = np.linspace(-1, 1, 5)
    fig = figs.deep_curves(xs, {"a": xs}, {"a": "#000000"}, {"a": 0.0}, words=zh)
    assert "弯曲度 0" in fig.layout.annotations[0].text
    assert set(figs.WORDS) >= set(zh)  # pages pass the same keys


def test_hover_texts_and_trace_names_follow_the_words_given():
    words = {k: f"<{k}>" for k in figs.WORDS}
    grid = np.linspace(-1, 1, 5)
    heat = figs.neuron_heatmap(grid, grid, np.outer(grid, grid), (0.5, 0.5), (1.0, 1.0, 0.0), "t", words)
    assert "<colorbar>=%{z" in heat.data[0].hovertemplate and heat.data[-1].name == "<current_inputs>"
    collapse = figs.collapse_scatter(np.arange(3.0), np.arange(3.0), 0.0, words)
    points = collapse.data[1]
    assert points.name == "<outputs>"
    assert points.hovertemplate.startswith("<single_map> %{x") and "<stack> %{y" in points.hovertemplate
    english = " ".join([heat.data[0].hovertemplate, points.hovertemplate, points.name, heat.data[-1].name])
    assert not any(word in english for word in ("output=", "single map ", "br>stack", "current inputs"))
