"""nets.run_log: numbering, the cap, two runs side by side and a CSV that reads back exactly."""
from __future__ import annotations

import csv
import io
import math

import activations
from nets import Candidate, Comparison, HiddenActivation, TrainConfig, make_dataset, run_log
from nets.stats import confidence_interval


def row(name: str, scores: list[float], rank: int = 1, tied: bool = False) -> dict:
    mean = sum(scores) / len(scores)
    return {"key": name.lower(), "name": name, "seed_scores": scores, "test_score": mean,
            "test_score_ci": confidence_interval(scores), "rank": rank, "tied": tied, "train_score": mean,
            "test_loss": 0.1, "test_rmse": math.nan, "p_baseline": 0.5}


def test_runs_are_numbered_and_the_oldest_leave_past_the_cap():
    log = []
    for i in range(run_log.MAX_RUNS + 3):
        log = run_log.add(log, f"settings {i}", {"epochs": i}, [row("Tanh", [0.9, 0.8])])
    assert len(log) == run_log.MAX_RUNS == 20
    assert [r["run"] for r in log] == list(range(4, 24))  # numbers keep counting after the cap
    assert log[-1]["settings"] == "settings 22" and log[-1]["fields"] == {"epochs": 22}
    assert "p_baseline" not in log[-1]["rows"][0]  # a display choice, not part of the run


def test_side_by_side_matches_networks_by_name_and_compares_intervals():
    a = run_log.add([], "a", {}, [row("Tanh", [0.90, 0.91, 0.92]), row("ReLU", [0.70, 0.71, 0.69])])
    b = run_log.add(a, "b", {}, [row("ReLU", [0.90, 0.92, 0.91]), row("Sigmoid", [0.5, 0.6, 0.55]),
                                 row("Tanh", [0.91, 0.90, 0.93])])
    pairs = run_log.side_by_side(*b)
    assert [p["name"] for p in pairs] == ["Tanh", "ReLU", "Sigmoid"]  # run A's order, then B's new ones
    tanh, relu, sigmoid = pairs
    assert tanh["overlap"] and math.isclose(tanh["change"], 0.01 / 3, rel_tol=1e-9)
    assert not relu["overlap"] and math.isclose(relu["change"], 0.21, rel_tol=1e-9)
    assert sigmoid["a"] is None and math.isnan(sigmoid["change"]) and sigmoid["overlap"]


def test_one_seed_runs_never_differ_measurably():
    a, b = run_log.add(run_log.add([], "a", {}, [row("Tanh", [0.5])]), "b", {}, [row("Tanh", [0.99])])
    assert run_log.side_by_side(a, b)[0]["overlap"]


def test_csv_has_one_line_per_run_and_network_and_reads_back_bit_for_bit():
    data = make_dataset("poly", n=100, seed=0)
    cands = [Candidate(k, activations.get(k).label, (HiddenActivation.of(activations.get(k)),) * 2) for k in ("tanh", "relu")]
    comp = Comparison(data, cands, [16, 16], "he", TrainConfig(epochs=50, lr=0.5, optimizer="sgd"), [0, 1, 2])
    comp.step(50)
    rows = comp.summary()
    assert any(r["diverged"] for r in rows) and any(not r["diverged"] for r in rows)  # NaN and numbers both
    log = run_log.add([], 'poly, "quoted", 3 seeds', {"dataset": "poly", "lr": 0.5, "seeds": "0 1 2"}, rows)
    log = run_log.add(log, "two", {"dataset": "poly", "noise": 0.1}, rows[:1])
    lines = list(csv.DictReader(io.StringIO(run_log.to_csv(log))))
    assert [(line["run"], line["network"]) for line in lines] == [("1", rows[0]["name"]), ("1", rows[1]["name"]),
                                                                  ("2", rows[0]["name"])]
    assert lines[0]["settings"] == 'poly, "quoted", 3 seeds' and lines[0]["lr"] == "0.5"
    assert lines[2]["lr"] == "" and lines[2]["noise"] == "0.1"  # columns are the union of the runs' settings
    for line, r in zip(lines, [*rows, rows[0]]):
        assert line["n_seeds"] == "3" and int(line["rank"]) == r["rank"] and line["tied"] == str(r["tied"])
        for column, value in (("test_score", r["test_score"]), ("ci_low", r["test_score_ci"][0]),
                              ("ci_high", r["test_score_ci"][1]), ("test_rmse", r["test_rmse"]),
                              ("test_loss", r["test_loss"])):
            back = float(line[column])
            assert back == value or (math.isnan(back) and math.isnan(value)), column
        back = [float(x) for x in line["seed_scores"].split()]
        assert all(x == y or (math.isnan(x) and math.isnan(y)) for x, y in zip(back, r["seed_scores"]))
