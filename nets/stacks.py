"""Small seeded stacks for the essay's argument: linear layers collapse, activations bend.

A stack of affine layers x -> x W + b is itself one affine map (the product of
the weights, the biases carried through), so depth buys nothing without a
nonlinear "converter" between layers.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from activations import Activation

from .layers import HiddenActivation, Layer, forward, init_layers, with_hidden


def random_stack(sizes: Sequence[int], seed: int, gain: float = 1.5, bias_scale: float = 0.5) -> list[Layer]:
    """Affine layers sizes[0] -> sizes[1] -> ... with N(0, gain²/fan_in) weights and N(0, bias_scale²) biases.

    The 1/fan_in variance (LeCun's) keeps the signal's scale roughly constant with depth, so
    deep curves neither blow up nor flatten to a constant for the usual activations.
    """
    return init_layers(sizes, "lecun", seed, gain=gain, bias_scale=bias_scale)


def with_activation(layers: Sequence[Layer], act: Activation | None, **params: float) -> list[Layer]:
    """The same weights with `act` between layers (not after the last); `act=None` keeps the stack linear."""
    hidden = HiddenActivation.of(act, **params) if act is not None and len(layers) > 1 else None
    return with_hidden(layers, [hidden] * (len(layers) - 1))


def collapse(layers: Sequence[Layer]) -> Layer:
    """The single affine map equal to the linear stack: W = W_1 ... W_L (activations are ignored)."""
    weight, bias = layers[0].weight, layers[0].bias
    for layer in layers[1:]:
        weight = weight @ layer.weight
        bias = bias @ layer.weight + layer.bias
    return Layer(weight, bias)


def collapse_error(layers: Sequence[Layer], x: np.ndarray) -> float:
    """Largest |stack(x) - collapsed(x)| of a linear stack over the batch: rounding error only."""
    x = np.atleast_2d(np.asarray(x, dtype=np.float64))
    return float(np.max(np.abs(forward(layers, x) - collapse(layers)(x))))


def deep_curve(act: Activation | None, xs: np.ndarray, depth: int, width: int, seed: int,
               **params: float) -> np.ndarray:
    """Output of a seeded 1 -> width -> ... -> 1 network with `depth` layers at inputs xs.

    The weights depend only on (depth, width, seed), so every activation is
    compared on the same network. `act=None` is the purely linear stack.
    """
    sizes = [1] + [width] * (depth - 1) + [1]
    layers = with_activation(random_stack(sizes, seed), act, **params)
    return forward(layers, np.asarray(xs, dtype=np.float64).reshape(-1, 1))[:, 0]


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


def negated(layers: Sequence[Layer]) -> list[Layer]:
    """Every layer that feeds an activation with its weights and bias negated (the last kept).

    A stack using g(-z) between layers equals the stack using g with these
    layers: the decreasing activation is absorbed by a sign flip in the weights.
    """
    flipped = [Layer(-layer.weight, -layer.bias, layer.activation) for layer in layers[:-1]]
    return [*flipped, layers[-1]]
