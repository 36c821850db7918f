"""Side-by-side comparison: fair starts, seeds, ranking, divergence at the bottom."""
from __future__ import annotations

import numpy as np
import pytest

import activations
from nets import Candidate, Comparison, HiddenActivation, NetError, TrainConfig, make_dataset

from .helpers import identity

DATA = make_dataset("circles", n=200, noise=0.05, seed=0)


def uniform(act, depth=2):
    return Candidate(act.key, act.label, (HiddenActivation.of(act),) * depth)


def test_comparison_ranks_nonlinear_activations_above_identity_and_reports_spread():
    cands = [uniform(identity()), uniform(activations.get("tanh")), uniform(activations.get("relu"))]
    comp = Comparison(DATA, cands, [12, 12], "xavier", TrainConfig(epochs=150, lr=0.03, optimizer="adam"),
                      seeds=[0, 1, 2])
    while not comp.finished:
        comp.step(40)
    assert comp.progress == 1.0
    rows = comp.summary()
    assert rows[-1]["key"] == "identity" and [r["rank"] for r in rows] == [1, 2, 3]
    for row in rows:
        scores = [comp.runs[row["key"], s].history.test_score[-1] for s in comp.seeds]
        assert row["test_score"] == pytest.approx(np.mean(scores))
        assert row["test_score_sd"] == pytest.approx(np.std(scores))
        assert row["ms_per_epoch"] > 0 and row["epochs"] == 150


def test_every_candidate_starts_from_the_same_weights_for_a_seed():
    cands = [uniform(activations.get(k)) for k in ("sigmoid", "sin")]
    comp = Comparison(DATA, cands, [5, 5], "he", TrainConfig(epochs=5), seeds=[4, 9])
    for seed in comp.seeds:
        a, b = (comp.runs[c.key, seed].model for c in cands)
        for wa, wb in zip(a.parameters(), b.parameters()):
            np.testing.assert_array_equal(wa, wb)
    first, second = (comp.runs["sigmoid", s].model.weights[0] for s in comp.seeds)
    assert not np.array_equal(first, second)


def test_a_per_layer_mix_trains_alongside():
    mix = Candidate("mix", "tanh → relu", tuple(HiddenActivation.of(activations.get(k)) for k in ("tanh", "relu")))
    comp = Comparison(DATA, [mix, uniform(activations.get("tanh"))], [8, 8], "xavier", TrainConfig(epochs=20), [0])
    comp.step(100)
    assert comp.finished and {r["key"] for r in comp.summary()} == {"mix", "tanh"}


def test_diverged_runs_rank_last_without_a_score():
    data = make_dataset("poly", n=100, seed=0)
    cands = [uniform(activations.get("relu")), uniform(activations.get("tanh"))]
    comp = Comparison(data, cands, [16, 16], "he", TrainConfig(epochs=50, lr=0.5, optimizer="sgd"), [0])
    comp.step(50)
    rows = {r["key"]: r for r in comp.summary()}
    assert rows["tanh"]["diverged"] == 1 and np.isnan(rows["tanh"]["test_score"])
    assert rows["relu"]["diverged"] == 0 and np.isfinite(rows["relu"]["test_score"])
    assert comp.summary()[-1]["key"] == "tanh"


def test_empty_comparison_is_refused():
    with pytest.raises(NetError):
        Comparison(DATA, [], [4], "he", TrainConfig(), [0])
