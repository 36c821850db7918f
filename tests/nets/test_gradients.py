"""Backpropagation (which uses act.df) against central differences of the loss, weight by weight."""
from __future__ import annotations

import numpy as np
import pytest

import activations
from nets import MLP, HiddenActivation

SMOOTH = [a.key for a in activations.all_activations() if "smooth" in a.tags]
CASES = {  # output, loss, number of outputs
    "sigmoid+cross_entropy": ("sigmoid", "cross_entropy", 1),
    "softmax+cross_entropy": ("softmax", "cross_entropy", 3),
    "identity+mse": ("identity", "mse", 1),
    "sigmoid+mse": ("sigmoid", "mse", 1),
}


def numeric_gradients(model, X, Y, loss, l2, h=1e-6):
    out = []
    for p in model.parameters():
        g = np.empty_like(p)
        for idx in np.ndindex(p.shape):
            keep = p[idx]
            p[idx] = keep + h
            up = model.loss(X, Y, loss, l2)
            p[idx] = keep - h
            down = model.loss(X, Y, loss, l2)
            p[idx] = keep
            g[idx] = (up - down) / (2 * h)
        out.append(g)
    return out


def targets(rng, n, outputs, output):
    if output == "softmax":
        return np.eye(outputs)[rng.integers(0, outputs, n)]
    if output == "identity":
        return rng.standard_normal((n, outputs))
    return rng.integers(0, 2, (n, outputs)).astype(float)


def check(model, loss, l2=0.0, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((7, model.sizes[0]))
    Y = targets(rng, 7, model.sizes[-1], model.output)
    value, grads = model.gradients(X, Y, loss, l2)
    assert value == pytest.approx(model.loss(X, Y, loss, l2), rel=1e-12)
    for got, want in zip(grads, numeric_gradients(model, X, Y, loss, l2), strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-8)


def test_registry_has_smooth_activations():
    assert {"sigmoid", "tanh", "sin"} <= set(SMOOTH)


@pytest.mark.parametrize("key", SMOOTH)
@pytest.mark.parametrize("case", CASES)
def test_backprop_matches_central_differences(key, case):
    output, loss, k = CASES[case]
    act = activations.get(key)
    model = MLP([3, 4, 5, k], [HiddenActivation.of(act)] * 2, output, "xavier", seed=1)
    for b in model.biases:  # non-zero biases exercise every term
        b += 0.1
    check(model, loss)


@pytest.mark.parametrize("key", SMOOTH)
def test_backprop_with_l2_and_a_different_activation_per_layer(key):
    mine, other = (HiddenActivation.of(activations.get(k)) for k in (key, "tanh" if key != "tanh" else "sigmoid"))
    model = MLP([2, 5, 4, 3, 1], [mine, other, mine], "sigmoid", "he", seed=2)
    check(model, "cross_entropy", l2=0.05, seed=3)


def test_backprop_uses_the_activation_parameters():
    act = next(a for a in activations.all_activations() if a.params and "smooth" in a.tags)
    p = act.params[0]
    value = p.slider_low + 0.37 * (p.slider_high - p.slider_low)
    model = MLP([2, 4, 1], [HiddenActivation.of(act, **{p.name: value})], "identity", "xavier", seed=4)
    check(model, "mse")
