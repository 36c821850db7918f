"""Pure figure builders for the Training lab before training: the data, and a diagram of the network."""
from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from nets.snapshots import Plane

from . import training
from .style import PALETTE
from .training import _layout, plane_axes, point_traces, sample_traces
from .words import merged

# Words drawn in these figures (figures/words.py), besides the points' and samples' words of
# figures.training: English here, other languages in i18n [figures.preview].
WORDS = {
    "data_title": "{name}: {train} train, {test} test points",                          # data_preview
    "network_title": "Network", "every_layer": "in every hidden layer: {names}",     # network_diagram
    "input": "input", "hidden": "hidden layer {n}", "output": "output", "units": "{n} units", "unit": "1 unit",
}
MAX_NODES = 8        # a layer wider than this is drawn as its first and last units around a "⋮"
HEAD, TAIL = 4, 3    # units drawn before and after the "⋮"
LINE_PX = 17         # height of a line of the layer labels under the nodes
NAMES_A_LINE = 3     # activations named on one line under the diagram
NODE_COLOURS = {"input": PALETTE[7], "hidden": PALETTE[0], "output": PALETTE[1]}   # 3:1 on both themes


def words_of(words: dict | None) -> dict[str, str]:
    """This module's words and figures.training's (train, test, class, target), the caller's in their place."""
    return merged({**training.WORDS, **WORDS}, words)


def data_preview(data, words: dict | None = None, name: str | None = None) -> go.Figure:
    """The samples a run will learn from: train filled and test open, coloured by class, or over x.
    `name` is the data's display name (its own name by default)."""
    w = words_of(words)
    title = w["data_title"].format(name=name or data.name, train=len(data.X_train), test=len(data.X_test))
    if data.task == "regression":
        x = Plane.over(data.X_all, 300).axes[0]
        fig = go.Figure(sample_traces(data, w, x=x))
        fig.update_xaxes(title="x")
        fig.update_yaxes(title="y")
        return _layout(fig, title, 340)
    fig = go.Figure(point_traces(data, w, legend=True))
    plane_axes(fig, Plane.over(data.X_all, 2))
    return _layout(fig, title, 340)


def drawn_units(n: int) -> tuple[list[int], bool]:
    """Which of a layer's `n` units are drawn (0-based), and whether a "⋮" stands for the rest."""
    if n <= MAX_NODES:
        return list(range(n)), False
    return [*range(HEAD), *range(n - TAIL, n)], True


def network_diagram(sizes: Sequence[int], hidden_names: Sequence[Sequence[str]], output_name: str,
                    words: dict | None = None) -> go.Figure:
    """Input → hidden layers (width, activations) → output, as columns of nodes joined by their weights.

    `hidden_names[i]` lists the activations hidden layer i takes (one per candidate network). Those
    every hidden layer takes are named once, under the diagram; a column names only its own others.
    At most MAX_NODES nodes a layer are drawn; a wider layer shows its first and last units
    around a "⋮", and every column is labelled with its full count.
    """
    w = words_of(words)
    common = [name for name in (hidden_names[0] if hidden_names else ()) if all(name in h for h in hidden_names)]
    columns = []  # per layer: node heights, and the ellipsis' height (or None)
    for n in sizes:
        shown, cut = drawn_units(n)
        slots = len(shown) + cut
        ys = [(slots - 1) / 2 - j for j in range(slots)]
        if cut:
            columns.append(([*ys[:HEAD], *ys[HEAD + 1:]], ys[HEAD]))
        else:
            columns.append((ys, None))
    edges_x, edges_y = [], []
    for i in range(len(columns) - 1):
        for y0 in columns[i][0]:
            for y1 in columns[i + 1][0]:
                edges_x += [i, i + 1, None]
                edges_y += [y0, y1, None]
    traces = [go.Scatter(x=edges_x, y=edges_y, mode="lines", line=dict(color="rgba(128,128,128,0.35)", width=1),
                         hoverinfo="skip", showlegend=False)]
    last = len(sizes) - 1
    for i, (ys, dots) in enumerate(columns):
        kind = "input" if i == 0 else "output" if i == last else "hidden"
        traces.append(go.Scatter(x=[i] * len(ys), y=ys, mode="markers", name=kind, showlegend=False,
                                 marker=dict(size=14, color=NODE_COLOURS[kind], line=dict(width=1, color="#333")),
                                 hoverinfo="skip"))
        if dots is not None:
            traces.append(go.Scatter(x=[i], y=[dots], mode="text", text=["⋮"], textfont=dict(size=18),
                                     hoverinfo="skip", showlegend=False))
    fig = go.Figure(traces)
    lines = 2
    for i, n in enumerate(sizes):
        words = [w["unit"] if n == 1 else w["units"].format(n=n)]
        if i == 0:
            words.insert(0, w["input"])
        elif i == last:
            words = [w["output"], *words, output_name]
        else:
            words = [w["hidden"].format(n=i), *words, *(name for name in hidden_names[i - 1] if name not in common)]
        lines = max(lines, len(words))
        fig.add_annotation(x=i, y=0, yref="paper", yanchor="top", showarrow=False, text="<br>".join(words),
                           font=dict(size=12))
    half = max(len(ys) + (d is not None) for ys, d in columns) / 2
    fig.update_xaxes(visible=False, range=[-0.5, last + 0.5])
    fig.update_yaxes(visible=False, range=[-half, half])
    rows = [" · ".join(common[i:i + NAMES_A_LINE]) for i in range(0, len(common), NAMES_A_LINE)]
    if rows:   # under the column labels, a line or more: neither a title nor a label wraps by itself
        fig.add_annotation(x=0.5, xref="paper", y=0, yref="paper", yanchor="top", yshift=-LINE_PX * lines - 8,
                           showarrow=False, font=dict(size=12),
                           text=w["every_layer"].format(names="<br>".join(rows)))
    _layout(fig, w["network_title"], 250 + LINE_PX * (lines + len(rows)), showlegend=False)
    return fig.update_layout(margin=dict(t=40, b=18 + LINE_PX * (lines + len(rows))))
