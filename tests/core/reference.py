"""Shared machinery for checking the core against mpmath at 50 digits."""
from __future__ import annotations

import importlib
import itertools
import math
import pkgutil

import numpy as np
from hypothesis import strategies as st
from mpmath import mp

import activations
import tests.core as _pkg

mp.dps = 50
REL_TOL = 1e-13
# One unit in the last place of a subnormal: a result below the normal range must still be
# that close (e^-710 = 4.5e-309 is a subnormal, not 0), which is 1e-13 relative wherever a
# double can hold that much.
ABS_FLOOR = 5e-324
ROOT_RADIUS = 1e-9  # the exemption: within 1e-9 of an irrational root
HUGE = mp.mpf("1e1000")  # stands in for infinity: the limit, to float precision


def load_refs() -> dict:
    """Every `REFS` dict from the tests/core/refs_*.py modules, merged."""
    refs: dict = {}
    for info in pkgutil.iter_modules(_pkg.__path__):
        if info.name.startswith("refs_"):
            module = importlib.import_module(f"tests.core.{info.name}")
            overlap = refs.keys() & module.REFS.keys()
            assert not overlap, f"references defined twice: {overlap}"
            refs.update(module.REFS)
    return refs


REFS = load_refs()

EXTREMES = [1e-300, 1e-8, 1e-3, 0.1, 0.5, 1.0, 2.0, 3.0, 5.0, 20.0, 40.0, 100.0, 700.0, 710.0, 740.0, 1e3, 1e300]


def sample_points(act: activations.Activation, params: dict) -> list[float]:
    """Extremes, tiny values, seeded points in [-1e3, 1e3], kinks and their neighbours."""
    pts = [0.0] + EXTREMES + [-v for v in EXTREMES]
    rng = np.random.default_rng(20211)
    pts += list(rng.uniform(-1e3, 1e3, 12)) + list(rng.uniform(-8, 8, 24))
    for k in act.kinks(**params):
        pts += [k, np.nextafter(k, -np.inf), np.nextafter(k, np.inf), k - 1e-6, k + 1e-6]
    return [float(p) for p in pts]


def param_sets(act: activations.Activation) -> list[dict]:
    """Defaults, each parameter at its slider ends and mid-range, others default; all valid ones."""
    sets = [act.defaults]
    for p in act.params:
        for v in (p.slider_low, p.slider_high, (p.low + p.high) / 2):
            sets.append({**act.defaults, p.name: v})
    valid = []
    for s in sets:
        try:
            act.resolve(**s)
        except activations.ParameterError:
            continue
        if s not in valid:
            valid.append(s)
    return valid


def drawn_params(act: activations.Activation, draw) -> dict:
    """Every parameter drawn (Hypothesis `draw`) across its bounds; where the values break a
    constraint between parameters, one of `param_sets` drawn instead (not filtered away)."""
    values = {p.name: draw(st.floats(p.low, p.high, exclude_min=p.low_open, exclude_max=p.high_open), label=p.name)
              for p in act.params}
    if act.constraint is not None and act.constraint(**values):
        values = draw(st.sampled_from(param_sets(act)), label="a valid set")
    return values


def mp_value(func, x: float, params: dict):
    mpx = HUGE if x == math.inf else -HUGE if x == -math.inf else mp.mpf(x)
    return func(mpx, **{k: mp.mpf(v) for k, v in params.items()})


def settled_diff(g, t, n: int = 1, direction: int = 0):
    """The n-th derivative of the one-variable g at t by mpmath's own differentiation (`mp.diff`).

    mp.diff takes a difference quotient with a step h = 2^-(prec + addprec) at (prec + 2 addprec)(n + 1)
    bits, which leaves a rounding of about |g| 2^-(that) / h^n in it. Where g is far larger than its
    change (softplus at x = 700 changes with β by e^-700) that rounding is all there is, where t is
    large t ± h needs the bits to differ from t, and where g bends within the step (√(x² + b) at
    b = 0 for tiny x) the quotient is off: addprec grows until the rounding is negligible (next to
    the quotient, or below any subnormal) and then until two quotients agree to 25 digits.
    """
    previous, addprec = None, 10
    while addprec <= 10240:
        d = mp.diff(g, t, n, direction=direction, addprec=addprec)
        h = mp.ldexp(1, -mp.prec - addprec)
        size = max(abs(g(t + k * h)) for k in (-n, 0, n))  # the stencil's values: at t = 0 they dwarf g(t)
        rounding = size * mp.mpf(2) ** (8 - (mp.prec + 2 * addprec) * (n + 1) + n * (mp.prec + addprec))
        if abs(d) > rounding * 2**80 or rounding < mp.mpf("1e-340"):
            if previous is not None and abs(d - previous) <= mp.mpf("1e-25") * abs(d) + mp.mpf("1e-340"):
                return d
            previous, addprec = d, 2 * addprec  # the rounding is negligible: check the step
        else:  # four times the bits, or fewer where that many bring the rounding below any subnormal
            previous, addprec = None, min(4 * addprec, _addprec_below_subnormals(size, n))
    raise AssertionError(f"mp.diff does not settle for the derivative of order {n} at {t!r}")


def _addprec_below_subnormals(size, n: int) -> int:
    """The least addprec at which `settled_diff`'s rounding, size 2^(8 − prec − (n + 2) addprec), is below 1e-340."""
    return int(mp.ceil((mp.log(size, 2) + 8 - mp.prec - mp.log(mp.mpf("1e-340"), 2)) / (n + 2))) + 1


def mp_dparam(func, x: float, params: dict, name: str, direction: int = 0):
    """∂func/∂name at x by `settled_diff`, one-sided if `direction`."""
    at = {k: mp.mpf(v) for k, v in params.items()}
    mpx = mp.mpf(x)
    return settled_diff(lambda theta: func(mpx, **{**at, name: theta}), at[name], direction=direction)


def mp_dx(func, n: int = 1, direction: int = 0):
    """The n-th derivative in x of a reference f, as a reference itself: (x, **params) -> mpf.
    One-sided if `direction` (steps of 2^-186 and less straddle a kink closer than that)."""
    return lambda x, **params: settled_diff(lambda t: func(t, **params), x, n, direction)


def near_irrational_root(func, x: float, params: dict) -> bool:
    if abs(x) <= ROOT_RADIUS or not math.isfinite(x):
        return False  # roots at 0 are exact: no exemption there
    lo = mp_value(func, x - ROOT_RADIUS, params)
    hi = mp_value(func, x + ROOT_RADIUS, params)
    return lo * hi <= 0


def mismatch(got: float, func, x: float, params: dict, floor: float = ABS_FLOOR) -> str | None:
    """None when `got` matches the reference at x (to REL_TOL, or within `floor`), else a description."""
    ref = mp_value(func, x, params)
    if not math.isfinite(x) and not mp.isfinite(ref):
        return None if (math.isnan(got) and mp.isnan(ref)) or got == float(ref) else f"{got!r} vs {ref}"
    ref_f = float(ref)
    if math.isinf(ref_f):  # true value beyond float range: overflow to inf is correct rounding
        return None if got == ref_f else f"{got!r} vs {mp.nstr(ref, 20)}"
    err = abs(mp.mpf(got) - ref) if math.isfinite(got) else mp.inf
    if err <= REL_TOL * abs(ref) + floor:
        return None
    if near_irrational_root(func, x, params):
        return None
    rel = err / abs(ref) if ref != 0 else mp.inf
    return f"{got!r} vs {mp.nstr(ref, 20)} (rel err {mp.nstr(rel, 3)})"


def cases():
    """(key, params) for every registered activation and each of its parameter sets."""
    for act in activations.all_activations():
        for params in param_sets(act):
            yield act.key, params


def case_id(case) -> str:
    key, params = case
    return key + "".join(f"-{k}={v:g}" for k, v in params.items())


__all__ = ["REFS", "cases", "case_id", "drawn_params", "mismatch", "mp_dparam", "mp_dx", "sample_points", "param_sets", "itertools"]
