"""Shared machinery for checking the core against mpmath at 50 digits."""
from __future__ import annotations

import importlib
import itertools
import math
import pkgutil

import numpy as np
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


def mp_value(func, x: float, params: dict):
    mpx = HUGE if x == math.inf else -HUGE if x == -math.inf else mp.mpf(x)
    return func(mpx, **{k: mp.mpf(v) for k, v in params.items()})


def mp_dparam(func, x: float, params: dict, name: str, direction: int = 0):
    """∂func/∂name at x by mpmath's own differentiation (`mp.diff`), one-sided if `direction`.

    mp.diff takes a difference quotient with a step of 2^-(prec + addprec) at 2 prec + 4 addprec
    bits, which leaves a rounding of about |f| 2^-(prec + 3 addprec) in it. Where f is far larger
    than its change (softplus at x = 700 changes with β by e^-700) that rounding is all there is,
    and where f bends within the step (√(x² + b) at b = 0 for tiny x) the quotient is off:
    addprec grows until the rounding is negligible (next to the quotient, or below any
    subnormal) and then until two quotients agree to 25 digits.
    """
    at = {k: mp.mpf(v) for k, v in params.items()}
    mpx = mp.mpf(x)

    def along(theta):
        return func(mpx, **{**at, name: theta})

    size = abs(along(at[name]))
    previous, addprec = None, 10
    while addprec <= 10240:
        d = mp.diff(along, at[name], direction=direction, addprec=addprec)
        rounding = size * mp.mpf(2) ** (8 - mp.prec - 3 * addprec)
        if abs(d) > rounding * 2**80 or rounding < mp.mpf("1e-340"):
            if previous is not None and abs(d - previous) <= mp.mpf("1e-25") * abs(d) + mp.mpf("1e-340"):
                return d
            previous, addprec = d, 2 * addprec  # the rounding is negligible: check the step
        else:
            previous, addprec = None, 4 * addprec
    raise AssertionError(f"mp.diff does not settle for d/d{name} at x={x!r}, {params}")


def near_irrational_root(func, x: float, params: dict) -> bool:
    if abs(x) <= ROOT_RADIUS or not math.isfinite(x):
        return False  # roots at 0 are exact: no exemption there
    lo = mp_value(func, x - ROOT_RADIUS, params)
    hi = mp_value(func, x + ROOT_RADIUS, params)
    return lo * hi <= 0


def mismatch(got: float, func, x: float, params: dict) -> str | None:
    """None when `got` matches the reference at x, else a description."""
    ref = mp_value(func, x, params)
    if not math.isfinite(x) and not mp.isfinite(ref):
        return None if (math.isnan(got) and mp.isnan(ref)) or got == float(ref) else f"{got!r} vs {ref}"
    ref_f = float(ref)
    if math.isinf(ref_f):  # true value beyond float range: overflow to inf is correct rounding
        return None if got == ref_f else f"{got!r} vs {mp.nstr(ref, 20)}"
    err = abs(mp.mpf(got) - ref) if math.isfinite(got) else mp.inf
    if err <= REL_TOL * abs(ref) + ABS_FLOOR:
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


__all__ = ["REFS", "cases", "case_id", "mismatch", "sample_points", "param_sets", "itertools"]
