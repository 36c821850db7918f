"""The Training lab's sweep section under AppTest: a small sweep, its heat map, a stop, divergence, Chinese."""
from __future__ import annotations

import math

from nets.sweep import Cell, Runner, Sweep
from tests.app.helpers import assert_no_exception, chart_specs, run_app
from tests.app.test_training_pages import TRAINING
from ui.i18n import catalogue

STATE = "training_sweep"
ZH = catalogue("zh")


def small(at, lrs=(0.01, 0.1), seeds=2, epochs=50):
    at.select_slider(key="tl_epochs").set_value(epochs)
    at.multiselect(key="tl_sweep_lrs").set_value(list(lrs))
    at.number_input(key="tl_sweep_seeds").set_value(seeds).run()
    return at


def swept(at, timeout=120):
    at.button(key="tl_sweep_run").click().run(timeout=timeout)
    assert_no_exception(at)
    return at


def heatmap(at) -> dict:
    [spec] = [s for s in chart_specs(at) if "coloraxis" in s["layout"]]  # the sweep's shared score scale
    return spec


def test_a_small_sweep_uses_the_page_settings_and_draws_every_cell():
    at = run_app(page=TRAINING)
    assert at.multiselect(key="tl_sweep_acts").value == ["tanh", "relu", "sigmoid"]  # the chosen candidates
    assert at.multiselect(key="tl_sweep_depths").value == [2]  # the network's depth
    at = swept(small(at))
    state = at.session_state[STATE]
    sweep: Sweep = state["sweep"]
    assert state["status"] == "done" and sweep.finished
    assert sweep.width == 16 and sweep.init == "xavier" and sweep.seeds == [0, 1] and sweep.lrs == [0.01, 0.1]
    assert {j.config.epochs for j in sweep.jobs} == {50} and {j.config.optimizer for j in sweep.jobs} == {"adam"}
    spec = heatmap(at)
    scores = spec["data"][0]
    assert spec["layout"]["title"]["text"] == "Final test accuracy by activation and learning rate"
    assert scores["x"] == ["0.01", "0.1"] and scores["y"] == ["Tanh", "ReLU", "Sigmoid"]
    for i, key in enumerate(["tanh", "relu", "sigmoid"]):
        for j, lr in enumerate(sweep.lrs):
            assert scores["z"][i][j] == sweep.result(Cell(key, lr, 2)).score
            assert scores["text"][i][j] == f"{sweep.result(Cell(key, lr, 2)).score:.3f}"
    assert any("6 cells × 2 seeds = 12 training runs" in c.value for c in at.caption)
    assert any("50 epochs, 2 seeds per cell" in c.value for c in at.caption)


def test_several_depths_get_one_panel_each():
    at = run_app(page=TRAINING)
    at.multiselect(key="tl_sweep_acts").set_value(["tanh"])
    at.multiselect(key="tl_sweep_depths").set_value([1, 3])
    at = swept(small(at, lrs=(0.03,), seeds=1))
    spec = heatmap(at)
    assert [a["text"] for a in spec["layout"]["annotations"]] == ["hidden layers: 1", "hidden layers: 3"]
    assert [len(j.trainer().model.sizes) - 2 for j in at.session_state[STATE]["sweep"].jobs] == [1, 3]


def test_a_stopped_sweep_keeps_its_cells_and_says_how_far_it_got():
    at = swept(small(run_app(page=TRAINING)))
    done = at.session_state[STATE]["sweep"]
    # What a Stop click leaves behind: a sweep part-way through, still marked running.
    partial = Sweep(done.data, done.hidden, done.lrs, done.depths, done.width, done.init, done.jobs[0].config,
                    done.seeds)
    with Runner(partial, workers=1) as runner:
        while len(partial.outcomes) < 5:
            runner.advance(0.01)
    at.session_state[STATE] = {**at.session_state[STATE], "sweep": partial, "status": "running"}
    at.run()
    assert_no_exception(at)
    assert at.session_state[STATE]["status"] == "stopped"
    n = len(partial.outcomes)
    assert any(f"stopped after {n} of 12 training runs" in i.value for i in at.info)
    z = heatmap(at)["data"][0]["z"]
    drawn = [v for row in z for v in row if v is not None]
    assert 2 <= len(drawn) < 6  # whole cells first; the untrained ones stay empty


def test_a_learning_rate_that_diverges_is_marked_in_grey():
    at = run_app(page=TRAINING)
    at.selectbox(key="tl_dataset").set_value("poly")
    at.radio(key="tl_opt").set_value("sgd")
    at = swept(small(at, lrs=(0.001, 1.0), seeds=1))
    sweep = at.session_state[STATE]["sweep"]
    spec = heatmap(at)
    assert spec["layout"]["title"]["text"] == "Final test R² by activation and learning rate"
    scores, diverged = spec["data"]
    wild = [sweep.result(Cell(k, 1.0, 2)).diverged for k in sweep.hidden]
    assert any(wild)  # gradient descent at 1.0 on x³ − x blows up (see the training page's test)
    for i, key in enumerate(sweep.hidden):
        calm = sweep.result(Cell(key, 0.001, 2))
        assert calm.diverged == 0 and diverged["z"][i][0] is None and scores["z"][i][0] == calm.score
        if wild[i]:
            assert diverged["z"][i][1] == 1 and diverged["text"][i][1] == "diverged" and scores["z"][i][1] is None
    for trace in spec["data"]:  # no NaN sent to the browser
        assert all(math.isfinite(v) for row in trace["z"] for v in row if v is not None)


def test_nothing_to_sweep_asks_for_a_choice():
    at = run_app(page=TRAINING)
    at.multiselect(key="tl_sweep_lrs").set_value([]).run()
    assert_no_exception(at)
    assert any("at least one activation, one learning rate and one depth" in i.value for i in at.info)
    assert at.button(key="tl_sweep_run").disabled


def test_the_sweep_in_chinese():
    at = run_app({"lang": "zh"}, page=TRAINING)
    assert at.button(key="tl_sweep_run").label == ZH["training.sweep.run"] == "开始扫描"
    assert at.button(key="tl_sweep_stop").label == ZH["training.sweep.stop"]
    at.session_state["lang"] = "zh"  # AppTest re-sends the language control by its label, which resets it
    at = swept(small(at, lrs=(0.1,), seeds=1))
    spec = heatmap(at)
    assert spec["layout"]["title"]["text"] == ZH["figures.training.sweep_title"].format(
        score=ZH["figures.training.accuracy"])
    assert spec["layout"]["xaxis"]["title"]["text"] == ZH["figures.training.learning_rate"]
    assert spec["data"][0]["y"][0] == ZH["activations.tanh.label"]
    assert "学习率 0.1" in spec["data"][0]["hovertext"][0][0]
    assert any("每格 1 个随机种子" in c.value for c in at.caption)
