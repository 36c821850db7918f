"""Exported networks: JSON round-trips exactly; the generated PyTorch code, run with torch, predicts the same."""
from __future__ import annotations

import json

import numpy as np
import pytest
import torch

import activations
from nets import MLP, HiddenActivation, TrainConfig, Trainer, make_dataset
from nets.export import ExportError, from_json, to_json, to_pytorch

EXPORTABLE = [a.key for a in activations.all_activations() if a.torch_expr]  # RReLU: its evaluation mode


def trained(task="xor", keys=("tanh", "relu")):
    data = make_dataset(task, n=120, noise=0.1, seed=0)
    act = [activations.get(k) for k in keys]
    model = MLP.for_data(data, [6] * len(keys), [HiddenActivation.of(a) for a in act], "xavier", seed=0)
    Trainer(model, data, TrainConfig(epochs=30, lr=0.05, optimizer="adam")).run()
    return model, data


def run_exported(code: str, X: np.ndarray) -> np.ndarray:
    namespace = {"__name__": "exported"}
    exec(compile(code, "exported_network.py", "exec"), namespace)  # noqa: S102 - code we just generated
    with torch.no_grad():
        return namespace["model"](torch.tensor(X, dtype=torch.float64)).numpy()


@pytest.mark.parametrize("task", ["xor", "blobs", "sin"])
def test_json_round_trip_predicts_identically(task):
    model, data = trained(task)
    again = from_json(to_json(model))
    np.testing.assert_array_equal(again.predict(data.X_all), model.predict(data.X_all))
    assert json.loads(to_json(model))["hidden"][0]["activation"] == "tanh"


@pytest.mark.parametrize("task", ["xor", "blobs", "sin"])
def test_pytorch_code_reproduces_predictions(task):
    model, data = trained(task)
    got = run_exported(to_pytorch(model), data.X_all)
    np.testing.assert_allclose(got, model.predict(data.X_all), rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("key", EXPORTABLE)
def test_pytorch_code_for_every_registry_activation(key):
    act = activations.get(key)
    params = {p.name: p.slider_low + 0.3 * (p.slider_high - p.slider_low) for p in act.params}
    hidden = [HiddenActivation.of(act, **params), HiddenActivation.of(activations.get("tanh"))]
    model = MLP([2, 5, 4, 1], hidden, "sigmoid", "he", 3)
    X = np.random.default_rng(0).uniform(-3, 3, (64, 2))
    np.testing.assert_allclose(run_exported(to_pytorch(model), X), model.predict(X), rtol=1e-10, atol=1e-12)


def test_pytorch_code_runs_as_a_script(tmp_path):
    import subprocess
    import sys
    model, _ = trained()
    path = tmp_path / "net.py"
    path.write_text(to_pytorch(model))
    out = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "tensor" in out.stdout


def test_bad_documents_and_diverged_networks_are_refused():
    model, _ = trained()
    with pytest.raises(ExportError, match="JSON"):
        from_json("{not json")
    with pytest.raises(ExportError, match="format"):
        from_json('{"format": "something else"}')
    doc = json.loads(to_json(model))
    doc["weights"][0] = [[1.0]]
    with pytest.raises(ExportError, match="shape"):
        from_json(json.dumps(doc))
    model.weights[0][0, 0] = np.nan
    with pytest.raises(ExportError, match="diverged"):
        to_json(model)
    with pytest.raises(ExportError, match="diverged"):
        to_pytorch(model)
