"""Training lab under AppTest, "watch it learn": the data and the network before training (and after a
setting changes), and the epoch slider that replays the snapshots, in English and Chinese."""
from __future__ import annotations

import numpy as np

from figures.replay import tile_columns, tiles
from tests.app.helpers import ask_frames, assert_no_exception, chart_specs, live_figures, live_knobs, run_app, set_knob
from tests.app.live_frames import sweep
from tests.plotly_arrays import arr
from ui.i18n import catalogue

TRAINING = "views/training.py"
STATE = "training_lab"
REPLAY = "tl_replay_live"
ZH = catalogue("zh")
F32 = float(np.finfo(np.float32).eps)


def preview(at) -> tuple[dict, dict]:
    [data] = chart_specs(at, "tl_preview_data")
    [network] = chart_specs(at, "tl_preview_network")
    return data, network


def labels(network: dict) -> list[list[str]]:
    return [a["text"].split("<br>") for a in network["layout"]["annotations"]]


def drawn_nodes(network: dict) -> list[int]:
    return [len(t["y"]) for t in network["data"] if t.get("mode") == "markers"]


def train(at, epochs: int = 100):
    at.select_slider(key="tl_epochs").set_value(epochs).run()
    at.button(key="tl_train").click().run(timeout=120)
    assert_no_exception(at)
    return at


def recorders(at) -> dict:
    comp = at.session_state[STATE]["comparison"]
    return {c.key: comp.watchers[c.key, comp.seeds[0]] for c in comp.candidates}


def test_the_data_and_the_network_show_before_training_and_follow_the_settings():
    at = run_app(page=TRAINING)
    assert_no_exception(at)
    assert STATE not in at.session_state
    data, network = preview(at)
    assert data["layout"]["title"]["text"] == "XOR: 210 train, 90 test points"
    assert sum(len(arr(t["x"])) for t in data["data"]) == 300
    assert {t["marker"]["symbol"] for t in data["data"]} == {"circle", "circle-open"}
    assert drawn_nodes(network) == [2, 7, 7, 1]          # 16 units: the first four and last three
    assert labels(network)[1] == ["hidden layer 1", "16 units"]
    assert labels(network)[-1] == ["in every hidden layer: Tanh · ReLU · Sigmoid"]
    assert labels(network)[3] == ["output", "1 unit", "sigmoid: P(class 1)"]

    at.slider(key="tl_layers").set_value(4)
    at.slider(key="tl_width").set_value(5)
    at.selectbox(key="tl_dataset").set_value("sin").run()
    assert_no_exception(at)
    data, network = preview(at)
    assert {t["name"] for t in data["data"]} == {"target", "train", "test"}
    assert drawn_nodes(network) == [1, 5, 5, 5, 5, 1]
    assert labels(network)[4][:2] == ["hidden layer 4", "5 units"]
    assert labels(network)[5][-1] == "identity: the value"


def test_after_training_the_epoch_slider_replays_every_snapshot():
    at = train(run_app(page=TRAINING))
    knob = live_knobs(at, REPLAY)["tl_replay"]
    assert (knob["label"], knob["low"], knob["high"], knob["step"], knob["value"]) == ("Epoch", 0, 100, 2, 100)
    assert knob["frames"] and not knob["range"]
    recs = recorders(at)
    assert recs and all(r.epochs == list(range(0, 101, 2)) for r in recs.values())

    frames = sweep(ask_frames(at, REPLAY, "tl_replay"))
    assert list(frames) == list(range(0, 101, 2))         # a frame for every snapshot
    base = live_figures(at, REPLAY)
    heat = [i for i, t in enumerate(base[1]["data"]) if t["type"] == "heatmap"]
    for epoch in (0, 40, 98):
        frame = frames[epoch]
        for i, rec in zip(heat, recs.values()):           # one boundary per network, as recorded then
            np.testing.assert_allclose(frame[1, i]["z"], rec.outputs[rec.epochs.index(epoch)][0], rtol=F32)
        marker = [v for (cell, _), v in frame.items() if cell == 0]
        assert [list(m["x"]) for m in marker] == [[epoch, epoch], [epoch] * 3]
        tanh = recs["tanh"]                                # the first network's units, one map per layer
        units = [v["z"] for (cell, _), v in sorted(frame.items()) if cell == 2]
        assert len(units) == 2
        for z, maps in zip(units, tanh.units[tanh.epochs.index(epoch)]):
            np.testing.assert_array_equal(z, tiles(maps, tile_columns(len(maps))))

    set_knob(at, "tl_replay", 40)                         # a release: the page redraws at epoch 40
    assert_no_exception(at)
    loss, panels, units = live_figures(at, REPLAY)
    assert list(arr(loss["data"][-2]["x"])) == [40, 40]
    for i, rec in zip(heat, recs.values()):
        np.testing.assert_allclose(arr(panels["data"][i]["z"]), rec.outputs[20][0], rtol=F32)
    assert units["layout"]["title"]["text"] == "Tanh: each hidden unit's output"
    at.selectbox(key="tl_units_of").set_value("relu").run()
    assert live_figures(at, REPLAY)[2]["layout"]["title"]["text"] == "ReLU: each hidden unit's output"


def test_a_new_run_replays_from_its_own_last_epoch():
    at = train(run_app(page=TRAINING), 100)
    set_knob(at, "tl_replay", 40)
    at = train(at, 50)
    assert live_knobs(at, REPLAY)["tl_replay"]["value"] == live_knobs(at, REPLAY)["tl_replay"]["high"] == 50


def test_watch_it_learn_in_chinese():
    at = run_app({"lang": "zh"}, page=TRAINING)
    at.session_state["lang"] = "zh"        # AppTest re-sends the language control by its label (see test_training_pages)
    assert_no_exception(at)
    assert ZH["training.watch.preview_header"] in [h.value for h in at.subheader]
    data, network = preview(at)
    assert data["layout"]["title"]["text"] == "异或（XOR）：210 个训练点，90 个测试点"
    assert labels(network)[1][:2] == ["第 1 隐藏层", "16 个单元"]
    at = train(at, 50)
    assert ZH["training.watch.replay_header"] in [h.value for h in at.subheader]
    assert live_knobs(at, REPLAY)["tl_replay"]["label"] == ZH["training.watch.epoch"] == "轮次"
    units = live_figures(at, REPLAY)[2]["layout"]
    assert units["title"]["text"].endswith("每个隐藏单元的输出")
    assert units["annotations"][0]["text"].startswith("第 1 层 · ")
