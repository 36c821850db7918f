"""Training lab, learned activation parameters (AppTest): mark one learnable, train, its trajectory
chart and the Explorer links that open the learned curve, in English and in Chinese."""
from __future__ import annotations

from urllib.parse import parse_qs

import numpy as np
import pytest

from tests.app.helpers import assert_no_exception, chart_specs, run_app
from tests.app.test_explorer import knobs
from tests.app.test_training_pages import STATE, TRAINING, in_chinese, quick, table, trained, values
from ui.i18n import catalogue

ZH = catalogue("zh")


def learning_leaky(at, mode="unit", acts=("leaky_relu", "tanh")):
    at.multiselect(key="tl_acts").set_value(list(acts)).run()
    at.radio(key="tl_learn_leaky_relu_k").set_value(mode).run()
    return trained(quick(at, 100))


def learned_chart(at, title: str) -> dict:
    [spec] = [s for s in chart_specs(at) if s["layout"]["title"]["text"] == title]
    return spec


def explorer_links(at) -> list:
    return [link.proto for link in at.get("page_link") if link.proto.page == ""]  # the Explorer is the app's root page


def test_only_activations_with_a_learnable_parameter_offer_the_choice():
    at = run_app(page=TRAINING)
    assert not at.get("radio") or all(not r.key.startswith("tl_learn_") for r in at.radio)  # tanh, ReLU, sigmoid
    at.multiselect(key="tl_acts").set_value(["leaky_relu", "elu", "tanh"]).run()
    learn = {r.key: r for r in at.radio if r.key.startswith("tl_learn_")}
    assert set(learn) == {"tl_learn_leaky_relu_k", "tl_learn_elu_alpha"}
    assert learn["tl_learn_leaky_relu_k"].value == "off"
    assert learn["tl_learn_leaky_relu_k"].options == ["fixed", "learned, one per layer", "learned, one per unit"]


@pytest.mark.parametrize("mode", ["unit", "shared"])
def test_a_learned_leaky_slope_is_charted_and_opens_the_explorer_with_the_value_it_reached(mode):
    at = learning_leaky(run_app(page=TRAINING), mode)
    comp = at.session_state[STATE]["comparison"]
    leaky = next(c for c in comp.candidates if c.key == "leaky_relu")
    suffix = "learns k per unit" if mode == "unit" else "learns k"
    assert leaky.name == f"Leaky ReLU · {suffix}"
    assert {r["network"] for r in table(at)} == {leaky.name, "Tanh"}
    model, history = comp.shown(leaky).model, comp.shown(leaky).history
    ks = [layer["k"] for layer in model.learned]
    assert ks and all(k.shape == ((16,) if mode == "unit" else (1,)) for k in ks)
    assert all(abs(k.mean() - 0.01) > 1e-3 for k in ks)  # it moved from where it started

    spec = learned_chart(at, "Learned activation parameters")
    mean_traces = [tr for tr in spec["data"] if tr.get("line", {}).get("width") == 2]
    assert len(mean_traces) == 2  # one per hidden layer; the tanh network learned nothing
    for layer, trace in enumerate(mean_traces, start=1):
        assert trace["name"].startswith(f"{leaky.name} · k, layer {layer}")
        np.testing.assert_allclose(values(trace, "y"), [v.mean() for v in history.learned[layer, "k"]])
        assert values(trace, "y")[0] == 0.01
    assert (len(spec["data"]) == 6) == (mode == "unit")  # a band (two edges) per layer for one value per unit

    links = explorer_links(at)
    assert len(links) == 2
    for layer, (link, k) in enumerate(zip(links, ks, strict=True), start=1):
        query = parse_qs(link.query_string)
        assert query["fn"] == ["leaky_relu"] and float(query["k"][0]) == pytest.approx(k.mean(), rel=1e-3)
        want = f"Leaky ReLU, layer {layer}: k = {query['k'][0]}"
        assert link.label == (f"{want} (the mean of 16 units)" if mode == "unit" else want)
        explorer = run_app(query)  # following the link: the Explorer on the learned curve
        assert_no_exception(explorer)
        assert not explorer.warning
        assert knobs(explorer)["k"]["value"] == float(query["k"][0])


def test_learned_parameters_in_chinese():
    at = learning_leaky(in_chinese(run_app({"lang": "zh"}, page=TRAINING)))
    assert_no_exception(at)
    assert at.radio(key="tl_learn_leaky_relu_k").options == [ZH["training.learn.mode_off"], ZH["training.learn.mode_shared"],
                                                            ZH["training.learn.mode_unit"]]
    comp = at.session_state[STATE]["comparison"]
    leaky = next(c for c in comp.candidates if c.key == "leaky_relu")
    assert leaky.name == ZH["training.learn.named"].format(name=ZH["activations.leaky_relu.label"], params="k（每个单元）")
    spec = learned_chart(at, ZH["figures.training.learned_title"])
    assert spec["layout"]["xaxis"]["title"]["text"] == ZH["figures.training.epoch"]
    assert any(ZH["figures.training.unit_mean"] in tr.get("name", "") for tr in spec["data"])
    assert any(sub.value == ZH["training.learn.header"] for sub in at.subheader)
    links = explorer_links(at)
    assert len(links) == 2 and all(link.label.startswith(ZH["activations.leaky_relu.label"] + "，第 ") for link in links)
    assert all(link.label.endswith("（16 个单元的平均）") for link in links)
    query = parse_qs(links[0].query_string)
    explorer = run_app({**query, "lang": "zh"})
    assert_no_exception(explorer)
    assert knobs(explorer)["k"]["value"] == float(query["k"][0])


def test_a_network_that_learns_nothing_has_no_learned_parameters_section():
    at = trained(quick(run_app(page=TRAINING), 50))
    assert not explorer_links(at)
    assert all(s["layout"]["title"]["text"] != "Learned activation parameters" for s in chart_specs(at))
    assert all(sub.value != "Learned parameters" for sub in at.subheader)
