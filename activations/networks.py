"""Small seeded networks for the essay's argument: linear layers collapse, activations bend.

A stack of affine layers x -> W x + b is itself one affine map (the product of
the weights, the biases carried through), so depth buys nothing without a
nonlinear "converter" between layers. NumPy only.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .core import Activation


@dataclass(frozen=True)
class Layer:
    """One affine layer: y = weight @ x + bias, with weight of shape (out, in)."""

    weight: np.ndarray
    bias: np.ndarray

    def __call__(self, x: np.ndarray) -> np.ndarray:
        """Apply to a batch of row vectors, shape (n, in) -> (n, out)."""
        return x @ self.weight.T + self.bias


def random_stack(sizes: Sequence[int], seed: int, gain: float = 1.5, bias_scale: float = 0.5) -> tuple[Layer, ...]:
    """Layers sizes[0] -> sizes[1] -> ... with N(0, gain²/fan_in) weights and N(0, bias_scale²) biases.

    The 1/fan_in variance keeps the signal's scale roughly constant with depth, so
    deep curves neither blow up nor flatten to a constant for the usual activations.
    """
    if len(sizes) < 2 or any(int(s) < 1 for s in sizes):
        raise ValueError(f"a stack needs at least two positive layer sizes, got {list(sizes)}")
    rng = np.random.default_rng(seed)
    layers = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        w = rng.normal(0.0, gain / np.sqrt(fan_in), size=(fan_out, fan_in))
        b = rng.normal(0.0, bias_scale, size=fan_out)
        layers.append(Layer(w, b))
    return tuple(layers)


def forward(layers: Sequence[Layer], x: np.ndarray, act: Activation | None = None, **params: float) -> np.ndarray:
    """Run a batch (n, in) through the stack; `act` (if any) between layers, not after the last."""
    h = np.atleast_2d(np.asarray(x, dtype=np.float64))
    for i, layer in enumerate(layers):
        h = layer(h)
        if act is not None and i < len(layers) - 1:
            h = act.f(h, **params)
    return h


def collapse(layers: Sequence[Layer]) -> Layer:
    """The single affine map equal to the stack without activations: W = W_L ... W_1."""
    weight, bias = layers[0].weight, layers[0].bias
    for layer in layers[1:]:
        weight = layer.weight @ weight
        bias = layer.weight @ bias + layer.bias
    return Layer(weight, bias)


def collapse_error(layers: Sequence[Layer], x: np.ndarray) -> float:
    """Largest |stack(x) - collapsed(x)| over the batch: rounding error only."""
    return float(np.max(np.abs(forward(layers, x) - collapse(layers)(np.atleast_2d(x)))))


def deep_curve(act: Activation | None, xs: np.ndarray, depth: int, width: int, seed: int,
               **params: float) -> np.ndarray:
    """Output of a seeded 1 -> width -> ... -> 1 network with `depth` linear layers at inputs xs.

    The weights depend only on (depth, width, seed), so every activation is
    compared on the same network. `act=None` is the purely linear stack.
    """
    sizes = [1] + [width] * (depth - 1) + [1]
    layers = random_stack(sizes, seed)
    return forward(layers, np.asarray(xs, dtype=np.float64).reshape(-1, 1), act, **params)[:, 0]


def nonlinearity(xs: np.ndarray, ys: np.ndarray) -> float:
    """Largest distance of the curve from its least-squares line, relative to the curve's spread.

    0 (up to rounding) for a straight line; a constant output counts as a line.
    """
    xs, ys = np.asarray(xs, dtype=np.float64), np.asarray(ys, dtype=np.float64)
    design = np.column_stack([xs, np.ones_like(xs)])
    coef, *_ = np.linalg.lstsq(design, ys, rcond=None)
    spread = float(np.ptp(ys))
    if spread == 0.0:
        return 0.0
    return float(np.max(np.abs(ys - design @ coef)) / spread)


def negated(layers: Sequence[Layer]) -> tuple[Layer, ...]:
    """Every layer that feeds an activation with its weights and bias negated (the last kept).

    A stack using g(-z) between layers equals the stack using g with these
    layers: the decreasing activation is absorbed by a sign flip in the weights.
    """
    flipped = [Layer(-layer.weight, -layer.bias) for layer in layers[:-1]]
    return (*flipped, layers[-1])
