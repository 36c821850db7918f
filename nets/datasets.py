"""Seeded toy datasets (2-D classification, 1-D regression) and validation of uploaded CSV files.

Every generator takes `n`, `noise` and `seed` and returns a `Dataset` already
split into train and test parts. Uploaded CSV text is parsed with the `csv`
module and checked for size, rows, numbers and labels; nothing in it is run.
"""
from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from activations import CodedError


class DatasetError(CodedError, ValueError):
    """A dataset request or an uploaded file that cannot be used; the message says why."""


@dataclass(frozen=True)
class Dataset:
    name: str
    task: str  # "binary", "multiclass" or "regression"
    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    n_classes: int = 0  # 0 for regression
    target: Callable[[np.ndarray], np.ndarray] | None = None  # noiseless curve (regression)

    @property
    def n_outputs(self) -> int:
        return self.n_classes if self.task == "multiclass" else 1

    @property
    def output(self) -> str:
        return {"binary": "sigmoid", "multiclass": "softmax", "regression": "identity"}[self.task]

    @property
    def X_all(self) -> np.ndarray:
        return np.vstack([self.X_train, self.X_test])

    def targets(self, y: np.ndarray) -> np.ndarray:
        """Labels as the network's target matrix: a column, or one-hot rows for several classes."""
        if self.task == "multiclass":
            return np.eye(self.n_classes)[y.astype(int)]
        return np.asarray(y, dtype=np.float64).reshape(-1, 1)

    def predicted_classes(self, out: np.ndarray) -> np.ndarray:
        """The class each row of network output picks: P(class 1) > 0.5, or the largest softmax output."""
        if self.task == "binary":
            return (out[:, 0] > 0.5).astype(int)
        return np.argmax(out, axis=1)

    def confusion(self, out: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Counts of (true class, predicted class): row i, column j holds class i points predicted as j."""
        counts = np.zeros((self.n_classes, self.n_classes), dtype=int)
        np.add.at(counts, (np.asarray(y, dtype=int), self.predicted_classes(out)), 1)
        return counts

    def score(self, out: np.ndarray, y: np.ndarray) -> float:
        """Accuracy for classification; R² (1 is perfect, 0 is the mean's fit) for regression."""
        if self.task != "regression":
            return float(np.mean(self.predicted_classes(out) == y))
        sst = float(np.sum((y - y.mean()) ** 2))
        sse = float(np.sum((out[:, 0] - y) ** 2))
        return 1.0 - sse / sst if sst > 0 else float("nan")


def split(name: str, task: str, X: np.ndarray, y: np.ndarray, test_fraction: float, seed: int,
          n_classes: int = 0, target=None) -> Dataset:
    if not 0.0 <= test_fraction < 1.0:
        raise DatasetError("test_fraction", "the test fraction must be in [0, 1), got {value!r}", value=test_fraction)
    rng = np.random.default_rng([seed, 2])
    order = rng.permutation(len(X))
    n_test = int(round(test_fraction * len(X)))
    test, train = order[:n_test], order[n_test:]
    return Dataset(name, task, X[train], y[train], X[test], y[test], n_classes, target)


# -- 2-D classification ----------------------------------------------------------
def _xor(n, noise, rng):
    y = np.arange(n) % 2  # label 1: the two quadrants where x1 and x2 differ in sign
    mag = rng.uniform(0.1, 1.0, (n, 2))  # a small gap around the axes, as in TensorFlow Playground
    sx = rng.choice([-1.0, 1.0], n)
    X = np.column_stack([sx * mag[:, 0], np.where(y == 1, -sx, sx) * mag[:, 1]])
    return X + noise * rng.standard_normal(X.shape), y


def _circles(n, noise, rng):
    y = np.arange(n) % 2
    r = np.where(y == 1, rng.uniform(0.0, 0.5, n), rng.uniform(0.7, 1.0, n))
    t = rng.uniform(0, 2 * np.pi, n)
    X = np.column_stack([r * np.cos(t), r * np.sin(t)])
    return X + noise * rng.standard_normal(X.shape), y


def _spirals(n, noise, rng):
    y = np.arange(n) % 2
    t = rng.uniform(0.0, 1.0, n)
    r = 0.1 + 0.9 * t
    angle = 3.5 * np.pi * t + np.pi * y
    X = np.column_stack([r * np.cos(angle), r * np.sin(angle)])
    return X + noise * rng.standard_normal(X.shape), y


def _moons(n, noise, rng):
    y = np.arange(n) % 2
    t = rng.uniform(0, np.pi, n)
    X = np.where(y[:, None] == 0,
                 np.column_stack([np.cos(t), np.sin(t)]),
                 np.column_stack([1 - np.cos(t), 0.5 - np.sin(t)]))
    X = (X - [0.5, 0.25]) / 1.2  # centred, roughly inside [-1, 1]^2
    return X + noise * rng.standard_normal(X.shape), y


def _blobs(n, noise, rng, k=3):
    y = np.arange(n) % k
    centres = 0.6 * np.column_stack([np.cos(2 * np.pi * np.arange(k) / k), np.sin(2 * np.pi * np.arange(k) / k)])
    X = centres[y] + (0.15 + noise) * rng.standard_normal((n, 2))
    return X, y


CLASSIFICATION = {
    "xor": ("XOR", _xor, 2),
    "circles": ("Two circles", _circles, 2),
    "spirals": ("Two spirals", _spirals, 2),
    "moons": ("Two moons", _moons, 2),
    "blobs": ("Gaussian blobs (3 classes)", _blobs, 3),
}

# -- 1-D regression -----------------------------------------------------------------
REGRESSION = {
    "sin": ("sin(πx)", lambda x: np.sin(np.pi * x)),
    "abs": ("|x|", lambda x: np.abs(x)),
    "step": ("step", lambda x: np.where(x >= 0, 1.0, 0.0)),
    "poly": ("x³ − x (polynomial)", lambda x: 1.5 * (x ** 3 - x)),
}

DATASETS = {**{k: v[0] for k, v in CLASSIFICATION.items()}, **{k: v[0] for k, v in REGRESSION.items()}}
MAX_POINTS = 5000


def make_dataset(name: str, n: int = 400, noise: float = 0.0, test_fraction: float = 0.3,
                 seed: int = 0) -> Dataset:
    """A named toy dataset: `n` points, Gaussian `noise` of that standard deviation, seeded split."""
    if name not in DATASETS:
        raise DatasetError("unknown_dataset", "unknown dataset {name!r}; choose one of {choices}", name=name,
                           choices=", ".join(DATASETS))
    if not (isinstance(n, (int, np.integer)) and 10 <= n <= MAX_POINTS):
        raise DatasetError("point_count", "the number of points must be a whole number from 10 to {limit}, "
                           "got {value!r}", limit=MAX_POINTS, value=n)
    if not (math.isfinite(noise) and 0.0 <= noise <= 1.0):
        raise DatasetError("noise", "noise must be between 0 and 1, got {value!r}", value=noise)
    rng = np.random.default_rng(seed)
    if name in CLASSIFICATION:
        label, gen, k = CLASSIFICATION[name]
        X, y = gen(int(n), noise, rng)
        return split(label, "binary" if k == 2 else "multiclass", X, y, test_fraction, seed, n_classes=k)
    label, fn = REGRESSION[name]
    x = rng.uniform(-1, 1, int(n))
    y = fn(x) + noise * rng.standard_normal(int(n))
    return split(label, "regression", x[:, None], y, test_fraction, seed, target=fn)


# -- uploaded CSV ---------------------------------------------------------------------
MAX_CSV_BYTES = 200_000
MAX_CSV_ROWS = 2000
MIN_CSV_ROWS = 10
MAX_CLASSES = 10


class CSVError(DatasetError):
    """An uploaded CSV file that is not a small 2-D labelled dataset."""


def _number(text: str, row: int, col: int) -> float:
    try:
        value = float(text)
    except ValueError:
        raise CSVError("csv_not_number", "row {row}, column {col}: {text!r} is not a number",
                       row=row, col=col, text=text[:30]) from None
    if not math.isfinite(value):
        raise CSVError("csv_not_finite", "row {row}, column {col}: {text!r} is not a finite number",
                       row=row, col=col, text=text[:30])
    return value


def parse_csv(data: bytes | str, test_fraction: float = 0.3, seed: int = 0, name: str = "Uploaded") -> Dataset:
    """Three columns `x1, x2, label` (an optional header row), integer class labels, at most
    MAX_CSV_ROWS rows and MAX_CSV_BYTES bytes. Inputs are scaled into [-1, 1] for training."""
    if isinstance(data, bytes):
        if len(data) > MAX_CSV_BYTES:
            raise too_big(len(data))
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise CSVError("csv_not_utf8", "the file is not UTF-8 text; save it as CSV (comma-separated values)"
                           ) from None
    elif len(data.encode()) > MAX_CSV_BYTES:
        raise too_big(len(data.encode()))
    try:
        rows = [r for r in csv.reader(io.StringIO(data)) if any(cell.strip() for cell in r)]
    except csv.Error as exc:
        raise CSVError("csv_invalid", "the file is not valid CSV: {detail}", detail=str(exc)) from None
    if rows and not _numeric(rows[0][0]):
        rows = rows[1:]  # header
    if len(rows) > MAX_CSV_ROWS:
        raise CSVError("csv_too_many_rows", "the file has {rows:,} data rows; the limit is {limit:,}",
                       rows=len(rows), limit=MAX_CSV_ROWS)
    if len(rows) < MIN_CSV_ROWS:
        raise CSVError("csv_too_few_rows", "the file has {rows} data rows; at least {limit} are needed",
                       rows=len(rows), limit=MIN_CSV_ROWS)
    values = np.empty((len(rows), 3))
    for i, row in enumerate(rows, start=1):
        if len(row) != 3:
            raise CSVError("csv_columns", "row {row} has {count} columns; expected 3 (x1, x2, label)",
                           row=i, count=len(row))
        values[i - 1] = [_number(cell.strip(), i, j) for j, cell in enumerate(row, start=1)]
    X, labels = values[:, :2], values[:, 2]
    if not np.all(labels == np.round(labels)):
        raise CSVError("csv_labels", "the label column must hold whole numbers (class labels such as 0 and 1)")
    classes, y = np.unique(labels.astype(int), return_inverse=True)
    if len(classes) < 2:
        raise CSVError("csv_one_class", "the labels name only one class; at least two are needed")
    if len(classes) > MAX_CLASSES:
        raise CSVError("csv_many_classes", "the labels name {count} classes; the limit is {limit}",
                       count=len(classes), limit=MAX_CLASSES)
    lo, hi = X.min(axis=0), X.max(axis=0)
    if np.any(hi - lo == 0):
        raise CSVError("csv_constant", "an input column is constant; both x1 and x2 must vary")
    X = 2 * (X - lo) / (hi - lo) - 1
    k = len(classes)
    return split(name, "binary" if k == 2 else "multiclass", X, y, test_fraction, seed, n_classes=k)


def too_big(size: int) -> CSVError:
    return CSVError("csv_too_big", "the file is {size:,} bytes; the limit is {limit:,}", size=size, limit=MAX_CSV_BYTES)


def _numeric(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False
