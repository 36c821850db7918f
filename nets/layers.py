"""Dense layers, the forward pass and the one weight initialiser, for every network in `nets`.

A layer maps a batch of row vectors x, shape (n, inputs), to x @ weight + bias with weight of
shape (inputs, outputs), then applies its hidden activation if it has one. That is the MLP's
orientation, which its backpropagation and export were written in; only the essay's small stacks
were turned round. (PyTorch's nn.Linear stores the transpose.)
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from activations import Activation, CodedError

from . import learnable

INITS = {
    # name: (label, weight std as a function of fan_in, fan_out)
    "xavier": ("Xavier / Glorot", lambda fi, fo: np.sqrt(2.0 / (fi + fo))),
    "he": ("He / Kaiming", lambda fi, fo: np.sqrt(2.0 / fi)),
    "lecun": ("LeCun (standard normal / √fan-in)", lambda fi, fo: np.sqrt(1.0 / fi)),
    "naive": ("Naive N(0, 1)", lambda fi, fo: 1.0),
}


class NetError(CodedError, ValueError):
    """A network or training setting that cannot work (shape, name or range)."""


@dataclass(frozen=True)
class HiddenActivation:
    """A registry activation with its resolved (validated) parameters, as a hidden layer applies it.

    `learn` names the parameters trained with the weights (name -> `nets.learnable.MODES`); they start
    at their value in `params`.
    """

    act: Activation
    params: dict = field(default_factory=dict)
    learn: dict = field(default_factory=dict)

    @classmethod
    def of(cls, act: Activation, **params) -> HiddenActivation:
        return cls(act, act.resolve(**params))

    def learning(self, modes: Mapping[str, str]) -> HiddenActivation:
        """The same activation with these parameters learned: name -> "shared" or "unit"."""
        for name, mode in modes.items():
            if name not in self.act.learnable:
                self.act.param(name)  # an unknown name raises its own error
                raise NetError("not_learnable", "{label} cannot learn {name!r}: f has no derivative in it",
                               key=self.act.key, label=self.act.label, name=name)
            if mode not in learnable.MODES:
                raise NetError("learn_mode", "a parameter is learned as one of {choices}, not {mode!r}",
                               choices=", ".join(map(repr, learnable.MODES)), mode=mode)
        return replace(self, learn=dict(modes))

    @property
    def name(self) -> str:
        return self.named(self.act.label)

    def named(self, label: str) -> str:
        """`label` (the activation's name, in any language) with the parameters moved off their defaults."""
        extra = ", ".join(f"{k}={v:g}" for k, v in self.params.items() if v != self.act.param(k).default)
        return f"{label} ({extra})" if extra else label

    def f(self, z: np.ndarray) -> np.ndarray:
        return self.act.f(z, **self.params)

    def df(self, z: np.ndarray) -> np.ndarray:
        return self.act.df(z, **self.params)


@dataclass(frozen=True, eq=False)
class Layer:
    """One dense layer: activation(x @ weight + bias), weight (inputs, outputs), bias (outputs,).

    Without an activation it is affine: an output layer, or a layer of a linear stack.
    `learned` holds the activation's learned parameters (`nets.learnable`). Training updates the
    arrays in place.
    """

    weight: np.ndarray
    bias: np.ndarray
    activation: HiddenActivation | None = None
    learned: dict[str, np.ndarray] = field(default_factory=dict)

    def affine(self, x: np.ndarray) -> np.ndarray:
        z = x @ self.weight
        z += self.bias  # in place: one array fewer per layer on the training path
        return z

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return self.activate(self.affine(x))

    def activate(self, z: np.ndarray) -> np.ndarray:
        if self.activation is None:
            return z
        if not self.learned:
            return self.activation.f(z)
        return learnable.apply(self.activation.act.f, z, self.activation.params, self.learned)

    def backward(self, z: np.ndarray, dh: np.ndarray) -> tuple[np.ndarray, tuple[np.ndarray, ...]]:
        """(∂L/∂z, gradients of the learned activation parameters) from ∂L/∂h, h = self.activate(z)."""
        if not self.learned:
            return dh * self.activation.df(z), ()
        return learnable.backward(self.activation.act, self.activation.params, self.learned, z, dh)

    def parameters(self) -> tuple[np.ndarray, ...]:
        """The trained arrays, in the order `MLP.gradients` returns their gradients."""
        return self.weight, self.bias, *self.learned.values()

    def project(self, before: Mapping[str, np.ndarray]) -> None:
        """After a step, the learned parameters back inside their bounds (`nets.learnable.project`)."""
        if self.learned:
            learnable.project(self.activation.act, self.activation.params, self.learned, before)

    def copy(self) -> Layer:
        return replace(self, weight=self.weight.copy(), bias=self.bias.copy(),
                       learned={name: v.copy() for name, v in self.learned.items()})


def forward(layers: Sequence[Layer], x: np.ndarray, keep: bool = False):
    """Run a batch (n, inputs) through the layers.

    With `keep`, also every layer's pre-activations z and every layer's input h
    (h[i] goes into layer i; the last h is the output), as backpropagation needs them.
    """
    h = np.asarray(x, dtype=np.float64)
    zs, hs = [], [h]
    for layer in layers:
        z = layer.affine(h)
        h = layer.activate(z)
        if keep:
            zs.append(z)
            hs.append(h)
    return (h, zs, hs) if keep else h


def with_hidden(layers: Sequence[Layer], hidden: Sequence[HiddenActivation | None]) -> list[Layer]:
    """The same weights with hidden[i] after layer i, its learned parameters at their start; the last
    layer stays affine."""
    return [replace(layer, activation=act,
                    learned=learnable.start(act.params, act.learn, layer.bias.size) if act else {})
            for layer, act in zip(layers, [*hidden, None], strict=True)]


def unknown_init(init: object) -> NetError:
    return NetError("unknown_init", "unknown initialisation {name!r}; choose one of {choices}", name=init,
                    choices=", ".join(INITS))


def check_sizes(sizes: Sequence[int]) -> list[int]:
    sizes = [int(s) for s in sizes]
    if len(sizes) < 2 or min(sizes) < 1:
        raise NetError("sizes", "layer sizes must be at least [inputs, outputs], all positive; got {sizes}",
                       sizes=sizes)
    return sizes


def init_layers(sizes: Sequence[int], init: str, seed: int, gain: float = 1.0,
                bias_scale: float = 0.0) -> list[Layer]:
    """Seeded affine layers sizes[0] -> sizes[1] -> ...: weights N(0, (gain · std)²) with the std
    of `init` (see INITS), biases N(0, bias_scale²), zero by default.

    The draws depend only on the shapes, the seed and the scales, so every activation starts from
    the same point. Each layer draws its weight, then its bias (no draw at bias_scale 0).
    """
    sizes = check_sizes(sizes)
    if init not in INITS:
        raise unknown_init(init)
    rng = np.random.default_rng(seed)
    std = INITS[init][1]
    layers = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        weight = rng.standard_normal((fan_in, fan_out)) * (std(fan_in, fan_out) * gain)
        bias = rng.standard_normal(fan_out) * bias_scale if bias_scale else np.zeros(fan_out)
        layers.append(Layer(weight, bias))
    return layers
