"""Is a difference between candidates real or seed noise? Intervals, a paired test, a ranking with ties.

Scores come as one row per candidate and one column per seed. Column j is the same seed for every
row, so the same data split, initial weights and batch order (`nets.compare`): that is what makes
the test paired. A NaN score is a diverged run.
"""
from __future__ import annotations

import math

import numpy as np
from scipy import stats

LEVEL = 0.95  # confidence level of the intervals
ALPHA = 0.05  # significance level of the paired test
TEST = "paired t-test"  # the test `paired_test` runs, named for captions and files


def _flat(values) -> np.ndarray:
    return np.asarray(values, dtype=np.float64).ravel()


def _constant(x: np.ndarray) -> bool:
    """Equal up to rounding: 0.9 - 0.8 and 0.7 - 0.6 differ in the last bit, and that is no spread."""
    return bool(np.ptp(x) <= 1e-12 * max(1.0, float(np.max(np.abs(x)))))


def confidence_interval(values, level: float = LEVEL) -> tuple[float, float]:
    """The t-interval for the mean over seeds; (NaN, NaN) with fewer than two seeds or a diverged run."""
    x = _flat(values)
    if x.size < 2 or not np.isfinite(x).all():
        return math.nan, math.nan
    mean = float(x.mean())
    if _constant(x):
        return mean, mean
    lo, hi = stats.t.interval(level, x.size - 1, loc=mean, scale=stats.sem(x))
    return float(lo), float(hi)


def paired_test(a, b) -> float:
    """Two-sided p-value of the paired t-test of a against b, seed by seed.

    NaN when no test is possible (fewer than two seeds, a diverged run). Differences equal on every
    seed have no spread for the t statistic: p = 1 if they are all zero, 0 otherwise.
    """
    a, b = _flat(a), _flat(b)
    if a.shape != b.shape:
        raise ValueError(f"paired scores need one per seed on both sides, got {a.size} and {b.size}")
    d = a - b
    if d.size < 2 or not np.isfinite(d).all():
        return math.nan
    if _constant(d):
        return 1.0 if abs(float(d.mean())) <= 1e-12 else 0.0
    return float(stats.ttest_rel(a, b).pvalue)


def intervals_overlap(a, b, level: float = LEVEL) -> bool:
    """True where the two intervals share a point, or either cannot be computed."""
    (lo_a, hi_a), (lo_b, hi_b) = confidence_interval(a, level), confidence_interval(b, level)
    if math.isnan(lo_a) or math.isnan(lo_b):
        return True
    return lo_a <= hi_b and lo_b <= hi_a


def measurably_better(a, b, alpha: float = ALPHA, level: float = LEVEL) -> bool:
    """a beats b beyond seed noise: a higher mean, intervals apart and a significant paired test.

    A run that trained beats one that diverged; two diverged runs do not differ.
    """
    a, b = _flat(a), _flat(b)
    a_ok, b_ok = np.isfinite(a).all(), np.isfinite(b).all()
    if not (a_ok and b_ok):
        return bool(a_ok and not b_ok)
    return bool(a.mean() > b.mean() and not intervals_overlap(a, b, level) and paired_test(a, b) < alpha)


def rank_with_ties(scores, alpha: float = ALPHA, level: float = LEVEL) -> list[int]:
    """Each row's rank, higher scores better: 1 + how many rows are measurably better.

    Rows that nothing tells apart share a rank (competition style: 1, 1, 3), so ties are not
    ordered; with one seed no row is measurably better than another and all share rank 1.
    """
    rows = [_flat(r) for r in scores]
    return [1 + sum(measurably_better(other, row, alpha, level) for other in rows if other is not row)
            for row in rows]
