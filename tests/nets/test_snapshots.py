"""Snapshots while training (nets.snapshots): which epochs are kept, that each holds what the network
computed at that epoch (checked against a fresh run retrained to it and a forward pass written out
here), that memory stays bounded, and that recording changes nothing in training."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from scipy.special import expit

import activations
from nets import MLP, Candidate, Comparison, HiddenActivation, TrainConfig, Trainer, make_dataset
from nets.snapshots import TARGET, UNIT_BUDGET, Snapshots, layers_within, spacing, watch, watched

XOR = make_dataset("xor", n=160, noise=0.1, seed=3)
SIN = make_dataset("sin", n=120, noise=0.05, seed=1)
F32 = float(np.finfo(np.float32).eps)


def candidates(keys=("tanh", "relu"), depth=2):
    return [Candidate(k, k, (HiddenActivation.of(activations.get(k)),) * depth) for k in keys]


def run(data, config: TrainConfig, widths=(8, 8), keys=("tanh", "relu"), seeds=(0,)) -> tuple[Comparison, dict]:
    comp = Comparison(data, candidates(keys, len(widths)), list(widths), "xavier", config, list(seeds))
    snaps = watch(comp)
    while not comp.finished:
        comp.step(next(iter(snaps.values())).every)
    return comp, snaps


def forward(model: MLP, X: np.ndarray) -> tuple[np.ndarray, list[np.ndarray]]:
    """Output and hidden outputs, written out from the weights (not MLP.logits)."""
    h, hidden = X, []
    for W, b, layer in zip(model.weights, model.biases, model.hidden):
        h = layer.act.f(h @ W + b, **layer.params)
        hidden.append(h)
    return h @ model.weights[-1] + model.biases[-1], hidden


def retrained(comp: Comparison, key: str, epochs: int) -> MLP:
    """The candidate's first-seed network trained afresh for `epochs` epochs, with nothing recording."""
    cand = next(c for c in comp.candidates if c.key == key)
    model = MLP.for_data(comp.data, comp.widths, list(cand.hidden), comp.init, comp.seeds[0])
    trainer = Trainer(model, comp.data, replace(comp.config, seed=comp.seeds[0]))
    trainer.run(epochs)
    assert trainer.epoch == epochs
    return model


def test_epoch_zero_every_spaced_epoch_and_the_last_are_kept():
    comp, snaps = run(XOR, TrainConfig(epochs=300, lr=0.03, optimizer="adam"))
    for rec in snaps.values():
        assert rec.every == 6 and rec.epochs == list(range(0, 301, 6))
        assert len(rec.outputs) == len(rec.units) == 51
    odd, odd_snaps = run(XOR, TrainConfig(epochs=75, lr=0.03, optimizer="adam"))
    assert odd_snaps["tanh"].epochs == [*range(0, 75, 2), 75]   # the last epoch, off the grid, too
    assert spacing(50) == 1 and spacing(2000) == 40 and spacing(2001) == 41


@pytest.mark.parametrize("data, optimizer, batch", [(XOR, "adam", None), (XOR, "sgd", 32), (SIN, "adam", 16)])
def test_a_snapshot_is_what_a_fresh_run_computes_at_that_epoch(data, optimizer, batch):
    config = TrainConfig(epochs=60, lr=0.05, optimizer=optimizer, batch_size=batch)
    comp, snaps = run(data, config)
    for key, rec in snaps.items():
        for epoch in (0, 24, 60):
            i = rec.epochs.index(epoch)
            model = retrained(comp, key, epoch)
            out, _ = forward(model, rec.plane.points)
            want = expit(out) if data.task == "binary" else out
            np.testing.assert_allclose(rec.outputs[i].reshape(-1), want[:, 0], rtol=4 * F32, atol=4 * F32)
            _, hidden = forward(model, rec.unit_plane.points)
            assert rec.unit_layers == 2
            for got, h in zip(rec.units[i], hidden):
                scale = max(1.0, float(np.abs(h).max()))
                np.testing.assert_allclose(got.reshape(len(h.T), -1), h.T, rtol=4 * F32, atol=4 * F32 * scale)
            assert rec.outputs[i].dtype == np.float32 and all(u.dtype == np.float32 for u in rec.units[i])


def test_the_planes_cover_the_data_and_are_laid_out_as_heat_maps():
    rec = Snapshots(MLP.for_data(XOR, [5, 3], [HiddenActivation.of(activations.get("tanh"))] * 2), XOR, 10)
    assert rec.outputs[0].shape == (1, 40, 40)
    assert [u.shape for u in rec.units[0]] == [(5, 16, 16), (3, 16, 16)]
    xs, ys = rec.plane.axes
    lo, hi = XOR.X_all.min(axis=0), XOR.X_all.max(axis=0)
    assert xs[0] < lo[0] and xs[-1] > hi[0] and ys[0] < lo[1] and ys[-1] > hi[1]
    points = rec.plane.points.reshape(40, 40, 2)
    assert np.all(points[:, :, 0] == xs[None, :]) and np.all(points[:, :, 1] == ys[:, None])   # rows follow x₂
    one_d = Snapshots(MLP.for_data(SIN, [4], [HiddenActivation.of(activations.get("tanh"))]), SIN, 10)
    assert one_d.outputs[0].shape == (1, 200) and one_d.units[0][0].shape == (4, 60)
    blobs = make_dataset("blobs", n=90, seed=0)
    three = Snapshots(MLP.for_data(blobs, [4], [HiddenActivation.of(activations.get("tanh"))]), blobs, 10)
    np.testing.assert_allclose(three.outputs[0].sum(axis=0), 1.0, rtol=1e-5)   # a probability per class


def test_memory_is_bounded_for_long_runs_and_wide_deep_networks():
    wide = MLP.for_data(XOR, [64] * 4, [HiddenActivation.of(activations.get("relu"))] * 4)
    rec = Snapshots(wide, XOR, 2000)
    for epoch in range(1, 2001):   # what Trainer.run hands the hook: every epoch
        if epoch % rec.every == 0 or epoch == 2000:
            rec.record(wide, epoch)
    assert len(rec.epochs) == TARGET + 1 and rec.epochs[-1] == 2000
    assert rec.unit_layers == 1                        # the first layer's 64 units; the rest would not fit
    outputs = sum(o.nbytes for o in rec.outputs)
    assert rec.nbytes - outputs <= UNIT_BUDGET and rec.nbytes < 5 * 2 ** 20
    assert layers_within([16, 16], 4 * 256, 52, UNIT_BUDGET) == 2
    assert layers_within([64, 64], 4 * 256, 52, UNIT_BUDGET) == 1
    assert layers_within([64], 4 * 256, 10_000, UNIT_BUDGET) == 1   # the first layer, whatever it takes


def test_watching_changes_nothing_in_training_and_records_only_the_shown_seed():
    config = TrainConfig(epochs=40, lr=0.1, optimizer="sgd", batch_size=20)
    watched_comp, snaps = run(XOR, config, seeds=(0, 1))
    plain = Comparison(XOR, candidates(), [8, 8], "xavier", config, [0, 1])
    while not plain.finished:
        plain.step(7)
    for run_key, trainer in plain.runs.items():
        for a, b in zip(trainer.model.parameters(), watched_comp.runs[run_key].model.parameters()):
            np.testing.assert_array_equal(a, b)
    assert set(watched_comp.watchers) == {("tanh", 0), ("relu", 0)}
    assert watched(watched_comp) == snaps and watched(plain) == {}


def test_a_diverged_run_keeps_its_snapshots_up_to_the_blow_up():
    data = make_dataset("poly", n=100, seed=0)
    comp, snaps = run(data, TrainConfig(epochs=200, lr=1e6, optimizer="sgd"), keys=("relu", "tanh"))
    trainer = comp.runs["relu", 0]
    assert trainer.status == "diverged"
    rec = snaps["relu"]
    assert rec.epochs[-1] <= trainer.epoch and all(np.isfinite(o).all() for o in rec.outputs)


def test_at_finds_the_snapshot_shown_for_an_epoch():
    model = MLP.for_data(XOR, [3], [HiddenActivation.of(activations.get("tanh"))])
    rec = Snapshots(model, XOR, 20, every=5)
    for epoch in (5, 10, 15, 20, 20):   # the same epoch twice is kept once
        rec.record(model, epoch)
    assert rec.epochs == [0, 5, 10, 15, 20]
    assert [rec.at(e) for e in (-1, 0, 4, 5, 12.5, 20, 99)] == [0, 0, 0, 1, 2, 4, 4]

