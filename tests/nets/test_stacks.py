"""Linear stacks collapse to one map; activations between layers bend the deep curve."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import activations
from nets import Layer, NetError
from nets.layers import forward
from nets.stacks import collapse, collapse_error, deep_curve, negated, nonlinearity, random_stack, with_activation

XS = np.linspace(-3, 3, 401)


@pytest.mark.parametrize("depth", range(1, 11))
@pytest.mark.parametrize("width", [1, 3, 8])
def test_linear_stack_is_one_affine_map(depth, width):
    sizes = [3] + [width] * (depth - 1) + [2]
    layers = random_stack(sizes, seed=depth * 10 + width)
    x = np.random.default_rng(0).normal(size=(200, 3))
    single = collapse(layers)
    assert single.weight.shape == (3, 2) and single.bias.shape == (2,)
    scale = np.max(np.abs(forward(layers, x))) + 1.0
    assert collapse_error(layers, x) <= 1e-13 * scale
    # independently: an affine map is fixed by its value at 0 and at the unit vectors
    origin = forward(layers, np.zeros((1, 3)))[0]
    columns = forward(layers, np.eye(3)) - origin
    np.testing.assert_allclose(single.bias, origin, rtol=1e-12, atol=1e-13 * scale)
    np.testing.assert_allclose(single.weight, columns, rtol=1e-10, atol=1e-12 * scale)


def test_forward_matches_hand_written_two_layer_net():
    layers = random_stack([2, 4, 1], seed=3)
    x = np.array([[0.5, -1.0], [2.0, 0.25]])
    (w1, b1), (w2, b2) = [(layer.weight, layer.bias) for layer in layers]
    expected = np.tanh(x @ w1 + b1) @ w2 + b2
    np.testing.assert_allclose(forward(with_activation(layers, activations.get("tanh")), x), expected, rtol=1e-14)
    np.testing.assert_allclose(forward(layers, x), (x @ w1 + b1) @ w2 + b2, rtol=1e-14)


def test_linear_deep_curve_stays_a_line_others_bend():
    for depth in (2, 5, 10):
        assert nonlinearity(XS, deep_curve(None, XS, depth, 8, seed=1)) < 1e-12
        for key in ("relu", "tanh", "sigmoid", "sin", "neg_sigmoid", "leaky_relu"):
            bend = nonlinearity(XS, deep_curve(activations.get(key), XS, depth, 8, seed=1))
            assert bend > 1e-3, (key, depth, bend)


def test_one_layer_is_linear_whatever_the_activation():
    # no layer boundary, so no activation is applied
    assert nonlinearity(XS, deep_curve(activations.get("relu"), XS, 1, 8, seed=0)) < 1e-12


def test_seeded_and_reproducible():
    a = deep_curve(activations.get("tanh"), XS, 4, 6, seed=5)
    assert np.array_equal(a, deep_curve(activations.get("tanh"), XS, 4, 6, seed=5))
    assert not np.allclose(a, deep_curve(activations.get("tanh"), XS, 4, 6, seed=6))


def test_parameters_reach_the_activation():
    leaky = activations.get("leaky_relu")
    assert not np.allclose(deep_curve(leaky, XS, 3, 4, 0, k=0.01), deep_curve(leaky, XS, 3, 4, 0, k=0.5))


def test_decreasing_activation_is_absorbed_by_negated_weights():
    layers = random_stack([1, 8, 8, 8, 1], seed=11)
    x = XS.reshape(-1, 1)
    with_decreasing = forward(with_activation(layers, activations.get("neg_sigmoid")), x)
    with_sigmoid = forward(with_activation(negated(layers), activations.get("sigmoid")), x)
    np.testing.assert_allclose(with_decreasing, with_sigmoid, rtol=0, atol=1e-14)


def test_nonlinearity_measure():
    x = np.linspace(-1, 1, 2001)
    assert nonlinearity(x, 3 * x - 2) < 1e-14
    assert nonlinearity(x, np.full_like(x, 4.0)) == 0.0
    # best line for x^2 on [-1, 1] is y = 1/3: farthest at the ends, 2/3 over a spread of 1
    assert nonlinearity(x, x**2) == pytest.approx(2 / 3, rel=1e-3)


def test_bad_sizes_raise():
    with pytest.raises(NetError):
        random_stack([3], seed=0)
    with pytest.raises(NetError):
        random_stack([3, 0, 1], seed=0)
    assert isinstance(random_stack([1, 1], seed=0)[0], Layer)


@settings(max_examples=40, deadline=None)
@given(sizes=st.lists(st.integers(1, 7), min_size=2, max_size=11), seed=st.integers(0, 2**32 - 1))
def test_any_linear_stack_collapses(sizes, seed):
    layers = random_stack(sizes, seed)
    x = np.random.default_rng(seed).normal(size=(16, sizes[0]))
    out = forward(layers, x)
    assert out.shape == (16, sizes[-1])
    assert collapse_error(layers, x) <= 1e-12 * (np.max(np.abs(out)) + 1.0)
