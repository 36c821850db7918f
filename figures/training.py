"""Pure figure builders of the Training lab and Depth pages: histories, models and statistics in, figures out."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from nets.depth import QUANTILES, DepthStats
from nets.mlp import MLP, History
from nets.snapshots import Plane
from nets.sweep import Cell, Sweep

from .axes import suffix, trace_axes
from .style import GRID, PALETTE, rgba
from .words import merged

# Class colours (Okabe & Ito), apart from the activation palette's first entries so points
# do not read as belonging to one activation.
# the palette's first ten: each 3:1 on both themes' backgrounds (WCAG 1.4.11; Okabe–Ito's yellow was 1.2:1 on white)
CLASS_COLOURS = PALETTE[:10]
MARGIN = dict(l=10, r=10, t=80, b=10)  # room for the title and a legend row above the plot

# Words drawn in these figures (figures/words.py): English here, other languages in i18n [figures.training].
WORDS = {
    "train": "train", "test": "test",                                      # points and losses
    "loss_title": "Loss per epoch", "loss": "loss", "epoch": "epoch",      # loss_curves
    "class_prob": "P(class 1)", "class": "class",                          # decision_boundary
    "target": "target", "network": "network",                              # fitted_curve
    "true": "true class", "predicted": "predicted class",                  # confusion_heatmap
    "points": "test points", "share": "of the true class",
    "layer": "layer",                                                      # the Depth page's figures
    "band_outer": "5–95 %", "band_inner": "25–75 %", "median": "median",   # quantile_bands
    "dead_title": "Dead units per layer", "dead_axis": "% dead units", "dead": "dead",
    "norms_title": "Weight-gradient norm per layer", "norms_layer": "layer (1 = nearest the input)",
    "spread_title": "Activation spread per layer", "std": "std of activations",
    "learned_title": "Learned activation parameters", "value": "value",   # learned_parameters
    "series": "{param}, layer {layer}", "unit_mean": "mean of the units", "unit_spread": "lowest to highest unit",
    "sweep_title": "Final test {score} by activation and learning rate",  # sweep_heatmap
    "accuracy": "accuracy", "r2": "R²", "learning_rate": "learning rate", "hidden_layers": "hidden layers: {depth}",
    "sweep_cell": "{name}, learning rate {lr}, hidden layers: {depth}",
    "sweep_seeds": "{score} {mean} ± {sd} over {runs} of {seeds} seeds",
    "diverged": "diverged", "diverged_seeds": "diverged in {diverged} of {runs} seeds",
}


def _layout(fig: go.Figure, title: str, height: int, **kwargs) -> go.Figure:
    fig.update_layout(title=dict(text=title, font=dict(size=14), yref="container", y=0.98, yanchor="top"),
                      height=height, margin=MARGIN,
                      legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0), **kwargs)
    fig.update_xaxes(gridcolor=GRID)
    fig.update_yaxes(gridcolor=GRID)
    return fig


def loss_curves(runs: list[tuple[str, str, History]], words: dict | None = None) -> go.Figure:
    """Train loss (solid) and test loss (dashed) of each run; log scale, since losses span decades."""
    w = merged(WORDS, words)
    fig = go.Figure()
    for name, colour, h in runs:
        epochs = np.asarray(h.epochs)
        fig.add_trace(go.Scatter(x=epochs, y=np.asarray(h.train_loss), name=f"{name} · {w['train']}", legendgroup=name,
                                 line=dict(color=colour, width=2)))
        if h.test_loss and np.isfinite(h.test_loss).any():
            fig.add_trace(go.Scatter(x=epochs, y=np.asarray(h.test_loss), name=f"{name} · {w['test']}",
                                     legendgroup=name, line=dict(color=colour, width=2, dash="dash")))
    fig.update_yaxes(type="log", title=w["loss"], dtick=1, exponentformat="power")  # one label per decade
    fig.update_xaxes(title=w["epoch"])
    return _layout(fig, w["loss_title"], 380, hovermode="x unified")


def point_traces(data, w: dict, panel: int = 0, legend: bool = False) -> list[dict]:
    """Classification samples coloured by class: train filled, test open (`w`: this module's words, merged)."""
    traces = []
    for part, X, y, symbol in ((w["train"], data.X_train, data.y_train, "circle"),
                               (w["test"], data.X_test, data.y_test, "circle-open")):
        for c in range(data.n_classes):
            sel = y == c
            if not sel.any():
                continue
            traces.append(dict(type="scatter", x=X[sel, 0], y=X[sel, 1], mode="markers",
                               name=f"{w['class']} {c} · {part}", showlegend=legend, hoverinfo="skip",
                               marker=dict(color=CLASS_COLOURS[c % len(CLASS_COLOURS)], size=5, symbol=symbol,
                                           line=dict(width=1, color="#333")), **trace_axes(panel)))
    return traces


def boundary_traces(plane: Plane, out: np.ndarray, data, w: dict, panel: int = 0) -> list[dict]:
    """A classifier's outputs over `plane` (`Plane.predict`, or a snapshot of it): P(class 1) with its
    0.5 contour for two classes, the winning class for more."""
    xs, ys = plane.axes
    axes = trace_axes(panel)
    if data.task == "binary":
        p = out[0]
        scale = [[0, CLASS_COLOURS[0]], [0.5, "#ffffff"], [1, CLASS_COLOURS[1]]]
        return [dict(type="heatmap", x=xs, y=ys, z=p, zmin=0, zmax=1, colorscale=scale, opacity=0.55,
                     showscale=False, hovertemplate=w["class_prob"] + " = %{z:.2f}<extra></extra>", **axes),
                dict(type="contour", x=xs, y=ys, z=p, contours=dict(start=0.5, end=0.5, size=1, coloring="lines"),
                     line=dict(color="#222", width=2), showscale=False, hoverinfo="skip", **axes)]
    k = data.n_classes
    cls = data.predicted_classes(out.reshape(k, -1).T).reshape(out.shape[1:]).astype(np.float32)
    scale = [[i / max(k - 1, 1), CLASS_COLOURS[i % len(CLASS_COLOURS)]] for i in range(k)]
    return [dict(type="heatmap", x=xs, y=ys, z=cls, zmin=0, zmax=k - 1, colorscale=scale, opacity=0.4,
                 showscale=False, hovertemplate=w["class"] + " %{z}<extra></extra>", **axes)]


def plane_axes(fig: go.Figure, plane: Plane, panel: int = 0) -> None:
    """Axes of a 2-D panel: the plane's extent, x₁ across and x₂ up at the same scale."""
    xs, ys = plane.axes
    n = suffix(panel)
    fig.update_layout({f"xaxis{n}": dict(range=[xs[0], xs[-1]], title="x₁", constrain="domain", gridcolor=GRID),
                       f"yaxis{n}": dict(range=[ys[0], ys[-1]], title="x₂", scaleanchor=f"x{n}",
                                         constrain="domain", gridcolor=GRID)})


def decision_boundary(model: MLP, data, title: str, resolution: int = 70, words: dict | None = None) -> go.Figure:
    """The model's prediction over the input plane, with the train (filled) and test (open) points."""
    w = merged(WORDS, words)
    plane = Plane.over(data.X_all, resolution)
    fig = go.Figure([*boundary_traces(plane, plane.predict(model), data, w), *point_traces(data, w)])
    plane_axes(fig, plane)
    return _layout(fig, title, 340, showlegend=False)


def sample_traces(data, w: dict, panel: int = 0, x: np.ndarray | None = None) -> list[dict]:
    """Regression samples (train, test) and, over `x`, the noiseless target when the data has one."""
    axes = trace_axes(panel)
    traces = []
    if data.target is not None and x is not None:
        traces.append(dict(type="scatter", x=x, y=data.target(x), name=w["target"],
                           line=dict(color="#777", dash="dot"), **axes))
    traces += [dict(type="scatter", x=data.X_train[:, 0], y=data.y_train, mode="markers", name=w["train"],
                    marker=dict(color="#999", size=4), **axes),
               dict(type="scatter", x=data.X_test[:, 0], y=data.y_test, mode="markers", name=w["test"],
                    marker=dict(color="#555", size=5, symbol="circle-open"), **axes)]
    return traces


def fit_trace(plane: Plane, out: np.ndarray, colour: str, w: dict, panel: int = 0) -> dict:
    """A regression network's output along x (`Plane.predict`, or a snapshot of it)."""
    return dict(type="scatter", x=plane.axes[0], y=out[0], name=w["network"], line=dict(color=colour, width=3),
                **trace_axes(panel))


def fitted_curve(model: MLP, data, colour: str, title: str, resolution: int = 300,
                 words: dict | None = None) -> go.Figure:
    """Regression: the target curve, the noisy samples and the network's fit."""
    w = merged(WORDS, words)
    plane = Plane.over(data.X_all, resolution)
    fig = go.Figure([*sample_traces(data, w, x=plane.axes[0]), fit_trace(plane, plane.predict(model), colour, w)])
    fig.update_xaxes(title="x")
    fig.update_yaxes(title="y")
    return _layout(fig, title, 340)


DASHES = ("solid", "dash", "dot", "dashdot", "longdash")


def learned_parameters(runs: list[tuple[str, str, History]], words: dict | None = None) -> go.Figure:
    """Each learned activation parameter (History.learned) against epoch, in its run's colour, one
    dash per parameter of a run. A value per unit is drawn as its mean with a band from the lowest
    to the highest unit."""
    w = merged(WORDS, words)
    fig = go.Figure()
    for name, colour, h in runs:
        epochs = np.asarray(h.epochs)
        for (layer, param), dash in zip(h.learned, DASHES * len(h.learned)):
            values = np.asarray(h.learned[layer, param])  # (evaluations, units)
            group = label = f"{name} · " + w["series"].format(param=param, layer=layer)
            if values.shape[1] > 1:
                fig.add_trace(go.Scatter(x=epochs, y=values.max(axis=1), line=dict(width=0), legendgroup=group,
                                         showlegend=False, hoverinfo="skip"))
                fig.add_trace(go.Scatter(x=epochs, y=values.min(axis=1), line=dict(width=0), fill="tonexty",
                                         fillcolor=rgba(colour, 0.18), legendgroup=group,
                                         name=f"{group} · {w['unit_spread']}", hoverinfo="skip"))
                label = f"{group} · {w['unit_mean']}"
            fig.add_trace(go.Scatter(x=epochs, y=values.mean(axis=1), name=label, legendgroup=group,
                                     line=dict(color=colour, width=2, dash=dash)))
    fig.update_xaxes(title=w["epoch"])
    fig.update_yaxes(title=w["value"])
    return _layout(fig, w["learned_title"], 380, hovermode="x unified")


def confusion_heatmap(counts: np.ndarray, colour: str, title: str, words: dict | None = None) -> go.Figure:
    """Test points by true class (rows, top down) and predicted class (columns): the diagonal is right."""
    w = merged(WORDS, words)
    counts = np.asarray(counts)
    labels = [str(i) for i in range(len(counts))]
    totals = counts.sum(axis=1, keepdims=True)
    share = np.divide(counts, totals, out=np.zeros(counts.shape), where=totals > 0)  # hover: a row's spread
    fig = go.Figure(go.Heatmap(
        x=labels, y=labels, z=counts, customdata=share, text=counts, texttemplate="%{text}",
        colorscale=[[0, rgba(colour, 0.04)], [1, colour]], zmin=0, showscale=False, xgap=2, ygap=2,
        hovertemplate=(f"{w['true']} %{{y}} · {w['predicted']} %{{x}}<br>%{{z}} {w['points']}"
                       f" (%{{customdata:.0%}} {w['share']})<extra></extra>")))
    fig.update_xaxes(title=w["predicted"], type="category", side="bottom")
    fig.update_yaxes(title=w["true"], type="category", autorange="reversed", scaleanchor="x")
    return _layout(fig, title, 280, showlegend=False)


DIVERGED_GREY = "#8c8c8c"  # not on the score scale (viridis has no grey), so a diverged cell cannot read as a score


def sweep_heatmap(sweep: Sweep, names: dict[str, str], words: dict | None = None) -> go.Figure:
    """Final test score (mean over seeds) per activation (rows) and learning rate (columns), one panel
    per depth. A cell where any seed diverged is grey and says so; a cell not trained yet stays empty."""
    w = merged(WORDS, words)
    keys, lrs = list(sweep.hidden), [f"{lr:g}" for lr in sweep.lrs]
    rows = [names.get(k, k) for k in keys]
    regression = sweep.data.task == "regression"
    score_name = w["r2" if regression else "accuracy"]
    chance = 0.0 if regression else 1.0 / sweep.data.n_classes  # the scale starts at guessing
    fig = make_subplots(rows=1, cols=len(sweep.depths), shared_yaxes=True, horizontal_spacing=0.04,
                        subplot_titles=[w["hidden_layers"].format(depth=d) for d in sweep.depths])
    for col, depth in enumerate(sweep.depths, start=1):
        # One layer of cells per trace: scores on the colour scale, diverged cells in grey. A cell
        # without a value has no text ("" rather than None, which Plotly would write as "null").
        score, diverged, hover = (np.full((len(keys), len(lrs)), None, dtype=object) for _ in range(3))
        score_text, diverged_text = (np.full((len(keys), len(lrs)), "", dtype=object) for _ in range(2))
        for i, key in enumerate(keys):
            for j, lr in enumerate(sweep.lrs):
                res = sweep.result(Cell(key, lr, depth))
                if not res.runs:
                    continue
                hover[i, j] = w["sweep_cell"].format(name=rows[i], lr=lrs[j], depth=depth) + "<br>"
                if res.diverged:
                    diverged[i, j] = 1.0
                    diverged_text[i, j] = w["diverged"] + (
                        "" if res.diverged == res.runs else f" {res.diverged}/{res.runs}")
                    hover[i, j] += w["diverged_seeds"].format(diverged=res.diverged, runs=res.runs)
                else:
                    score[i, j], score_text[i, j] = res.score, f"{res.score:.3f}"
                    hover[i, j] += w["sweep_seeds"].format(score=score_name, mean=f"{res.score:.3f}",
                                                           sd=f"{res.sd:.3f}", runs=res.runs, seeds=len(sweep.seeds))
        common = dict(x=lrs, y=rows, xgap=2, ygap=2, hovertext=hover, hoverinfo="text", hoverongaps=False,
                      texttemplate="%{text}")
        fig.add_trace(go.Heatmap(z=score, text=score_text, coloraxis="coloraxis", **common), 1, col)
        fig.add_trace(go.Heatmap(z=diverged, text=diverged_text, colorscale=[[0, DIVERGED_GREY], [1, DIVERGED_GREY]],
                                 showscale=False, textfont=dict(color="#ffffff"), **common), 1, col)
        fig.update_xaxes(type="category", title=w["learning_rate"], row=1, col=col)
    fig.update_yaxes(type="category", autorange="reversed")
    fig.update_layout(coloraxis=dict(colorscale="Viridis", cmin=chance, cmax=1.0,
                                     colorbar=dict(title=score_name, thickness=12)))
    return _layout(fig, w["sweep_title"].format(score=score_name), 140 + 40 * len(keys), showlegend=False)


# -- depth page ------------------------------------------------------------------------
def quantile_bands(q: np.ndarray, colour: str, title: str, ytitle: str, log: bool = False,
                   words: dict | None = None) -> go.Figure:
    """Per layer: the 5–95 % band, the 25–75 % band and the median (columns of `q` follow QUANTILES)."""
    w = merged(WORDS, words)
    assert len(QUANTILES) == 5 and q.shape[1] == 5
    layers = np.arange(1, len(q) + 1)
    fig = go.Figure()
    for (lo, hi), alpha, name in (((0, 4), 0.18, w["band_outer"]), ((1, 3), 0.38, w["band_inner"])):
        fig.add_trace(go.Scatter(x=layers, y=q[:, hi], line=dict(width=0), showlegend=False, hoverinfo="skip"))
        fig.add_trace(go.Scatter(x=layers, y=q[:, lo], line=dict(width=0), fill="tonexty",
                                 fillcolor=rgba(colour, alpha), name=name, hoverinfo="skip"))
    fig.add_trace(go.Scatter(x=layers, y=q[:, 2], name=w["median"], line=dict(color=colour, width=2),
                             mode="lines+markers", marker=dict(size=4)))
    fig.update_xaxes(title=w["layer"])
    fig.update_yaxes(title=ytitle, type="log" if log else "linear", exponentformat="power")
    return _layout(fig, title, 340)


def dead_units(stats: DepthStats, colour: str, words: dict | None = None) -> go.Figure:
    w = merged(WORDS, words)
    layers = np.arange(1, stats.depth + 1)
    fig = go.Figure(go.Bar(x=layers, y=100 * stats.dead_fraction, marker_color=colour,
                           hovertemplate=w["layer"] + " %{x}: %{y:.1f} % " + w["dead"] + "<extra></extra>"))
    fig.update_xaxes(title=w["layer"])
    fig.update_yaxes(title=w["dead_axis"], range=[0, 100])
    return _layout(fig, w["dead_title"], 340, showlegend=False)


def gradient_norms(series: list[tuple[str, str, np.ndarray]], words: dict | None = None) -> go.Figure:
    """‖∂L/∂W‖ against layer for each activation, log scale: vanishing shows as a rising line."""
    w = merged(WORDS, words)
    fig = go.Figure()
    for name, colour, norms in series:
        layers = np.arange(1, len(norms) + 1)
        shown = np.where(np.asarray(norms) > 0, norms, np.nan)  # a log axis cannot draw zero
        fig.add_trace(go.Scatter(x=layers, y=shown, name=name, mode="lines+markers",
                                 line=dict(color=colour, width=2), marker=dict(size=4)))
    fig.update_xaxes(title=w["norms_layer"])
    fig.update_yaxes(title="‖∂L/∂W‖", type="log", exponentformat="power")
    return _layout(fig, w["norms_title"], 380)


def spread_by_layer(series: list[tuple[str, str, np.ndarray]], words: dict | None = None) -> go.Figure:
    """Standard deviation of each layer's activations: flat at 1 is self-normalising, falling is fading."""
    w = merged(WORDS, words)
    fig = go.Figure()
    for name, colour, std in series:
        fig.add_trace(go.Scatter(x=np.arange(1, len(std) + 1), y=std, name=name, mode="lines+markers",
                                 line=dict(color=colour, width=2), marker=dict(size=4)))
    fig.update_xaxes(title=w["layer"])
    fig.update_yaxes(title=w["std"], rangemode="tozero")
    return _layout(fig, w["spread_title"], 340)
