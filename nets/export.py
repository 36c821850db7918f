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
from activations import Activation, ActivationError, CodedError

from . import learnable
from .layers import HiddenActivation
from .mlp import MLP

FORMAT = "activation-lab-mlp"


class ExportError(CodedError, ValueError):
    """A network that cannot be exported (or a JSON document that is not one of ours)."""


def _check_finite(model: MLP) -> None:
    if not all(np.isfinite(p).all() for p in model.parameters()):
        raise ExportError("diverged", "the network's weights are not finite numbers (training diverged); "
                          "nothing to export")


def _hidden_dict(hidden: HiddenActivation, learned: dict[str, np.ndarray]) -> dict:
    """A hidden layer's activation; with learned parameters, how each is learned and its values."""
    out = {"activation": hidden.act.key, "params": dict(hidden.params)}
    if hidden.learn:
        out |= {"learn": dict(hidden.learn), "learned": {name: v.tolist() for name, v in learned.items()}}
    return out


def to_dict(model: MLP) -> dict:
    _check_finite(model)
    return {
        "format": FORMAT, "version": 1,
        "sizes": model.sizes, "output": model.output, "init": model.init, "seed": model.seed,
        "hidden": [_hidden_dict(h, values) for h, values in zip(model.hidden, model.learned)],
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
        hidden = [HiddenActivation.of(lookup(h["activation"]), **h["params"]).learning(h.get("learn", {}))
                  for h in doc["hidden"]]
        model = MLP(doc["sizes"], hidden, doc["output"], doc.get("init", "xavier"), doc.get("seed", 0))
        weights = [np.asarray(W, dtype=np.float64) for W in doc["weights"]]
        biases = [np.asarray(b, dtype=np.float64) for b in doc["biases"]]
        learned = [{name: np.asarray(h["learned"][name], dtype=np.float64) for name in h.get("learn", {})}
                   for h in doc["hidden"]] + [{}]
    except (KeyError, TypeError, ValueError) as exc:
        raise ExportError("malformed", "the network document is incomplete or malformed: {detail}",
                          detail=str(exc)) from None
    mine = [p for layer in model.layers for p in layer.parameters()]
    theirs = [p for W, b, values in zip(weights, biases, learned, strict=True) for p in (W, b, *values.values())]
    for a, b in zip(mine, theirs, strict=True):
        if a.shape != b.shape:
            raise ExportError("weight_shape", "a weight array has shape {got}, expected {want}", got=b.shape,
                              want=a.shape)
    model.layers = [replace(layer, weight=W, bias=b, learned=values)
                    for layer, W, b, values in zip(model.layers, weights, biases, learned)]
    for h, values in zip(model.hidden, model.learned):
        try:
            learnable.check(h.act, h.params, values)
        except ActivationError as exc:
            raise ExportError("learned_value", "a learned parameter cannot be used: {detail}",
                              detail=str(exc)) from None
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
# A learned slope of these is PyTorch's own nn.PReLU (the parameter that is the slope).
PRELU_SLOPE = {"leaky_relu": "k", "prelu": "init"}
# These `torch_expr`s take their parameters as Python numbers; a learned one is a tensor (one value
# per unit, broadcast over the batch), so a layer that learns one uses this expression instead.
TENSOR_EXPR = {
    "hardtanh": "torch.minimum(torch.maximum(x, torch.as_tensor(min_val)), torch.as_tensor(max_val))",
    "softshrink": "torch.sign(x) * torch.clamp(torch.abs(x) - lambd, min=0)",
    "elu": "torch.where(x > 0, x, alpha * torch.expm1(torch.clamp(x, max=0)))",
    "celu": "torch.where(x > 0, x, alpha * torch.expm1(torch.clamp(x, max=0) / alpha))",
    "rrelu": "torch.where(x >= 0, x, (lower + upper) / 2 * x)",
    "threshold": "torch.where(x > threshold, x, value)",
    "softplus": "torch.logaddexp(beta * x, torch.zeros_like(x)) / beta",
    "soft_exponential": "torch.where(alpha > 0, torch.expm1(alpha * x) / torch.where(alpha > 0, alpha, 1.0) + alpha, x)",
}


def _function(i: int, layer: HiddenActivation) -> str:
    """`act_i(x, ...)`: the fixed parameters as defaults; the learned ones come in as tensors."""
    if not layer.act.torch_expr:
        raise ExportError("no_torch", "{label} has no PyTorch expression; export it as JSON instead",
                          key=layer.act.key, label=layer.act.label)
    args = "".join(f", {name}" if name in layer.learn else f", {name}={value!r}" for name, value in layer.params.items())
    args = f", *{args}" if args else ""  # keyword-only: a learned parameter may follow one with a default
    expr = TENSOR_EXPR.get(layer.act.key, layer.act.torch_expr) if layer.learn else layer.act.torch_expr
    learned = "; learned: " + ", ".join(f"{name} ({mode})" for name, mode in layer.learn.items()) if layer.learn else ""
    return f"def act_{i}(x{args}):\n    \"\"\"{layer.name}{learned}\"\"\"\n    return {expr}\n"


def _module(i: int, layer: HiddenActivation) -> str:
    """The expression that builds hidden layer i's activation module in the exported code."""
    slope = PRELU_SLOPE.get(layer.act.key)
    if slope is not None and slope in layer.learn:
        return f"prelu(LEARNED[{i - 1}][{slope!r}])"
    return f"Activation(act_{i}, LEARNED[{i - 1}])"


def to_pytorch(model: MLP) -> str:
    """Python source defining `Net` and `model` (a float64 `torch.nn.Module`) that reproduce `model.predict`.

    Learned activation parameters are trainable tensors of the model: a learned leaky slope an
    nn.PReLU with one slope per unit (or one shared), any other one a parameter of `Activation`.
    """
    _check_finite(model)
    functions = [_function(i, layer) for i, layer in enumerate(model.hidden, start=1)]
    modules = ", ".join(_module(i, layer) for i, layer in enumerate(model.hidden, start=1))
    weights = ",\n    ".join(json.dumps(W.tolist()) for W in model.weights)
    biases = ",\n    ".join(json.dumps(b.tolist()) for b in model.biases)
    learned = ",\n    ".join(json.dumps({name: v.tolist() for name, v in values.items()}) for values in model.learned)
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
# Activation parameters learned in Activation Lab, per hidden layer: one value per unit, or one shared.
LEARNED = [
    {learned},
]


{chr(10).join(functions)}

class Activation(torch.nn.Module):
    """A hidden layer's activation; the parameters it learned are trainable tensors here too."""

    def __init__(self, fn, learned):
        super().__init__()
        self.fn = fn
        self.learned = torch.nn.ParameterDict(
            {{name: torch.nn.Parameter(torch.tensor(v, dtype=torch.float64)) for name, v in learned.items()}})

    def forward(self, x):
        return self.fn(x, **self.learned)


def prelu(slopes):
    """A learned leaky slope: PyTorch's PReLU, one slope per unit (or one shared)."""
    module = torch.nn.PReLU(num_parameters=len(slopes), dtype=torch.float64)
    with torch.no_grad():
        module.weight.copy_(torch.tensor(slopes, dtype=torch.float64))
    return module


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
        self.activations = torch.nn.ModuleList([{modules}])

    def forward(self, x):
        for linear, act in zip(self.linears[:-1], self.activations):
            x = act(linear(x))
        x = self.linears[-1](x)
        return {_OUTPUT_CODE[model.output]}


model = Net().eval()

if __name__ == "__main__":
    with torch.no_grad():
        print(model(torch.zeros(1, {model.sizes[0]}, dtype=torch.float64)))
'''
