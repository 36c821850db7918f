"""Figure builders of the Training lab and Depth pages, checked on the figure objects (no browser)."""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np

import activations
from figures import training as ft
from figures.training import (
    confusion_heatmap,
    dead_units,
    decision_boundary,
    fitted_curve,
    gradient_norms,
    loss_curves,
    quantile_bands,
    spread_by_layer,
)
from nets import MLP, HiddenActivation, TrainConfig, Trainer, make_dataset
from nets.depth import stack_stats
from ui.i18n import catalogue


def linear_model(w1: float, w2: float, output="sigmoid", k=1) -> MLP:
    model = MLP([2, k], [], output, seed=0)
    model.weights[0][:] = np.array([[w1] * k, [w2] * k]) * (np.arange(k) + 1 if k > 1 else 1)
    model.biases[0][:] = 0
    return model


def test_loss_curves_show_train_and_test_per_run_on_a_log_axis():
    data = make_dataset("xor", n=100, seed=0)
    runs = []
    for key, colour in (("tanh", "#0072B2"), ("relu", "#E69F00")):
        t = Trainer(MLP.for_data(data, [4], [HiddenActivation.of(activations.get(key))], "xavier", 0), data,
                    TrainConfig(epochs=20)).run()
        runs.append((key, colour, t.history))
    fig = loss_curves(runs)
    assert len(fig.data) == 4 and fig.layout.yaxis.type == "log"
    np.testing.assert_array_equal(fig.data[0].y, runs[0][2].train_loss)
    np.testing.assert_array_equal(fig.data[1].y, runs[0][2].test_loss)
    assert fig.data[1].line.dash == "dash" and fig.data[2].line.color == "#E69F00"


def test_decision_boundary_is_oriented_like_the_data():
    data = make_dataset("xor", n=100, seed=0)
    fig = decision_boundary(linear_model(5.0, 0.0), data, "x1 only")  # P depends on x1 alone
    heat = fig.data[0]
    z = np.asarray(heat.z)
    assert np.allclose(z, z[0:1, :])  # constant down each column: columns follow x (x1)
    assert np.all(np.diff(z[0]) > 0)  # and rise with x1
    xs = np.asarray(heat.x)
    np.testing.assert_allclose(z[0], 1 / (1 + np.exp(-5 * xs)))
    points = sum(len(tr.x) for tr in fig.data if tr.type == "scatter")
    assert points == len(data.X_train) + len(data.X_test)
    assert fig.layout.yaxis.scaleanchor == "x"


def test_multiclass_boundary_shows_the_winning_class():
    data = make_dataset("blobs", n=90, seed=0)
    model = MLP([2, 3], [], "softmax", seed=0)
    model.weights[0][:] = [[1.0, 0.0, -1.0], [0.0, 0.0, 0.0]]
    z = np.asarray(decision_boundary(model, data, "blobs").data[0].z)
    xs = np.asarray(decision_boundary(model, data, "blobs").data[0].x)
    np.testing.assert_array_equal(z[0], np.where(xs > 0, 0, 2))


def test_fitted_curve_draws_target_samples_and_fit():
    data = make_dataset("sin", n=80, noise=0.1, seed=0)
    model = MLP([1, 1], [], "identity", seed=0)
    model.weights[0][:] = 2.0
    fig = fitted_curve(model, data, "#0072B2", "fit")
    by_name = {tr.name: tr for tr in fig.data}
    np.testing.assert_allclose(by_name["target"].y, np.sin(np.pi * np.asarray(by_name["target"].x)))
    np.testing.assert_allclose(by_name["network"].y, 2.0 * np.asarray(by_name["network"].x))
    assert len(by_name["train"].x) == len(data.X_train)


def test_confusion_heatmap_puts_true_classes_down_and_predictions_across():
    data = make_dataset("blobs", n=90, seed=0)
    model = MLP([2, 3], [], "softmax", seed=0)
    model.weights[0][:] = [[1.0, 0.0, -1.0], [0.0, 0.0, 0.0]]  # class 0 right of x1 = 0, class 2 left
    counts = data.confusion(model.predict(data.X_test), data.y_test)
    predicted = np.where(data.X_test[:, 0] > 0, 0, 2)
    for i in range(3):
        assert list(counts[i]) == [np.sum((data.y_test == i) & (predicted == j)) for j in range(3)]
    assert not counts[:, 1].any()  # class 1 is never the largest output
    fig = confusion_heatmap(counts, "#0072B2", "Tanh")
    heat = fig.data[0]
    np.testing.assert_array_equal(np.asarray(heat.z), counts)
    assert list(heat.x) == list(heat.y) == ["0", "1", "2"]
    np.testing.assert_allclose(np.asarray(heat.customdata).sum(axis=1), 1.0)  # each row's share of its class
    assert fig.layout.yaxis.autorange == "reversed"  # class 0 on the top row, as a matrix is read
    assert fig.layout.xaxis.title.text == "predicted class" and fig.layout.yaxis.title.text == "true class"
    assert fig.layout.title.text == "Tanh" and heat.texttemplate == "%{text}"


def test_confusion_heatmap_of_a_class_without_test_points_and_in_chinese():
    zh = {k.rsplit(".", 1)[1]: v for k, v in catalogue("zh").items() if k.startswith("figures.training.")}
    fig = confusion_heatmap(np.array([[3, 1], [0, 0]]), "#E69F00", "ReLU", words=zh)
    np.testing.assert_array_equal(np.asarray(fig.data[0].customdata), [[0.75, 0.25], [0.0, 0.0]])
    assert fig.layout.xaxis.title.text == "预测类别" and fig.layout.yaxis.title.text == "真实类别"
    assert "个测试点" in fig.data[0].hovertemplate


def test_depth_figures():
    stats = stack_stats(activations.get("relu"), depth=6, width=16, init="he", seed=0)
    bands = quantile_bands(stats.grad_quantiles, "#0072B2", "g", "|g|", log=True)
    assert bands.layout.yaxis.type == "log"
    median = next(tr for tr in bands.data if tr.name == "median")
    np.testing.assert_array_equal(median.y, stats.grad_quantiles[:, 2])
    np.testing.assert_array_equal(median.x, np.arange(1, 7))
    np.testing.assert_allclose(dead_units(stats, "#000000").data[0].y, 100 * stats.dead_fraction)
    norms = gradient_norms([("relu", "#000000", np.array([1.0, 0.0, 2.0]))])
    assert norms.layout.yaxis.type == "log"
    assert np.isnan(norms.data[0].y[1]) and norms.data[0].y[2] == 2.0  # zero cannot sit on a log axis
    spread = spread_by_layer([("relu", "#000000", stats.act_std)])
    np.testing.assert_array_equal(spread.data[0].y, stats.act_std)


def test_figures_take_their_wording_from_the_caller():
    zh = {k.rsplit(".", 1)[1]: v for k, v in catalogue("zh").items() if k.startswith("figures.training.")}
    fig = spread_by_layer([("ReLU", "#000000", np.array([1.0, 0.5]))], zh)
    assert fig.layout.title.text == "每层激活值的离散程度"
    assert fig.layout.xaxis.title.text == "层" and fig.layout.yaxis.title.text == "激活值的标准差"
    norms = gradient_norms([("ReLU", "#000000", np.array([1.0, 0.5]))], zh)
    assert norms.layout.title.text == "每层权重梯度的范数" and norms.layout.xaxis.title.text == "层（1 = 最靠近输入）"
    # some words only: the rest stay English
    dead = dead_units(SimpleNamespace(depth=2, dead_fraction=np.array([0.0, 0.5])), "#000000",
                      {"dead_title": "每层的死亡单元", "dead": "死亡"})
    assert dead.layout.title.text == "每层的死亡单元" and "死亡" in dead.data[0].hovertemplate
    assert dead.layout.xaxis.title.text == ft.WORDS["layer"] == "layer"
