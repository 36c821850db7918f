"""Pure figures of a recorded training run (nets.snapshots) at any recorded epoch.

`Replay` draws three charts: the loss curves with a marker at the epoch, each network's
decision boundary or fitted curve, and one network's hidden units as small maps (the
TensorFlow Playground thumbnails). `frame(epoch)` gives every chart's traces at an epoch
with the traces that do not move as the very same objects, which is what a live slider's
sweep wants; `figures(epoch)` the whole figures.
"""
from __future__ import annotations

import bisect
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from plotly.subplots import make_subplots

from nets.mlp import History
from nets.snapshots import Snapshots

from . import training
from .axes import suffix, trace_axes
from .style import GRID
from .training import (
    CLASS_COLOURS,
    _layout,
    boundary_traces,
    fit_trace,
    loss_curves,
    plane_axes,
    point_traces,
    sample_traces,
)
from .words import merged

# Words drawn in the units chart (figures/words.py); the other charts draw figures.training's.
# English here, other languages in i18n [figures.replay].
WORDS = {"units_title": "{name}: each hidden unit's output", "unit_layer": "layer {n} · {act}", "unit": "unit"}
PANEL_COLUMNS = 3
PANEL_PX = 300
TILE_PX = 44          # a unit's thumbnail on screen, about
UNIT_SCALE = 99       # percentile of |output| a layer's colours span (over every epoch: the scale holds still)
# Room for tick labels and axis titles, fixed: automargin would re-measure on every live redraw.
LOSS_MARGIN = dict(l=64, r=10, t=100, b=48)
PANEL_MARGIN = dict(l=56, r=10, t=40, b=48)
UNITS_MARGIN = dict(l=10, r=10, t=60, b=10)


@dataclass(frozen=True)
class ReplayRun:
    name: str
    colour: str
    snaps: Snapshots
    history: History


def tile_columns(units: int) -> int:
    return units if units <= 8 else 8 if units <= 32 else 16


def tiles(maps: np.ndarray, cols: int) -> np.ndarray:
    """Per-unit maps (units, rows, columns) laid out `cols` a row, one NaN row and column between them."""
    n, r, c = maps.shape
    rows = math.ceil(n / cols)
    out = np.full((rows * (r + 1) - 1, cols * (c + 1) - 1), np.nan, dtype=np.float32)
    for i in range(n):
        top, left = (i // cols) * (r + 1), (i % cols) * (c + 1)
        out[top:top + r, left:left + c] = maps[i]
    return out


def curve_tiles(curves: np.ndarray, cols: int, scale: float) -> tuple[np.ndarray, np.ndarray]:
    """Per-unit curves (units, points) as one polyline: tile i spans x in [col, col + 1] and its
    curve, scaled by `scale` and clipped to ±1, spans y in [-row - 1, -row]; NaN between tiles."""
    n, m = curves.shape
    t = np.linspace(0.0, 1.0, m)
    xs, ys = [], []
    for i in range(n):
        row, col = divmod(i, cols)
        xs += [col * 1.1 + t, [np.nan]]
        ys += [-row * 1.1 - 0.5 + 0.45 * np.clip(curves[i] / scale, -1, 1), [np.nan]]
    return np.concatenate(xs).astype(np.float32), np.concatenate(ys).astype(np.float32)


def fixed(layout: dict, margin: dict) -> dict:
    """A layout for the live control: fixed margins, and the title at the left as on Streamlit's charts."""
    return {**layout, "margin": margin, "title": {**layout.get("title", {}), "x": 0.01, "xanchor": "left"}}


def layer_scale(snaps: Snapshots, layer: int) -> float:
    values = np.abs(np.concatenate([u[layer].ravel() for u in snaps.units]))
    values = values[np.isfinite(values)]
    return max(float(np.percentile(values, UNIT_SCALE)), 1e-6) if values.size else 1.0


class Replay:
    """Loss curves, boundaries (or fits) and one run's hidden units at any recorded epoch.

    `units_of` picks the run whose units are drawn (None: no units chart), `unit_layers`
    names its hidden layers' activations. `words` replaces any of this module's and figures.training's.
    """

    def __init__(self, runs: Sequence[ReplayRun], data, units_of: int | None = None,
                 unit_layers: Sequence[str] = (), words: dict | None = None):
        self.runs, self.data = list(runs), data
        self.w = merged({**training.WORDS, **WORDS}, words)
        self.epochs = sorted({e for r in self.runs for e in r.snaps.epochs})
        self.cells = [self._loss_cell(), self._panels_cell()]
        if units_of is not None and self.runs[units_of].snaps.unit_layers:
            self.cells.append(self._units_cell(self.runs[units_of], unit_layers))

    # Each cell: (layout, traces that stay, traces at an epoch, whether those come first).
    def frame(self, epoch: float) -> list[list[dict]]:
        out = []
        for _, still, moving, first in self.cells:
            now = moving(epoch)
            out.append([*now, *still] if first else [*still, *now])
        return out

    def figures(self, epoch: float) -> list[dict]:
        return [{"data": traces, "layout": cell[0]} for cell, traces in zip(self.cells, self.frame(epoch))]

    # -- loss ------------------------------------------------------------------------------
    def _loss_cell(self):
        fig = loss_curves([(r.name, r.colour, r.history) for r in self.runs], {k: self.w[k] for k in training.WORDS})
        spec = fig.to_plotly_json()
        losses = np.array([v for r in self.runs for v in (*r.history.train_loss, *r.history.test_loss)], dtype=float)
        losses = losses[np.isfinite(losses) & (losses > 0)]
        low, high = (float(losses.min()), float(losses.max())) if losses.size else (1e-3, 1.0)

        def marker(epoch: float) -> list[dict]:
            at = [bisect.bisect_right(r.history.epochs, epoch) - 1 for r in self.runs]
            ys = [r.history.train_loss[i] if i >= 0 else np.nan for r, i in zip(self.runs, at)]
            return [dict(type="scatter", x=[epoch, epoch], y=[low, high], mode="lines", hoverinfo="skip",
                         showlegend=False, line=dict(color="rgba(128,128,128,0.8)", width=1, dash="dot")),
                    dict(type="scatter", x=[epoch] * len(ys), y=ys, mode="markers", hoverinfo="skip",
                         showlegend=False, marker=dict(size=9, color=[r.colour for r in self.runs],
                                                       line=dict(width=1, color="#333")))]
        return fixed(spec["layout"], LOSS_MARGIN), spec["data"], marker, False

    # -- boundaries or fits ----------------------------------------------------------------
    def _panels_cell(self):
        n = len(self.runs)
        cols = min(n, PANEL_COLUMNS)
        rows = math.ceil(n / cols)
        height = PANEL_PX * rows
        fig = make_subplots(rows, cols, subplot_titles=[r.name for r in self.runs],
                            horizontal_spacing=0.08, vertical_spacing=90 / height)
        regression = self.data.task == "regression"
        words = self.w
        still = []
        for i, r in enumerate(self.runs):
            plane, n = r.snaps.plane, suffix(i)
            if regression:
                still += sample_traces(self.data, words, panel=i, x=plane.axes[0])
                fig.update_layout({f"xaxis{n}": dict(title_text="x"), f"yaxis{n}": dict(title_text="y")})
            else:
                still += point_traces(self.data, words, panel=i)
                plane_axes(fig, plane, panel=i)
            if i % cols:   # the first column's axis title names the row's
                fig.update_layout({f"yaxis{n}": dict(title_text="")})
        for trace in still:
            trace["showlegend"] = False

        def moving(epoch: float) -> list[dict]:
            out = []
            for i, r in enumerate(self.runs):
                s = r.snaps
                if regression:
                    out.append(fit_trace(s.plane, s.outputs[s.at(epoch)], r.colour, words, panel=i))
                else:
                    out += boundary_traces(s.plane, s.outputs[s.at(epoch)], self.data, words, panel=i)
            return out

        _layout(fig, "", height, showlegend=False)
        return fixed(fig.to_plotly_json()["layout"], PANEL_MARGIN), still, moving, not regression

    # -- one run's hidden units ------------------------------------------------------------
    def _units_cell(self, run: ReplayRun, names: Sequence[str]):
        s, words = run.snaps, self.w
        widths = [u.shape[0] for u in s.units[0]]
        cols = [tile_columns(w) for w in widths]
        rows = [math.ceil(w / c) for w, c in zip(widths, cols)]
        fig = make_subplots(len(widths), 1, row_heights=rows, vertical_spacing=0.25 / len(widths),
                            subplot_titles=[words["unit_layer"].format(n=i + 1, act=names[i] if i < len(names) else "")
                                            for i in range(len(widths))])
        scales = [layer_scale(s, j) for j in range(len(widths))]
        plane2d = len(s.unit_plane.axes) == 2
        scale = [[0, CLASS_COLOURS[0]], [0.5, "#ffffff"], [1, CLASS_COLOURS[1]]]
        numbers = []
        for j, (w, c) in enumerate(zip(widths, cols)):
            shape = s.units[0][j].shape[1:]
            ids = np.broadcast_to((np.arange(w, dtype=np.float32) + 1)[:, None, None], (w, *shape)) if plane2d else None
            numbers.append(tiles(ids, c) if plane2d else None)
            n = suffix(j)
            fig.update_layout({f"xaxis{n}": dict(visible=False, constrain="domain"),
                               f"yaxis{n}": dict(visible=False, scaleanchor=f"x{n}", constrain="domain",
                                                 autorange="reversed" if plane2d else True)})

        def moving(epoch: float) -> list[dict]:
            maps = s.units[s.at(epoch)]
            out = []
            for j, (c, top) in enumerate(zip(cols, scales)):
                axes = trace_axes(j)
                if plane2d:
                    out.append(dict(type="heatmap", z=tiles(maps[j], c), customdata=numbers[j], zmin=-top, zmax=top,
                                    colorscale=scale, showscale=False, **axes,
                                    hovertemplate=words["unit"] + " %{customdata}: %{z:.3g}<extra></extra>"))
                else:
                    x, y = curve_tiles(maps[j], c, top)
                    out.append(dict(type="scatter", x=x, y=y, mode="lines", hoverinfo="skip", showlegend=False,
                                    line=dict(color=run.colour, width=1.5), **axes))
            return out

        still = [] if plane2d else [self._curve_frames(w, c, j) for j, (w, c) in enumerate(zip(widths, cols))]
        height = 90 + sum(r * TILE_PX + 40 for r in rows)
        _layout(fig, words["units_title"].format(name=run.name), height, showlegend=False)
        return fixed(fig.to_plotly_json()["layout"], UNITS_MARGIN), still, moving, False

    @staticmethod
    def _curve_frames(units: int, cols: int, layer: int) -> dict:
        """The tiles' zero lines and outlines, under the moving curves of a 1-D input."""
        xs, ys = [], []
        for i in range(units):
            row, col = divmod(i, cols)
            x0, y0 = col * 1.1, -row * 1.1
            xs += [x0, x0 + 1, x0 + 1, x0, x0, None, x0, x0 + 1, None]
            ys += [y0, y0, y0 - 1, y0 - 1, y0, None, y0 - 0.5, y0 - 0.5, None]
        return dict(type="scatter", x=xs, y=ys, mode="lines", hoverinfo="skip", showlegend=False,
                    line=dict(color=GRID, width=1), **trace_axes(layer))

