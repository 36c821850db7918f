"""mpmath references (50 digits) for activations/sigmoidal.py.

Written from the mathematical definitions, not from the NumPy code. Where a
textbook form would cancel at 50 digits (1 - e^{-tiny}, e^{ax} - e^{-bx} near
0), the same quantity is written with expm1, which mpmath evaluates exactly.
"""
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


def _soboleva_d(x, a, b, c, d):
    # Quotient rule (N'D - ND')/D^2 with N = e^{ax} - e^{-bx}, D = e^{cx} + e^{-dx},
    # multiplied out so that the e^{(a+c)x} products (a e^{(a+c)x} - c e^{(a+c)x}) combine
    # symbolically instead of cancelling numerically for large |x|.
    num = ((a - c) * mp.exp((a + c) * x) + (a + d) * mp.exp((a - d) * x)
           + (b + c) * mp.exp((c - b) * x) + (b - d) * mp.exp(-(b + d) * x))
    return num / (mp.exp(c * x) + mp.exp(-d * x)) ** 2


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
