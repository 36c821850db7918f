"""Snapshots of networks while they learn: the output, and each hidden unit's output, on a fixed grid.

A `Snapshots` recorder is a `Trainer.run` on_epoch hook (`watch` installs one per
candidate on a Comparison). It keeps epoch 0, every `every`-th epoch and the last one,
as float32 on coarse grids, so that a page can replay training with a slider. Memory
is bounded: about TARGET snapshots a run whatever the epochs, and the units of layers
after the first only while they fit in UNIT_BUDGET bytes.
"""
from __future__ import annotations

import bisect
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .compare import Comparison
from .layers import forward
from .mlp import MLP, Trainer

TARGET = 50                  # snapshots a run (plus epoch 0 and an off-grid last epoch)
GRID = {2: 40, 1: 200}       # points a side for the output: 40 × 40 over a plane, 200 along x
UNIT_GRID = {2: 16, 1: 60}   # the same for each hidden unit's thumbnail
PAD = {2: 0.15, 1: 0.05}     # margin around the data, as a fraction of its extent
UNIT_BUDGET = 4 * 2 ** 20    # bytes of unit outputs a run may keep


def bounds(X: np.ndarray, pad: float) -> tuple[np.ndarray, np.ndarray]:
    """The data's extent per input, widened by `pad` of it on each side (never zero-wide)."""
    lo, hi = X.min(axis=0), X.max(axis=0)
    span = np.maximum(hi - lo, 1e-9)
    return lo - pad * span, hi + pad * span


@dataclass(frozen=True)
class Plane:
    """A lattice over the inputs' extent, one or two dimensions: where a network is drawn or recorded."""

    axes: tuple[np.ndarray, ...]

    @classmethod
    def over(cls, X: np.ndarray, n: int) -> Plane:
        dims = X.shape[1]
        lo, hi = bounds(X, PAD[dims])
        return cls(tuple(np.linspace(lo[j], hi[j], n) for j in range(dims)))

    @property
    def shape(self) -> tuple[int, ...]:
        """Rows follow x₂ and columns x₁, as a heat map's z."""
        return tuple(len(a) for a in reversed(self.axes))

    @property
    def size(self) -> int:
        return math.prod(self.shape)

    @property
    def points(self) -> np.ndarray:
        if len(self.axes) == 1:
            return self.axes[0][:, None]
        gx, gy = np.meshgrid(*self.axes)
        return np.column_stack([gx.ravel(), gy.ravel()])

    def predict(self, model: MLP) -> np.ndarray:
        """The model's outputs over the lattice: shape (outputs, *shape)."""
        with np.errstate(all="ignore"):
            out = model.predict(self.points)
        return out.T.reshape(-1, *self.shape)

    def units(self, model: MLP, layers: int) -> list[np.ndarray]:
        """Each of the first `layers` hidden layers' outputs over the lattice: shape (units, *shape)."""
        with np.errstate(all="ignore"):
            _, _, hs = forward(model.layers, self.points, keep=True)
        return [h.T.reshape(-1, *self.shape) for h in hs[1:1 + layers]]


def spacing(epochs: int, target: int = TARGET) -> int:
    """Epochs between snapshots: about `target` evenly spaced snapshots in a run of `epochs`."""
    return max(1, math.ceil(epochs / target))


def layers_within(widths: Sequence[int], per_unit: int, count: int, budget: int) -> int:
    """How many hidden layers' units `count` snapshots can keep in `budget` bytes; the first always."""
    total, kept = 0, 0
    for width in widths:
        total += count * width * per_unit
        if kept and total > budget:
            break
        kept += 1
    return kept


class Snapshots:
    """One run, recorded: `epochs[i]`, its `outputs[i]` on `plane`, its `units[i]` (one array per
    recorded layer) on `unit_plane`. Make it before training: it records epoch 0 at once."""

    def __init__(self, model: MLP, data, epochs: int, every: int | None = None,
                 unit_budget: int = UNIT_BUDGET):
        dims = data.X_train.shape[1]
        self.every, self.last = every or spacing(epochs), int(epochs)
        self.plane = Plane.over(data.X_all, GRID[dims])
        self.unit_plane = Plane.over(data.X_all, UNIT_GRID[dims])
        count = self.last // self.every + 2
        self.unit_layers = layers_within(model.sizes[1:-1], 4 * self.unit_plane.size, count, unit_budget)
        self.epochs: list[int] = []
        self.outputs: list[np.ndarray] = []
        self.units: list[list[np.ndarray]] = []
        self.record(model, 0)

    def __call__(self, trainer: Trainer) -> None:
        """The on_epoch hook: record the epochs on the grid and the run's last one."""
        if trainer.epoch % self.every == 0 or trainer.epoch == self.last:
            self.record(trainer.model, trainer.epoch)

    def record(self, model: MLP, epoch: int) -> None:
        if self.epochs and self.epochs[-1] == epoch:
            return
        self.epochs.append(int(epoch))
        self.outputs.append(self.plane.predict(model).astype(np.float32))
        self.units.append([u.astype(np.float32) for u in self.unit_plane.units(model, self.unit_layers)])

    def at(self, epoch: float) -> int:
        """The index of the last snapshot taken at or before `epoch` (the first one before any)."""
        return max(0, bisect.bisect_right(self.epochs, epoch) - 1)

    @property
    def nbytes(self) -> int:
        return sum(o.nbytes + sum(u.nbytes for u in us) for o, us in zip(self.outputs, self.units))


def watch(comp: Comparison) -> dict[str, Snapshots]:
    """Record the run each candidate shows (the first seed's), by candidate key; call before training."""
    seed = comp.seeds[0]
    for cand in comp.candidates:
        trainer = comp.runs[cand.key, seed]
        comp.watchers[cand.key, seed] = Snapshots(trainer.model, comp.data, comp.config.epochs)
    return watched(comp)


def watched(comp: Comparison) -> dict[str, Snapshots]:
    """The recorders `watch` installed, by candidate key (none for a comparison never watched)."""
    seed = comp.seeds[0]
    return {c.key: comp.watchers[c.key, seed] for c in comp.candidates if (c.key, seed) in comp.watchers}
