"""Extended-precision (np.longdouble) helpers for ill-conditioned exponentials.

exp(t) amplifies an absolute error in t into a relative error of the same
size: near t = -700 one double rounding in t costs ~1e-13. Computing t and
exp(t) in x87 extended precision (64-bit mantissa on x86-64 Linux) keeps the
final double within an ulp or two.
"""
from __future__ import annotations

import numpy as np

LD = np.longdouble
# Exponents beyond this give results far outside the double range either way;
# the clamp keeps exp itself from overflowing in long double (max ~ e^11356).
EXP_CLAMP = 11000.0
_F64_MAX = np.finfo(np.float64).max
# Smallest long double that rounds to inf as a double (max + half an ulp).
_ROUNDS_TO_INF = LD(_F64_MAX) + LD(2.0) ** 970


def ld(x) -> np.ndarray:
    return np.asarray(x, dtype=LD)


def exp_ld(t) -> np.ndarray:
    """exp of a clamped long-double exponent (no overflow; underflow is the caller's to ignore)."""
    return np.exp(np.clip(ld(t), -EXP_CLAMP, EXP_CLAMP))


def sigmoid_ld(t) -> np.ndarray:
    """Logistic sigmoid 1/(1+e^-t) in long double, for any finite t."""
    return 1.0 / (1.0 + exp_ld(-ld(t)))


def to_double(v) -> np.ndarray:
    """Round long doubles to float64; beyond the double range gives ±inf without an overflow warning."""
    v = ld(v)
    too_big = np.abs(v) >= _ROUNDS_TO_INF
    if too_big.any():
        v = np.where(too_big, np.copysign(LD(np.inf), v), v)
    return v.astype(np.float64)
