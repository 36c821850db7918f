"""The one dense layer and the one initialiser: orientation, scales, and the same draws for every user."""
from __future__ import annotations

import numpy as np
import pytest

import activations
from nets import MLP, HiddenActivation, Layer, NetError, init_layers
from nets.depth import stack_stats
from nets.layers import forward, with_hidden
from nets.stacks import random_stack

# The textbook standard deviations, written out here rather than read from nets.layers.INITS.
TEXTBOOK = {
    "xavier": lambda fi, fo: np.sqrt(2.0 / (fi + fo)),
    "he": lambda fi, fo: np.sqrt(2.0 / fi),
    "lecun": lambda fi, fo: 1.0 / np.sqrt(fi),
    "naive": lambda fi, fo: 1.0,
}


@pytest.mark.parametrize("init", TEXTBOOK)
def test_weights_are_inputs_by_outputs_with_the_textbook_spread(init):
    first, second = init_layers([300, 400, 50], init, seed=0)
    for layer, (fi, fo) in ((first, (300, 400)), (second, (400, 50))):
        assert layer.weight.shape == (fi, fo) and layer.bias.shape == (fo,)
        assert np.std(layer.weight) == pytest.approx(TEXTBOOK[init](fi, fo), rel=0.03)
        assert abs(np.mean(layer.weight)) < 0.02 * TEXTBOOK[init](fi, fo)
        assert not layer.bias.any()  # biases start at zero unless a scale is given


def test_the_essay_stack_draws_gain_squared_over_fan_in_and_spread_biases():
    [layer] = random_stack([50, 20_000], seed=1)
    assert np.std(layer.weight) == pytest.approx(1.5 / np.sqrt(50), rel=0.01)
    assert np.std(layer.bias) == pytest.approx(0.5, rel=0.03) and abs(np.mean(layer.bias)) < 0.02


def test_one_initialiser_gives_the_mlp_the_depth_stack_and_the_essay_the_same_weights():
    sizes = [3, 7, 7, 2]
    tanh = HiddenActivation.of(activations.get("tanh"))
    mlp = MLP(sizes, [tanh, tanh], "identity", "lecun", seed=4)
    plain = random_stack(sizes, seed=4, gain=1.0, bias_scale=0.0)
    for a, b in zip(mlp.weights, [layer.weight for layer in plain], strict=True):
        np.testing.assert_array_equal(a, b)
    # the depth page's stack is the same draw: one step of it, by hand, from its own input batch
    stats = stack_stats(activations.get("relu"), depth=1, width=6, init="he", samples=4000, seed=9)
    [layer] = init_layers([6, 6], "he", seed=9)
    h = np.maximum(np.random.default_rng([9, 3]).standard_normal((4000, 6)) @ layer.weight, 0.0)
    assert stats.act_std[0] == pytest.approx(np.std(h), rel=1e-12)
    assert stats.act_mean[0] == pytest.approx(np.mean(h), rel=1e-12)


def test_a_layer_applies_its_activation_after_the_affine_map():
    w, b = np.array([[1.0, -2.0], [0.5, 3.0], [0.0, 1.0]]), np.array([0.1, -0.2])
    x = np.array([[1.0, 2.0, -1.0], [0.0, -1.0, 4.0]])
    relu = HiddenActivation.of(activations.get("relu"))
    np.testing.assert_array_equal(Layer(w, b)(x), x @ w + b)
    np.testing.assert_array_equal(Layer(w, b, relu)(x), np.maximum(x @ w + b, 0.0))
    out, zs, hs = forward([Layer(w, b, relu), Layer(w[:2], b)], x, keep=True)
    np.testing.assert_array_equal(zs[0], x @ w + b)
    np.testing.assert_array_equal(hs[1], np.maximum(zs[0], 0.0))
    np.testing.assert_array_equal(out, hs[1] @ w[:2] + b)


def test_bad_settings_raise_coded_errors():
    with pytest.raises(NetError) as info:
        init_layers([2, 3], "zeros", seed=0)
    assert info.value.code == "unknown_init"
    for sizes in ([3], [3, 0, 1]):
        with pytest.raises(NetError) as info:
            init_layers(sizes, "he", seed=0)
        assert info.value.code == "sizes"
    with pytest.raises(ValueError):
        with_hidden(init_layers([2, 3, 1], "he", 0), [])  # one hidden activation missing
