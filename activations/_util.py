"""Small numeric helpers shared by the definitions."""
from __future__ import annotations

import numpy as np


def on_finite(x: np.ndarray, func, at_neg_inf: float, at_pos_inf: float) -> np.ndarray:
    """`func` applied to the finite entries of `x`; the given limits at ±inf.

    Keeps functions such as sin (no limit: NaN) or x*sigmoid(x) (inf*0) from
    raising 'invalid' at infinities. NaN entries are left for the caller.
    """
    finite = np.isfinite(x)
    if finite.all():
        return func(x)
    out = np.where(x > 0, at_pos_inf, at_neg_inf).astype(np.float64)
    out[np.isnan(x)] = np.nan
    if finite.any():
        out[finite] = func(x[finite])
    return out


def step(condition: np.ndarray) -> np.ndarray:
    """1.0 where `condition`, else 0.0."""
    return np.asarray(condition, dtype=np.float64)
