"""Training lab and Depth pages under AppTest: settings, training, results, stop, errors, persistence."""
from __future__ import annotations

import numpy as np

from activations import Activation
from nets import Comparison
from tests.app.helpers import (
    assert_no_exception,
    chart_specs,
    has_chinese,
    live_figures,
    new_app,
    run_app,
    set_knob,
    training_charts,
)
from tests.plotly_arrays import arr
from ui.i18n import catalogue
from ui.registry import CUSTOM_KEY

TRAINING = "views/training.py"
DEPTH = "views/depth.py"
STATE = "training_lab"


def values(trace: dict, axis: str) -> np.ndarray:
    return arr(trace.get(axis, [])).astype(float)


def trained(at, timeout=120):
    at.button(key="tl_train").click().run(timeout=timeout)
    assert_no_exception(at)
    return at


def quick(at, epochs=50):
    at.select_slider(key="tl_epochs").set_value(epochs).run()
    return at


def table(at) -> list[dict]:
    return at.dataframe[0].value.to_dict("records")


def export_buttons(at) -> list:
    """The export expander's download buttons (the run history has one of its own)."""
    return [b for b in at.get("download_button") if "tl_dl_" in b.proto.id]


def test_training_page_loads_with_three_activations_ready():
    at = run_app(page=TRAINING)
    assert_no_exception(at)
    assert at.title[0].value == "Training lab"
    assert at.multiselect(key="tl_acts").value == ["tanh", "relu", "sigmoid"]
    assert not at.button(key="tl_train").disabled
    assert STATE not in at.session_state


def test_training_lists_the_activations_unranked_after_one_seed_and_draws_their_boundaries():
    at = trained(quick(run_app(page=TRAINING), 100))
    rows = table(at)
    assert [r["rank"] for r in rows] == ["—"] * 3  # one seed: no test, so no order (tests/app/test_training_honest.py)
    assert any(i.value.startswith("One seed: no test is possible") for i in at.info)
    assert {r["network"] for r in rows} == {"Tanh", "ReLU", "Sigmoid"}
    accuracies = [float(r["test accuracy"]) for r in rows]
    assert accuracies == sorted(accuracies, reverse=True)
    specs = training_charts(at)
    assert len(specs) == 7  # loss curves + three decision boundaries + three confusion matrices
    curves = specs[0]["data"]
    assert len(curves) == 6 and all(tr["legendgroup"] in {"Tanh", "ReLU", "Sigmoid"} for tr in curves)
    assert all(spec["data"][0]["type"] == "heatmap" for spec in specs[1:])
    assert {spec["layout"]["title"]["text"] for spec in specs[1:4]} == {"Tanh", "ReLU", "Sigmoid"}  # no "#1"
    state = at.session_state[STATE]
    assert state["status"] == "done" and state["comparison"].finished


def test_results_survive_a_page_switch():
    at = trained(quick(run_app(page=TRAINING)))
    before = table(at)
    at.switch_page(DEPTH).run(timeout=60)
    at.switch_page(TRAINING).run(timeout=60)
    assert_no_exception(at)
    assert table(at) == before
    assert at.select_slider(key="tl_epochs").value == 300  # widgets reset, the results stay


def test_an_interrupted_run_is_reported_as_stopped_with_partial_results():
    at = quick(run_app(page=TRAINING), 200)
    at = trained(at)
    comp = at.session_state[STATE]["comparison"]
    # What a Stop click leaves behind: a comparison part-way through, still marked running.
    partial = Comparison(comp.data, comp.candidates, comp.widths, comp.init, comp.config, comp.seeds)
    partial.step(40)
    at.session_state[STATE] = {"comparison": partial, "status": "running", "settings": "partial"}
    at.run()
    assert_no_exception(at)
    assert any("stopped after 120 of 600 epochs" in i.value for i in at.info)
    assert at.session_state[STATE]["status"] == "stopped"
    assert {r["epochs"] for r in table(at)} == {40}


def test_fewer_than_two_activations_asks_for_more():
    at = run_app(page=TRAINING)
    at.multiselect(key="tl_acts").set_value(["tanh"]).run()
    assert_no_exception(at)
    assert any("between 2 and 6" in i.value for i in at.info)
    assert at.button(key="tl_train").disabled


def test_activation_parameters_reach_the_network():
    at = quick(run_app(page=TRAINING))
    at.multiselect(key="tl_acts").set_value(["tanh", "leaky_relu"]).run()
    set_knob(at, "tl_param_leaky_relu_k", 0.3)
    at = trained(at)
    comp = at.session_state[STATE]["comparison"]
    hidden = next(c for c in comp.candidates if c.key == "leaky_relu").hidden[0]
    assert hidden.params == {"k": 0.3}
    assert any("k=0.3" in r["network"] for r in table(at))


def test_custom_activations_can_be_trained():
    at = new_app(60)
    at.session_state[CUSTOM_KEY] = {"square": square()}
    at.run()
    at.switch_page(TRAINING).run()
    assert at.multiselect(key="tl_acts").options[-1] == "Square (custom)"  # after the built-ins
    at.multiselect(key="tl_acts").set_value(["tanh", "square"])
    at = trained(quick(at))
    assert {r["network"] for r in table(at)} == {"Tanh", "Square (custom)"}
    at.selectbox(key="tl_export").set_value("square").run()
    assert any("no PyTorch expression" in w.value for w in at.warning)  # JSON still offered
    assert len(export_buttons(at)) == 1


def test_a_per_layer_mix_and_five_seeds():
    at = quick(run_app(page=TRAINING))
    at.toggle(key="tl_mix").set_value(True).run()
    at.selectbox(key="tl_mix_0").set_value("tanh")
    at.selectbox(key="tl_mix_1").set_value("relu")
    at.slider(key="tl_seeds").set_value(5).run()
    rows = table(trained(at))
    assert len(rows) == 4
    assert "Mix: Tanh → ReLU" in {r["network"] for r in rows}
    assert all("±" in r["test accuracy"] for r in rows)
    assert at.session_state[STATE]["comparison"].seeds == [0, 1, 2, 3, 4]


def test_regression_shows_fitted_curves_and_r2():
    at = quick(run_app(page=TRAINING), 100)
    at.selectbox(key="tl_dataset").set_value("sin").run()
    at = trained(at)
    assert "test R²" in table(at)[0]
    fits = training_charts(at)[1:]
    assert len(fits) == 3
    assert all({tr["name"] for tr in spec["data"]} == {"target", "train", "test", "network"} for spec in fits)


def test_a_diverging_run_gets_a_warning_not_a_nan_plot():
    at = quick(run_app(page=TRAINING), 50)
    at.selectbox(key="tl_dataset").set_value("poly")
    at.radio(key="tl_opt").set_value("sgd")
    at.select_slider(key="tl_lr").set_value(1.0).run()
    at = trained(at)
    warnings = [w.value for w in at.warning]
    assert warnings and all("diverged" in w for w in warnings)
    diverged = [r for r in table(at) if r["test R²"] == "diverged"]
    assert len(diverged) == len(warnings)
    replayed_fits = live_figures(at, "tl_replay_live")[1]["data"]  # what was learned before it diverged
    for spec in [*training_charts(at), {"data": replayed_fits}]:
        for trace in spec["data"]:
            assert np.isfinite(values(trace, "x")).all() and np.isfinite(values(trace, "y")).all()


def test_upload_choice_explains_the_expected_file():
    at = run_app(page=TRAINING)
    at.selectbox(key="tl_dataset").set_value("upload").run()
    assert_no_exception(at)
    assert any("x1, x2, label" in i.value for i in at.info)
    assert at.button(key="tl_train").disabled
    assert "Training starts once the data chosen in the sidebar can be used." in [i.value for i in at.main.info]


def test_export_offers_json_and_pytorch_downloads():
    at = trained(quick(run_app(page=TRAINING)))
    downloads = export_buttons(at)
    assert len(downloads) == 2
    assert not at.warning


def test_depth_page_shows_vanishing_sigmoid_gradients():
    at = run_app(page=DEPTH)
    assert_no_exception(at)
    ratio = float(at.metric[0].value)
    assert ratio < 1e-6  # sigmoid, LeCun init, 20 layers
    assert len(chart_specs(at)) == 5
    names = {tr["name"] for tr in chart_specs(at)[0]["data"]}
    assert {"Sigmoid", "Tanh", "ReLU"} <= names


def test_depth_stacks_of_built_ins_are_computed_once_for_every_session(monkeypatch):
    import streamlit as st

    from nets import depth
    computed, real = [], depth.stack_stats
    monkeypatch.setattr(depth, "stack_stats", lambda act, *a, **kw: computed.append(act.key) or real(act, *a, **kw))
    st.cache_data.clear()
    first = run_app(page=DEPTH)
    assert sorted(computed) == ["relu", "selu", "sigmoid", "tanh"]   # the default and the three compared
    second = run_app(page=DEPTH)   # another session with the same settings computes nothing
    assert_no_exception(second)
    assert len(computed) == 4 and chart_specs(second) == chart_specs(first)
    second.slider(key="dp_depth").set_value(10).run()   # other settings: their own stacks
    assert sorted(computed[4:]) == ["relu", "selu", "sigmoid", "tanh"]


def test_depth_page_relu_with_he_init_is_level_and_counts_dead_units():
    at = run_app(page=DEPTH)
    at.selectbox(key="dp_act").set_value("relu")
    at.selectbox(key="dp_init").set_value("he").run()
    assert_no_exception(at)
    assert 0.1 < float(at.metric[0].value) < 10
    dead = chart_specs(at)[3]["data"][0]
    assert dead["type"] == "bar"


def test_depth_page_shows_selu_self_normalising():
    at = run_app(page=DEPTH)
    at.selectbox(key="dp_act").set_value("selu").run()
    assert_no_exception(at)
    spread = next(s for s in chart_specs(at) if "spread" in s["layout"]["title"]["text"])
    selu = next(tr for tr in spread["data"] if tr["name"] == "SELU")
    assert np.all(np.abs(values(selu, "y") - 1) < 0.1)
    tanh = next(tr for tr in spread["data"] if tr["name"] == "Tanh")
    assert values(tanh, "y")[-1] < 0.5  # tanh's activations fade with depth under the same init


def test_depth_page_explains_a_stack_without_gradient():
    at = run_app(page=DEPTH)
    at.selectbox(key="dp_act").set_value("binary_step").run()
    assert_no_exception(at)
    assert any("No gradient reaches" in i.value for i in at.info)
    assert at.metric[0].value == "—"
    assert len(chart_specs(at)) == 4  # no empty |gradient| band plot


def square() -> Activation:
    return Activation(key="square", label="Square (custom)", family="Custom", fn=lambda x: x * x,
                      dfn=lambda x: 2 * x, latex="x^2", dlatex="2x")


def test_depth_page_takes_a_custom_activation_and_warns_when_the_signal_overflows():
    at = new_app(60)
    at.session_state[CUSTOM_KEY] = {"square": square()}
    at.run()
    at.switch_page(DEPTH).run()
    at.selectbox(key="dp_act").set_value("square").run()  # squaring 20 times overflows float64
    assert_no_exception(at)
    assert any("overflows at layer" in w.value for w in at.warning)
    specs = chart_specs(at)
    assert len(specs) == 1  # the finite activations only; no gradient plots
    assert all(np.isfinite(values(tr, "y")).all() for tr in specs[0]["data"])


def test_both_pages_run_in_chinese_with_translated_activation_names():
    for page in (TRAINING, DEPTH):
        at = run_app(query={"lang": "zh"}, page=page)
        assert_no_exception(at)
    at = run_app(query={"lang": "zh"}, page=TRAINING)
    zh_tanh = catalogue("zh")["activations.tanh.label"]
    assert zh_tanh != "Tanh" and zh_tanh in at.multiselect(key="tl_acts").options


# -- 简体中文 -----------------------------------------------------------------------------
ZH = catalogue("zh")


def in_chinese(at):
    """AppTest re-sends the language control by its label, which resets it; the browser keeps it (e2e test)."""
    at.session_state["lang"] = "zh"
    return at


def test_training_page_in_chinese_trains_and_labels_its_results():
    at = run_app({"lang": "zh"}, page=TRAINING)
    assert_no_exception(at)
    assert at.title[0].value == ZH["training.title"] == "训练实验室"
    assert at.button(key="tl_train").label == ZH["training.train"]
    assert at.selectbox(key="tl_dataset").options[0] == ZH["training.datasets.xor"]
    at = trained(in_chinese(quick(in_chinese(at))))
    columns = set(table(at)[0])
    assert {ZH["training.col_rank"], ZH["training.col_network"], "测试集准确率"} <= columns
    assert not any(name.isascii() for name in columns)  # every header translated
    loss = training_charts(at)[0]["layout"]
    assert loss["title"]["text"] == ZH["figures.training.loss_title"]
    assert loss["yaxis"]["title"]["text"] == ZH["figures.training.loss"]
    assert any(ZH["training.settings_adam"] in c.value and "轮" in c.value for c in at.caption)


def test_depth_page_in_chinese_labels_its_metrics_and_figures():
    at = run_app({"lang": "zh"}, page=DEPTH)
    assert_no_exception(at)
    assert at.title[0].value == ZH["depth.title"]
    assert [m.label for m in at.metric] == [ZH["depth.metric_ratio"], ZH["depth.metric_spread"], ZH["depth.metric_dead"]]
    titles = [spec["layout"]["title"]["text"] for spec in chart_specs(at)]
    assert ZH["figures.training.norms_title"] in titles and ZH["figures.training.dead_title"] in titles
    assert all(has_chinese(title) for title in titles)
    assert has_chinese(at.markdown[-1].value)


def test_english_pages_hold_no_chinese():
    for page in (TRAINING, DEPTH):
        at = run_app(page=page)
        assert_no_exception(at)
        texts = [at.title[0].value, *(c.value for c in at.caption), *(m.label for m in at.metric)]
        texts += [spec["layout"]["title"]["text"] for spec in chart_specs(at)]
        assert not any(has_chinese(x) for x in texts), page
