"""How long the tick labels Plotly will draw get, so a layout can leave them room.

Plotly sizes the outer margins to its labels (`automargin`) but never the gaps
between subplots: a range 1e-6 wide near 20 gets labels like 19.9999992 that
run into the neighbouring panel. These estimates follow plotly.js's automatic
linear ticks (about one per 40 px on y, 80 px on x, steps of 1, 2 or 5 × 10^k,
trailing zeros dropped, SI suffixes far from 1) and err on the long side.
"""
from __future__ import annotations

import math

import numpy as np

FONT_PX = 13
CHAR_PX = 0.55 * FONT_PX   # a digit of the chart's font is ~0.5 em; a little spare
STANDOFF_PX = 6            # between an axis line and its labels


def auto_count(length_px: float, axis: str) -> float:
    """plotly.js's tick count for an axis `length_px` long with nticks unset."""
    return min(max(length_px / (40 if axis == "y" else 80), 4), 9) + 1


def nice_step(rough: float) -> float:
    """The smallest 1, 2 or 5 × 10^k at least `rough`."""
    base = 10.0 ** math.floor(math.log10(rough))
    return next(m * base for m in (1, 2, 5, 10) if m * base >= rough * (1 - 1e-9))


def labels(lo: float, hi: float, count: float) -> list[str]:
    """The labels of about `count` automatic ticks on [lo, hi]."""
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return []
    if hi - lo <= 0:
        lo, hi = lo - 1, hi + 1                    # plotly.js widens a flat range like this
    step = nice_step((hi - lo) / count)
    top = max(abs(lo), abs(hi))
    scale = 1.0
    if top >= 1e4 or top < 1e-3:                  # SI suffix (k, M, m, µ, n ...): mantissa plus one letter
        scale = 10.0 ** (3 * math.floor(math.log10(top) / 3))
    decimals = max(0, -math.floor(math.log10(step / scale) + 1e-9))
    first, last = math.ceil(lo / step - 1e-9), math.floor(hi / step + 1e-9)
    out = []
    for k in range(first, last + 1):
        text = f"{k * step / scale:.{decimals}f}"
        text = text.rstrip("0").rstrip(".") if "." in text else text
        out.append(text.replace("-", "−") + ("k" if scale != 1.0 else ""))
    return out


def width_px(texts: list[str]) -> float:
    return max((len(t) for t in texts), default=1) * CHAR_PX


def padded_range(values: list[np.ndarray]) -> tuple[float, float]:
    """The finite span of `values` widened as plotly.js's autorange does (5% each side; 6% to be safe)."""
    lo, hi = math.inf, -math.inf
    for v in values:
        v = np.asarray(v, dtype=np.float64)
        v = v[np.isfinite(v)]
        if v.size:
            lo, hi = min(lo, float(v.min())), max(hi, float(v.max()))
    if not lo <= hi:
        return -1.0, 1.0
    pad = 0.06 * (hi - lo)
    return lo - pad, hi + pad
