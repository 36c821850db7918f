"""The live control: sliders and the Plotly charts they shape, redrawn while a thumb moves.

`st.slider` reports only on release, and `st.plotly_chart` remounts (dropping zoom)
on every change. This one `st.components.v2` component owns both the sliders (knobs)
and the charts (cells). When a pointer comes near a knob or it gets focus, the browser
asks once for frames: the page's own traces at every value of that knob's grid (a
"sweep"), or, for an input range, dense traces over the widest range (a "window") that
the browser slices to the thumbs. It swaps them in at display rate while the thumb
moves; every number drawn still comes from the NumPy core. On release, and on each arrow
key, the value is committed: it lands in `st.session_state[knob.key]` and the page reruns
like after any widget (a page that keeps values in its link writes them there itself, as the
Explorer does through ui.explorer_link). The plotly.js bundle is the one inside the plotly
package, loaded once per tab and cached by the browser (components.plotly_js).
"""
from __future__ import annotations

import base64
import hashlib
import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import plotly.graph_objects as go
import streamlit as st
from _plotly_utils.utils import to_typed_array_spec
from plotly.utils import PlotlyJSONEncoder

from components import plotly_js
from ui.pure.validate import number

_HERE = Path(__file__).parent
_ARRAY_KEYS = ("x", "y", "z", "customdata")
_MIN_SHARED_CHARS = 64   # shorter arrays are not worth a reference
NAME = "activation_lab.live_control"
MAX_FRAMES = 200        # a longer grid gets every m-th value, plus every value near the thumb
FINE_WINDOW = 24        # positions either side of the thumb sent at full resolution on a long grid

_component = st.components.v2.component(
    NAME,
    html='<div class="live-control"></div>',
    css=(_HERE / "live_control.css").read_text(),
    js=(_HERE / "live_control.js").read_text(),
    isolate_styles=False,  # plotly.js styles its modebar and hover labels with document-level CSS
)


@dataclass(frozen=True)
class Knob:
    """One slider: a number, or an interval when `default` is a pair (two thumbs).

    `key` is its session-state key. `cell` puts it under that chart (small multiples); None
    puts it above all charts.
    """

    key: str
    label: str
    low: float
    high: float
    step: float
    default: float | tuple[float, float]
    help: str = ""
    cell: int | None = None
    ends: tuple[str, str] = ("from", "to")   # a range's two thumbs, for their accessible names
    short: str = ""      # shown instead of `label` where the context says the rest; `label` stays the accessible name

    @property
    def is_range(self) -> bool:
        return isinstance(self.default, tuple)

    @property
    def decimals(self) -> int:
        return max(0, -math.floor(math.log10(self.step) + 1e-9))

    def positions(self) -> np.ndarray:
        count = int(round((self.high - self.low) / self.step)) + 1
        return np.round(self.low + np.arange(count) * self.step, self.decimals + 2)

    def on_grid(self, v: float) -> float:
        i = min(max(round((v - self.low) / self.step), 0), round((self.high - self.low) / self.step))
        return float(round(self.low + i * self.step, self.decimals + 2))

    def parse(self, raw) -> float | tuple[float, float] | None:
        """A value from the session or the browser, or None if it is not one this knob can take."""
        if self.is_range:
            if not isinstance(raw, list | tuple) or len(raw) != 2:
                return None
            lo, hi = (number(v, self.low, self.high) for v in raw)
            return None if lo is None or hi is None or lo > hi else (lo, hi)
        if isinstance(raw, list | tuple):
            raw = raw[-1] if len(raw) == 1 else None
        return number(raw, self.low, self.high)


def value_of(knob: Knob) -> float | tuple[float, float]:
    """The knob's current value: what this session holds for it, else its default."""
    got = knob.parse(st.session_state.get(knob.key))
    return knob.default if got is None else got


def set_value(knob: Knob, value) -> None:
    st.session_state[knob.key] = value


def _on_commit(key: str, knobs: dict[str, Knob]) -> None:
    sent = (st.session_state.get(key) or {}).get("commit") or {}
    knob = knobs.get(sent.get("key"))
    value = knob.parse(sent.get("value")) if knob else None
    if value is not None:
        set_value(knob, value)
    st.session_state[f"{key}.seen"] = sent.get("n", 0)


def _request_number(want: dict) -> int:
    n = want.get("n")
    return n if isinstance(n, int) and not isinstance(n, bool) and n >= 0 else 0


def _on_want(key: str) -> None:
    st.session_state[f"{key}.want"] = (st.session_state.get(key) or {}).get("want")


# ---- payloads ----------------------------------------------------------------------------------
def figure_payload(fig: go.Figure | dict) -> str:
    """The JSON the browser receives: NumPy arrays as base64 typed arrays, each distinct one once.

    A trace array equal to one already sent (f' traces share x with f traces,
    and the f traces' hover data is the f' values) becomes `{"ref": i}` into
    `arrays`; the component puts the arrays back before drawing.
    """
    spec = fig.to_plotly_json() if isinstance(fig, go.Figure) else {**fig, "data": [dict(t) for t in fig["data"]]}
    arrays: list[dict] = []
    seen: dict[tuple[str, str], int] = {}
    for trace in spec.get("data", []):
        for name in _ARRAY_KEYS:
            value = trace.get(name)
            if isinstance(value, np.ndarray):   # plotly normally encodes these already; be sure
                value = trace[name] = _typed_array(value)
            if isinstance(value, dict) and len(value.get("bdata", "")) >= _MIN_SHARED_CHARS:
                key = (value["dtype"], value["bdata"])
                if key not in seen:
                    seen[key] = len(arrays)
                    arrays.append(value)
                trace[name] = {"ref": seen[key]}
    spec["arrays"] = arrays
    return json.dumps(spec, cls=PlotlyJSONEncoder, separators=(",", ":"))


def _typed_array(a: np.ndarray):
    """Plotly's typed-array spec of `a`: a float vector directly, anything else through Plotly
    (whose general path costs about 1 ms an array, most of a rerun's encoding)."""
    if a.ndim == 1 and a.size and a.dtype in (np.float32, np.float64) and a.flags.c_contiguous:
        return {"dtype": "f4" if a.dtype == np.float32 else "f8", "bdata": base64.b64encode(a).decode("ascii")}
    return to_typed_array_spec(a)


def resolve_payload(payload: str) -> dict:
    """The figure a payload stands for, references put back (what the component hands Plotly)."""
    spec = json.loads(payload)
    arrays = spec.pop("arrays", [])
    for trace in spec.get("data", []):
        for name in _ARRAY_KEYS:
            value = trace.get(name)
            if isinstance(value, dict) and "ref" in value:
                trace[name] = dict(arrays[value["ref"]])
    return spec


Cells = list   # per chart: its traces (plain dicts, NumPy arrays) in figure order, or a figure dict


def _as_array(v):
    """A trace value as NumPy: Plotly's own base64 specs ({dtype, bdata, shape}) decoded too."""
    if isinstance(v, dict) and "bdata" in v:
        a = np.frombuffer(base64.b64decode(v["bdata"]), dtype=np.dtype(v["dtype"]))
        return a.reshape([int(n) for n in str(v["shape"]).split(",")]) if v.get("shape") else a
    return np.asarray(v)


class _Pool:
    """Distinct arrays of a frames answer, base64 once each."""

    def __init__(self):
        self.arrays: list[dict] = []
        self.seen: dict[tuple[str, bytes], int] = {}

    def ref(self, a) -> dict | list:
        a = _as_array(a)
        if a.dtype.kind not in "fiu":
            return a.tolist()
        if a.dtype not in (np.float32, np.float64):
            a = a.astype(np.float64)
        if a.size <= 16 and a.ndim == 1:   # a few marker points: inline, NaN as null (JSON has no NaN)
            return [None if not math.isfinite(v) else v for v in a.astype(np.float64).tolist()]
        key = (a.dtype.str, a.shape, a.tobytes())
        if key not in self.seen:
            self.seen[key] = len(self.arrays)
            spec = {"dtype": "f4" if a.dtype == np.float32 else "f8", "bdata": base64.b64encode(key[2]).decode()}
            if a.ndim == 2:
                spec["shape"] = f"{a.shape[0]}, {a.shape[1]}"
            self.arrays.append(spec)
        return {"ref": self.seen[key]}


_STYLE_KEYS = ("marker", "text")   # small per-trace parts a frame may change besides its arrays


def _plain(v):
    """A value as the browser receives it (NumPy and Plotly types as JSON), to send or compare."""
    return json.loads(json.dumps(v, cls=PlotlyJSONEncoder))


def _fingerprint(trace: dict) -> bytes:
    parts = [_as_array(trace[name]).tobytes() if trace.get(name) is not None else b"-" for name in _ARRAY_KEYS]
    parts += [json.dumps(_plain(trace.get(name)), sort_keys=True).encode() for name in _STYLE_KEYS]
    return hashlib.blake2b(b"|".join(parts), digest_size=16).digest()


def _entry(pool: _Pool, trace: dict, style: bool = True) -> dict:
    """One trace's part of a frame: its arrays (pooled) and, with `style`, its marker and text."""
    entry = {name: pool.ref(trace[name]) for name in _ARRAY_KEYS if trace.get(name) is not None}
    if style:
        entry.update({name: _plain(trace[name]) for name in _STYLE_KEYS if name in trace})
    return entry


_LAYOUT_WORDS = ("title", "annotations")   # layout parts a frame may change (titles that quote a value)


def _split(cell) -> tuple[list[dict], dict]:
    """A sweep's cell as (traces, layout words): a list of traces, or a figure dict."""
    if isinstance(cell, dict):
        layout = cell.get("layout", {})
        return cell["data"], {k: layout[k] for k in _LAYOUT_WORDS if k in layout}
    return cell, {}


def sweep_payload(knob: Knob, values: Sequence[float], base: Cells, frames: list[Cells], sig: str) -> dict:
    """Frames of a knob: for every trace that differs between the values, its arrays at each value
    (and a cell's titles, where they differ)."""
    pool = _Pool()
    patches, words = [], []
    split = [[_split(cell) for cell in f] for f in frames]
    for c, cell in enumerate(base):
        traces, layout = _split(cell)
        for i, trace in enumerate(traces):
            if all(f[c][0][i] is trace for f in split):   # the page reused the object: unchanged
                continue
            mine = _fingerprint(trace)   # all() stops at the first frame that differs (a moving trace: the first)
            if all(f[c][0][i] is trace or _fingerprint(f[c][0][i]) == mine for f in split):
                continue
            patches.append({"cell": c, "trace": i, "frames": [_entry(pool, f[c][0][i]) for f in split]})
        texts = [_plain(f[c][1]) for f in split]
        if any(t != _plain(layout) for t in texts):
            words.append({"cell": c, "frames": texts})
    return {"knob": knob.key, "sig": sig, "mode": "sweep", "values": [float(v) for v in values],
            "patches": patches, "words": words, "arrays": pool.arrays}


def window_payload(knob: Knob, dense: Cells, sig: str) -> dict:
    """Dense traces over the knob's whole range; the browser shows the part between the thumbs."""
    pool = _Pool()
    patches = [{"cell": c, "trace": i, "frames": [_entry(pool, tr, style=False)]}
               for c, traces in enumerate(dense) for i, tr in enumerate(traces)]
    return {"knob": knob.key, "sig": sig, "mode": "window", "values": [], "patches": patches,
            "arrays": pool.arrays}


def compose_payload(keys: Sequence[str], sig: str, dz: float, tables: Sequence[tuple], recipe: dict, *,
                    i0: int = 0, idx: np.ndarray | None = None, values: Sequence[float] = (),
                    sweeps: str | None = None) -> dict:
    """Tables of f and f' on a lattice of z (index i stands for z = i·dz) for the browser to compose
    with arithmetic (`recipe`, read by the JS). Dense from index i0, or sparse at `idx`; one table
    per value of the knob `sweeps` when given."""
    pool = _Pool()
    return {"knob": keys[0], "knobs": list(keys), "sig": sig, "mode": "compose", "recipe": recipe,
            "lattice": {"dz": dz, "i0": i0, "idx": None if idx is None else pool.ref(np.asarray(idx, np.float64))},
            "values": [float(v) for v in values], "sweeps": sweeps,
            "tables": [{"f": pool.ref(np.asarray(f, np.float32)), "df": pool.ref(np.asarray(df, np.float32))}
                       for f, df in tables],
            "arrays": pool.arrays}


def frame_values(knob: Knob, around: float | None) -> np.ndarray:
    """The values a knob's frames are computed at: every slider position, or on a long grid
    every m-th one plus every position within FINE_WINDOW of the thumb."""
    grid = knob.positions()
    if grid.size <= MAX_FRAMES:
        return grid
    m = math.ceil(grid.size / MAX_FRAMES)
    picked = set(range(0, grid.size, m)) | {grid.size - 1}
    if around is not None and math.isfinite(around):
        i = int(round((around - knob.low) / knob.step))
        picked |= set(range(max(0, i - FINE_WINDOW), min(grid.size, i + FINE_WINDOW + 1)))
    return grid[sorted(picked)]


def _sig(context, knob: Knob, values: dict, alone: bool = False) -> str:
    others = [] if alone else sorted((k, v) for k, v in values.items() if k != knob.key)
    return hashlib.blake2b(repr((context, knob.key, others)).encode(), digest_size=8).hexdigest()


# ---- the control --------------------------------------------------------------------------------
def live_control(key: str, *, knobs: Sequence[Knob], figures: Sequence[dict], context=None,
                 sweep: Callable[[Knob, float, int], Cells] | None = None,
                 window: Callable[[Knob, int], Cells] | None = None,
                 compose: Callable[[Knob, dict, str, float | None], dict] | None = None,
                 independent: Sequence[str] = (),
                 columns: int = 1, share_y: bool = False, config: dict | None = None,
                 titles: Sequence[str] = (), descriptions: Sequence[str] = (), readout: str = "") -> None:
    """Draw `figures` (one chart each, `columns` per row) with `knobs` above them or under their cell.

    `sweep(knob, value, px)` returns every chart's traces with that knob at `value` (the other
    knobs as they are), at about `px` points per curve; `window(knob, px)` returns dense traces
    over a range knob's whole span. Either may be None: that knob then redraws on release only.
    `context` is everything else the charts depend on (range, view, language...): frames are
    reused while it and the other knobs' values stay the same. `compose(knob, values, sig, around)`
    returns a `compose_payload` instead, for pages the browser recomposes with arithmetic; the
    frames of `independent` knobs depend on `context` alone. `readout` is a line of text the
    composition keeps up to date. `titles` and `descriptions` are each chart's accessible name and
    description (what it shows, at the committed values).
    """
    values = {k.key: value_of(k) for k in knobs}
    by_key = {k.key: k for k in knobs}
    # A frames request stays pending until a run has handed its answer to the browser: a commit that
    # cuts its run short is then answered with the frames too, instead of the request being lost.
    want = st.session_state.get(f"{key}.want") or {}
    frames = None
    knob = by_key.get(want.get("knob"))
    sig_of = {k.key: _sig(context, k, values, k.key in independent) for k in knobs}
    if knob is not None and want.get("sig") == sig_of[knob.key]:
        px = int(min(max(number(want.get("px"), 100, 4000) or 800, 200), 1600))
        if compose is not None:
            frames = compose(knob, values, want["sig"], number(want.get("around"), knob.low, knob.high))
        elif knob.is_range and window is not None:
            frames = window_payload(knob, window(knob, px), want["sig"])
        elif not knob.is_range and sweep is not None:
            around = number(want.get("around"), knob.low, knob.high)
            grid = frame_values(knob, around)
            base = sweep(knob, values[knob.key], px)   # the base's other traces are the frames' own objects
            frames = sweep_payload(knob, grid, base, [sweep(knob, float(v), px) for v in grid], want["sig"])
    # The newest request dealt with (answered, or dropped as stale): a browser whose request is that
    # old and whose frames never came (the run's messages were discarded for a newer run's) asks again.
    wanted = _request_number(want) if want else st.session_state.get(f"{key}.wanted", 0)
    if frames is not None:
        frames["n"] = wanted
    spec = [{
        "key": k.key, "label": k.label, "short": k.short or k.label, "low": k.low, "high": k.high, "step": k.step, "help": k.help,
        "cell": k.cell, "range": k.is_range, "ends": list(k.ends), "sig": sig_of[k.key],
        "value": list(values[k.key]) if k.is_range else values[k.key],
        "decimals": _decimals(k, values[k.key]),
        "frames": bool(compose or (window if k.is_range else sweep)),
        "coarse": (not k.is_range) and k.positions().size > MAX_FRAMES,
    } for k in knobs]
    cells = [{"figure": figure_payload(fig), "height": int(fig["layout"].get("height", 420)),
              "title": titles[i] if i < len(titles) else "",
              "description": descriptions[i] if i < len(descriptions) else ""} for i, fig in enumerate(figures)]
    _component(
        key=key,
        data={"knobs": spec, "cells": cells, "columns": columns, "share_y": bool(share_y), "frames": frames,
              "readout": readout,
              "config": config or {}, "plotly_url": plotly_js.url(), "seen": st.session_state.get(f"{key}.seen", 0),
              "wanted": wanted},
        default={"commit": None},
        on_commit_change=lambda: _on_commit(key, by_key),
        on_want_change=lambda: _on_want(key),
    )
    if want:   # reached only once the answer is queued for the browser (a newer request stops a run before)
        st.session_state.pop(f"{key}.want", None)
        st.session_state[f"{key}.wanted"] = wanted


def _decimals(knob: Knob, value) -> int:
    """Decimals that show the value as it is (2 to 10): a link may hold one finer than the step."""
    base = knob.decimals
    for v in (value if knob.is_range else (value,)):
        for d in range(base, 11):
            if abs(round(v, d) - v) <= 1e-12 * max(1.0, abs(v)):
                base = max(base, d)
                break
        else:
            base = 10
    return base
