"""A small multilayer perceptron in NumPy, trained by hand-written backpropagation.

Hidden layers take any registry activation (with its parameters), one per
layer; the forward pass calls `act.f` and the backward pass `act.df`, so the
network learns with exactly the curves the Explorer draws. A hidden layer may
also learn its activation's parameters, through `act.dparam` (`nets.learnable`).
The output layer is
fixed by the task: sigmoid (two classes), softmax (several) or identity
(regression).
"""
from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.special import expit, log_softmax, softmax

from .layers import HiddenActivation, Layer, NetError, check_sizes, forward, init_layers, with_hidden

OUTPUTS = ("sigmoid", "softmax", "identity")
LOSSES = ("cross_entropy", "mse")
OPTIMIZERS = ("sgd", "adam")


class MLP:
    """Dense network: `sizes` = [inputs, hidden..., outputs], one `HiddenActivation` per hidden layer.

    `layers` holds one `Layer` per weight matrix; the last is affine, its output goes through
    the task's output function (`activate_output`).
    """

    def __init__(self, sizes: Sequence[int], hidden: Sequence[HiddenActivation], output: str = "sigmoid",
                 init: str = "xavier", seed: int = 0):
        sizes = check_sizes(sizes)
        if len(hidden) != len(sizes) - 2:
            raise NetError("hidden_count", "{layers} hidden layers need {layers} activations, got {count}",
                           layers=len(sizes) - 2, count=len(hidden))
        if output not in OUTPUTS:
            raise NetError("unknown_output", "unknown output {name!r}; choose one of {choices}", name=output,
                           choices=", ".join(OUTPUTS))
        if output == "softmax" and sizes[-1] < 2:
            raise NetError("softmax_units", "a softmax output needs at least two units")
        self.sizes, self.output, self.init, self.seed = sizes, output, init, seed
        self.layers: list[Layer] = with_hidden(init_layers(sizes, init, seed), hidden)

    @property
    def hidden(self) -> list[HiddenActivation]:
        return [layer.activation for layer in self.layers[:-1]]

    @property
    def weights(self) -> list[np.ndarray]:
        return [layer.weight for layer in self.layers]

    @property
    def biases(self) -> list[np.ndarray]:
        return [layer.bias for layer in self.layers]

    @classmethod
    def for_data(cls, data, widths: Sequence[int], hidden: Sequence[HiddenActivation], init: str = "xavier",
                 seed: int = 0) -> MLP:
        """A network shaped for `data` (a `nets.Dataset`): its inputs, hidden `widths`, the task's output."""
        return cls([data.X_train.shape[1], *widths, data.n_outputs], hidden, data.output, init, seed)

    # -- forward -------------------------------------------------------------
    def logits(self, X: np.ndarray) -> np.ndarray:
        """Output pre-activations, shape (n, outputs)."""
        return forward(self.layers, X)

    def activate_output(self, logits: np.ndarray) -> np.ndarray:
        if self.output == "sigmoid":
            return expit(logits)
        if self.output == "softmax":
            return softmax(logits, axis=1)
        return logits

    def predict(self, X: np.ndarray) -> np.ndarray:
        """Probabilities (sigmoid/softmax) or values (identity), shape (n, outputs)."""
        return self.activate_output(self.logits(X))

    # -- loss and gradients --------------------------------------------------
    def default_loss(self) -> str:
        return "mse" if self.output == "identity" else "cross_entropy"

    def _check_loss(self, loss: str) -> None:
        if loss not in LOSSES:
            raise NetError("unknown_loss", "unknown loss {name!r}; choose one of {choices}", name=loss,
                           choices=", ".join(LOSSES))
        if loss == "cross_entropy" and self.output == "identity":
            raise NetError("cross_entropy_output", "cross-entropy needs a sigmoid or softmax output")
        if loss == "mse" and self.output == "softmax":
            raise NetError("mse_output", "mean squared error is offered with sigmoid or identity outputs")

    def loss_from_logits(self, logits: np.ndarray, Y: np.ndarray, loss: str) -> float:
        """Mean over samples; cross-entropy is computed from logits so it never takes log(0)."""
        if loss == "cross_entropy":
            if self.output == "sigmoid":
                return float(np.mean(np.logaddexp(0.0, logits) - Y * logits))
            return float(-np.mean(np.sum(Y * log_softmax(logits, axis=1), axis=1)))
        return float(np.mean((self.activate_output(logits) - Y) ** 2))

    def loss(self, X: np.ndarray, Y: np.ndarray, loss: str | None = None, l2: float = 0.0) -> float:
        loss = loss or self.default_loss()
        self._check_loss(loss)
        return self.loss_from_logits(self.logits(X), Y, loss) + self._penalty(l2)

    def _penalty(self, l2: float) -> float:
        return 0.5 * l2 * sum(float(np.sum(W * W)) for W in self.weights) if l2 else 0.0

    def gradients(self, X: np.ndarray, Y: np.ndarray, loss: str | None = None,
                  l2: float = 0.0) -> tuple[float, list[np.ndarray]]:
        """(loss, gradients): backpropagation written out, using `act.df`; gradients[i] is that of parameters()[i]."""
        loss = loss or self.default_loss()
        self._check_loss(loss)
        out, zs, hs = forward(self.layers, X, keep=True)
        n = X.shape[0]
        value = self.loss_from_logits(out, Y, loss) + self._penalty(l2)
        if loss == "cross_entropy":  # sigmoid+BCE and softmax+CE share this gradient
            dz = (self.activate_output(out) - Y) / n
        else:
            dz = 2.0 * (self.activate_output(out) - Y) / Y.size
            if self.output == "sigmoid":
                dz *= expit(out) * expit(-out)
        per_layer = [()] * len(self.layers)  # each layer's gradients, in the order of its parameters()
        ones = np.ones(n)  # ones @ dz sums the batch several times faster than dz.sum(axis=0)
        learned = ()  # the layer's learned activation parameters' gradients, found on the way through the one above
        for i in range(len(self.layers) - 1, -1, -1):
            layer = self.layers[i]
            dW = hs[i].T @ dz
            if l2:
                dW += l2 * layer.weight
            per_layer[i] = (dW, ones @ dz, *learned)
            if i:
                dz, learned = self.layers[i - 1].backward(zs[i - 1], dz @ layer.weight.T)
        return value, [g for grads in per_layer for g in grads]

    def parameters(self) -> list[np.ndarray]:
        """Every trained array, layer by layer (the optimisers update them in place)."""
        return [p for layer in self.layers for p in layer.parameters()]

    @property
    def learned(self) -> list[dict[str, np.ndarray]]:
        """Each hidden layer's learned activation parameters (`nets.learnable`; empty where none is)."""
        return [layer.learned for layer in self.layers[:-1]]

    def copy(self) -> MLP:
        other = object.__new__(MLP)
        other.__dict__.update(self.__dict__)
        other.layers = [layer.copy() for layer in self.layers]
        return other

    def describe(self) -> str:
        names = [layer.name for layer in self.hidden]
        return " → ".join(names) if len(set(names)) > 1 else (names[0] if names else "linear")


# -- training ------------------------------------------------------------------
@dataclass(frozen=True)
class TrainConfig:
    epochs: int = 300
    lr: float = 0.1
    batch_size: int | None = None  # None: full batch
    optimizer: str = "sgd"
    l2: float = 0.0
    loss: str | None = None  # None: cross-entropy for classification, MSE for regression
    seed: int = 0  # mini-batch order

    def __post_init__(self):
        if self.optimizer not in OPTIMIZERS:
            raise NetError("unknown_optimizer", "unknown optimizer {name!r}; choose one of {choices}",
                           name=self.optimizer, choices=", ".join(OPTIMIZERS))
        if not (np.isfinite(self.lr) and self.lr > 0):
            raise NetError("learning_rate", "the learning rate must be a positive number, got {value!r}", value=self.lr)
        if not (np.isfinite(self.l2) and self.l2 >= 0):
            raise NetError("l2", "the L2 strength must be zero or positive, got {value!r}", value=self.l2)
        if int(self.epochs) < 1:
            raise NetError("epochs", "train for at least one epoch, got {value!r}", value=self.epochs)
        if self.batch_size is not None and int(self.batch_size) < 1:
            raise NetError("batch_size", "a mini-batch holds at least one sample, got {value!r}", value=self.batch_size)


class _Adam:
    def __init__(self, params: list[np.ndarray], lr: float, b1=0.9, b2=0.999, eps=1e-8):
        self.lr, self.b1, self.b2, self.eps, self.t = lr, b1, b2, eps, 0
        self.m = [np.zeros_like(p) for p in params]
        self.v = [np.zeros_like(p) for p in params]

    def step(self, params, grads) -> None:
        self.t += 1
        c1, c2 = 1 - self.b1 ** self.t, 1 - self.b2 ** self.t
        for p, g, m, v in zip(params, grads, self.m, self.v):
            m *= self.b1
            m += (1 - self.b1) * g
            v *= self.b2
            v += (1 - self.b2) * (g * g)
            p -= (self.lr / c1) * m / (np.sqrt(v / c2) + self.eps)


@dataclass
class History:
    """Per evaluated epoch: losses, scores (accuracy, or R² for regression) and training seconds.

    `learned` maps (hidden layer, from 1; parameter name) to that learned parameter's values at each
    evaluated epoch: one array per epoch, of one value per unit or one shared.
    """

    epochs: list[int] = field(default_factory=list)
    train_loss: list[float] = field(default_factory=list)
    test_loss: list[float] = field(default_factory=list)
    train_score: list[float] = field(default_factory=list)
    test_score: list[float] = field(default_factory=list)
    learned: dict[tuple[int, str], list[np.ndarray]] = field(default_factory=dict)
    train_seconds: float = 0.0
    trained_epochs: int = 0

    @property
    def seconds_per_epoch(self) -> float:
        return self.train_seconds / self.trained_epochs if self.trained_epochs else float("nan")


class Trainer:
    """Trains one model on one dataset, a few epochs at a time (so a page can draw between chunks).

    `status` is "ready", "running", "done" or "diverged" (the loss became huge or
    not a number: usually a learning rate that is too large).
    """

    def __init__(self, model: MLP, data, config: TrainConfig):
        self.model, self.data, self.config = model, data, config
        self.loss_name = config.loss or model.default_loss()
        model._check_loss(self.loss_name)
        if model.sizes[0] != data.X_train.shape[1]:
            raise NetError("input_width", "the network takes {want} inputs, the data has {got}",
                           want=model.sizes[0], got=data.X_train.shape[1])
        self.Y_train = data.targets(data.y_train)
        self.Y_test = data.targets(data.y_test)
        if model.sizes[-1] != self.Y_train.shape[1]:
            raise NetError("output_width", "the network has {got} outputs, the task needs {want}",
                           got=model.sizes[-1], want=self.Y_train.shape[1])
        self.rng = np.random.default_rng([config.seed, 1])
        self.adam = _Adam(model.parameters(), config.lr) if config.optimizer == "adam" else None
        self.history = History()
        self.status = "ready"

    @property
    def epoch(self) -> int:
        return self.history.trained_epochs

    @property
    def finished(self) -> bool:
        return self.status in ("done", "diverged")

    def _update(self, X: np.ndarray, Y: np.ndarray) -> float:
        value, grads = self.model.gradients(X, Y, self.loss_name, self.config.l2)
        params = self.model.parameters()
        before = [{name: v.copy() for name, v in values.items()} for values in self.model.learned]
        if self.adam is not None:
            self.adam.step(params, grads)
        else:
            lr = self.config.lr
            for p, g in zip(params, grads):
                p -= lr * g
        for layer, values in zip(self.model.layers, before):
            layer.project(values)
        return value

    def train_epoch(self) -> float:
        """One pass over the training set; returns the last batch's loss."""
        X, Y, bs = self.data.X_train, self.Y_train, self.config.batch_size
        if bs is None or bs >= len(X):
            return self._update(X, Y)
        order = self.rng.permutation(len(X))
        value = float("nan")
        for start in range(0, len(X), bs):
            idx = order[start:start + bs]
            value = self._update(X[idx], Y[idx])
        return value

    def evaluate(self) -> None:
        m, d = self.model, self.data
        h = self.history
        h.epochs.append(self.epoch)
        for layer, values in enumerate(m.learned, start=1):
            for name, v in values.items():
                h.learned.setdefault((layer, name), []).append(v.copy())
        for X, Y, y, losses, scores in ((d.X_train, self.Y_train, d.y_train, h.train_loss, h.train_score),
                                        (d.X_test, self.Y_test, d.y_test, h.test_loss, h.test_score)):
            out = m.logits(X)
            losses.append(m.loss_from_logits(out, Y, self.loss_name) if len(X) else float("nan"))
            scores.append(d.score(m.activate_output(out), y) if len(X) else float("nan"))

    def _diverged(self, value: float) -> bool:
        """Not finite, or a thousand times the starting loss: the run is blowing up, stop drawing it."""
        start = self.history.train_loss[0] if self.history.train_loss else 1.0
        return (not np.isfinite(value) or value > 1e3 * max(1.0, start)
                or not all(np.isfinite(W).all() for W in self.model.weights))

    def run(self, epochs: int | None = None, eval_every: int = 1,
            on_epoch: Callable[[Trainer], bool | None] | None = None) -> Trainer:
        """Train up to `epochs` more (default: to the configured total); `on_epoch` returning False stops."""
        if self.finished:
            return self
        target = self.config.epochs if epochs is None else min(self.config.epochs, self.epoch + epochs)
        self.status = "running"
        if self.epoch == 0 and not self.history.epochs:
            with np.errstate(all="ignore"):
                self.evaluate()
        with np.errstate(all="ignore"):  # divergence is detected below and reported, not warned about
            while self.epoch < target:
                t0 = time.perf_counter()
                value = self.train_epoch()
                self.history.train_seconds += time.perf_counter() - t0
                self.history.trained_epochs += 1
                if self._diverged(value):
                    self.status = "diverged"
                    return self
                if self.epoch % eval_every == 0 or self.epoch == target:
                    self.evaluate()
                if on_epoch is not None and on_epoch(self) is False:
                    break
        if self.epoch >= self.config.epochs:
            self.status = "done"
        return self
