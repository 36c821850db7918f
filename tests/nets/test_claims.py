"""The issue's claims, measured by training and by running deep stacks (no result typed in)."""
from __future__ import annotations

import numpy as np
import pytest

import activations
from nets import MLP, HiddenActivation, make_dataset
from nets.depth import stack_stats

from .helpers import identity, train

DATA = {name: make_dataset(name, n=400, noise=0.05, test_fraction=0.3, seed=0) for name in ("xor", "circles")}


@pytest.mark.parametrize("name", DATA)
@pytest.mark.parametrize("widths", [(16,), (16, 16), (16, 16, 16, 16)])
def test_identity_networks_of_any_depth_stay_linear_classifiers(name, widths):
    trainer = train(DATA[name], identity(), widths=widths, epochs=300)
    assert trainer.status == "done"
    assert trainer.history.test_score[-1] <= 0.8
    # The trained network is an affine map: its logits are fitted exactly by a linear model.
    grid = np.random.default_rng(5).uniform(-1.5, 1.5, (50, 2))
    logits = trainer.model.logits(grid)[:, 0]
    design = np.column_stack([grid, np.ones(len(grid))])
    coef, *_ = np.linalg.lstsq(design, logits, rcond=None)
    np.testing.assert_allclose(design @ coef, logits, atol=1e-8 * max(1.0, np.abs(logits).max()))


@pytest.mark.parametrize("name", DATA)
@pytest.mark.parametrize("key", ["tanh", "relu"])
def test_tanh_and_relu_networks_of_the_same_shape_separate_both(name, key):
    trainer = train(DATA[name], key, widths=(16, 16), epochs=300)
    assert trainer.history.test_score[-1] >= 0.95


def test_sigmoid_gradient_vanishes_through_twenty_layers_under_standard_init():
    stats = stack_stats(activations.get("sigmoid"), depth=20, width=128, init="lecun", seed=0)
    assert stats.grad_norm[0] < 1e-3 * stats.grad_norm[-1]
    assert np.all(np.diff(np.log(stats.grad_norm)) > 0)  # shrinks at every step down the stack


def test_relu_with_he_init_keeps_gradient_norms_within_a_factor_of_ten():
    stats = stack_stats(activations.get("relu"), depth=20, width=128, init="he", seed=0)
    assert stats.grad_norm.max() < 10 * stats.grad_norm.min()


def test_relu_dead_units_are_counted_and_sigmoid_has_none():
    relu = stack_stats(activations.get("relu"), depth=10, width=64, init="he", seed=1)
    sig = stack_stats(activations.get("sigmoid"), depth=10, width=64, init="lecun", seed=1)
    assert np.all(sig.dead_fraction == 0)
    assert np.all((relu.dead_fraction >= 0) & (relu.dead_fraction < 0.5))


def test_selu_self_normalises_under_lecun_init():
    stats = stack_stats(activations.get("selu"), depth=30, width=256, init="lecun", seed=0)
    assert np.all(np.abs(stats.act_mean[5:]) < 0.2)
    assert np.all(np.abs(stats.act_std[5:] - 1) < 0.2)


def test_training_is_deterministic_for_a_seed():
    data = make_dataset("moons", n=200, noise=0.1, seed=3)
    a = train(data, "tanh", epochs=40, optimizer="sgd", lr=0.3, batch_size=16, seed=7)
    b = train(data, "tanh", epochs=40, optimizer="sgd", lr=0.3, batch_size=16, seed=7)
    c = train(data, "tanh", epochs=40, optimizer="sgd", lr=0.3, batch_size=16, seed=8)
    assert a.history.train_loss == b.history.train_loss
    for wa, wb in zip(a.model.weights, b.model.weights):
        np.testing.assert_array_equal(wa, wb)
    assert a.history.train_loss != c.history.train_loss


def test_every_activation_starts_from_the_same_weights():
    data = DATA["xor"]
    models = [MLP.for_data(data, (8, 8), [HiddenActivation.of(activations.get(k))] * 2, "xavier", seed=11)
              for k in ("tanh", "relu", "sin")]
    for other in models[1:]:
        for wa, wb in zip(models[0].parameters(), other.parameters()):
            np.testing.assert_array_equal(wa, wb)


@pytest.mark.parametrize("key", activations.names())
def test_every_registry_activation_runs_through_a_deep_stack(key):
    stats = stack_stats(activations.get(key), depth=6, width=16, init="he", seed=0)
    assert stats.grad_norm.shape == (6,) and np.all((stats.dead_fraction >= 0) & (stats.dead_fraction <= 1))
    if stats.first_nonfinite is None:
        assert np.isfinite(stats.grad_norm).all() and np.isfinite(stats.act_quantiles).all()
