"""Train several activations on the same task, fairly, and rank them.

Every candidate gets the same data, the same network shape, the same seeds and
therefore the same initial weights (initialisation depends only on the shapes
and the seed) and the same mini-batch order. With several seeds each candidate
is trained once per seed; the summary reports each mean with its confidence
interval, a paired test against a baseline candidate, and ranks with ties
(`nets.stats`): candidates that seed noise cannot tell apart share a rank.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from .layers import HiddenActivation, NetError
from .mlp import MLP, TrainConfig, Trainer
from .stats import confidence_interval, paired_test, rank_with_ties


@dataclass(frozen=True)
class Candidate:
    key: str  # stable id, used for colours ("mix" for a per-layer mix)
    name: str
    hidden: tuple[HiddenActivation, ...]  # one per hidden layer


class Comparison:
    def __init__(self, data, candidates: list[Candidate], widths: list[int], init: str, config: TrainConfig,
                 seeds: list[int]):
        if not candidates:
            raise NetError("no_candidates", "choose at least one activation to train")
        if not seeds:
            raise NetError("no_seeds", "give at least one seed")
        self.data, self.candidates, self.widths, self.init, self.config = data, candidates, widths, init, config
        self.seeds = list(seeds)
        self.runs: dict[tuple[str, int], Trainer] = {}
        for seed in self.seeds:
            for cand in candidates:
                model = MLP.for_data(data, widths, list(cand.hidden), init, seed)
                self.runs[cand.key, seed] = Trainer(model, data, replace(config, seed=seed))

    @property
    def total_epochs(self) -> int:
        return self.config.epochs * len(self.runs)

    @property
    def done_epochs(self) -> int:
        return sum(t.config.epochs if t.finished else t.epoch for t in self.runs.values())

    @property
    def progress(self) -> float:
        return self.done_epochs / self.total_epochs

    @property
    def finished(self) -> bool:
        return all(t.finished for t in self.runs.values())

    def eval_every(self) -> int:
        """Evaluate about 200 times per run: enough points for a smooth curve, cheap for long runs."""
        return max(1, self.config.epochs // 200)

    def step(self, epochs: int) -> None:
        """Advance every unfinished run by up to `epochs`, round-robin, so curves grow together."""
        for trainer in self.runs.values():
            if not trainer.finished:
                trainer.run(epochs, eval_every=self.eval_every())

    def shown(self, cand: Candidate) -> Trainer:
        """The run drawn in the curves and boundaries: the first seed's."""
        return self.runs[cand.key, self.seeds[0]]

    def scores(self, cand: Candidate, field: str = "test_score") -> np.ndarray:
        """The last `field` of each seed's run, in seed order (NaN for a diverged run)."""
        return np.array([_last(self.runs[cand.key, s], field) for s in self.seeds])

    def confusion(self, cand: Candidate) -> np.ndarray:
        """The shown run's confusion matrix on the test set (classification only)."""
        with np.errstate(all="ignore"):
            out = self.shown(cand).model.predict(self.data.X_test)
        return self.data.confusion(out, self.data.y_test)

    def summary(self, baseline: str | None = None) -> list[dict]:
        """One row per candidate, in rank order (ties by mean test score).

        Ranks come from `rank_with_ties` on the test scores, so tied candidates share one; each row
        also holds the mean difference from `baseline` (a candidate key, default the first) and the
        paired test's p-value.
        """
        keys = [c.key for c in self.candidates]
        scores = [self.scores(c) for c in self.candidates]
        base = scores[keys.index(baseline if baseline is not None else keys[0])]
        ranks = rank_with_ties(scores)
        rows = []
        for cand, score, rank in zip(self.candidates, scores, ranks):
            trainers = [self.runs[cand.key, s] for s in self.seeds]
            loss, train_score = self.scores(cand, "test_loss"), self.scores(cand, "train_score")
            seconds = sum(t.history.train_seconds for t in trainers)
            epochs = sum(t.history.trained_epochs for t in trainers)
            rows.append({
                "key": cand.key, "name": cand.name, "seed_scores": score.tolist(),
                "test_score": float(score.mean()), "test_score_sd": float(score.std()),
                "test_score_ci": confidence_interval(score),
                "test_loss": float(loss.mean()), "test_loss_sd": float(loss.std()),
                "train_score": float(train_score.mean()),
                # Regression trains on MSE (the only loss an identity output takes), so the root of
                # the test loss is the RMSE at the very evaluation that gave R².
                "test_rmse": float(np.sqrt(loss).mean()) if self.data.task == "regression" else float("nan"),
                "ms_per_epoch": 1000 * seconds / epochs if epochs else float("nan"),
                "epochs": min(t.history.trained_epochs for t in trainers),
                "diverged": sum(t.status == "diverged" for t in trainers),
                "rank": rank, "tied": ranks.count(rank) > 1,
                "vs_baseline": float(np.mean(score - base)), "p_baseline": paired_test(score, base),
            })
        rows.sort(key=lambda r: (r["rank"], -np.nan_to_num(r["test_score"], nan=-np.inf)))
        return rows


def _last(trainer: Trainer, field: str) -> float:
    """Final value of a history field; NaN for a diverged run (its last finite value would flatter it)."""
    values = getattr(trainer.history, field)
    return float("nan") if trainer.status == "diverged" or not values else values[-1]
