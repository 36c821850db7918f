"""Each registry function's shape at its default parameters, read off its definition by hand.

The Catalogue's filters and the analysis are checked against this table, never against the
analysis itself. "smooth" is C∞ (softsign, SQNL, ELU and ELiSH are C1 or C2: not smooth);
"bounded" is both ends finite (log-sigmoid and soft exponential are bounded on one side only).
"""
from __future__ import annotations

B, U = "bounded", "unbounded"
S, K = "smooth", "kinked"  # C∞, or some derivative jumps somewhere
M, N = "monotonic", "non-monotonic"

SHAPES = {
    "sigmoid": (B, S, M), "tanh": (B, S, M), "hardtanh": (B, K, M), "softsign": (B, K, M),
    "relu": (U, K, M), "leaky_relu": (U, K, M), "sin": (B, S, N), "neg_sigmoid": (B, S, M),
    "cos": (B, S, N), "sinc": (B, S, N), "gaussian": (B, S, N),
    "hardswish": (U, K, N), "sparse_plus": (U, K, M), "hardsigmoid": (B, K, M), "hard_sigmoid_keras": (B, K, M),
    "sparse_sigmoid": (B, K, M), "softshrink": (U, K, M), "hardshrink": (U, K, M), "identity": (U, S, M),
    "binary_step": (B, K, M), "sign": (B, K, M), "abs": (U, K, N),
    "elu": (U, K, M), "selu": (U, K, M), "relu6": (B, K, M), "prelu": (U, K, M), "celu": (U, K, M),
    "rrelu": (U, K, M), "threshold": (U, K, M), "isrlu": (U, K, M), "srelu": (U, K, M),
    "arctan": (B, S, M), "lecun_tanh": (B, S, M), "symmetric_sigmoid": (B, S, M), "loglog": (B, S, M),
    "isru": (B, S, M), "sqnl": (B, K, M), "soboleva_tanh": (B, S, M),  # a = b = c = d = 1 is tanh
    "gelu": (U, S, N), "gelu_tanh": (U, S, N), "silu": (U, S, N), "mish": (U, S, N),
    "softplus": (U, S, M), "log_sigmoid": (U, S, M), "squareplus": (U, S, M), "bent_identity": (U, S, M),
    "soft_exponential": (U, S, M), "elish": (U, K, N), "tanhshrink": (U, S, M),
}


def keys_with(*facts: str) -> set[str]:
    return {key for key, shape in SHAPES.items() if set(facts) <= set(shape)}
