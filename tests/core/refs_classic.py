"""mpmath references (50 digits) for activations/classic.py.

Each entry: key -> (f, df), functions of an mpf x and mpf parameters, written
from the mathematical definition (not from the NumPy code). Kink values follow
PyTorch autograd's convention, as the core promises.
"""
from mpmath import mp

REFS = {
    "sigmoid": (
        lambda x: 1 / (1 + mp.exp(-x)),
        lambda x: mp.exp(-x) / (1 + mp.exp(-x)) ** 2,
    ),
    "tanh": (
        lambda x: mp.tanh(x),
        lambda x: mp.sech(x) ** 2,
    ),
    "hardtanh": (
        lambda x, min_val, max_val: min(max(x, min_val), max_val),
        lambda x, min_val, max_val: mp.mpf(1) if min_val < x < max_val else mp.mpf(0),
    ),
    "softsign": (
        lambda x: x / (1 + abs(x)),
        lambda x: 1 / (1 + abs(x)) ** 2,
    ),
    "relu": (
        lambda x: max(x, 0),
        lambda x: mp.mpf(1) if x > 0 else mp.mpf(0),
    ),
    "leaky_relu": (
        lambda x, k: x if x >= 0 else k * x,
        lambda x, k: mp.mpf(1) if x > 0 else k,
    ),
    "sin": (mp.sin, mp.cos),
    "neg_sigmoid": (
        lambda x: 1 / (1 + mp.exp(x)),
        lambda x: -mp.exp(x) / (1 + mp.exp(x)) ** 2,
    ),
}
