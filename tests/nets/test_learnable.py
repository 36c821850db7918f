"""Learned activation parameters (nets.learnable): their gradients against central differences, a
learned slope that finds the one the task needs, bounds kept, trajectories recorded, exports."""
from __future__ import annotations

import json

import numpy as np
import pytest
import torch

import activations
from nets import MLP, HiddenActivation, NetError, TrainConfig, Trainer, learnable
from nets.datasets import Dataset
from nets.export import ExportError, from_json, to_json, to_pytorch
from tests.nets.test_export import run_exported
from tests.nets.test_gradients import numeric_gradients, targets

LEARNABLE = [a.key for a in activations.all_activations() if a.learnable]
SMOOTH = [key for key in LEARNABLE if "smooth" in activations.get(key).tags]
EXPORTABLE = [key for key in LEARNABLE if activations.get(key).torch_expr]
TANH = HiddenActivation.of(activations.get("tanh"))


def inside(act, spread: float = 0.5) -> dict[str, float]:
    """Parameter values well inside their bounds, apart from each other (RReLU wants lower < upper)."""
    return {p.name: p.slider_low + (0.25 + spread * i / max(len(act.params), 1)) * (p.slider_high - p.slider_low)
            for i, p in enumerate(act.params)}


def learning(key: str, mode: str) -> HiddenActivation:
    act = activations.get(key)
    return HiddenActivation.of(act, **inside(act)).learning({name: mode for name in act.learnable})


def spread_units(model: MLP, seed: int = 0) -> None:
    """Move each unit's learned values apart (inside the bounds), so a mix-up of units shows."""
    rng = np.random.default_rng(seed)
    for layer in model.layers[:-1]:
        for name, v in layer.learned.items():
            p = layer.activation.act.param(name)
            v += rng.uniform(-0.1, 0.1, v.size) * (p.slider_high - p.slider_low)
            np.clip(v, p.slider_low, p.slider_high, out=v)


def relative_errors(model: MLP, output: str, loss: str, l2: float = 0.0, seed: int = 0) -> list[float]:
    """Per trained array: max |backprop - central difference| / max |central difference|."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((7, model.sizes[0]))
    Y = targets(rng, 7, model.sizes[-1], output)
    value, grads = model.gradients(X, Y, loss, l2)
    assert value == pytest.approx(model.loss(X, Y, loss, l2), rel=1e-12)
    numeric = numeric_gradients(model, X, Y, loss, l2)
    assert len(grads) == len(numeric) == len(model.parameters())
    return [float(np.max(np.abs(g - n)) / np.max(np.abs(n))) for g, n in zip(grads, numeric, strict=True)]


@pytest.mark.parametrize("mode", learnable.MODES)
@pytest.mark.parametrize("key", SMOOTH)
def test_backprop_with_learned_parameters_matches_central_differences(key, mode):
    h = learning(key, mode)
    model = MLP([3, 4, 5, 1], [h, h], "identity", "xavier", seed=1)
    for b in model.biases:
        b += 0.1
    spread_units(model)
    n_learned = len(h.learn)
    assert sum(len(values) for values in model.learned) == 2 * n_learned
    assert max(relative_errors(model, "identity", "mse")) <= 1e-6


@pytest.mark.parametrize("mode", learnable.MODES)
@pytest.mark.parametrize("key", sorted(set(LEARNABLE) - set(SMOOTH)))
def test_kinked_activations_learn_with_exact_gradients_away_from_their_kinks(key, mode):
    # Seeded inputs land nowhere near a kink, where a difference of ±1e-6 would straddle it.
    model = MLP([3, 4, 1], [learning(key, mode)], "sigmoid", "he", seed=2)
    spread_units(model, seed=1)
    assert max(relative_errors(model, "sigmoid", "cross_entropy", l2=0.05, seed=3)) <= 1e-6


def test_a_shared_gradient_is_the_per_unit_gradients_summed():
    X = np.random.default_rng(5).standard_normal((9, 2))
    Y = (X[:, :1] > 0).astype(float)
    grads = {}
    for mode in learnable.MODES:
        model = MLP([2, 6, 1], [learning("silu", mode)], "sigmoid", "xavier", seed=3)
        grads[mode] = model.gradients(X, Y)[1][2]  # after the first layer's weight and bias
    assert grads["unit"].shape == (6,) and grads["shared"].shape == (1,)
    assert grads["shared"][0] == pytest.approx(grads["unit"].sum(), rel=1e-12)
    assert np.ptp(grads["unit"]) > 0  # the units really differ


def bent_line(ratio: float) -> Dataset:
    """y = x for x > 0 and ratio · x below: only the slope on the negative side tells the ratio."""
    x = np.linspace(-2.0, 2.0, 81)
    y = np.where(x > 0, x, ratio * x)
    return Dataset("bent line", "regression", x[:, None], y, x[1::2, None], y[1::2])


def bent_line_net(data: Dataset, mode: str | None, width: int = 1) -> MLP:
    """Leaky ReLU units that all start on the bent line's side: w₁ > 0 (set, not drawn), b₁ = 0, k = 0.01."""
    leaky = HiddenActivation.of(activations.get("leaky_relu"), k=0.01)
    model = MLP.for_data(data, [width], [leaky.learning({"k": mode}) if mode else leaky])
    model.weights[0][:] = np.linspace(1.0, 1.5, width)
    model.weights[1][:] = 1.0 / width
    return model


@pytest.mark.parametrize(("optimizer", "lr"), [("adam", 0.01), ("sgd", 0.3)])
def test_a_learned_leaky_slope_moves_to_the_slope_the_task_needs(optimizer, lr):
    # One unit: y = w₂ leaky(w₁x + b₁) + b₂ fits the bent line exactly only with k = 0.3 (b₁ = 0, w₁ > 0).
    data = bent_line(0.3)
    model = bent_line_net(data, "shared")
    trainer = Trainer(model, data, TrainConfig(epochs=1500, lr=lr, optimizer=optimizer)).run(eval_every=10)
    trajectory = np.array(trainer.history.learned[(1, "k")])
    assert trajectory.shape == (len(trainer.history.epochs), 1)
    assert trajectory[0, 0] == 0.01
    assert model.learned[0]["k"][0] == pytest.approx(0.3, abs=1e-3)
    assert trainer.history.train_loss[-1] < 1e-6
    # the same task with k fixed cannot bend: the loss stays far above
    still = Trainer(bent_line_net(data, None), data, TrainConfig(epochs=1500, lr=lr, optimizer=optimizer)).run(eval_every=1500)
    assert still.history.train_loss[-1] > 1e3 * trainer.history.train_loss[-1]


@pytest.mark.parametrize(("ratio", "bound"), [(-0.5, "slider_low"), (1.5, "slider_high")])
@pytest.mark.parametrize("mode", learnable.MODES)
def test_a_learned_slope_pressed_past_its_open_bounds_stays_a_step_inside(ratio, bound, mode):
    k = activations.get("leaky_relu").param("k")
    data = bent_line(ratio)
    model = bent_line_net(data, mode, width=4)
    trainer = Trainer(model, data, TrainConfig(epochs=800, lr=0.02, optimizer="adam")).run()
    trajectory = np.array(trainer.history.learned[(1, "k")])
    assert np.all((trajectory > k.low) & (trajectory < k.high))  # 0 < k < 1, never on the open bound
    assert np.all((trajectory >= k.slider_low) & (trajectory <= k.slider_high))
    assert np.any(trajectory[-1] == getattr(k, bound))  # pressed against the bound, and held there


def test_projection_keeps_values_from_before_where_a_step_makes_no_sense():
    elu = activations.get("elu")
    values = {"alpha": np.array([5.0, np.nan, -1.0, 1.5])}
    learnable.project(elu, {}, values, {"alpha": np.array([1.0, 2.0, 1.0, 1.0])})
    np.testing.assert_array_equal(values["alpha"], [3.0, 2.0, 0.1, 1.5])  # clipped, not a number: as before
    rrelu = activations.get("rrelu")
    values = {"lower": np.array([0.1, 0.6]), "upper": np.array([0.5, 0.4])}  # unit 1 crossed: lower > upper
    learnable.project(rrelu, {}, values, {"lower": np.array([0.2, 0.2]), "upper": np.array([0.5, 0.5])})
    np.testing.assert_array_equal(values["lower"], [0.1, 0.2])
    np.testing.assert_array_equal(values["upper"], [0.5, 0.5])


def test_trajectories_are_recorded_at_each_evaluation_for_every_layer():
    data = bent_line(0.3)
    hidden = [learning("silu", "unit"), TANH, learning("elu", "shared")]
    model = MLP.for_data(data, [5, 3, 4], hidden, "xavier", seed=1)
    history = Trainer(model, data, TrainConfig(epochs=20, lr=0.05, optimizer="adam")).run(eval_every=5).history
    assert history.epochs == [0, 5, 10, 15, 20]
    assert set(history.learned) == {(1, "beta"), (3, "alpha")}
    betas, alphas = (np.array(history.learned[key]) for key in ((1, "beta"), (3, "alpha")))
    assert betas.shape == (5, 5) and alphas.shape == (5, 1)
    assert np.all(betas[0] == hidden[0].params["beta"]) and alphas[0, 0] == hidden[2].params["alpha"]
    np.testing.assert_array_equal(betas[-1], model.learned[0]["beta"])
    assert np.ptp(betas[-1]) > 0  # one value per unit, each its own


def test_learning_refuses_a_parameter_without_a_derivative_and_an_unknown_mode():
    with pytest.raises(NetError, match="cannot learn 'threshold'") as err:
        HiddenActivation.of(activations.get("threshold")).learning({"threshold": "shared"})
    assert err.value.code == "not_learnable"
    with pytest.raises(NetError, match="'shared', 'unit'"):
        HiddenActivation.of(activations.get("elu")).learning({"alpha": "each"})
    with pytest.raises(activations.ParameterError):
        HiddenActivation.of(activations.get("elu")).learning({"beta": "shared"})


def trained_learning(mode: str) -> tuple[MLP, np.ndarray]:
    data = bent_line(0.3)
    hidden = [learning("leaky_relu", mode), learning("softplus", mode)]
    model = MLP.for_data(data, [4, 3], hidden, "he", seed=2)
    Trainer(model, data, TrainConfig(epochs=40, lr=0.05, optimizer="adam")).run()
    return model, data.X_all


@pytest.mark.parametrize("mode", learnable.MODES)
def test_learned_parameters_round_trip_in_json(mode):
    model, X = trained_learning(mode)
    doc = json.loads(to_json(model))
    assert doc["hidden"][0]["learn"] == {"k": mode} and doc["hidden"][1]["learn"] == {"beta": mode}
    again = from_json(to_json(model))
    for mine, theirs in zip(model.learned, again.learned, strict=True):
        assert mine.keys() == theirs.keys()
        for name in mine:
            np.testing.assert_array_equal(mine[name], theirs[name])
    np.testing.assert_array_equal(again.predict(X), model.predict(X))
    assert [h.learn for h in again.hidden] == [h.learn for h in model.hidden]


def test_a_network_that_learns_nothing_writes_the_same_json_as_before():
    model = MLP([2, 3, 1], [TANH], "sigmoid", "xavier", seed=0)
    assert json.loads(to_json(model))["hidden"] == [{"activation": "tanh", "params": {}}]


def test_a_json_learned_value_out_of_bounds_or_of_the_wrong_shape_is_refused():
    model, _ = trained_learning("unit")
    doc = json.loads(to_json(model))
    doc["hidden"][0]["learned"]["k"][1] = 1.5
    with pytest.raises(ExportError, match="learned parameter") as err:
        from_json(json.dumps(doc))
    assert err.value.code == "learned_value"
    doc["hidden"][0]["learned"]["k"] = [0.1]
    with pytest.raises(ExportError, match="shape"):
        from_json(json.dumps(doc))


@pytest.mark.parametrize("mode", learnable.MODES)
@pytest.mark.parametrize("key", EXPORTABLE)
def test_pytorch_code_with_learned_parameters_reproduces_predictions(key, mode):
    model = MLP([2, 5, 4, 1], [learning(key, mode), TANH], "sigmoid", "he", 3)
    spread_units(model, seed=4)
    X = np.random.default_rng(0).uniform(-3, 3, (64, 2))
    np.testing.assert_allclose(run_exported(to_pytorch(model), X), model.predict(X), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("mode", learnable.MODES)
def test_a_learned_leaky_slope_is_pytorch_s_prelu_and_every_learned_value_a_trainable_tensor(mode):
    model, X = trained_learning(mode)
    namespace = {"__name__": "exported"}
    exec(compile(to_pytorch(model), "exported_network.py", "exec"), namespace)  # noqa: S102 - code we just generated
    net = namespace["model"]
    prelu, softplus = net.activations
    assert isinstance(prelu, torch.nn.PReLU) and prelu.num_parameters == (4 if mode == "unit" else 1)
    np.testing.assert_array_equal(prelu.weight.detach().numpy(), model.learned[0]["k"])
    np.testing.assert_array_equal(softplus.learned["beta"].detach().numpy(), model.learned[1]["beta"])
    trained = {id(p) for p in net.parameters()}
    assert id(prelu.weight) in trained and id(softplus.learned["beta"]) in trained
    # gradients reach the learned tensors in PyTorch too
    net(torch.tensor(X, dtype=torch.float64)).sum().backward()
    assert prelu.weight.grad is not None and softplus.learned["beta"].grad.abs().sum() > 0
