"""mpmath references (50 digits) for activations/sigmoidal.py.

Written from the mathematical definitions, not from the NumPy code. Where a
textbook form would cancel at 50 digits (1 - e^{-tiny}, e^{ax} - e^{-bx} near
0), the same quantity is written with expm1, which mpmath evaluates exactly.
"""
import sympy as sp
from mpmath import mp

with mp.workdps(60):  # decimal constants: exact to well beyond the 50 digits used, whatever mp.dps is at import
    LECUN = mp.mpf("1.7159")


def _sqnl(x):
    if x > 2:
        return mp.mpf(1)
    if x < -2:
        return mp.mpf(-1)
    return x - x**2 / 4 if x >= 0 else x + x**2 / 4


def _sqnl_d(x):
    if abs(x) > 2:
        return mp.mpf(0)
    return 1 - x / 2 if x >= 0 else 1 + x / 2


def _soboleva(x, a, b, c, d):
    # e^{ax} - e^{-bx} = expm1(ax) - expm1(-bx)
    return (mp.expm1(a * x) - mp.expm1(-b * x)) / (mp.exp(c * x) + mp.exp(-d * x))


def _soboleva_derivative():
    """(N/D)′ = (N′D − ND′)/D² by SymPy, the numerator expanded so that its exponentials combine:
    the e^{(a+c)x} terms (a − c)e^{(a+c)x} then vanish exactly at a = c instead of cancelling
    numerically for large |x|. tests/core/test_references.py checks it against mp.diff of f."""
    x, a, b, c, d = sp.symbols("x a b c d", real=True)
    num, den = sp.exp(a * x) - sp.exp(-b * x), sp.exp(c * x) + sp.exp(-d * x)
    top = sp.powsimp(sp.expand(sp.diff(num, x) * den - num * sp.diff(den, x)))
    top = sp.collect(top, list(top.atoms(sp.exp)))  # one term per exponential, its coefficient summed
    return sp.lambdify((x, a, b, c, d), top / den**2, modules="mpmath")


_soboleva_d = _soboleva_derivative()


def _loglog(x):
    if x > 100:  # e^{-e^x} < 10^(-10^43): mpmath cannot form it; 1 to any precision
        return mp.mpf(1)
    return -mp.expm1(-mp.exp(x))


def _loglog_d(x):
    if x > 100:  # far below the smallest double
        return mp.mpf(0)
    return mp.exp(x) * mp.exp(-mp.exp(x))


REFS = {
    "arctan": (mp.atan, lambda x: 1 / (1 + x**2)),
    "lecun_tanh": (
        lambda x: LECUN * mp.tanh(2 * x / 3),
        lambda x: LECUN * 2 / 3 * mp.sech(2 * x / 3) ** 2,
    ),
    "symmetric_sigmoid": (
        lambda x: -mp.expm1(-x) / (1 + mp.exp(-x)),  # 2σ(x) - 1 over a common denominator
        lambda x: 2 * mp.exp(-x) / (1 + mp.exp(-x)) ** 2,
    ),
    "loglog": (_loglog, _loglog_d),
    "isru": (
        lambda x, alpha: x / mp.sqrt(1 + alpha * x**2),
        lambda x, alpha: (1 + alpha * x**2) ** mp.mpf(-1.5),
    ),
    "sqnl": (_sqnl, _sqnl_d),
    "soboleva_tanh": (_soboleva, _soboleva_d),
}
