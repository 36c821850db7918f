"""Export a trained `MLP`: JSON weights (and back), and standalone PyTorch code that predicts the same.

The PyTorch code is built from each activation's own `torch_expr` (trusted
definition text), with the layer's parameters as default arguments; weights are
written as float64 literals, which round-trip exactly.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace

import numpy as np

import activations
from activations import Activation, CodedError

from .layers import HiddenActivation
from .mlp import MLP

FORMAT = "activation-lab-mlp"


class ExportError(CodedError, ValueError):
    """A network that cannot be exported (or a JSON document that is not one of ours)."""


def _check_finite(model: MLP) -> None:
    if not all(np.isfinite(p).all() for p in model.parameters()):
        raise ExportError("diverged", "the network's weights are not finite numbers (training diverged); "
                          "nothing to export")


def to_dict(model: MLP) -> dict:
    _check_finite(model)
    return {
        "format": FORMAT, "version": 1,
        "sizes": model.sizes, "output": model.output, "init": model.init, "seed": model.seed,
        "hidden": [{"activation": layer.act.key, "params": dict(layer.params)} for layer in model.hidden],
        "weights": [W.tolist() for W in model.weights],
        "biases": [b.tolist() for b in model.biases],
    }


def to_json(model: MLP) -> str:
    return json.dumps(to_dict(model), indent=1)


def from_dict(doc: dict, lookup: Callable[[str], Activation] = activations.get) -> MLP:
    """Rebuild a network saved by `to_dict`; `lookup` resolves activation keys (custom ones included)."""
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ExportError("not_network", "not an exported Activation Lab network (expected format {format!r})",
                          format=FORMAT)
    try:
        hidden = [HiddenActivation.of(lookup(h["activation"]), **h["params"]) for h in doc["hidden"]]
        model = MLP(doc["sizes"], hidden, doc["output"], doc.get("init", "xavier"), doc.get("seed", 0))
        weights = [np.asarray(W, dtype=np.float64) for W in doc["weights"]]
        biases = [np.asarray(b, dtype=np.float64) for b in doc["biases"]]
    except (KeyError, TypeError, ValueError) as exc:
        raise ExportError("malformed", "the network document is incomplete or malformed: {detail}",
                          detail=str(exc)) from None
    for mine, theirs in zip(model.weights + model.biases, weights + biases, strict=True):
        if mine.shape != theirs.shape:
            raise ExportError("weight_shape", "a weight array has shape {got}, expected {want}", got=theirs.shape,
                          want=mine.shape)
    model.layers = [replace(layer, weight=W, bias=b) for layer, W, b in zip(model.layers, weights, biases)]
    return model


def from_json(text: str, lookup: Callable[[str], Activation] = activations.get) -> MLP:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ExportError("not_json", "not valid JSON: {detail}", detail=str(exc)) from None
    return from_dict(doc, lookup)


_OUTPUT_CODE = {
    "sigmoid": "torch.sigmoid(x)",
    "softmax": "torch.softmax(x, dim=1)",
    "identity": "x",
}


def to_pytorch(model: MLP) -> str:
    """Python source defining `Net` and `model` (a float64 `torch.nn.Module`) that reproduce `model.predict`."""
    _check_finite(model)
    functions = []
    for i, layer in enumerate(model.hidden, start=1):
        if not layer.act.torch_expr:
            raise ExportError("no_torch", "{label} has no PyTorch expression; export it as JSON instead",
                              key=layer.act.key, label=layer.act.label)
        args = "".join(f", {name}={value!r}" for name, value in layer.params.items())
        functions.append(f"def act_{i}(x{args}):\n    \"\"\"{layer.name}\"\"\"\n    return {layer.act.torch_expr}\n")
    acts = ", ".join(f"act_{i}" for i in range(1, len(model.hidden) + 1))
    weights = ",\n    ".join(json.dumps(W.tolist()) for W in model.weights)
    biases = ",\n    ".join(json.dumps(b.tolist()) for b in model.biases)
    return f'''"""A network trained in Activation Lab, as PyTorch: layer sizes {model.sizes}, hidden activations
{model.describe()}, {model.output} output. `model(x)` takes a float64 tensor of shape (n, {model.sizes[0]})."""
import math  # noqa: F401 (some activation expressions use it)

import torch

# Weights are stored (inputs, outputs), as in Activation Lab; nn.Linear wants the transpose.
WEIGHTS = [
    {weights},
]
BIASES = [
    {biases},
]


{chr(10).join(functions)}
ACTIVATIONS = [{acts}]


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.linears = torch.nn.ModuleList()
        for w, b in zip(WEIGHTS, BIASES):
            linear = torch.nn.Linear(len(w), len(b), dtype=torch.float64)
            with torch.no_grad():
                linear.weight.copy_(torch.tensor(w, dtype=torch.float64).T)
                linear.bias.copy_(torch.tensor(b, dtype=torch.float64))
            self.linears.append(linear)

    def forward(self, x):
        for linear, act in zip(self.linears[:-1], ACTIVATIONS):
            x = act(linear(x))
        x = self.linears[-1](x)
        return {_OUTPUT_CODE[model.output]}


model = Net().eval()

if __name__ == "__main__":
    with torch.no_grad():
        print(model(torch.zeros(1, {model.sizes[0]}, dtype=torch.float64)))
'''
