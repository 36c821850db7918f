"""mpmath references (50 digits) for activations/periodic.py.

Written from the mathematical definitions, not from the NumPy code. sinc' is
(x cos x - sin x)/x², whose terms cancel to x³/3 near 0: the reference carries
enough extra digits for that instead of using a series.
"""
from mpmath import mp


def _sinc(x):
    return mp.sin(x) / x if x != 0 else mp.mpf(1)


def _sinc_d(x):
    if x == 0:
        return mp.mpf(0)
    extra = int(2 * max(0, -mp.log10(abs(x))))  # x cos x - sin x ~ x³: lose 2 digits per decade below 1
    with mp.workdps(60 + extra):
        return +((x * mp.cos(x) - mp.sin(x)) / x**2)


REFS = {
    "cos": (mp.cos, lambda x: -mp.sin(x)),
    "sinc": (_sinc, _sinc_d),
    "gaussian": (
        lambda x: mp.exp(-x**2),
        lambda x: -2 * x * mp.exp(-x**2),
    ),
}
