"""Side-by-side comparison: fair starts, seeds, ranking, divergence at the bottom."""
from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

import activations
from nets import Candidate, Comparison, HiddenActivation, NetError, TrainConfig, make_dataset

from .helpers import identity

DATA = make_dataset("circles", n=200, noise=0.05, seed=0)


def uniform(act, depth=2):
    return Candidate(act.key, act.label, (HiddenActivation.of(act),) * depth)


def test_comparison_ranks_nonlinear_activations_above_identity_and_ties_the_equals():
    cands = [uniform(identity()), uniform(activations.get("tanh")), uniform(activations.get("relu"))]
    comp = Comparison(DATA, cands, [12, 12], "xavier", TrainConfig(epochs=150, lr=0.03, optimizer="adam"),
                      seeds=[0, 1, 2])
    while not comp.finished:
        comp.step(40)
    assert comp.progress == 1.0
    rows = comp.summary()
    # tanh and relu separate the circles on every seed: no order between them, both above identity
    assert [r["key"] for r in rows[:2]] == ["tanh", "relu"] and rows[-1]["key"] == "identity"
    assert [r["rank"] for r in rows] == [1, 1, 3] and [r["tied"] for r in rows] == [True, True, False]
    for row in rows:
        scores = [comp.runs[row["key"], s].history.test_score[-1] for s in comp.seeds]
        assert row["seed_scores"] == scores
        assert row["test_score"] == pytest.approx(np.mean(scores))
        assert row["test_score_sd"] == pytest.approx(np.std(scores))
        assert row["ms_per_epoch"] > 0 and row["epochs"] == 150
        # the default baseline is the first candidate, identity
        assert row["vs_baseline"] == pytest.approx(np.mean(scores) - rows[-1]["test_score"])
    assert rows[-1]["p_baseline"] == 1.0 and rows[0]["p_baseline"] < 0.05


def test_summary_reports_t_intervals_and_paired_tests_against_the_chosen_baseline():
    cands = [uniform(activations.get(k), depth=1) for k in ("tanh", "sigmoid")]
    data = make_dataset("xor", n=120, noise=0.3, seed=1)
    comp = Comparison(data, cands, [4], "xavier", TrainConfig(epochs=30, lr=0.03, optimizer="adam"), [0, 1, 2, 3])
    comp.step(30)
    rows = {r["key"]: r for r in comp.summary(baseline="sigmoid")}
    tanh, sigmoid = (np.array(rows[k]["seed_scores"]) for k in ("tanh", "sigmoid"))
    assert np.ptp(tanh) > 0 and np.ptp(tanh - sigmoid) > 0  # a real interval and a real test
    expected = stats.t.interval(0.95, 3, loc=tanh.mean(), scale=tanh.std(ddof=1) / 2)
    np.testing.assert_allclose(rows["tanh"]["test_score_ci"], expected, rtol=1e-12)
    assert rows["tanh"]["p_baseline"] == pytest.approx(stats.ttest_rel(tanh, sigmoid).pvalue, rel=1e-12)
    assert rows["tanh"]["vs_baseline"] == pytest.approx(np.mean(tanh - sigmoid))
    assert rows["sigmoid"]["p_baseline"] == 1.0 and rows["sigmoid"]["vs_baseline"] == 0.0


def test_one_seed_gives_no_interval_no_test_and_no_order():
    cands = [uniform(identity()), uniform(activations.get("tanh"))]
    comp = Comparison(DATA, cands, [8, 8], "xavier", TrainConfig(epochs=100, lr=0.03, optimizer="adam"), [0])
    comp.step(100)
    rows = comp.summary()
    assert rows[0]["test_score"] > rows[1]["test_score"]  # shown best first, but not ranked above
    assert [r["rank"] for r in rows] == [1, 1]
    assert all(np.isnan(r["test_score_ci"]).all() and np.isnan(r["p_baseline"]) for r in rows)


def test_regression_rows_hold_the_rmse_of_the_final_predictions():
    data = make_dataset("sin", n=80, noise=0.1, seed=0)
    cands = [uniform(activations.get(k)) for k in ("tanh", "relu")]
    comp = Comparison(data, cands, [8, 8], "xavier", TrainConfig(epochs=40, lr=0.03, optimizer="adam"), [0, 1])
    comp.step(40)
    for row in comp.summary():
        rmses, r2s = [], []
        for seed in comp.seeds:
            fit = comp.runs[row["key"], seed].model.predict(data.X_test)[:, 0]
            rmses.append(np.sqrt(np.mean((fit - data.y_test) ** 2)))
            r2s.append(1 - np.sum((fit - data.y_test) ** 2) / np.sum((data.y_test - data.y_test.mean()) ** 2))
        assert row["test_rmse"] == pytest.approx(np.mean(rmses), rel=1e-9)
        assert row["test_score"] == pytest.approx(np.mean(r2s), rel=1e-9)


def test_classification_rows_have_no_rmse_and_the_shown_run_a_confusion_matrix():
    data = make_dataset("blobs", n=90, noise=0.2, seed=0)
    cands = [uniform(activations.get(k)) for k in ("tanh", "relu")]
    comp = Comparison(data, cands, [8, 8], "xavier", TrainConfig(epochs=30, lr=0.03, optimizer="adam"), [3, 4])
    comp.step(30)
    rows = comp.summary()
    assert len(rows) == 2 and all(np.isnan(r["test_rmse"]) for r in rows)
    for cand in cands:
        counts = comp.confusion(cand)
        predicted = np.argmax(comp.runs[cand.key, 3].model.predict(data.X_test), axis=1)
        assert counts.shape == (3, 3) and counts.sum() == len(data.y_test)
        for i in range(3):
            for j in range(3):
                assert counts[i, j] == np.sum((data.y_test == i) & (predicted == j))
        assert np.trace(counts) / counts.sum() == pytest.approx(comp.runs[cand.key, 3].history.test_score[-1])


def test_every_candidate_starts_from_the_same_weights_for_a_seed():
    mix = Candidate("mix", "tanh → relu", tuple(HiddenActivation.of(activations.get(k)) for k in ("tanh", "relu")))
    cands = [uniform(activations.get(k)) for k in ("sigmoid", "sin")] + [mix]
    comp = Comparison(DATA, cands, [5, 5], "he", TrainConfig(epochs=5, batch_size=16), seeds=[4, 9, 11])
    for seed in comp.seeds:
        first, *others = (comp.runs[c.key, seed] for c in cands)
        for other in others:
            for wa, wb in zip(first.model.parameters(), other.model.parameters()):
                np.testing.assert_array_equal(wa, wb)
            assert other.config == first.config and other.config.seed == seed  # same mini-batch order
    starts = [comp.runs["sigmoid", s].model.weights[0] for s in comp.seeds]
    assert not any(np.array_equal(a, b) for i, a in enumerate(starts) for b in starts[i + 1:])


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
