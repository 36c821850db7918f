"""Pure figure builders of the Explorer page: activations and arrays in, `go.Figure` out.

Kinks and jumps are drawn honestly: the sample grid contains every kink point
exactly, each trace is cut there (a NaN row, so Plotly draws no vertical line)
and the two pieces end on the one-sided limits; markers show those limits, open
where the function does not take the value and filled where it does. Words drawn
in the chart come in as `words` (the page's language; English by default).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from activations import Activation, analysis
from figures import axes, ticks
from figures.style import AXIS_ZERO, GRID, rgba
from figures.words import merged

DEFAULT_POINTS = analysis.DEFAULT_POINTS
X_LIMITS = (-20.0, 20.0)
PANELS = analysis.PANELS
PANEL_TITLES = {"f": "f(x)", "df": "f′(x)", "d2f": "f″(x)"}
# Words drawn in the chart (figures/words.py): English here, other languages in i18n [figures.explorer].
WORDS = {
    "band_low": "{name} band low",
    "band": "{name} random range",
    "one_sided": "{name} one-sided values",
    "cell_title": "{name} · {panel}",
}
MARGIN = dict(l=48, r=16, t=56, b=40)   # px; left and right grow with the tick labels
CHART_WIDTH = 900                       # px the chart usually gets; only used to size gaps
LABEL_CLEARANCE_PX = 16                 # between labels of neighbouring panels
MIN_PANEL_PX = 80                       # narrower small-multiple panels wrap to fewer per row


@dataclass(frozen=True)
class Curve(analysis.Curve):
    """A sampled curve as a chart draws it: the core's `analysis.Curve` with a name and a colour."""

    label: str = ""
    colour: str = "#0072B2"


Marker = analysis.Marker
sample_grid = analysis.sample_grid


def compute_curve(act: Activation, params: dict, lo: float, hi: float, n: int = DEFAULT_POINTS,
                  colour: str = "#0072B2", second: bool = False, label: str | None = None) -> Curve:
    """`analysis.sample` of `act`, named `label` (act.label) and drawn in `colour`."""
    c = analysis.sample(act, params, lo, hi, n, second)
    return Curve(c.key, c.params, c.grid, c.x, c.values, c.markers, c.band, label or act.label, colour)


def _f32(a: np.ndarray) -> np.ndarray:
    """float32 halves what the browser receives and is plenty for drawing, except for a narrow
    window far from zero (x in [19.999999, 20] rounds to two values) or values beyond 3.4e38:
    those stay float64."""
    a = np.asarray(a, dtype=np.float64)
    with np.errstate(over="ignore", invalid="ignore"):
        small = a.astype(np.float32)
        ok = np.isfinite(a)
        if ok.any():
            err = np.max(np.abs(small[ok].astype(np.float64) - a[ok]))
            if not err <= 1e-4 * np.ptp(a[ok]):
                return a
    return small


def _panel_traces(curve: Curve, panel: str, xaxis: str, yaxis: str, legend: bool, words: dict) -> list[dict]:
    y = curve.values[panel]
    symbol = PANEL_TITLES[panel].replace("(x)", "")
    common = dict(type="scatter", xaxis=xaxis, yaxis=yaxis, legendgroup=curve.key)
    traces = []
    if panel == "f" and curve.band is not None:
        lo_b, hi_b = (_f32(b) for b in curve.band)
        gx = _f32(curve.grid)
        edge = dict(width=0, color=curve.colour)
        traces.append(dict(common, x=gx, y=lo_b, mode="lines", line=edge, hoverinfo="skip", showlegend=False,
                           name=words["band_low"].format(name=curve.label)))
        traces.append(dict(common, x=gx, y=hi_b, mode="lines", line=edge, fill="tonexty",
                           fillcolor=rgba(curve.colour, 0.18), hoverinfo="skip", showlegend=False,
                           name=words["band"].format(name=curve.label)))
    if panel == "f":
        # Hover on f shows f' too: x, f(x) and f'(x) of every curve in one label.
        hover = f"{symbol} %{{y:.4g}} · f′ %{{customdata:.4g}}<extra>{curve.label}</extra>"
        extra = dict(customdata=_f32(curve.values["df"]), hovertemplate=hover)
    else:
        extra = dict(hovertemplate=f"{symbol} %{{y:.4g}}<extra>{curve.label}</extra>")
    traces.append(dict(common, x=_f32(curve.x), y=_f32(y), mode="lines", name=curve.label, showlegend=legend,
                       connectgaps=False, line=dict(color=curve.colour, width=2.2, simplify=False), **extra))
    marks = [m for m in curve.markers if m.panel == panel]
    # Always present, empty where nothing is marked: a slider moved live swaps arrays trace by trace.
    traces.append(dict(
        common, x=[m.x for m in marks], y=[m.y for m in marks], mode="markers", showlegend=False,
        hoverinfo="skip", name=words["one_sided"].format(name=curve.label),
        marker=dict(size=8, color=curve.colour, line=dict(color=curve.colour, width=2),
                    symbol=["circle" if m.filled else "circle-open" for m in marks])))
    return traces


def _domains(gaps: list[float]) -> list[list[float]]:
    """Column (or row) domains: gaps[i] (a fraction) before column i + 1, widths equal."""
    width = (1 - sum(gaps)) / (len(gaps) + 1)
    out, start = [], 0.0
    for gap in [*gaps, 0.0]:
        out.append([start, start + width])
        start += width + gap
    return out


def _y_spans(traces: list[dict], cells: list, matches: dict[int, str]) -> dict[int, tuple[float, float]]:
    """Each y axis's autorange as plotly.js will pick it; matched axes share their group's."""
    values: dict[str, list] = {}
    for tr in traces:
        values.setdefault(tr["yaxis"], []).append(tr["y"])
    group = {n: matches.get(n, axes.ref("y", n - 1)) for n in range(1, len(cells) + 1)}
    members: dict[str, list] = {}
    for n, g in group.items():
        members.setdefault(g, []).extend(values.get(axes.ref("y", n - 1), []))
    return {n: ticks.padded_range(members[g]) for n, g in group.items()}


def _spacing(traces, cells, rows: int, cols: int, matches, lo: float, hi: float, height: int,
             chart_width: int = CHART_WIDTH):
    """Margins (px), column gaps (fractions) and x tick settings that leave every tick label room.

    A column gap holds the right half of the left panel's last x label, a clear space
    and the right panel's y labels or the left half of its first x label; on a 1e-6 wide range far from zero both run to ten
    digits. Widths assume the chart's usual ~900 px; the outer margins also grow in the
    browser (automargin) if a label still does not fit.
    """
    plot_h = (height - MARGIN["t"] - MARGIN["b"]) * (1 - min(0.12, 0.5 / rows) * (rows - 1)) / rows
    spans = _y_spans(traces, cells, matches)
    y_px = [0.0] * cols
    for n, (_, c, title) in enumerate(cells, start=1):
        if title:
            y_px[c] = max(y_px[c], ticks.width_px(ticks.labels(*spans[n], ticks.auto_count(plot_h, "y"))))
    left = max(MARGIN["l"], y_px[0] + ticks.STANDOFF_PX + 10)
    panel_w = (chart_width - left - MARGIN["r"]) / cols * (1 - 0.06)
    auto = ticks.auto_count(panel_w, "x")
    for count in (auto, *range(int(auto), 1, -1)):      # fewer x ticks until their labels fit side by side
        x_labels = ticks.labels(lo, hi, count)
        if len(x_labels) * (ticks.width_px(x_labels) + 12) <= panel_w:
            break
    fit = 0 if count == auto else count                   # 0: plotly.js picks its own count
    first_half, last_half = (ticks.width_px([x_labels[i] if x_labels else "0"]) / 2 for i in (0, -1))
    left = max(left, first_half + 4)
    right = max(MARGIN["r"], last_half + 4)
    plot_w = chart_width - left - right
    floor = 0.06 if cols <= 3 else 0.035
    gaps = [max(floor, (last_half + LABEL_CLEARANCE_PX + max(y_px[c] + ticks.STANDOFF_PX, first_half)) / plot_w)
            for c in range(1, cols)]
    if sum(gaps) > 0.5:                                                # keep the panels themselves wide
        gaps = [g * 0.5 / sum(gaps) for g in gaps]
    # A long first x label reaches under the y labels: lower the x labels so the two clear each other.
    drop = 8 if first_half > 2 * ticks.CHAR_PX else 0
    return dict(MARGIN, l=round(left), r=round(right)), gaps, dict(nticks=fit, ticklabelstandoff=drop)


def _title_size(title: str, cols: int) -> int:
    """A panel title's font size: long titles (wide CJK characters count twice) shrink to fit their column."""
    units = sum(2 if ord(ch) >= 0x2E80 else 1 for ch in title)
    budget = 105 / cols          # characters of size 14 a column holds on a ~950 px wide chart
    return int(max(10, min(14, 14 * budget / max(units, 1))))


def _assemble(traces: list[dict], cells: list[tuple[int, int, str]], rows: int, cols: int,
              matches: dict[int, str], lo: float, hi: float, revision: str, height: int,
              chart_width: int = CHART_WIDTH) -> dict:
    """A figure spec from plain dicts: much faster than make_subplots plus add_trace per trace.

    `cells` lists (row, col, title) per axis number 1..n; `matches` maps an axis
    number to the y axis it follows.
    """
    margin, gaps, x_tick_style = _spacing(traces, cells, rows, cols, matches, lo, hi, height, chart_width)
    xdom = _domains(gaps)
    ydom = _domains([min(0.12, 0.5 / rows)] * (rows - 1))[::-1]       # row 1 on top
    axis_style = dict(gridcolor=GRID, zerolinecolor=AXIS_ZERO, showline=False, automargin=True)
    layout: dict = dict(
        template={}, height=height, uirevision=revision,
        hovermode="x unified", margin=margin,
        legend=dict(orientation="h", yanchor="bottom", y=1.06, xanchor="left", x=0, title_text=""),
        font=dict(family="Source Sans Pro, sans-serif", size=13),
        paper_bgcolor="rgba(0,0,0,0)", plot_bgcolor="rgba(0,0,0,0)", annotations=[],
    )
    title_size = min((_title_size(title, cols) for *_, title in cells if title), default=14)  # one for all
    for n, (r, c, title) in enumerate(cells, start=1):
        x_id, y_id = axes.ref("x", n - 1), axes.ref("y", n - 1)
        visible = bool(title)
        layout[axes.key("x", n - 1)] = dict(
            axis_style, domain=xdom[c], anchor=y_id, range=[lo, hi], hoverformat=".4g", visible=visible,
            **x_tick_style,
            showspikes=True, spikemode="across", spikethickness=1, spikedash="dot", spikecolor=AXIS_ZERO,
            **({} if n == 1 else {"matches": "x"}))
        # autorange spelled out: plotly.js leaves a matched y group at its default range otherwise
        layout[axes.key("y", n - 1)] = dict(
            axis_style, domain=ydom[r], anchor=x_id, visible=visible, autorange=True,
            **({"matches": matches[n]} if n in matches else {}))
        if title:
            layout["annotations"].append(dict(
                text=title, x=sum(xdom[c]) / 2, y=ydom[r][1], xref="paper", yref="paper",
                xanchor="center", yanchor="bottom", showarrow=False, font=dict(size=title_size)))
    return dict(data=traces, layout=layout)


def overlay_figure(curves: list[Curve], lo: float, hi: float, second: bool = False,
                   revision: str = "explorer", height: int = 480, words: dict | None = None) -> go.Figure:
    """All curves in one set of panels: f | f' (| f''), x axes linked."""
    return go.Figure(overlay_spec(curves, lo, hi, second, revision, height, words))


def grid_figure(curves: list[Curve], lo: float, hi: float, second: bool = False,
                revision: str = "explorer", per_row: int = 2, row_height: int = 230,
                words: dict | None = None) -> go.Figure:
    """Small multiples: one f | f' (| f'') group per function, all sharing axes by panel."""
    return go.Figure(grid_spec(curves, lo, hi, second, revision, per_row, row_height, words))


# The *_spec builders return the same figure as a plain dict, unvalidated: the
# page sends that straight to the browser (validation costs more than building),
# while the tests check through the *_figure builders that Plotly accepts it.
def overlay_traces(curves: list[Curve], second: bool = False, words: dict | None = None) -> list[dict]:
    """The traces of `overlay_spec`, without its layout: what a live slider swaps while it moves."""
    panels, words = (PANELS if second else PANELS[:2]), merged(WORDS, words)
    return [tr for col, panel in enumerate(panels, start=1) for curve in curves
            for tr in _panel_traces(curve, panel, axes.ref("x", col - 1), axes.ref("y", col - 1), col == 1, words)]


def overlay_spec(curves: list[Curve], lo: float, hi: float, second: bool = False,
                 revision: str = "explorer", height: int = 480, words: dict | None = None,
                 chart_width: int = CHART_WIDTH) -> dict:
    """`chart_width` is the width the chart will get (px), for room between the panels' labels."""
    panels = PANELS if second else PANELS[:2]
    traces = overlay_traces(curves, second, words)
    cells = [(0, c, PANEL_TITLES[p]) for c, p in enumerate(panels)]
    return _assemble(traces, cells, 1, len(panels), {}, lo, hi, revision, height, chart_width)


def grid_spec(curves: list[Curve], lo: float, hi: float, second: bool = False,
              revision: str = "explorer", per_row: int = 2, row_height: int = 230,
              words: dict | None = None) -> dict:
    """Small multiples as a plain dict; fewer functions per row when long tick labels would
    leave panels narrower than MIN_PANEL_PX."""
    for fewer in range(max(1, min(per_row, len(curves) or 1)), 0, -1):
        spec = _grid_spec(curves, lo, hi, second, revision, fewer, row_height, words)
        domain = spec["layout"]["xaxis"]["domain"]
        if (domain[1] - domain[0]) * CHART_WIDTH >= MIN_PANEL_PX:
            break
    return spec


def _grid_spec(curves: list[Curve], lo: float, hi: float, second: bool, revision: str, per_row: int,
               row_height: int, words: dict | None) -> dict:
    panels, words = (PANELS if second else PANELS[:2]), merged(WORDS, words)
    per_row = max(1, min(per_row, len(curves) or 1))
    rows = max(1, math.ceil(len(curves) / per_row))
    cols = per_row * len(panels)
    cells, traces, matches, first_axis = [], [], {}, {}
    for r in range(rows):
        for c in range(cols):
            i = r * per_row + c // len(panels)
            panel = panels[c % len(panels)]
            n = len(cells) + 1
            if i < len(curves):
                cells.append((r, c, words["cell_title"].format(name=curves[i].label, panel=PANEL_TITLES[panel])))
                traces += _panel_traces(curves[i], panel, axes.ref("x", n - 1), axes.ref("y", n - 1), panel == "f", words)
                if panel in first_axis:
                    matches[n] = first_axis[panel]
                else:
                    first_axis[panel] = axes.ref("y", n - 1)
            else:
                cells.append((r, c, ""))   # an empty slot of the last row: hidden
    return _assemble(traces, cells, rows, cols, matches, lo, hi, revision, max(320, rows * row_height + 80))
