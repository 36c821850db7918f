"""Shared pieces for the nets tests."""
from __future__ import annotations

import numpy as np

import activations
from activations import Activation
from nets import MLP, HiddenActivation, TrainConfig, Trainer


def identity() -> Activation:
    """The registry's identity when it has one; otherwise the same function defined here."""
    if "identity" in activations.names():
        return activations.get("identity")
    return Activation(key="identity", label="Identity", family="Linear and steps",
                      fn=lambda x: x, dfn=lambda x: np.ones_like(x), latex="x", dlatex="1",
                      torch_expr="x", numpy_expr="x")


def train(data, key_or_act, widths=(16, 16), epochs=300, lr=0.03, optimizer="adam", seed=0, init=None,
          batch_size=None, l2=0.0) -> Trainer:
    act = key_or_act if isinstance(key_or_act, Activation) else activations.get(key_or_act)
    if init is None:
        init = "he" if "rectifier" in act.tags else "xavier"
    model = MLP.for_data(data, widths, [HiddenActivation.of(act)] * len(widths), init, seed)
    config = TrainConfig(epochs=epochs, lr=lr, optimizer=optimizer, seed=seed, batch_size=batch_size, l2=l2)
    return Trainer(model, data, config).run(eval_every=epochs)
