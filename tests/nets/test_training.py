"""Training loop behaviour: optimisers learn, divergence and bad settings are reported, chunks add up."""
from __future__ import annotations

import numpy as np
import pytest

import activations
from nets import MLP, HiddenActivation, NetError, TrainConfig, Trainer, make_dataset

from .helpers import train

DATA = make_dataset("moons", n=200, noise=0.1, seed=0)


@pytest.mark.parametrize("optimizer, lr, batch", [("sgd", 0.5, None), ("sgd", 0.1, 20), ("adam", 0.02, None),
                                                   ("adam", 0.01, 32)])
def test_every_optimiser_lowers_the_loss(optimizer, lr, batch):
    t = train(DATA, "tanh", epochs=60, optimizer=optimizer, lr=lr, batch_size=batch)
    t.run()  # already done: a no-op
    h = t.history
    assert h.epochs == [0, 60] and h.trained_epochs == 60
    assert h.train_loss[-1] < 0.7 * h.train_loss[0]


def test_l2_shrinks_the_weights():
    free = train(DATA, "tanh", epochs=100, l2=0.0)
    decayed = train(DATA, "tanh", epochs=100, l2=0.05)
    norm = lambda t: sum(float(np.sum(W ** 2)) for W in t.model.weights)  # noqa: E731
    assert norm(decayed) < 0.8 * norm(free)


def test_training_in_chunks_equals_training_at_once():
    one = train(DATA, "relu", epochs=30, optimizer="sgd", lr=0.2, batch_size=25)
    model = MLP.for_data(DATA, (16, 16), [HiddenActivation.of(activations.get("relu"))] * 2, "he", 0)
    chunked = Trainer(model, DATA, TrainConfig(epochs=30, lr=0.2, optimizer="sgd", batch_size=25, seed=0))
    while not chunked.finished:
        chunked.run(7, eval_every=30)
    assert chunked.status == "done" and chunked.epoch == 30
    for a, b in zip(one.model.weights, chunked.model.weights):
        np.testing.assert_array_equal(a, b)


def test_on_epoch_can_stop_training():
    model = MLP.for_data(DATA, (8,), [HiddenActivation.of(activations.get("tanh"))], "xavier", 0)
    t = Trainer(model, DATA, TrainConfig(epochs=100))
    t.run(on_epoch=lambda tr: tr.epoch < 12)
    assert t.epoch == 12 and t.status == "running" and not t.finished
    assert t.history.seconds_per_epoch > 0


def test_a_huge_learning_rate_is_reported_as_divergence():
    data = make_dataset("poly", n=100, seed=0)
    t = train(data, "relu", epochs=200, optimizer="sgd", lr=1e6)
    assert t.status == "diverged" and t.epoch < 200
    assert np.isfinite(t.history.train_loss).all()  # no NaN reaches the curves


def test_regression_fits_the_curve():
    data = make_dataset("sin", n=200, noise=0.0, seed=0)
    t = train(data, "tanh", epochs=400, lr=0.02)
    assert t.history.test_score[-1] > 0.95
    x = np.linspace(-1, 1, 50)[:, None]
    assert np.max(np.abs(t.model.predict(x)[:, 0] - np.sin(np.pi * x[:, 0]))) < 0.25


@pytest.mark.parametrize("make, words", [
    (lambda: TrainConfig(lr=0), "learning rate"),
    (lambda: TrainConfig(lr=float("nan")), "learning rate"),
    (lambda: TrainConfig(l2=-1), "L2"),
    (lambda: TrainConfig(optimizer="rmsprop"), "optimizer"),
    (lambda: TrainConfig(epochs=0), "epoch"),
    (lambda: TrainConfig(batch_size=0), "mini-batch"),
    (lambda: MLP([2, 3, 1], [], "sigmoid"), "hidden layers"),
    (lambda: MLP([2, 3, 1], [HiddenActivation.of(activations.get("tanh"))], "tanh"), "unknown output"),
    (lambda: MLP([2, 1], [], "softmax"), "two units"),
    (lambda: MLP([2, 3, 1], [HiddenActivation.of(activations.get("tanh"))], init="zeros"), "initialisation"),
    (lambda: MLP([2, 1], [], "identity").loss(np.zeros((1, 2)), np.zeros((1, 1)), "cross_entropy"), "cross-entropy"),
    (lambda: Trainer(MLP([3, 1], [], "sigmoid"), DATA, TrainConfig()), "inputs"),
])
def test_bad_settings_raise_net_error(make, words):
    with pytest.raises(NetError, match=words):
        make()


@pytest.mark.parametrize("key", activations.names())
def test_every_registry_activation_trains_without_errors_or_nan_curves(key):
    act = activations.get(key)
    data = make_dataset("xor", n=60, noise=0.1, seed=0)
    t = train(data, act, widths=(6, 6), epochs=15)
    assert t.status in ("done", "diverged")
    assert np.isfinite(t.history.train_loss).all() and np.isfinite(t.history.test_score).all()
