"""Pure figure builders for the essay's pages (Neuron, Why nonlinearity, Catalogue): data in, go.Figure out."""
from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from activations import Activation, analysis
from figures import axes
from figures.words import merged

# Words drawn in these figures (figures/words.py): English here, other languages in i18n [figures.essay].
WORDS = {
    "dendrites": "<b>dendrites</b>: inputs x",
    "cell_body": "<b>cell body</b><br>z = w·x + b = {z}<br>(bias b = {bias})",
    "axon": "<b>axon</b>: output",
    "diagram_title": "One neuron, step by step",
    "curve_title": "Cell body: {name}",
    "weighted_sum": "z (weighted sum)",
    "colorbar": "output",
    "collapse_title": "Stack vs single map (max |difference| = {error})",
    "one_matrix": "one matrix W = W_L⋯W_1",
    "layer_by_layer": "L layers, one after another",
    "bend": "bend {value}",
    "input_x": "input x",
    "current_inputs": "current inputs",
    "outputs": "outputs",
    "single_map": "single map",
    "stack": "stack",
}
INK = "#444444"
MUTED = "#999999"
_MARGIN = dict(l=10, r=10, t=40, b=10)
# Room for tick labels and axis titles, fixed: automargin would re-measure on every live redraw.
_AXES_MARGIN = dict(l=64, r=10, t=40, b=48)


def _f32(a) -> np.ndarray:
    return np.asarray(a, dtype=np.float32)  # half the bytes to the browser, ample for a plot


def sample(act: Activation, params: dict, lo: float, hi: float, n: int = 301) -> tuple[np.ndarray, ...]:
    """x, f(x), f'(x) on [lo, hi] from the core's sampler: each kink on the grid, the line cut there
    (a NaN row) with each side ending on its one-sided limit, so jumps draw no vertical line."""
    with np.errstate(all="ignore"):  # a user's formula may be undefined somewhere: NaN, drawn as a gap
        c = analysis.sample(act, params, lo, hi, n)
    return c.x, c.f, c.df


# -- Neuron page ----------------------------------------------------------------
def neuron_diagram(inputs: Sequence[float], weights: Sequence[float], bias: float, z: float, y: float,
                   act_label: str, colour: str, words: dict | None = None) -> go.Figure:
    """Dendrites (inputs × weights) → weighted sum z → cell body f(z) → axon output y, with live numbers."""
    n, w = len(inputs), merged(WORDS, words)
    ys = np.linspace(1.0, -1.0, n) if n > 1 else np.array([0.0])
    fig = go.Figure()
    for wi, yi in zip(weights, ys):
        width = 1.0 + 4.0 * min(abs(wi), 3.0) / 3.0  # thicker line, stronger connection
        fig.add_trace(go.Scatter(x=[0.18, 2.0], y=[yi * (1 - 0.18 / 2), 0.0], mode="lines", hoverinfo="skip",
                                 line=dict(color=colour if wi >= 0 else MUTED, width=width, dash="solid" if wi >= 0 else "dot")))
        fig.add_annotation(x=1.0, y=yi / 2 + 0.12, text=f"w = {wi:+.2f}", showarrow=False, font=dict(size=12))
    fig.add_trace(go.Scatter(x=[0.0] * n, y=ys, mode="markers+text", hoverinfo="skip",
                             marker=dict(size=34, color="rgba(128,128,128,0.15)", line=dict(color=colour, width=2)),
                             text=[f"{v:+.2f}" for v in inputs], textfont=dict(size=11)))
    fig.add_trace(go.Scatter(x=[2.0, 4.2], y=[0.0, 0.0], mode="lines", hoverinfo="skip",
                             line=dict(color=colour, width=3)))
    fig.add_trace(go.Scatter(x=[2.0], y=[0.0], mode="markers", hoverinfo="skip",
                             marker=dict(size=70, color=colour, opacity=0.25, line=dict(color=colour, width=3))))
    fig.add_trace(go.Scatter(x=[4.2], y=[0.0], mode="markers+text", hoverinfo="skip", textposition="top center",
                             marker=dict(size=16, symbol="triangle-right", color=colour), text=[f"y = {y:.4g}"]))
    notes = [
        (0.0, 1.45, w["dendrites"]),
        (2.0, 0.75, w["cell_body"].format(z=f"{z:.4g}", bias=f"{bias:+.2f}")),
        (3.2, -0.35, f"{act_label}(z) = {y:.4g}"),
        (4.2, -0.45, w["axon"]),
    ]
    for x, yv, text in notes:
        fig.add_annotation(x=x, y=yv, text=text, showarrow=False, font=dict(size=13))
    fig.update_layout(showlegend=False, height=320, margin=_MARGIN, title=w["diagram_title"],
                      xaxis=dict(visible=False, range=[-0.5, 4.8]), yaxis=dict(visible=False, range=[-1.4, 1.7]))
    return fig


def neuron_heatmap(x1: np.ndarray, x2: np.ndarray, out: np.ndarray, point: tuple[float, float],
                   line: tuple[float, float, float] | None, title: str, words: dict | None = None) -> go.Figure:
    """The neuron's output over the (x1, x2) plane; the current inputs marked; `line` (a, b, c) draws a x1 + b x2 + c = 0."""
    finite = out[np.isfinite(out)]
    w = merged(WORDS, words)
    fig = go.Figure(go.Heatmap(x=_f32(x1), y=_f32(x2), z=_f32(out), colorscale="RdBu_r",
                               zmid=0.0 if finite.size and finite.min() < 0 < finite.max() else None,
                               colorbar=dict(title=w["colorbar"], thickness=12),
                               hovertemplate=f"x₁=%{{x:.2f}}<br>x₂=%{{y:.2f}}<br>{w['colorbar']}=%{{z:.4g}}<extra></extra>"))
    if line is not None:
        a, b, c = line
        lo, hi = float(x1[0]), float(x1[-1])
        if abs(b) > 1e-12:
            xs = np.array([lo, hi])
            ys = -(a * xs + c) / b
        elif abs(a) > 1e-12:
            ys = np.array([float(x2[0]), float(x2[-1])])
            xs = np.full(2, -c / a)
        else:
            xs = ys = np.array([])
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", name="z = 0", hoverinfo="skip",
                                 line=dict(color=MUTED, width=2, dash="dash")))  # readable on light and dark
    fig.add_trace(go.Scatter(x=[point[0]], y=[point[1]], mode="markers", name=w["current_inputs"],
                             marker=dict(size=14, color="white", symbol="x-thin", line=dict(color="black", width=3))))
    fig.update_layout(title=title, height=420, margin=_AXES_MARGIN, showlegend=False,
                      xaxis=dict(title="x₁", range=[float(x1[0]), float(x1[-1])], constrain="domain"),
                      yaxis=dict(title="x₂", range=[float(x2[0]), float(x2[-1])], scaleanchor="x"))
    return fig


def curve_with_point(x: np.ndarray, f: np.ndarray, z: float, y: float, label: str, colour: str,
                     words: dict | None = None) -> go.Figure:
    """The activation's curve with the neuron's current z and output f(z) marked on it."""
    fig = go.Figure(go.Scatter(x=_f32(x), y=_f32(f), mode="lines", name=label, line=dict(color=colour, width=3),
                               connectgaps=False))
    if math.isfinite(y):
        fig.add_trace(go.Scatter(x=[z, z, float(x[0])], y=[0.0, y, y], mode="lines", hoverinfo="skip",
                                 line=dict(color=MUTED, width=1, dash="dot")))
        fig.add_trace(go.Scatter(x=[z], y=[y], mode="markers+text", text=[f"f({z:.3g}) = {y:.4g}"],
                                 textposition="top left", marker=dict(size=13, color=colour, line=dict(color="black", width=1.5))))
    w = merged(WORDS, words)
    fig.update_layout(title=w["curve_title"].format(name=label), height=420, margin=_AXES_MARGIN, showlegend=False,
                      xaxis=dict(title=w["weighted_sum"], zeroline=True),
                      yaxis=dict(title="f(z)", zeroline=True))
    return fig


# -- Why nonlinearity page --------------------------------------------------------
def collapse_scatter(stack_out: np.ndarray, single_out: np.ndarray, max_diff: float,
                     words: dict | None = None) -> go.Figure:
    """Each output of the L-layer stack against the single collapsed map's: all on the diagonal."""
    a, b = np.ravel(stack_out), np.ravel(single_out)
    lo, hi = float(min(a.min(), b.min())), float(max(a.max(), b.max()))
    w = merged(WORDS, words)
    fig = go.Figure([
        go.Scatter(x=[lo, hi], y=[lo, hi], mode="lines", name="y = x", line=dict(color=MUTED, dash="dash")),
        go.Scatter(x=_f32(b), y=_f32(a), mode="markers", name=w["outputs"],
                   marker=dict(size=6, color="#0072B2", opacity=0.7),
                   hovertemplate=f"{w['single_map']} %{{x:.6g}}<br>{w['stack']} %{{y:.6g}}<extra></extra>"),
    ])
    fig.update_layout(title=w["collapse_title"].format(error=f"{max_diff:.1e}"), height=380, margin=_AXES_MARGIN,
                      showlegend=False, xaxis=dict(title=w["one_matrix"]), yaxis=dict(title=w["layer_by_layer"]))
    return fig


def deep_curves(xs: np.ndarray, curves: dict[str, np.ndarray], colours: dict[str, str],
                bends: dict[str, float], cols: int = 4, words: dict | None = None) -> go.Figure:
    """Small multiples: the deep network's 1-D input → output curve, one panel per activation."""
    names = list(curves)
    rows = max(1, math.ceil(len(names) / cols))
    w = merged(WORDS, words)
    titles = [f"{n}<br><sup>{w['bend'].format(value=f'{bends[n]:.2g}')}</sup>" for n in names]
    fig = make_subplots(rows=rows, cols=min(cols, len(names)) or 1, subplot_titles=titles,
                        horizontal_spacing=0.06, vertical_spacing=0.18 if rows > 1 else 0.1)
    for i, name in enumerate(names):
        r, c = divmod(i, cols)
        fig.add_trace(go.Scatter(x=_f32(xs), y=_f32(curves[name]), mode="lines", name=name,
                                 line=dict(color=colours[name], width=2.5)), row=r + 1, col=c + 1)
    fig.update_layout(height=260 * rows + 40, margin=dict(l=40, r=10, t=60, b=44), showlegend=False)
    fig.update_xaxes(title_text=w["input_x"], title_standoff=2)
    return fig


# -- Catalogue page --------------------------------------------------------------
def gallery(entries: Sequence[tuple[str, np.ndarray, np.ndarray, np.ndarray, str]], cols: int = 6) -> go.Figure:
    """Every function (solid) and its derivative (dotted), one small panel each: (label, x, f, df, colour).

    The panels of a column share one x axis (they all span the same x); each panel has its own y axis.
    Plotly makes a clip path for every pair of an x and a y axis: with an x axis per panel, as
    make_subplots gives, the 49 built-in functions made 2,499 of them, half the page's DOM."""
    rows = max(1, math.ceil(len(entries) / cols))
    h_gap, v_gap = 0.03, min(0.3 / rows + 0.02, 0.12)
    width, height = (1 - h_gap * (cols - 1)) / cols, (1 - v_gap * (rows - 1)) / rows
    fig = go.Figure()
    hidden = dict(showticklabels=False, zeroline=True, zerolinecolor="#bbbbbb")
    lefts = [c * (width + h_gap) for c in range(min(cols, len(entries)))]
    for c, left in enumerate(lefts):
        bottom = c + cols * ((len(entries) - 1 - c) // cols)   # the column's lowest panel carries its x axis
        fig.layout[axes.key("x", c)] = dict(domain=[left, min(1.0, left + width)], anchor=axes.ref("y", bottom), **hidden)
    for i, (label, x, f, df, colour) in enumerate(entries):
        r, c = divmod(i, cols)
        top = 1 - r * (height + v_gap)
        fig.layout[axes.key("y", i)] = dict(domain=[max(0.0, top - height), top], anchor=axes.ref("x", c), **hidden)
        on = dict(xaxis=axes.ref("x", c), yaxis=axes.ref("y", i))
        fig.add_trace(go.Scatter(x=_f32(x), y=_f32(f), mode="lines", name=label, legendgroup="f", **on,
                                 line=dict(color=colour, width=2), hovertemplate=f"{label}<br>f(%{{x:.2f}}) = %{{y:.3g}}<extra></extra>"))
        fig.add_trace(go.Scatter(x=_f32(x), y=_f32(df), mode="lines", name=f"{label} ′", legendgroup="df", **on,
                                 line=dict(color=colour, width=1.5, dash="dot"),
                                 hovertemplate=f"{label}<br>f′(%{{x:.2f}}) = %{{y:.3g}}<extra></extra>"))
        fig.add_annotation(text=label, x=lefts[c] + width / 2, y=top, xref="paper", yref="paper",
                           xanchor="center", yanchor="bottom", showarrow=False, font_size=11)
    fig.update_layout(height=150 * rows + 40, margin=dict(l=10, r=10, t=40, b=10), showlegend=False)
    return fig

