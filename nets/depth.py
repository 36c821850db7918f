"""Signals and gradients through a deep stack of equal-width layers.

A batch of standard-normal inputs goes forward through `depth` dense layers
(no biases) with one activation; a standard-normal gradient comes back from
the top. Per layer we keep quantiles of the activations and of the gradient
magnitudes, the fraction of dead units and the weight-gradient norm: enough to
see sigmoid's gradient vanish, ReLU with He init hold steady and SELU keep
its activations near mean 0, variance 1.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from activations import Activation

from .layers import NetError, init_layers

MAX_DEPTH = 50
MAX_WIDTH = 256
QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)


@dataclass(frozen=True)
class DepthStats:
    """Arrays indexed by layer (0 = first hidden layer); quantile arrays have one column per QUANTILES."""

    act_quantiles: np.ndarray  # activations h
    act_mean: np.ndarray
    act_std: np.ndarray
    grad_quantiles: np.ndarray  # |dL/dz| over live entries (exact zeros are counted as dead instead)
    dead_fraction: np.ndarray  # units whose derivative is 0 for every sample
    grad_norm: np.ndarray  # Frobenius norm of dL/dW
    first_nonfinite: int | None  # first layer whose signal overflowed, if any

    @property
    def depth(self) -> int:
        return len(self.grad_norm)


def _quantiles(values: np.ndarray) -> np.ndarray:
    finite = values[np.isfinite(values)]
    return np.quantile(finite, QUANTILES) if finite.size else np.full(len(QUANTILES), np.nan)


def stack_stats(act: Activation, params: dict | None = None, depth: int = 20, width: int = 128,
                init: str = "lecun", samples: int = 256, seed: int = 0) -> DepthStats:
    if not (isinstance(depth, (int, np.integer)) and 1 <= depth <= MAX_DEPTH):
        raise NetError("depth", "depth must be a whole number from 1 to {limit}, got {value!r}", limit=MAX_DEPTH,
                       value=depth)
    if not (isinstance(width, (int, np.integer)) and 1 <= width <= MAX_WIDTH):
        raise NetError("width", "width must be a whole number from 1 to {limit}, got {value!r}", limit=MAX_WIDTH,
                       value=width)
    weights = [layer.weight for layer in init_layers([width] * (depth + 1), init, seed)]  # no biases here
    params = act.resolve(**(params or {}))
    rng = np.random.default_rng([seed, 3])
    h = rng.standard_normal((samples, width))
    hs, derivs = [h], []
    q_act, mean, std = np.empty((depth, len(QUANTILES))), np.empty(depth), np.empty(depth)
    first_bad = None
    with np.errstate(all="ignore"):  # overflow is reported through first_nonfinite
        for i, W in enumerate(weights):
            z = h @ W
            h = act.f(z, **params)
            derivs.append(act.df(z, **params))
            hs.append(h)
            q_act[i], mean[i], std[i] = _quantiles(h), np.mean(h), np.std(h)
            if first_bad is None and not np.isfinite(h).all():
                first_bad = i
        g = rng.standard_normal((samples, width))  # dL/dh at the top
        q_grad, dead, norm = np.empty((depth, len(QUANTILES))), np.empty(depth), np.empty(depth)
        for i in range(depth - 1, -1, -1):
            dz = g * derivs[i]
            norm[i] = np.linalg.norm(hs[i].T @ dz)
            mag = np.abs(dz)
            q_grad[i] = _quantiles(mag[mag > 0])
            dead[i] = np.mean(np.all(derivs[i] == 0, axis=0))
            g = dz @ weights[i].T
    return DepthStats(q_act, mean, std, q_grad, dead, norm, first_bad)
