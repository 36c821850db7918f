"""Activation parameters trained with the weights: PReLU's or leaky ReLU's slope, ELU's α, Swish's β...

A hidden layer may learn any parameter the registry has ∂f/∂θ for (`Activation.learnable`): one
value for the whole layer (mode "shared", stored with shape (1,)) or one per unit ("unit", shape
(units,)). f, f′ and ∂f/∂θ are the registry's own. Its raw functions take scalar parameters, so a
layer with a per-unit value is evaluated one unit column at a time.

After each optimiser step the values are projected back into the parameter's bounds: clipped to
[slider_low, slider_high], the slider's own ends, so an open bound (leaky ReLU's 0 < k < 1) is kept
a step inside. A unit whose new values are not numbers, or break the activation's constraint
(RReLU's lower ≤ upper), keeps its values from before the step.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial

import numpy as np

from activations import Activation, ParameterError

MODES = ("shared", "unit")
Values = Mapping[str, np.ndarray]  # learned parameter name -> (1,) shared or (units,) per unit


def start(params: Mapping[str, float], modes: Mapping[str, str], units: int) -> dict[str, np.ndarray]:
    """The starting arrays: each learned parameter at its set value, once or once per unit."""
    return {name: np.full(units if mode == "unit" else 1, float(params[name])) for name, mode in modes.items()}


def at_unit(params: Mapping[str, float], values: Values, j: int) -> dict[str, float]:
    """Unit j's parameters: the fixed ones, and each learned one at unit j's value (or the shared one)."""
    return {**params, **{name: float(v[j] if v.size > 1 else v[0]) for name, v in values.items()}}


def _per_unit(values: Values) -> bool:
    return any(v.size > 1 for v in values.values())


def apply(fn: Callable[..., np.ndarray], z: np.ndarray, params: Mapping[str, float], values: Values) -> np.ndarray:
    """fn(z, **parameters) over a batch z of shape (n, units): one call, or one per unit column."""
    if not _per_unit(values):
        return fn(z, **at_unit(params, values, 0))
    out = np.empty_like(z)
    for j in range(z.shape[1]):
        out[:, j] = fn(z[:, j], **at_unit(params, values, j))
    return out


def backward(act: Activation, params: Mapping[str, float], values: Values, z: np.ndarray,
             dh: np.ndarray) -> tuple[np.ndarray, tuple[np.ndarray, ...]]:
    """(∂L/∂z, the gradient of each learned value) from ∂L/∂h, where h = f(z; θ).

    θ's gradient is dh · ∂f/∂θ summed over the batch, and over the units too when θ is shared.
    """
    dz = dh * apply(act.df, z, params, values)
    grads = []
    for name, v in values.items():
        g = np.sum(dh * apply(partial(act.dparam, name), z, params, values), axis=0)
        grads.append(g if v.size > 1 else np.array([g.sum()]))
    return dz, tuple(grads)


def project(act: Activation, params: Mapping[str, float], values: Values, before: Values) -> None:
    """Put the values (updated in place by a step) back inside their bounds; see the module's rule."""
    for name, v in values.items():
        p = act.param(name)
        np.copyto(v, before[name], where=np.isnan(v))
        np.clip(v, p.slider_low, p.slider_high, out=v)
    if act.constraint is None:
        return
    for j in range(max(v.size for v in values.values())):
        try:
            act.resolve(**at_unit(params, values, j))
        except ParameterError:
            for name, v in values.items():
                v[j if v.size > 1 else 0] = before[name][j if v.size > 1 else 0]


def check(act: Activation, params: Mapping[str, float], values: Values) -> None:
    """Raise `ParameterError` unless every unit's parameters are valid (values read from a file)."""
    for j in range(max((v.size for v in values.values()), default=0)):
        act.resolve(**at_unit(params, values, j))

