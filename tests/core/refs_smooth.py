"""mpmath references (50 digits) for activations/smooth.py.

Written from the mathematical definitions, not from the NumPy code. Where a
textbook form cancels (1 + tanh u for very negative u, x + sqrt(x² + b) for very
negative x), the reference either uses an algebraically equal form that mpmath
evaluates exactly (1 + tanh u = 2/(1 + e^{-2u}), log(1 + y) = log1p(y)) or
raises the working precision enough to absorb the cancellation.
"""
import math

from mpmath import mp

with mp.workdps(60):  # decimal constants: exact to well beyond the 50 digits used, whatever mp.dps is at import
    GELU_CUBIC = mp.mpf("0.044715")


def _sigmoid(t):
    return 1 / (1 + mp.exp(-t))


def _with_digits_for(x, func, small=0):
    """Evaluate func() with enough extra digits to survive cancelling terms of size x², and terms of
    size `small` beside them (squareplus's b: x + √(x² + b) cancels to b/(4|x|) for x < 0).

    Digits are added to the caller's (60 + extra at the suite's 50), never set: mpmath's
    differentiation (the parameter derivatives' references) works at more than that."""
    extra = int(2 * abs(mp.log10(abs(x)))) if x != 0 and mp.isfinite(x) else 0
    extra += int(abs(mp.log10(small))) if small != 0 else 0
    with mp.extradps(10 + extra):
        return +func()


def _gelu_tanh_u(x):
    return mp.sqrt(2 / mp.pi) * (x + GELU_CUBIC * x**3)


def _gelu_tanh(x):
    return x / (1 + mp.exp(-2 * _gelu_tanh_u(x)))  # x(1 + tanh u)/2


def _gelu_tanh_d(x):
    # f = x σ(2u) (as 1 + tanh u = 2σ(2u)); the product rule with σ′ = σ(1 − σ) = σ(t)σ(−t) gives
    # σ(2u) + 2x u′ σ(2u) σ(−2u), which has no difference of near-equal terms for any u.
    u = _gelu_tanh_u(x)
    du = mp.sqrt(2 / mp.pi) * (1 + 3 * GELU_CUBIC * x**2)
    return _sigmoid(2 * u) + 2 * x * du * _sigmoid(2 * u) * _sigmoid(-2 * u)


def _mish_d(x):
    s = mp.log1p(mp.exp(x))
    return mp.tanh(s) + x * mp.sech(s) ** 2 * _sigmoid(x)


def _elish(x):
    return x * _sigmoid(x) if x >= 0 else mp.expm1(x) * _sigmoid(x)


def _elish_d(x):
    s = _sigmoid(x)
    if x >= 0:
        return s + x * s * (1 - s)
    return mp.exp(x) * s + mp.expm1(x) * s * (1 - s)


def _soft_exp(x, alpha):
    if alpha == 0:
        return x
    # e^{αx} - 1 + α² cancels for α near 1 and very negative x: carry the digits of e^{αx}.
    extra = int(min(abs(alpha * x), 3000) / 2.3) if mp.isfinite(x) else 0
    with mp.extradps(10 + extra):  # added, as in _with_digits_for
        return +(mp.expm1(alpha * x) / alpha + alpha)


def _squareplus_d(x, b):
    if b == 0 and x == 0:
        return mp.mpf(0)  # b = 0 is ReLU: PyTorch's relu'(0) = 0
    return _with_digits_for(x, lambda: (1 + x / mp.sqrt(x**2 + b)) / 2, small=b)


def _ncdf(x):
    """Φ(x), as mp.ncdf gives it. Where Φ(x) = 1 − Φ(−x) has Φ(−x) < e^(−x²/2) in the lower half of
    the working bits, Φ(−x) is worked out to those bits alone (and 64 more): at the thousands of bits
    mp.diff works at, mp.ncdf sums erf's series, whose terms grow as e^(x²), for seconds (x = 40 to 200)."""
    with mp.workprec(53):
        below_one = x * x * (math.log2(math.e) / 2)  # bits between 1 and Φ(−x)
    if x <= 0 or below_one < mp.prec / 2:
        return mp.ncdf(x)
    if below_one > mp.prec + 64:  # 1 − Φ(−x) rounds to 1 (and mpmath's erfc overflows far out)
        return mp.mpf(1)
    with mp.workprec(mp.prec - int(below_one) + 64):
        tail = mp.ncdf(-x)
    return 1 - tail


def _gelu(x):
    if x < -1e100:  # |x Φ(x)| < 10^(-10^199); mpmath's erfc cannot go this far out
        return mp.mpf(0)
    return x * _ncdf(x)


def _gelu_d(x):
    if x < -1e100:
        return mp.mpf(0)
    return _ncdf(x) + x * mp.npdf(x)


REFS = {
    "gelu": (_gelu, _gelu_d),
    "gelu_tanh": (_gelu_tanh, _gelu_tanh_d),
    "silu": (
        lambda x, beta: x * _sigmoid(beta * x),
        lambda x, beta: _sigmoid(beta * x) + beta * x * mp.exp(-beta * x) / (1 + mp.exp(-beta * x)) ** 2,
    ),
    "mish": (lambda x: x * mp.tanh(mp.log1p(mp.exp(x))), _mish_d),
    "softplus": (
        lambda x, beta: mp.log1p(mp.exp(beta * x)) / beta,
        lambda x, beta: _sigmoid(beta * x),
    ),
    "log_sigmoid": (
        lambda x: -mp.log1p(mp.exp(-x)),  # log σ(x); log(σ) itself loses σ's 1 - e^{-x} tail
        lambda x: 1 / (1 + mp.exp(x)),
    ),
    "squareplus": (
        lambda x, b: _with_digits_for(x, lambda: (x + mp.sqrt(x**2 + b)) / 2, small=b),
        _squareplus_d,
    ),
    "bent_identity": (
        lambda x: (mp.sqrt(x**2 + 1) - 1) / 2 + x,
        lambda x: 1 + x / (2 * mp.sqrt(x**2 + 1)),
    ),
    "soft_exponential": (_soft_exp, lambda x, alpha: mp.exp(alpha * x)),
    "elish": (_elish, _elish_d),
    "tanhshrink": (
        lambda x: _with_digits_for(x, lambda: x - mp.tanh(x)),  # x³/3 near 0: the x cancels
        lambda x: mp.tanh(x) ** 2,  # 1 - sech² x, which near 0 cancels to x²
    ),
}
