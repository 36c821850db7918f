"""Short notes on a curve's shape, read off the function itself: range, monotonicity, saturation.

Pure NumPy: the function is sampled far out (|x| up to 1e6) so the note holds
beyond the plotted window. Words come through `say` (ui.i18n.t), so notes follow the page's language.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np

from activations import Activation

_FAR = 1e6
_FLAT = 0.01   # |f'| below this counts as saturated
Say = Callable[..., str]


def _fmt(v: float) -> str:
    if v > 1e12:        # exponential growth reaches floats' end long before 1e6
        return "∞"
    if v < -1e12:
        return "−∞"
    if abs(v) < 1e-4:   # a limit approached, not reached, at |x| = 1e6 (squareplus's 0)
        v = 0.0
    return f"{v + 0.0:.3g}".replace("-", "−")


def value_range(act: Activation, params: dict) -> tuple[float, float]:
    """Approximate (inf, sup) of f; ±inf where f keeps growing."""
    x = np.concatenate([-np.geomspace(_FAR, 1e-3, 900), [0.0], np.geomspace(1e-3, _FAR, 900)])
    with np.errstate(all="ignore"):
        y = act.f(x, **params)
        y_mid = act.f(np.array([-_FAR / 10, _FAR / 10]), **params)
    y = y[np.isfinite(y)]
    if y.size == 0:
        return (np.nan, np.nan)
    lo, hi = float(y.min()), float(y.max())
    ends = act.f(np.array([-_FAR, _FAR]), **params)
    grows = np.abs(ends) > 5 * np.maximum(np.abs(y_mid), 1.0)  # still growing between 100 and 1000
    if grows.any():
        if ends[0] == lo and grows[0] or ends[1] == lo and grows[1]:
            lo = -np.inf
        if ends[0] == hi and grows[0] or ends[1] == hi and grows[1]:
            hi = np.inf
    return lo, hi


def monotonicity(act: Activation, params: dict, say: Say) -> str:
    if "monotonic" in act.tags:
        return say("explorer.shape.increasing")
    if "decreasing" in act.tags:
        return say("explorer.shape.decreasing")
    x = np.linspace(-50, 50, 4001)
    with np.errstate(all="ignore"):
        d = act.df(x, **params)
    d = d[np.isfinite(d)]
    if d.size and (d >= 0).all():
        return say("explorer.shape.increasing")
    if d.size and (d <= 0).all():
        return say("explorer.shape.decreasing")
    return say("explorer.shape.not_monotonic")


def _edge(act: Activation, params: dict, flat_x: float, steep_x: float) -> float:
    """Bisect between a flat and a steep sample for where |f'| crosses the threshold."""
    for _ in range(40):
        mid = 0.5 * (flat_x + steep_x)
        with np.errstate(all="ignore"):
            is_flat = abs(float(act.df(mid, **params))) < _FLAT
        flat_x, steep_x = (mid, steep_x) if is_flat else (flat_x, mid)
    return flat_x


def saturation(act: Activation, params: dict, say: Say, lo: float = -50.0, hi: float = 50.0) -> str:
    """Where |f'| stays below 0.01 out to the ends of [lo, hi], as a phrase."""
    x = np.linspace(lo, hi, 4001)
    with np.errstate(all="ignore"):
        flat = np.abs(act.df(x, **params)) < _FLAT
    parts = []
    if flat[0]:
        last_flat = int(np.argmin(flat)) - 1   # end of the leading flat run
        parts.append(f"x < {_fmt(_edge(act, params, x[last_flat], x[last_flat + 1]))}")
    if flat[-1] and not flat.all():
        first_flat = x.size - int(np.argmin(flat[::-1]))  # start of the trailing flat run
        parts.append(f"x > {_fmt(_edge(act, params, x[first_flat], x[first_flat - 1]))}")
    if flat.all():
        return say("explorer.shape.flat")
    if not parts:
        return say("explorer.shape.no_saturation")
    return say("explorer.shape.saturates", where=say("explorer.shape.and").join(parts))


def shape_note(act: Activation, params: dict, say: Say) -> str:
    lo, hi = value_range(act, params)
    return say("explorer.shape.note", lo=_fmt(lo), hi=_fmt(hi), monotonic=monotonicity(act, params, say),
               saturation=saturation(act, params, say))
