"""mpmath references (50 digits) for activations/piecewise.py.

From the definitions (PyTorch's, Keras 2's, JAX's), not the NumPy code. At a
corner the derivative is PyTorch autograd's value: the flat piece's 0 at the
ends of a clipped ramp, 0 at a jump.
"""
from mpmath import mp

ONE, ZERO = mp.mpf(1), mp.mpf(0)


def _clip(v, lo, hi):
    return min(max(v, mp.mpf(lo)), mp.mpf(hi))


def _hardswish_d(x):
    if x <= -3:
        return ZERO
    if x >= 3:
        return ONE
    return (2 * x + 3) / 6


def _sparse_plus(x):
    if x <= -1:
        return ZERO
    if x >= 1:
        return x
    return (x + 1) ** 2 / 4


def _softshrink(x, lambd):
    if x > lambd:
        return x - lambd
    if x < -lambd:
        return x + lambd
    return ZERO


REFS = {
    "hardswish": (lambda x: x * _clip(x + 3, 0, 6) / 6, _hardswish_d),
    "sparse_plus": (_sparse_plus, lambda x: _clip((x + 1) / 2, 0, 1)),
    "hardsigmoid": (
        lambda x: _clip(x + 3, 0, 6) / 6,
        lambda x: ONE / 6 if -3 < x < 3 else ZERO,
    ),
    "hard_sigmoid_keras": (
        lambda x: _clip(x / 5 + mp.mpf(1) / 2, 0, 1),
        lambda x: ONE / 5 if -mp.mpf(5) / 2 < x < mp.mpf(5) / 2 else ZERO,
    ),
    "sparse_sigmoid": (
        lambda x: _clip((x + 1) / 2, 0, 1),
        lambda x: ONE / 2 if -1 < x < 1 else ZERO,
    ),
    "softshrink": (_softshrink, lambda x, lambd: ONE if abs(x) > lambd else ZERO),
    "hardshrink": (
        lambda x, lambd: x if abs(x) > lambd else ZERO,
        lambda x, lambd: ONE if abs(x) > lambd else ZERO,
    ),
    "identity": (lambda x: x, lambda x: ONE),
    "binary_step": (lambda x: ONE if x >= 0 else ZERO, lambda x: ZERO),
    "sign": (mp.sign, lambda x: ZERO),
    "abs": (abs, mp.sign),
}
