"""AppTest for the essay's pages: each runs, and each control changes what it should."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import activations
from tests.app.helpers import assert_no_exception, chart_specs, live_figures, live_knobs, new_app, run_app, set_knob
from tests.app.live_frames import all_charts
from tests.core.shape_facts import keys_with
from tests.plotly_arrays import arr

NEURON, NONLIN, CATALOGUE = "views/neuron.py", "views/why_nonlinearity.py", "views/catalogue.py"


def chart(at, key: str) -> dict:
    """The spec of the chart whose title starts with `key`: an st.plotly_chart or a live control's cell."""
    for spec in all_charts(at):
        title = spec["layout"].get("title", {}).get("text", "")
        if title.startswith(key):
            return spec
    raise AssertionError(f"no chart titled {key!r}")


def metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


@pytest.mark.parametrize("page", [NEURON, NONLIN, CATALOGUE])
def test_page_runs_without_exception(page):
    at = run_app(page=page)
    assert_no_exception(at)
    assert at.title and not at.warning


def test_neuron_numbers_follow_the_sliders():
    at = run_app(page=NEURON)
    before = arr(chart(at, "Output over")["data"][0]["z"])
    set_knob(at, "neuron_w1", -2.0)
    set_knob(at, "neuron_b", 0.5)
    z = -2.0 * 1.0 + (-1.0) * (-0.5) + 0.5  # w·x + b with the default inputs
    assert float(metric(at, "weighted sum z")) == pytest.approx(z, abs=1e-3)
    assert float(metric(at, "output Sigmoid(z)")) == pytest.approx(1 / (1 + np.exp(-z)), rel=1e-3)
    after = arr(chart(at, "Output over")["data"][0]["z"])
    assert not np.allclose(before, after)
    # the heat map is the neuron itself: its value at (x1, x2) = (3, 3) corner
    assert after[-1, -1] == pytest.approx(1 / (1 + np.exp(-(-2 * 3 - 3 + 0.5))), rel=1e-5)
    assert_no_exception(at)


def test_neuron_activation_and_parameter_and_third_input():
    at = run_app(page=NEURON)
    at.selectbox(key="neuron_fn").set_value("leaky_relu").run()
    set_knob(at, "neuron_w1", -2.0)  # z = -1.5 < 0: the leaky side
    assert float(metric(at, "output Leaky ReLU(z)")) == pytest.approx(-0.015, rel=1e-3)
    set_knob(at, "neuron.leaky_relu.k", 0.5)
    assert float(metric(at, "output Leaky ReLU(z)")) == pytest.approx(-0.75, rel=1e-3)
    curve = chart(at, "Cell body")
    marker = curve["data"][-1]
    assert marker["x"][0] == pytest.approx(-1.5) and marker["y"][0] == pytest.approx(-0.75)
    at.radio(key="neuron_inputs").set_value(3).run()
    assert live_knobs(at, "neuron_live")["neuron_w3"]["value"] == 0.5
    assert float(metric(at, "weighted sum z")) == pytest.approx(-1.5 + 0.25, abs=1e-3)
    assert "x₃" in chart(at, "Output over")["layout"]["title"]["text"]
    assert_no_exception(at)


def test_nonlinearity_collapse_depth_and_new_weights():
    at = run_app(page=NONLIN)
    matrix = at.dataframe[0].value.to_numpy()
    assert matrix.shape == (2, 4)
    assert float(metric(at, "largest difference over 200 random inputs")) < 1e-12
    set_knob(at, "nonlin_depth", 9)
    deeper = at.dataframe[0].value.to_numpy()
    assert not np.allclose(matrix, deeper) and float(metric(at, "largest difference over 200 random inputs")) < 1e-12
    seed_caption = [c.value for c in at.caption if "seed" in c.value]
    at.button(key="nonlin_new").click().run()
    assert [c.value for c in at.caption if "seed" in c.value] != seed_caption
    assert not np.allclose(deeper, at.dataframe[0].value.to_numpy())
    assert_no_exception(at)


def test_nonlinearity_deep_curves_line_vs_bent():
    at = run_app(page=NONLIN)
    at.multiselect(key="nonlin_acts").set_value(["relu", "tanh"]).run()
    [spec] = live_figures(at, "nonlin_deep_live")
    assert len(spec["data"]) == 3 and spec["data"][0]["name"].startswith("no activation")
    x = arr(spec["data"][0]["x"]).astype(float)
    for trace in spec["data"]:
        y = arr(trace["y"]).astype(float)
        resid = y - np.polyval(np.polyfit(x, y, 1), x)
        bend = np.max(np.abs(resid)) / np.ptp(y)
        if trace["name"].startswith("no activation"):
            assert bend < 1e-5  # a line (float32 on the wire)
        else:
            assert bend > 1e-2, trace["name"]
    assert_no_exception(at)


def test_catalogue_has_every_function_and_filters_match_the_analysis():
    at = run_app(page=CATALOGUE)
    table = at.dataframe[0].value
    assert list(table["key"]) == list(activations.names())
    at.multiselect(key="cat_filters").set_value(["bounded", "smooth"]).run()
    shown = set(at.dataframe[0].value["key"])
    assert shown == keys_with("bounded", "smooth") and "sigmoid" in shown and "relu" not in shown
    at.multiselect(key="cat_filters").set_value([]).run()
    at.text_input(key="cat_search").set_value("relu").run()
    assert set(at.dataframe[0].value["Name"]) == {"ReLU", "Leaky ReLU"} | {
        a.label for a in activations.all_activations() if "relu" in a.label.lower() or "relu" in a.reference.lower()}
    assert_no_exception(at)


def test_catalogue_rows_are_computed_and_link_to_the_explorer():
    at = run_app(page=CATALOGUE)
    rows = at.dataframe[0].value.set_index("key")
    assert rows.loc["softsign", "Range"] == "(-1, 1)" and rows.loc["tanh", "Range"] == "(-1, 1)"
    assert rows.loc["relu", "Differentiable at 0"] == False  # noqa: E712 (numpy bool)
    assert rows.loc["sigmoid", "max |f′|"] == 0.25 and rows.loc["sin", "Monotonic"] == "non-monotonic"
    assert rows.loc["leaky_relu", "Explorer"] == "./?fn=leaky_relu"


def test_catalogue_inspector_recomputes_with_parameters():
    at = run_app(page=CATALOGUE)
    facts = dict(at.dataframe[1].value.to_numpy())
    assert facts["f′(0)"].startswith("0.01 (kink")
    set_knob(at, "cat.leaky_relu.k", 0.2)
    facts = dict(at.dataframe[1].value.to_numpy())
    assert facts["f′(0)"].startswith("0.2 (kink: 0.2 from the left, 1 from the right)")
    assert facts["Range"] == "(-∞, ∞)" and facts["max |f′|"] == "1 on (0, ∞)"
    at.selectbox(key="cat_inspect").set_value("hardtanh").run()
    set_knob(at, "cat.hardtanh.max_val", 2.0)
    assert dict(at.dataframe[1].value.to_numpy())["Range"] == "[-1, 2]"
    at.selectbox(key="cat_inspect").set_value("sigmoid").run()
    assert dict(at.dataframe[1].value.to_numpy())["max |f′|"] == "0.25 at x = 0"
    assert_no_exception(at)


def test_catalogue_gallery_follows_the_filters():
    at = run_app(page=CATALOGUE)
    assert len(chart_specs(at)[-1]["data"]) == 2 * len(activations.names())
    at.multiselect(key="cat_filters").set_value(["non_monotonic"]).run()
    labels = [t["name"] for t in chart_specs(at)[-1]["data"][::2]]
    assert labels == [a.label for a in activations.all_activations() if a.key in keys_with("non-monotonic")]
    at.text_input(key="cat_search").set_value("no such function").run()
    assert not chart_specs(at) and at.info
    assert_no_exception(at)


def test_inspector_link_carries_function_and_changed_parameters():
    at = run_app(page=CATALOGUE)
    link = at.get("page_link")[0].proto
    assert link.page == "" and link.query_string == "fn=leaky_relu"  # the Explorer is the root; defaults stay out
    set_knob(at, "cat.leaky_relu.k", 0.2)
    assert at.get("page_link")[0].proto.query_string == "fn=leaky_relu&k=0.2"  # k: only leaky ReLU has it
    at.selectbox(key="cat_inspect").set_value("hardtanh").run()
    set_knob(at, "cat.hardtanh.max_val", 2.0)
    owners = [a for a in activations.all_activations() if any(p.name == "max_val" for p in a.params)]
    key = "max_val" if len(owners) == 1 else "hardtanh.max_val"
    assert at.get("page_link")[0].proto.query_string == f"fn=hardtanh&{key}=2"


def _custom_log():
    from activations import Activation
    return Activation(key="custom:log", label="log (custom)", fn=np.log, dfn=lambda x: 1 / x, latex=r"\log x",
                      dlatex=r"1/x", family="Non-monotonic and decreasing", numpy_expr="np.log(x)")


def run_with_custom(page):
    at = new_app()
    at.session_state["custom_activations"] = {"custom:log": _custom_log()}
    at.run()
    at.switch_page(page).run()
    return at


def test_custom_activation_on_the_neuron_page_gets_a_notice_not_an_error():
    at = run_with_custom(NEURON)
    at.selectbox(key="neuron_fn").set_value("custom:log").run()
    assert_no_exception(at)
    assert any("undefined for part of this plane" in i.value for i in at.info)


def test_custom_activation_in_the_catalogue():
    at = run_with_custom(CATALOGUE)
    assert_no_exception(at)
    rows = at.dataframe[0].value.set_index("key")
    # no link for a session's own function: a link opens a new tab, a new session without it
    assert "custom:log" in rows.index and pd.isna(rows.loc["custom:log", "Explorer"])
    assert rows.loc["custom:log", "Monotonic"] == "increasing"
    assert len(chart_specs(at)[-1]["data"]) == 2 * (len(activations.names()) + 1)


def test_neuron_page_works_for_every_registry_function():
    at = run_app(page=NEURON)
    for key in activations.names():
        at.selectbox(key="neuron_fn").set_value(key).run()
        assert_no_exception(at)
        label = activations.get(key).label
        y = float(metric(at, f"output {label}(z)"))
        assert y == pytest.approx(float(activations.get(key).f(2.0)), rel=1e-3, abs=1e-4)  # z = 2 by default


def test_why_nonlinearity_with_nothing_chosen_and_one_layer():
    at = run_app(page=NONLIN)
    at.multiselect(key="nonlin_acts").set_value([]).run()
    set_knob(at, "nonlin_deep_depth", 1)
    assert_no_exception(at)
    assert any("single layer" in i.value for i in at.info)


def test_neuron_products_read_with_their_signs():
    at = run_app(page=NEURON)
    set_knob(at, "neuron_x2", 2.0)  # w2 x2 = -1.0 * 2.0
    assert metric(at, "inputs · weights") == "1.5 − 2"


@pytest.mark.parametrize("page", [NEURON, NONLIN, CATALOGUE])
def test_page_reads_in_chinese(page):

    at = new_app()
    at.query_params["lang"] = "zh"
    at.run()
    at.switch_page(page).run()
    assert_no_exception(at)
    title = at.title[0].value
    assert any("\u4e00" <= ch <= "\u9fff" for ch in title), title


def test_catalogue_values_read_in_chinese():
    at = run_app(query={"lang": "zh"}, page=CATALOGUE)
    assert_no_exception(at)
    rows = at.dataframe[0].value.set_index("key")
    assert rows.loc["sin", "Monotonic"] == "非单调" and rows.loc["relu", "Monotonic"] == "非递减"
    assert rows.loc["sigmoid", "Saturating"] == "两侧" and rows.loc["relu", "Saturating"] == "左侧（硬饱和）"
    assert rows.loc["elu", "Saturating"] == "左侧" and rows.loc["identity", "Saturating"] == "无"
    at.multiselect(key="cat_filters").set_value(["non_monotonic"]).run()  # filters still see the analysis
    assert set(at.dataframe[0].value["Monotonic"]) == {"非单调"}
    facts = dict(at.dataframe[1].value.to_numpy())  # Leaky ReLU, k = 0.01
    assert facts["f′(0)"] == "0.01（折点：左侧斜率 0.01，右侧斜率 1）"
    assert facts["单调性"] == "递增" and facts["最大 |f′|"] == "1，在 (0, ∞) 上"
    assert not any(word in " ".join(map(str, facts.values())) for word in ("kink", "both", "left", "n/a", " on "))
    assert {"S 形", "整流类"} <= set(at.multiselect(key="cat_families").options)
