"""Properties of an activation computed numerically from its definition, not typed in.

`analyse(act, **params)` samples f, f' and f'' on a window around the origin
(every kink and its float neighbours included), follows both tails out to
1e300 to find limits, refines interior extrema with a bounded scalar search,
and reads one-sided limits at the declared kinks. Typed tables go wrong
(softsign's range listed as (0, inf), Mish's as (-inf, inf)); these are
measured.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize_scalar

from ..core import Activation

WINDOW = 20.0          # |x| beyond this counts as "the tail"
GRID_POINTS = 8001     # spacing 0.005 on the default window
TAIL = np.logspace(1, 300, 300)  # one point per decade
SMOOTHNESS_ORDER = ("discontinuous", "C0", "C1", "C2", "C∞")
_REL = 1e-9            # relative tolerance for "equal" values


@dataclass(frozen=True)
class Bound:
    """One end of the range: its value and whether some finite x attains it."""

    value: float      # ±inf when unbounded
    attained: bool

    @property
    def finite(self) -> bool:
        return math.isfinite(self.value)


@dataclass(frozen=True)
class Range:
    """The set of values: low..high, or for a function that jumps, a union of `parts` (gaps kept)."""

    low: Bound
    high: Bound
    parts: tuple[tuple[Bound, Bound], ...] = ()

    def text(self, digits: int = 4) -> str:
        if len(self.parts) <= 1:
            return _interval_text(self.low, self.high, digits)
        if all(lo.value == hi.value for lo, hi in self.parts):
            return "{" + ", ".join(fmt(lo.value, digits) for lo, _ in self.parts) + "}"
        return " ∪ ".join(_interval_text(lo, hi, digits) for lo, hi in self.parts)

    def __contains__(self, y: float) -> bool:
        return any(_inside(y, lo, hi) for lo, hi in (self.parts or ((self.low, self.high),)))


def _interval_text(low: Bound, high: Bound, digits: int) -> str:
    if low.value == high.value and low.attained:
        return "{" + fmt(low.value, digits) + "}"
    left = "[" if low.attained else "("
    right = "]" if high.attained else ")"
    return f"{left}{fmt(low.value, digits)}, {fmt(high.value, digits)}{right}"


def _inside(y: float, low: Bound, high: Bound) -> bool:
    lo_ok = y > low.value or (low.attained and y == low.value)
    hi_ok = y < high.value or (high.attained and y == high.value)
    return lo_ok and hi_ok


@dataclass(frozen=True)
class Properties:
    key: str
    label: str
    params: dict
    range: Range
    bounded: bool
    monotonicity: str          # "increasing", "non-decreasing", "decreasing", "non-increasing",
                               # "non-monotonic" or "constant"
    zero_centred: bool         # mean output ~0 for standard-normal input
    mean_normal: float         # E[f(Z)], Z ~ N(0, 1)
    smoothness: str            # one of SMOOTHNESS_ORDER
    f0: float
    df0: float                 # the core's value at 0 (PyTorch's convention at a kink)
    df0_sides: tuple[float, float] | None  # one-sided limits when f' jumps at 0
    max_slope: float           # sup |f'|
    max_slope_at: str          # where: "0", "x → ∞", "(0, ∞)"...
    max_slope_x: float         # the point, when it is a single point nearest 0; else NaN
    saturation: str            # "both", "left", "right" or "none"; "(hard)" when f' is exactly 0
    year: int | None
    reference: str

    @property
    def monotonic(self) -> bool:
        return self.monotonicity != "non-monotonic"

    @property
    def differentiable(self) -> bool:
        return SMOOTHNESS_ORDER.index(self.smoothness) >= SMOOTHNESS_ORDER.index("C1")

    @property
    def smooth(self) -> bool:
        return self.smoothness == "C∞"

    @property
    def saturating(self) -> bool:
        return self.saturation.startswith("both")


def fmt(v: float, digits: int = 4) -> str:
    """A number for a table: ∞ symbols, no '-0', 4 significant digits."""
    if math.isnan(v):
        return "n/a"
    if math.isinf(v):
        return "∞" if v > 0 else "-∞"
    if v == 0:
        return "0"
    return f"{v:.{digits}g}".replace("e+0", "e").replace("e-0", "e-")


# -- sampling -------------------------------------------------------------------
def _eval(func, x: np.ndarray, params: dict) -> np.ndarray:
    with np.errstate(all="ignore"):
        return np.asarray(func(x, **params), dtype=np.float64)


def _grid(kinks: tuple[float, ...], width: float) -> np.ndarray:
    """A fine grid near 0, a coarser one out to ±width, every kink, its float neighbours and ±1e-9."""
    inner = max(WINDOW, 2.0 * max((abs(k) for k in kinks), default=0.0) + 5.0)
    pts = [np.linspace(-inner, inner, GRID_POINTS), np.array([0.0])]
    if width > inner:
        pts.append(np.linspace(-width, width, GRID_POINTS // 2))
    for k in kinks:
        pts.append(np.array([k, np.nextafter(k, -np.inf), np.nextafter(k, np.inf), k - 1e-9, k + 1e-9]))
    return np.unique(np.concatenate(pts))


def _window(act: Activation, kinks: tuple[float, ...], params: dict, tails_df: tuple) -> float:
    """Half-width of the sampled window: widened until f' has settled to its tail limits.

    SiLU with beta = 0.1 has its steepest point near x = 24; softsign's slope is
    still 0.002 at x = 20. Beyond the window only the tail limits count.
    """
    width = max(WINDOW, 2.0 * max((abs(k) for k in kinks), default=0.0) + 5.0)
    for _ in range(4):
        edge = _eval(act.dfn, np.array([-width, width]), params)
        settled = all(t is None or math.isinf(t) or abs(e - t) <= 1e-6 * (1.0 + abs(t))
                      for e, t in zip(edge, tails_df))
        if settled:
            break
        width *= 4.0
    return width


def _tail(values: np.ndarray) -> float | None:
    """Limit of a sequence sampled once per decade: a number, ±inf, or None (no limit)."""
    last = values[-75:]
    if np.isnan(last).any():
        return None
    if np.isinf(last[-1]) and np.all(np.sign(last[-10:]) == np.sign(last[-1])):
        return float(last[-1])
    spread = np.max(last) - np.min(last)
    if spread <= _REL * (1.0 + abs(last[-1])):
        # a tail like b/(4|x|) is still 1e-300 at the last sample: a limit that small is 0
        return 0.0 if abs(last[-1]) < 1e-100 else float(last[-1])
    steps = np.diff(last)
    if (np.all(steps >= 0) or np.all(steps <= 0)) and abs(last[-1]) > 1e3 * (1.0 + abs(last[0])):
        return math.copysign(math.inf, last[-1])
    if np.all(steps >= 0) or np.all(steps <= 0):
        # still moving steadily at 1e300 (e.g. logarithmic growth): unbounded
        return math.copysign(math.inf, last[-1] - last[0])
    return None


# -- range ----------------------------------------------------------------------
def _refine(func, x: np.ndarray, i: int, params: dict, sign: float) -> tuple[float, float]:
    """Refine a grid extremum at index i: (x*, f(x*)) of sign*f's minimum near x[i]."""
    lo, hi = x[max(i - 1, 0)], x[min(i + 1, len(x) - 1)]
    g = lambda t: sign * float(_eval(func, np.array([t]), params)[0])
    res = minimize_scalar(g, bounds=(lo, hi), method="bounded", options={"xatol": 1e-12})
    best_x, best = (res.x, res.fun) if res.fun < g(x[i]) else (x[i], g(x[i]))
    return float(best_x), sign * float(best)


def _interior_extrema(v: np.ndarray, sign: float, count: int = 3) -> list[int]:
    """Indices of the strongest local maxima of sign*v with a lower value on both sides.

    A plateau counts once (its first index), and only when it is enclosed: the
    flat tail of tanh at 1.0 (rounding) or of ReLU at 0 is not an extremum.
    """
    s = sign * v
    ok = np.isfinite(s)
    idx_all = np.nonzero(ok)[0]
    if idx_all.size < 3:
        return []
    s_ok = s[idx_all]
    starts = np.concatenate([[True], s_ok[1:] != s_ok[:-1]])  # run-length collapse
    run_idx, run_val = idx_all[starts], s_ok[starts]
    if run_val.size < 3:
        return []
    peak = (run_val[1:-1] > run_val[:-2]) & (run_val[1:-1] > run_val[2:])
    idx = run_idx[1:-1][peak]
    return list(idx[np.argsort(-s[idx])][:count])


def _bound(func, x, v, kinks, tails, params, sign: float, flat: np.ndarray | None = None) -> Bound:
    """Supremum (sign=+1) or infimum (sign=-1) of f, and whether it is attained.

    Values count as reached at kinks, at refined interior extrema and, when
    `flat` marks them, on plateaus; the plain grid values and the tail limits
    only bound the answer (tanh(20) rounds to 1.0, yet 1 is never reached).
    """
    attained = [v[np.isin(x, kinks)]] if kinks else []
    for k in kinks:
        attained.append(_eval(func, np.array([k, np.nextafter(k, -np.inf), np.nextafter(k, np.inf)]), params))
    attained.append(np.array([_refine(func, x, i, params, -sign)[1] for i in _interior_extrema(v, sign)]))
    if flat is not None:
        attained.append(v[flat])
    reached = np.concatenate([a.ravel() for a in attained]) if attained else np.array([])
    reached = reached[np.isfinite(reached)]
    limits = [t for t in tails if t is not None]
    finite_v = v[np.isfinite(v)]
    candidates = [sign * np.max(sign * finite_v)] if finite_v.size else []
    candidates += limits + ([sign * np.max(sign * reached)] if reached.size else [])
    if any(math.isnan(c) for c in candidates) or not candidates:
        return Bound(math.nan, False)
    best = max(sign * c for c in candidates)  # in signed space: larger is better
    if math.isinf(best):
        return Bound(sign * best, False)
    reached_best = float(np.max(sign * reached)) if reached.size else -math.inf
    hit = reached_best >= best - _REL * (1.0 + abs(best))
    value = sign * (reached_best if hit else best)
    return Bound(float(value), bool(hit))


def _pieces(act: Activation, x, v, d, kinks, tails, params) -> tuple[tuple[Bound, Bound], ...]:
    """Values of a function that jumps: f is continuous between kinks, so each piece's image is an
    interval; with the kink values themselves, their union (gaps kept, overlaps merged)."""
    edges = [-math.inf, *kinks, math.inf]
    parts = [(Bound(y, True), Bound(y, True)) for y in _eval(act.fn, np.array(kinks), params) if math.isfinite(y)]
    for a, b in zip(edges[:-1], edges[1:]):
        inside = (x > a) & (x < b)
        if not inside.any():
            continue
        xs, vs, flat = x[inside], v[inside], d[inside] == 0.0
        ends = (tails[0] if a == -math.inf else None, tails[1] if b == math.inf else None)
        parts.append((_bound(act.fn, xs, vs, (), ends, params, -1.0, flat),
                      _bound(act.fn, xs, vs, (), ends, params, 1.0, flat)))
    return _union(parts)


def _same(a: float, b: float) -> bool:
    return a == b or abs(a - b) <= _REL * (1.0 + abs(a))


def _union(parts) -> tuple[tuple[Bound, Bound], ...]:
    parts = sorted(parts, key=lambda p: (p[0].value, not p[0].attained))
    out: list[tuple[Bound, Bound]] = []
    for lo, hi in parts:
        if out:
            plo, phi = out[-1]
            touching = _same(lo.value, phi.value) and (lo.attained or phi.attained)
            if lo.value < phi.value and not _same(lo.value, phi.value) or touching:
                if hi.value > phi.value and not _same(hi.value, phi.value):
                    out[-1] = (plo, hi)
                elif _same(hi.value, phi.value):
                    out[-1] = (plo, Bound(phi.value, phi.attained or hi.attained))
                continue
        out.append((lo, hi))
    return tuple(out)


# -- shape ----------------------------------------------------------------------
def _monotonicity(values: np.ndarray, flat: bool) -> str:
    """Direction from the sampled values; "non-" when f is flat on a stretch (ReLU's left half)."""
    v = values[np.isfinite(values)]
    steps = np.diff(v)
    tol = 1e-12 * (1.0 + np.abs(v[1:]))
    up, down = np.any(steps > tol), np.any(steps < -tol)
    if up and down:
        return "non-monotonic"
    if not (up or down):
        return "constant"
    if up:
        return "non-decreasing" if flat else "increasing"
    return "non-increasing" if flat else "decreasing"


def _flat_beside_a_kink(act: Activation, kinks: tuple[float, ...], params: dict) -> bool:
    """Whether f' is exactly 0 just left or right of a kink: a real plateau from a piecewise definition.

    A slope that underflows far out (log-log's exp(x - e^x) at x = 20) is no plateau.
    """
    for k in kinks:
        eps = 1e-9 * max(1.0, abs(k))
        left = _eval(act.dfn, np.array([np.nextafter(k, -np.inf), k - eps, k - 1e3 * eps]), params)
        right = _eval(act.dfn, np.array([np.nextafter(k, np.inf), k + eps, k + 1e3 * eps]), params)
        if np.all(left == 0.0) or np.all(right == 0.0):
            return True
    return False


def _jumps(func, k: float, params: dict, floor: float = 1e-7) -> bool:
    """Whether func has different one-sided limits at k (the gap does not shrink with the step).

    `floor` is the smallest gap, relative to the values, that counts: above the noise of `func`.
    """
    scale = max(1.0, abs(k))
    gaps = []
    for delta in (1e-3 * scale, 1e-4 * scale):
        left, right = _eval(func, np.array([k - delta, k + delta]), params)
        if not (math.isfinite(left) and math.isfinite(right)):
            return True
        gaps.append(abs(right - left))
    big, small = gaps
    return small > floor * (1.0 + abs(left) + abs(right)) and small > 0.5 * big


def _one_sided(func, k: float, params: dict) -> tuple[float, float]:
    left, right = _eval(func, np.array([np.nextafter(k, -np.inf), np.nextafter(k, np.inf)]), params)
    return float(left), float(right)


def _smoothness(act: Activation, kinks: tuple[float, ...], params: dict) -> str:
    """Continuity order from what actually jumps at the declared kinks, at these parameters.

    A declared kink is only a place to look: softshrink at lambda = 0 and PReLU at slope 1 are the
    identity, so nothing jumps there and the order is C∞. f jumps: discontinuous; f′: C0; f″: C1;
    f‴ (ISRLU's -3a to 0): C2. Between kinks every definition is smooth, so no jump up to f‴ at
    any kink counts as C∞.
    """
    # (derivative, smallest relative gap that counts): f‴ is a difference of f″, so noisier
    derivatives = ((act.fn, 1e-7), (act.dfn, 1e-7), (_second(act), 1e-7), (_third(act), 1e-4))
    order = len(SMOOTHNESS_ORDER) - 1
    for k in kinks:
        for n, (func, floor) in enumerate(derivatives[:order]):
            if _jumps(func, k, params, floor):
                order = n
                break
    return SMOOTHNESS_ORDER[order]


def _second(act: Activation):
    if act.d2fn is not None:
        return act.d2fn

    def d2(x, **p):
        h = np.cbrt(np.finfo(np.float64).eps) * np.maximum(1.0, np.abs(x))
        return (act.dfn(x + h, **p) - act.dfn(x - h, **p)) / (2 * h)
    return d2


def _third(act: Activation):
    """f‴ as a central difference of f″, with a step well inside the 1e-4 that `_jumps` looks at."""
    second = _second(act)

    def d3(x, **p):
        h = 1e-5 * np.maximum(1.0, np.abs(x))
        return (second(x + h, **p) - second(x - h, **p)) / (2 * h)
    return d3


# -- slope and saturation -------------------------------------------------------
def _where(x: np.ndarray, mask: np.ndarray, kinks: tuple[float, ...], width: float, tail_hit: tuple[bool, bool]) -> str:
    """Describe the set of grid points in `mask`: a point, or an interval with open/closed ends."""
    idx = np.nonzero(mask)[0]
    if idx.size == 1 or x[idx[-1]] - x[idx[0]] < 1e-6:
        return fmt(_snap(x[idx[0]]))
    lo_i, hi_i = idx[0], idx[-1]
    lo = "-∞" if x[lo_i] <= -width and tail_hit[0] else None
    hi = "∞" if x[hi_i] >= width and tail_hit[1] else None
    left = "(" if lo else "["
    right = ")" if hi else "]"
    if lo is None:
        prev = x[lo_i - 1] if lo_i > 0 else None
        if prev is not None and prev in kinks:
            lo, left = fmt(prev), "("
        else:
            lo = fmt(_snap(x[lo_i]))
    if hi is None:
        nxt = x[hi_i + 1] if hi_i + 1 < len(x) else None
        if nxt is not None and nxt in kinks:
            hi, right = fmt(nxt), ")"
        else:
            hi = fmt(_snap(x[hi_i]))
    return f"{left}{lo}, {hi}{right}"


def _snap(v: float) -> float:
    return 0.0 if abs(v) < 1e-6 else float(v)


def _max_slope(act, x, d, kinks, width, tails, params) -> tuple[float, float, str]:
    a = np.abs(d)
    finite = np.isfinite(a)
    if not finite.any():
        return math.nan, math.nan, "n/a"
    tail_abs = [abs(t) if t is not None else math.nan for t in tails]
    best_grid = float(np.max(a[finite]))
    # every grid peak that refining could lift to the top (a grid point misses a peak by at most
    # its curvature times the spacing squared), not just the strongest few: cos has 13 equal peaks
    # on the window, and the one to name is the one nearest 0 (±π/2), not whichever sampled best
    peaks = _interior_extrema(np.where(finite, a, -np.inf), 1.0, count=len(x))
    peaks = sorted((i for i in peaks if a[i] >= best_grid * (1 - 1e-3)), key=lambda i: abs(x[i]))[:200]
    refined = [_refine(lambda t, **p: np.abs(act.dfn(t, **p)), x, i, params, -1.0) for i in peaks]
    top = max((val for _, val in refined), default=-math.inf)
    if top > best_grid * (1 + 1e-15):
        xi, text = _nearest_zero([xi for xi, val in refined if val >= top * (1 - 1e-9)])
        return float(top), xi, text
    mask = finite & (a >= best_grid * (1 - 1e-12))
    edges = np.diff(np.concatenate([[0], mask.astype(np.int8), [0]]))
    starts, ends = np.nonzero(edges == 1)[0], np.nonzero(edges == -1)[0] - 1
    # a stretch of equal slopes is real only between kinks or grid ends (ReLU's (0, ∞)); softplus
    # with beta = 5 rounds its slope to 1.0 from x = 7.4 on, yet only approaches 1
    runs = [(i, j) for i, j in zip(starts, ends)
            if x[j] - x[i] >= 1e-6 and _at_kink_or_end(x, i, -1, kinks) and _at_kink_or_end(x, j, 1, kinks)]
    finite_tails = [t for t in tail_abs if not math.isnan(t)]
    if not runs and finite_tails and max(finite_tails) >= best_grid * (1 - 1e-9):
        # only approached far out: the sup is reached as x runs off to infinity
        left, right = (t if not math.isnan(t) else -math.inf for t in tail_abs)
        side = "x → ±∞" if left == right else "x → -∞" if left > right else "x → ∞"
        return max(best_grid, max(finite_tails)), math.nan, side
    if not runs or len(runs) > 3:
        # isolated maxima (or many, e.g. periodic ones): name the one nearest 0
        xi, text = _nearest_zero(list(x[mask]))
        return best_grid, xi, text
    tail_hit = tuple(not math.isnan(t) and t >= best_grid * (1 - 1e-9) for t in tail_abs)
    texts = []
    for i, j in runs:
        segment = np.zeros_like(mask)
        segment[i:j + 1] = True
        texts.append(_where(x, segment, kinks, width, tail_hit))
    return best_grid, math.nan, " ∪ ".join(texts)


def _nearest_zero(points: list[float]) -> tuple[float, str]:
    """Of equally steep points, the one nearest 0 (the positive one on a tie), and its text:
    "±1.571" when its mirror image is among them too (cos at ±π/2, sinc at ±2.082)."""
    best = min(points, key=lambda p: (abs(p), -p))
    xi = _snap(best)
    mirrored = xi != 0.0 and any(abs(p + best) <= 1e-6 * max(1.0, abs(best)) for p in points)
    return xi, ("±" if mirrored else "") + fmt(abs(xi) if mirrored else xi)


def _at_kink_or_end(x: np.ndarray, i: int, step: int, kinks: tuple[float, ...]) -> bool:
    """Whether index i is a grid end, or it or its outer neighbour (i + step) sits on a kink."""
    if i + step < 0 or i + step >= len(x):
        return True
    near = [x[i], x[i + step]]
    return any(abs(p - k) <= 1e-8 * max(1.0, abs(k)) for p in near for k in kinks)


def _saturation(tails_df: tuple, edge_df: tuple) -> str:
    sides = [t is not None and abs(t) <= 1e-12 for t in tails_df]
    hard = [s and e == 0.0 for s, e in zip(sides, edge_df)]
    name = {(True, True): "both", (True, False): "left", (False, True): "right", (False, False): "none"}[tuple(sides)]
    if name == "none":
        return name
    return f"{name} (hard)" if all(h for h, s in zip(hard, sides) if s) else name


_GL_X, _GL_W = np.polynomial.legendre.leggauss(64)


def _normal_moments(act: Activation, kinks: tuple[float, ...], params: dict) -> tuple[float, float]:
    """E[f(Z)] and sqrt(E[f(Z)^2]) for Z ~ N(0, 1): Gauss-Legendre on [-10, 10], split at every kink.

    f is smooth between kinks, so each piece converges fast; beyond |z| = 10 the
    normal density (< 1e-22) leaves nothing a linear-growth f could add.
    """
    cuts = np.unique(np.concatenate([np.linspace(-10.0, 10.0, 9), [k for k in kinks if abs(k) < 10]]))
    lo, hi = cuts[:-1, None], cuts[1:, None]
    x = ((hi - lo) / 2 * _GL_X + (hi + lo) / 2).ravel()
    w = ((hi - lo) / 2 * _GL_W).ravel() * np.exp(-0.5 * x * x) / math.sqrt(2 * math.pi)
    y = _eval(act.fn, x, params)
    ok = np.isfinite(y)
    return float(np.sum((y * w)[ok])), float(np.sqrt(np.sum((y * y * w)[ok])))


# -- the analysis ---------------------------------------------------------------
def analyse(act: Activation, **params: object) -> Properties:
    """Every property of `act` at these parameters (defaults for the rest)."""
    values = act.resolve(**params)
    kinks = act.kinks(**values)
    tail_x = (-TAIL[::-1], TAIL)
    tails_f = (_tail(_eval(act.fn, -TAIL, values)), _tail(_eval(act.fn, TAIL, values)))
    tails_df = (_tail(_eval(act.dfn, -TAIL, values)), _tail(_eval(act.dfn, TAIL, values)))
    width = _window(act, kinks, values, tails_df)
    x = _grid(kinks, width)
    v = _eval(act.fn, x, values)
    d = _eval(act.dfn, x, values)

    smoothness = _smoothness(act, kinks, values)
    low = _bound(act.fn, x, v, kinks, tails_f, values, -1.0)
    high = _bound(act.fn, x, v, kinks, tails_f, values, 1.0)
    parts = _pieces(act, x, v, d, kinks, tails_f, values) if smoothness == "discontinuous" else ()
    if parts:
        low, high = parts[0][0], max((hi for _, hi in parts), key=lambda b: b.value)
    rng = Range(low, high, parts if len(parts) > 1 else ())
    far = np.concatenate(tail_x)
    order = np.argsort(np.concatenate([far, x]), kind="stable")
    whole = np.concatenate([_eval(act.fn, far, values), v])[order]
    mean, rms = _normal_moments(act, kinks, values)
    slope, slope_x, slope_at = _max_slope(act, x, d, kinks, width, tails_df, values)
    edge_df = tuple(float(e) for e in _eval(act.dfn, np.array([-width, width]), values))
    f0, df0 = (float(_eval(func, np.array([0.0]), values)[0]) for func in (act.fn, act.dfn))
    sides = None
    if 0.0 in kinks and _jumps(act.dfn, 0.0, values):
        sides = _one_sided(act.dfn, 0.0, values)
    return Properties(
        key=act.key, label=act.label, params=values, range=rng,
        bounded=low.finite and high.finite,
        monotonicity=_monotonicity(whole, _flat_beside_a_kink(act, kinks, values)),
        zero_centred=abs(mean) <= 1e-3 * max(rms, 1e-300),
        mean_normal=mean,
        smoothness=smoothness,
        f0=f0, df0=df0, df0_sides=sides,
        max_slope=slope, max_slope_at=slope_at, max_slope_x=slope_x,
        saturation=_saturation(tails_df, edge_df),
        year=act.year, reference=act.reference,
    )
