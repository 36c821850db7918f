"""What charts say to screen readers, and the value tables: the text in both languages, the
numbers from the core."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import activations
from activations import analysis
from figures import explorer as fx
from tests.app.helpers import assert_no_exception, has_chinese, live_data, run_app
from ui import i18n
from ui.pure import chart_text as ct


def say_in(lang):
    return lambda key, **v: i18n.translate(key, lang, **v)


def join_en(names):
    return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else "".join(names)


def test_the_name_says_functions_parameters_panels_and_range():
    elu, leaky = activations.get("elu"), activations.get("leaky_relu")
    named = [ct.with_params("ELU", elu, {"alpha": 1.0}), ct.with_params("Leaky ReLU", leaky, {"k": 0.2})]
    assert ct.curves_name(named, -5, 5, False, say_in("en"), join_en) == \
        "ELU (α = 1) and Leaky ReLU (k = 0.2): f and f′ on x ∈ [−5, 5]"
    zh = ct.curves_name(named[:1], -2.5, 3, True, say_in("zh"), lambda n: "、".join(n))
    assert zh == "ELU (α = 1)：x ∈ [−2.5, 3] 上的 f、f′ 与 f″"


def test_the_description_reads_the_drawn_curve():
    act = activations.get("relu")
    curve = fx.compute_curve(act, {}, -5, 5, 201)
    text = ct.curves_description([curve], ["ReLU"], say_in("en"), join_en)
    # the drawn arrays' extremes: f from 0 to 5, f′ from 0 to 1, and the kink at 0
    assert text.startswith("ReLU: f between 0 and 5, f′ between 0 and 1. Not smooth at x = 0.")
    assert "press + or −" in text
    assert has_chinese(ct.curves_description([curve], ["ReLU"], say_in("zh"), join_en))


@pytest.mark.parametrize("key,params", [("leaky_relu", {"k": 0.2}), ("elu", {"alpha": 1.5}), ("hardtanh", {})])
def test_the_table_holds_the_core_values(key, params):
    act = activations.get(key)
    table = ct.value_table(act, params, -2, 4, say_in("en"))
    points = analysis.values_at(act, params, [x for x in ct.TABLE_X if -2 <= x <= 4], -2, 4)
    assert list(table) == ["x", "f(x)", "f′(x)", "Note"]
    assert table["x"] == [ct.number(p.x) for p in points]
    assert "−3" not in table["x"] and "3" in table["x"]   # chosen x outside the range are left out
    plain = [i for i, n in enumerate(table["Note"]) if n == ""]
    x = np.array([float(table["x"][i].replace("−", "-")) for i in plain])
    resolved = act.resolve(**params)
    assert [float(table["f(x)"][i].replace("−", "-")) for i in plain] == pytest.approx(act.f(x, **resolved), rel=1e-3)
    assert [float(table["f′(x)"][i].replace("−", "-")) for i in plain] == pytest.approx(act.df(x, **resolved), rel=1e-3)


def test_leaky_relu_table_names_the_kink_and_its_limits_in_chinese():
    table = ct.value_table(activations.get("leaky_relu"), {"k": 0.2}, -5, 5, say_in("zh"))
    assert table["说明"] == ["", "", "折点处的值", "左极限", "右极限", "", ""]
    assert table["f′(x)"][3:5] == ["0.2", "1"]


def test_figure_names_come_from_title_or_series():
    say = say_in("en")
    assert ct.figure_name({"layout": {"title": {"text": "<b>Loss</b><br>by epoch"}}, "data": []}, say, join_en) \
        == "Loss · by epoch"
    assert ct.figure_name({"layout": {}, "data": [{"name": "a"}, {"name": "b"}, {"name": "a"}]}, say, join_en) \
        == "Chart of a and b"
    assert ct.figure_name({"layout": {}, "data": [{}]}, say, join_en) == "Chart"


def test_explorer_charts_are_named_and_described_and_show_a_table():
    at = run_app({"fn": ["elu", "leaky_relu"], "x": ["-5", "5"]})
    assert_no_exception(at)
    [data] = live_data(at, "explorer_chart")
    [cell] = data["cells"]
    assert cell["title"] == "ELU (α = 1) and Leaky ReLU (k = 0.01): f and f′ on x ∈ [−5, 5]"
    assert cell["description"].startswith("ELU (α = 1): f between ")
    assert "Not smooth at x = 0." in cell["description"]
    assert not at.table
    at.toggle(key="explorer_table").set_value(True).run()
    assert_no_exception(at)
    assert len(at.table) == 2
    leaky = at.table[1].value
    assert list(leaky["x"]) == ["−3", "−1", "0", "0", "0", "1", "3"]
    assert list(leaky["f′(x)"])[3:5] == ["0.01", "1"]


@pytest.mark.parametrize("page", ["views/depth.py", "views/neuron.py", "views/why_nonlinearity.py", "views/catalogue.py"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_plotly_chart_has_an_accessible_name(page, lang):
    at = run_app({"lang": lang}, page=page)
    assert_no_exception(at)
    charts = at.get("plotly_chart")
    assert charts
    for chart in charts:
        assert chart.proto.alt.strip(), chart.proto.id
        assert lang == "en" or has_chinese(chart.proto.alt), chart.proto.alt


def test_pages_draw_plotly_charts_only_through_ui_charts():
    """ui.charts.plotly_chart names every chart; a direct st.plotly_chart would be a chart without one."""
    root = Path(__file__).resolve().parents[2]
    direct = [str(p.relative_to(root)) for folder in ("views", "ui") for p in (root / folder).rglob("*.py")
              if ".plotly_chart(" in p.read_text(encoding="utf-8").replace("charts.plotly_chart(", "")
              and p.name != "charts.py"]
    assert direct == []
