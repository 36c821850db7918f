"""nets.stats against scipy, against closed forms worked by hand, and at the edges (n = 1, ties, NaN)."""
from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from nets.stats import confidence_interval, intervals_overlap, measurably_better, paired_test, rank_with_ties


def t_two_df(q: float) -> float:
    """Student's t with 2 degrees of freedom has CDF 1/2 + t / (2 √(2 + t²)); its q-quantile, solved by hand."""
    c = 2 * q - 1
    return math.sqrt(2 * c * c / (1 - c * c))


def test_interval_of_three_seeds_matches_the_hand_computed_t_interval():
    lo, hi = confidence_interval([1.0, 2.0, 3.0])
    half = t_two_df(0.975) * 1.0 / math.sqrt(3)  # sample sd 1, t quantile 4.3027
    assert t_two_df(0.975) == pytest.approx(4.302652729749464, rel=1e-12)
    assert (lo, hi) == pytest.approx((2 - half, 2 + half), rel=1e-12)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(-1e3, 1e3), min_size=2, max_size=20).filter(lambda v: np.ptp(v) > 1e-6))
def test_interval_matches_scipy(values):
    x = np.array(values)
    expected = stats.t.interval(0.95, len(x) - 1, loc=x.mean(), scale=stats.sem(x))
    np.testing.assert_allclose(confidence_interval(x), expected, rtol=1e-9, atol=1e-9)
    lo, hi = confidence_interval(x, level=0.8)
    assert expected[0] < lo < x.mean() < hi < expected[1]  # a lower level gives a narrower interval


def test_interval_edges_one_seed_zero_spread_and_divergence():
    assert np.isnan(confidence_interval([0.9])).all()  # one seed: no spread to estimate
    assert np.isnan(confidence_interval([])).all()
    assert confidence_interval([0.75, 0.75, 0.75]) == (0.75, 0.75)
    assert np.isnan(confidence_interval([0.9, np.nan, 0.8])).all()  # a diverged run: no interval


def test_paired_test_matches_scipy_and_the_hand_computed_p_value():
    a, b = np.array([0.91, 0.88, 0.95]), np.array([0.90, 0.85, 0.90])
    d = a - b  # 0.01, 0.03, 0.05: mean 0.03, sd 0.02
    t = d.mean() / (d.std(ddof=1) / math.sqrt(3))
    assert t == pytest.approx(0.03 / (0.02 / math.sqrt(3)))
    by_hand = 1 - t / math.sqrt(2 + t * t)  # two-sided p for 2 degrees of freedom, from the closed-form CDF
    assert paired_test(a, b) == pytest.approx(by_hand, rel=1e-9)
    assert paired_test(a, b) == pytest.approx(stats.ttest_rel(a, b).pvalue, rel=1e-12)
    assert paired_test(b, a) == pytest.approx(paired_test(a, b), rel=1e-12)  # two-sided


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1)), min_size=2, max_size=20)
       .filter(lambda pairs: np.ptp([a - b for a, b in pairs]) > 1e-6))
def test_paired_test_matches_scipy(pairs):
    a, b = np.array(pairs).T
    assert paired_test(a, b) == pytest.approx(stats.ttest_rel(a, b).pvalue, rel=1e-9, abs=1e-12)


def test_paired_test_edges():
    assert paired_test([0.9, 0.8, 0.7], [0.9, 0.8, 0.7]) == 1.0  # identical scores: no difference at all
    assert paired_test([0.9, 0.7], [0.8, 0.6]) == 0.0  # the same gap on every seed (up to rounding)
    assert np.isnan(paired_test([0.9], [0.8]))  # one seed: no test
    assert np.isnan(paired_test([0.9, np.nan], [0.8, 0.7]))  # a diverged run: no test
    with pytest.raises(ValueError):
        paired_test([0.9, 0.8], [0.9, 0.8, 0.7])


def test_overlapping_intervals_are_no_measurable_difference_even_when_the_paired_test_is_significant():
    rng = np.random.default_rng(0)
    b = rng.uniform(0.5, 1.0, 10)  # seeds that vary a lot
    a = b + 0.02 + rng.normal(0, 0.001, 10)  # a little better on every seed
    assert paired_test(a, b) < 1e-6 and intervals_overlap(a, b)
    assert not measurably_better(a, b) and not measurably_better(b, a)


def test_separate_intervals_and_a_significant_test_are_a_measurable_difference():
    a, b = np.array([0.95, 0.97, 0.96, 0.98]), np.array([0.60, 0.62, 0.58, 0.61])
    assert not intervals_overlap(a, b) and paired_test(a, b) < 0.05
    assert measurably_better(a, b) and not measurably_better(b, a)


def test_ranking_does_not_order_identical_scores():
    xor = [[0.989, 0.978, 1.0]] * 3  # three candidates, the same score on every seed
    assert rank_with_ties(xor) == [1, 1, 1]


def test_ranking_with_a_tie_at_the_top_skips_the_shared_places():
    scores = [[0.60, 0.62, 0.58, 0.61], [0.95, 0.97, 0.96, 0.98], [0.96, 0.95, 0.97, 0.97]]
    assert rank_with_ties(scores) == [3, 1, 1]


def test_ranking_separates_clear_differences():
    scores = [[0.5, 0.52, 0.51], [0.9, 0.91, 0.92], [0.7, 0.71, 0.72]]
    assert rank_with_ties(scores) == [3, 1, 2]


def test_one_seed_ranks_nothing_above_anything_but_a_diverged_run_is_last():
    assert rank_with_ties([[0.5], [0.99], [0.7]]) == [1, 1, 1]
    assert rank_with_ties([[0.5], [np.nan], [0.99]]) == [1, 3, 1]


def test_diverged_candidates_share_the_last_place():
    scores = [[np.nan, 0.9, 0.9], [0.7, 0.72, 0.71], [0.5, np.nan, np.nan], [0.95, 0.96, 0.97]]
    assert rank_with_ties(scores) == [3, 2, 3, 1]


def test_a_chain_of_ties_ranks_each_by_who_beats_it():
    # a beats c beyond noise; b sits between, tied with both: b keeps rank 1, c is 2nd (only a beats it)
    a, b, c = [0.90, 0.91, 0.92, 0.90], [0.80, 0.90, 0.70, 0.85], [0.70, 0.71, 0.69, 0.70]
    assert measurably_better(a, c) and not measurably_better(a, b) and not measurably_better(b, c)
    assert rank_with_ties([a, b, c]) == [1, 1, 2]
