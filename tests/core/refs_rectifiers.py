"""mpmath references (50 digits) for activations/rectifiers.py.

Written from each paper's definition, not from the NumPy code. At a kink the
derivative takes PyTorch autograd's value: test_references.py asks torch for it
(of the function's own PyTorch expression where PyTorch has no such function, as
for SReLU).
"""
from mpmath import mp

ONE, ZERO = mp.mpf(1), mp.mpf(0)
SELU_SCALE = mp.mpf("1.0507009873554804934193349852946")
SELU_ALPHA = mp.mpf("1.6732632423543772848170429916717")


def _elu(x, alpha):
    return x if x > 0 else alpha * mp.expm1(x)


def _elu_d(x, alpha):
    return ONE if x > 0 else alpha * mp.exp(x)


def _srelu(x, t_l, a_l, t_r, a_r):
    if x >= t_r:
        return t_r + a_r * (x - t_r)
    if x <= t_l:
        return t_l + a_l * (x - t_l)
    return x


def _srelu_d(x, t_l, a_l, t_r, a_r):
    return a_r if x >= t_r else a_l if x <= t_l else ONE


REFS = {
    "elu": (_elu, _elu_d),
    "selu": (
        lambda x: SELU_SCALE * _elu(x, SELU_ALPHA),
        lambda x: SELU_SCALE * _elu_d(x, SELU_ALPHA),
    ),
    "relu6": (
        lambda x: min(max(x, ZERO), mp.mpf(6)),
        lambda x: ONE if 0 < x < 6 else ZERO,
    ),
    "prelu": (
        lambda x, init: x if x >= 0 else init * x,
        lambda x, init: ONE if x > 0 else init,
    ),
    "celu": (
        lambda x, alpha: max(ZERO, x) + min(ZERO, alpha * mp.expm1(x / alpha)),
        lambda x, alpha: ONE if x > 0 else mp.exp(x / alpha),
    ),
    "rrelu": (
        lambda x, lower, upper: x if x >= 0 else (lower + upper) / 2 * x,
        lambda x, lower, upper: ONE if x > 0 else (lower + upper) / 2,
    ),
    "threshold": (
        lambda x, threshold, value: x if x > threshold else value,
        lambda x, threshold, value: ONE if x > threshold else ZERO,
    ),
    "isrlu": (
        lambda x, alpha: x if x >= 0 else x / mp.sqrt(1 + alpha * x**2),
        lambda x, alpha: ONE if x >= 0 else (1 + alpha * x**2) ** mp.mpf(-1.5),
    ),
    "srelu": (_srelu, _srelu_d),
}
