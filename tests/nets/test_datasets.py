"""Toy datasets are seeded, split and labelled as described; uploaded CSV is validated with clear messages."""
from __future__ import annotations

import numpy as np
import pytest

from nets.datasets import (
    DATASETS,
    MAX_CSV_BYTES,
    MAX_CSV_ROWS,
    CSVError,
    DatasetError,
    make_dataset,
    parse_csv,
)


@pytest.mark.parametrize("name", DATASETS)
def test_datasets_are_seeded_and_split(name):
    a = make_dataset(name, n=200, noise=0.1, test_fraction=0.25, seed=4)
    b = make_dataset(name, n=200, noise=0.1, test_fraction=0.25, seed=4)
    c = make_dataset(name, n=200, noise=0.1, test_fraction=0.25, seed=5)
    np.testing.assert_array_equal(a.X_train, b.X_train)
    np.testing.assert_array_equal(a.y_test, b.y_test)
    assert not np.array_equal(a.X_train, c.X_train)
    assert len(a.X_train) == 150 and len(a.X_test) == 50
    assert np.isfinite(a.X_all).all()
    assert a.X_train.shape[1] == (1 if a.task == "regression" else 2)


@pytest.mark.parametrize("name", ["xor", "circles", "spirals", "moons", "blobs"])
def test_classes_are_balanced(name):
    d = make_dataset(name, n=300, seed=0, test_fraction=0.0)
    counts = np.bincount(d.y_train)
    assert len(counts) == d.n_classes and counts.max() - counts.min() <= 1


def test_xor_labels_follow_the_quadrants_without_noise():
    d = make_dataset("xor", n=300, noise=0.0, seed=1, test_fraction=0.0)
    np.testing.assert_array_equal(d.y_train, (np.sign(d.X_train[:, 0]) != np.sign(d.X_train[:, 1])).astype(int))


def test_circles_inner_class_is_inside_without_noise():
    d = make_dataset("circles", n=300, noise=0.0, seed=1, test_fraction=0.0)
    r = np.hypot(*d.X_train.T)
    assert r[d.y_train == 1].max() < r[d.y_train == 0].min()


@pytest.mark.parametrize("name", ["sin", "abs", "step", "poly"])
def test_regression_targets_without_noise_lie_on_the_curve(name):
    d = make_dataset(name, n=100, noise=0.0, seed=2)
    np.testing.assert_allclose(d.y_train, d.target(d.X_train[:, 0]))


def test_noise_moves_the_points():
    clean = make_dataset("sin", n=100, noise=0.0, seed=2)
    noisy = make_dataset("sin", n=100, noise=0.2, seed=2)
    resid = noisy.y_train - noisy.target(noisy.X_train[:, 0])
    assert 0.1 < resid.std() < 0.3 and np.allclose(clean.X_train, noisy.X_train)


def test_scores_accuracy_and_r2():
    d = make_dataset("xor", n=100, seed=0)
    assert d.score(d.targets(d.y_test), d.y_test) == 1.0
    r = make_dataset("poly", n=100, seed=0)
    assert r.score(r.targets(r.y_test), r.y_test) == 1.0
    assert r.score(np.full((len(r.y_test), 1), r.y_test.mean()), r.y_test) == pytest.approx(0.0)


@pytest.mark.parametrize("kwargs, words", [
    ({"name": "nope"}, "unknown dataset"),
    ({"name": "xor", "n": 3}, "number of points"),
    ({"name": "xor", "n": 10**6}, "number of points"),
    ({"name": "xor", "noise": float("nan")}, "noise"),
    ({"name": "xor", "test_fraction": 1.0}, "test fraction"),
])
def test_bad_requests_raise_dataset_error(kwargs, words):
    with pytest.raises(DatasetError, match=words):
        make_dataset(**kwargs)


def csv_text(rows, header=True):
    lines = (["x1,x2,label"] if header else []) + [",".join(map(str, r)) for r in rows]
    return "\n".join(lines) + "\n"


def test_a_valid_csv_becomes_a_scaled_classification_dataset():
    rng = np.random.default_rng(0)
    rows = [(x, y, int(x > 10)) for x, y in rng.uniform(0, 20, (40, 2))]
    d = parse_csv(csv_text(rows).encode(), test_fraction=0.25, seed=0)
    assert d.task == "binary" and d.n_classes == 2
    assert len(d.X_train) == 30 and len(d.X_test) == 10
    assert d.X_all.min() == -1.0 and d.X_all.max() == 1.0
    three = parse_csv(csv_text([(i, i % 7, i % 3) for i in range(30)], header=False))
    assert three.task == "multiclass" and three.n_classes == 3


@pytest.mark.parametrize("text, words", [
    ("x1,x2,label\n", "at least 10"),
    (csv_text([(1, 2, 0)] * 5 + [(2, 1, 1)] * 5 + [(1, 2)]), "row 11 has 2 columns"),
    (csv_text([(1, 2, 0)] * 5 + [(2, "abc", 1)] * 5), "row 6, column 2: 'abc' is not a number"),
    (csv_text([(1, 2, 0)] * 5 + [(2, "inf", 1)] * 5), "not a finite number"),
    (csv_text([(i, 2 * i, 0.5) for i in range(12)]), "whole numbers"),
    (csv_text([(i, 2 * i, 1) for i in range(12)]), "only one class"),
    (csv_text([(i, 2 * i, i) for i in range(12)]), "12 classes"),
    (csv_text([(1, i, i % 2) for i in range(12)]), "constant"),
    (csv_text([(i, i, i % 2) for i in range(MAX_CSV_ROWS + 1)]), "data rows; the limit"),
])
def test_bad_csv_gets_a_clear_error(text, words):
    with pytest.raises(CSVError, match=words):
        parse_csv(text.encode())


def test_csv_size_and_encoding_limits():
    with pytest.raises(CSVError, match="bytes"):
        parse_csv(b"1,2,0\n" * (MAX_CSV_BYTES // 6 + 1))
    with pytest.raises(CSVError, match="UTF-8"):
        parse_csv(b"\xff\xfe\x00garbage" * 3)
    assert issubclass(CSVError, DatasetError) and issubclass(DatasetError, ValueError)
