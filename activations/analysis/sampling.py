"""The one sampler of curves: an activation on [lo, hi] as x, f, f' (and f''), with its kinks honest.

Every kink inside the range is a sample point exactly; each panel's line is cut there (a
NaN row, so no plot draws a vertical segment at a jump) and the two pieces end on the
one-sided limits; `markers` say which value the function takes at the kink. Pure NumPy:
the Explorer, Your own activation, the essay pages, the Catalogue and the CSV export all
draw or write what this returns, so a kink looks the same everywhere.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from ..core import Activation

DEFAULT_POINTS = 1000
PANELS = ("f", "df", "d2f")
# One-sided limits are read this close to a kink (relative); far below what a float32 plot resolves.
_SIDE = 1e-10
# The second derivative may be a central difference of f' (step ~6e-6), so read it further out.
_SIDE_D2 = 1e-4


@dataclass(frozen=True)
class Marker:
    """A one-sided value at a kink: `filled` when the function takes that value there."""

    panel: str
    x: float
    y: float
    filled: bool


@dataclass(frozen=True)
class Curve:
    """One activation sampled on [lo, hi]: arrays share `x`; NaN rows cut the line at kinks.

    `grid` is the plain sample grid (every interior kink on it exactly); `x` repeats each
    interior kink with a NaN row between the two copies, so the piece on each side ends on
    that side's one-sided limit (`values`) and nothing draws a vertical segment at a jump.
    `markers` hold the one-sided values and the value taken at each kink where they differ.
    """

    key: str
    params: dict
    grid: np.ndarray                      # the plain sample grid (float64, kinks included)
    x: np.ndarray                         # grid with a NaN row after every interior kink
    values: dict = field(default_factory=dict)   # panel -> array aligned with x
    markers: tuple[Marker, ...] = ()
    band: tuple[np.ndarray, np.ndarray] | None = None  # on `grid`

    @property
    def f(self) -> np.ndarray:
        return self.values["f"]

    @property
    def df(self) -> np.ndarray:
        return self.values["df"]


def sample_grid(lo: float, hi: float, n: int = DEFAULT_POINTS, kinks=()) -> np.ndarray:
    """`n` evenly spaced points on [lo, hi] plus every kink inside it, exactly, sorted.

    Inner grid points closer to a kink than a thousandth of the spacing are
    dropped so that no point sits on the wrong side of a kink by rounding.
    """
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo:
        raise ValueError(f"need a finite range lo < hi, got [{lo}, {hi}]")
    n = max(int(n), 2)
    base = np.linspace(lo, hi, n)
    inside = np.array(sorted({float(k) for k in kinks if lo <= k <= hi}), dtype=np.float64)
    if inside.size:
        gap = (hi - lo) / (n - 1) * 1e-3
        near = np.min(np.abs(base[:, None] - inside[None, :]), axis=1) < gap
        near[[0, -1]] = False  # the range's own ends always stay
        base = base[~near]
    return np.unique(np.concatenate([base, inside]))


def _evaluate(act: Activation, panel: str, x: np.ndarray, params: dict) -> np.ndarray:
    with np.errstate(all="ignore"):
        out = getattr(act, panel)(x, **params)
    return np.where(np.isfinite(out), out, np.nan)


def _close(a: float, b: float) -> bool:
    if not (math.isfinite(a) and math.isfinite(b)):
        return False
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def _one_sided(act: Activation, panel: str, c: float, params: dict, at: float) -> tuple[float, float, float]:
    """(left limit, right limit, value) of one panel at kink c; the value itself where it is continuous."""
    numeric_d2 = panel == "d2f" and act.d2fn is None
    side = (_SIDE_D2 if numeric_d2 else _SIDE) * max(1.0, abs(c))
    left, right = (float(v) for v in _evaluate(act, panel, np.array([c - side, c + side]), params))
    at = float(at)
    if _close(left, at):
        left = at
    if _close(right, at):
        right = at
    return left, right, at


def _kink_markers(panel: str, c: float, left: float, right: float, at: float) -> list[Marker]:
    if _close(left, right) and _close(at, left):
        return []  # smooth enough here: nothing to mark
    out = [Marker(panel, c, at, True)] if math.isfinite(at) else []
    for side in (left, right):
        if math.isfinite(side) and not _close(side, at) and not any(_close(side, m.y) for m in out):
            out.append(Marker(panel, c, side, False))
    return out


def sample(act: Activation, params: dict, lo: float, hi: float, n: int = DEFAULT_POINTS,
           second: bool = False) -> Curve:
    """Sample f, f' (and f'') of `act` on [lo, hi] at `n` points (a pixel width, say), cut at interior kinks."""
    params = act.resolve(**params)
    kinks = act.kinks(**params)
    grid = sample_grid(lo, hi, n, kinks)
    interior = [c for c in kinks if lo < c < hi]
    panels = PANELS if second else PANELS[:2]
    pieces = np.split(np.arange(grid.size), np.searchsorted(grid, interior) + 1)
    # Each piece ends on a kink (except the last); the next one starts from it again.
    xs: list[np.ndarray] = []
    idx_of_piece = []
    for i, piece in enumerate(pieces):
        if i > 0:
            piece = np.concatenate([[piece[0] - 1], piece])
        idx_of_piece.append(piece)
        xs.append(grid[piece])
    values: dict[str, list[np.ndarray]] = {p: [] for p in panels}
    markers: list[Marker] = []
    for panel in panels:
        base = _evaluate(act, panel, grid, params)
        ends = [_one_sided(act, panel, c, params, base[np.searchsorted(grid, c)]) for c in interior]
        for i, piece in enumerate(idx_of_piece):
            seg = base[piece].copy()
            if i > 0:      # starts on kink interior[i-1]: its right-hand limit
                seg[0] = ends[i - 1][1]
            if i < len(idx_of_piece) - 1:  # ends on kink interior[i]: its left-hand limit
                seg[-1] = ends[i][0]
            values[panel].append(seg)
        for c, (left, right, at) in zip(interior, ends):
            markers.extend(_kink_markers(panel, c, left, right, at))
    joined_x = _join(xs)
    joined = {p: _join(v) for p, v in values.items()}
    band = act.band(grid, **params)
    return Curve(act.key, params, grid, joined_x, joined, tuple(markers), band)


@dataclass(frozen=True)
class Point:
    """f and f' at one x. `side` is "" at an ordinary x; at a kink where f or f' jumps or bends,
    "kink" for the value taken there and "left"/"right" for the one-sided limits."""

    x: float
    f: float
    df: float
    side: str = ""


def values_at(act: Activation, params: dict, xs, lo: float = -math.inf, hi: float = math.inf) -> list[Point]:
    """f and f' at each of `xs` and at every kink in [lo, hi], sorted by x; after a kink's own value,
    its left and right limits where f or f' jumps or bends there (what `sample` marks)."""
    params = act.resolve(**params)
    kinks = {float(c) for c in act.kinks(**params) if lo <= c <= hi}
    pts = np.array(sorted({float(x) for x in xs} | kinks), dtype=np.float64)
    f, df = _evaluate(act, "f", pts, params), _evaluate(act, "df", pts, params)
    out: list[Point] = []
    for x, fx, dfx in zip(pts.tolist(), f.tolist(), df.tolist()):
        sides = []
        if x in kinks:
            lf, rf, _ = _one_sided(act, "f", x, params, fx)
            ld, rd, _ = _one_sided(act, "df", x, params, dfx)
            if not all(_close(a, b) for a, b in ((lf, fx), (rf, fx), (ld, dfx), (rd, dfx))):
                sides = [Point(x, lf, ld, "left"), Point(x, rf, rd, "right")]
        out += [Point(x, fx, dfx, "kink" if sides else ""), *sides]
    return out


def _join(pieces: list[np.ndarray]) -> np.ndarray:
    out: list[np.ndarray] = []
    for i, p in enumerate(pieces):
        if i:
            out.append(np.array([np.nan]))
        out.append(p)
    return np.concatenate(out)
