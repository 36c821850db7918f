"""The Explorer page under AppTest: every control changes the figure's data as expected."""
from __future__ import annotations

import numpy as np
import pytest

import activations
from tests.app.helpers import (
    assert_no_exception,
    has_chinese,
    live_data,
    live_figures,
    live_knobs,
    new_app,
    run_app,
    set_knob,
)
from tests.plotly_arrays import arr

SIX = [a.key for a in activations.all_activations() if "seed" in a.tags]


CONTROL = "explorer_chart"


def figure(at) -> dict:
    """The Explorer's one chart (overlay view), as the live control received it on the last run."""
    [fig] = live_figures(at, CONTROL)
    return fig


def figures(at) -> list[dict]:
    """Every chart of the Explorer's live control: one per function in small multiples."""
    return live_figures(at, CONTROL)


def knobs(at) -> dict[str, dict]:
    """The Explorer's sliders (the live control's knobs) by key."""
    return live_knobs(at, CONTROL)


def knob_value(at, key: str):
    """A slider's value as the control shows it: a float, or a (from, to) pair."""
    v = knobs(at)[key]["value"]
    return tuple(v) if isinstance(v, list) else v


def line(fig: dict, key: str, axis: str = "x") -> tuple[np.ndarray, np.ndarray]:
    [t] = [t for t in fig["data"] if t.get("legendgroup") == key and t["mode"] == "lines"
           and t.get("xaxis", "x") == axis and "fill" not in t and "band" not in t.get("name", "")]
    return arr(t["x"]).astype(np.float64), arr(t["y"]).astype(np.float64)


def groups(fig: dict) -> list[str]:
    return list(dict.fromkeys(t["legendgroup"] for t in fig["data"]))


@pytest.fixture(scope="module")
def default_run():
    return run_app()


def test_defaults_show_the_essays_six_with_f_and_df(default_run):
    at = default_run
    assert_no_exception(at)
    assert at.multiselect(key="fn").value == SIX
    fig = figure(at)
    assert groups(fig) == SIX
    assert {t.get("xaxis", "x") for t in fig["data"]} == {"x", "x2"}
    x, _ = line(fig, "relu")
    assert np.nanmin(x) == -5 and np.nanmax(x) == 5
    assert not at.slider                       # every slider is the live control's
    sliders = knobs(at)
    assert sliders["x"]["label"].startswith("Input range") and sliders["x"]["range"]
    assert sliders["x"]["value"] == [-5, 5] and (sliders["x"]["low"], sliders["x"]["high"]) == (-20, 20)
    assert [s["label"] for s in sliders.values() if s["key"] != "x"] == [
        "Hard tanh lower clip", "Hard tanh upper clip", "Leaky ReLU slope k"]
    assert all(s["cell"] is None for s in sliders.values())   # overlay: all above the one chart
    assert len(at.get("latex")) == 2 * 6


def test_leaky_slope_changes_its_curve_and_derivative_only():
    at = run_app({"fn": ["relu", "leaky_relu"]})
    before = figure(at)
    set_knob(at, "k", 0.3)
    assert knob_value(at, "k") == 0.3
    after = figure(at)
    x, f = line(after, "leaky_relu")
    _, df = line(after, "leaky_relu", "x2")
    neg = x < 0
    np.testing.assert_allclose(f[neg], np.float32(0.3 * x[neg]), rtol=1e-6)
    np.testing.assert_allclose(df[neg], 0.3, rtol=1e-6)
    assert not np.allclose(line(before, "leaky_relu")[1][neg], f[neg])
    np.testing.assert_array_equal(line(before, "relu")[1], line(after, "relu")[1])
    assert after["layout"]["uirevision"] == before["layout"]["uirevision"]   # zoom survives


def test_adding_and_removing_functions_keeps_other_settings():
    at = run_app({"fn": ["leaky_relu"], "k": "0.25", "x": ["-2", "4"]})
    at.multiselect(key="fn").set_value(["leaky_relu", "elu", "tanh"]).run()
    assert knob_value(at, "k") == 0.25 and knob_value(at, "x") == (-2.0, 4.0)
    assert list(knobs(at)) == ["x", "k", "elu.alpha"]   # ELU's slider joined; tanh has none
    at.multiselect(key="fn").set_value(["leaky_relu", "elu"]).run()
    assert_no_exception(at)
    assert knob_value(at, "k") == 0.25
    assert groups(figure(at)) == ["leaky_relu", "elu"]


def test_input_range_and_resolution_resample_the_curves():
    at = run_app({"fn": ["tanh"]})
    set_knob(at, "x", (-2.0, 3.0))
    assert knob_value(at, "x") == (-2.0, 3.0)
    x, f = line(figure(at), "tanh")
    assert x[0] == -2 and x[-1] == 3 and x.size == 1000
    np.testing.assert_allclose(f, np.tanh(x), rtol=1e-6, atol=1e-7)
    at.select_slider(key="n").set_value(250).run()
    assert line(figure(at), "tanh")[0].size == 250


def test_layout_and_second_derivative_toggles():
    at = run_app({"fn": ["relu", "tanh"]})
    at.radio(key="view").set_value("Small multiples").run()
    figs = figures(at)   # one chart per function, each with its own f and f' panels
    assert [groups(f) for f in figs] == [["relu"], ["tanh"]]
    assert [{t.get("yaxis", "y") for t in f["data"]} for f in figs] == [{"y", "y2"}] * 2
    at.toggle(key="d2").set_value(True).run()
    figs = figures(at)
    assert [{t.get("yaxis", "y") for t in f["data"]} for f in figs] == [{"y", "y2", "y3"}] * 2
    at.radio(key="view").set_value("Overlay").run()
    assert {t.get("xaxis", "x") for t in figure(at)["data"]} == {"x", "x2", "x3"}


def test_reset_button_restores_defaults():
    at = run_app({"fn": ["leaky_relu", "hardtanh"], "k": "0.5", "min_val": "-2"})
    assert knob_value(at, "k") == 0.5 and knob_value(at, "min_val") == -2
    at.button(key="explorer_reset").click().run()
    assert knob_value(at, "k") == 0.01 and knob_value(at, "min_val") == -1
    x, f = line(figure(at), "leaky_relu")
    np.testing.assert_allclose(f[x < 0], np.float32(0.01 * x[x < 0]), rtol=1e-6)


def test_bad_link_gives_a_notice_and_defaults():
    at = run_app({"fn": ["relu", "bogus"], "x": ["-99", "2"], "k": "abc", "n": "3"})
    assert_no_exception(at)
    [notice] = at.warning
    for fragment in ("bogus", "-99", "n=3"):
        assert fragment in notice.value
    assert at.multiselect(key="fn").value == ["relu"]
    assert knob_value(at, "x") == (-5.0, 5.0) and list(knobs(at)) == ["x"]
    at.button(key="explorer_dismiss").click().run()
    assert not at.warning


def test_only_bad_functions_fall_back_to_the_six():
    at = run_app({"fn": "nothing_like_it"})
    assert at.multiselect(key="fn").value == SIX and at.warning


def test_link_restores_the_view():
    at = run_app({"fn": ["relu", "leaky_relu"], "k": "0.2", "x": ["-3", "3"], "view": "Small multiples"})
    assert_no_exception(at)
    assert not at.warning
    relu, leaky = figures(at)              # small multiples: one chart each
    assert groups(relu) == ["relu"] and groups(leaky) == ["leaky_relu"]
    assert relu["layout"]["xaxis"]["range"] == leaky["layout"]["xaxis"]["range"] == [-3, 3]
    x, f = line(leaky, "leaky_relu")       # second small multiple: its own f panel
    assert x[0] == -3 and f[0] == pytest.approx(-0.6, rel=1e-6)
    assert knob_value(at, "k") == 0.2 and knobs(at)["k"]["cell"] == 1   # under the leaky chart


def test_empty_selection_asks_for_a_function():
    at = run_app({"fn": "relu"})
    at.multiselect(key="fn").set_value([]).run()
    assert_no_exception(at)
    assert at.info and not live_data(at)   # no live control (the app-wide resync watcher is another component)


def test_formulas_parameters_and_notes_follow_the_sliders():
    at = run_app({"fn": ["leaky_relu"], "k": "0.2"})
    texts = [m.value for m in at.markdown]
    assert any("$k = 0.2$" in t for t in texts)
    assert any("does not saturate" in c.value for c in at.caption)
    # the export opens on its CSV tab; a code tab's code is built only once that tab is chosen
    assert not at.code and [b.label for b in at.get("download_button")] == ["Download curves (CSV)"]
    at.session_state["explorer_code"] = "NumPy"   # what a click on the tab sets
    at.run()
    code = [c.value for c in at.code]
    assert len(code) == 1 and "def leaky_relu(x, k=0.2):" in code[0] and "np.where" in code[0]
    at.session_state["explorer_code"] = "PyTorch"
    at.run()
    code = [c.value for c in at.code]
    assert len(code) == 1 and "def leaky_relu(x, k=0.2):" in code[0]
    assert "torch.nn.functional.leaky_relu" in code[0]


def _custom(key: str, fn, label: str):
    return activations.Activation(key=key, label=label, fn=fn, dfn=lambda x: 3 * x**2, latex=r"f(x) = x^3",
                                  dlatex=r"f'(x) = 3x^2", family="Custom", numpy_expr="x**3", torch_expr="x**3")


def test_a_sessions_custom_function_can_be_linked_and_plotted():
    at = new_app()
    at.session_state["custom_activations"] = {"custom:cube": _custom("custom:cube", lambda x: x**3, "Cube")}
    at.query_params["fn"] = ["relu", "custom:cube"]
    at.session_state["explorer_code"] = "NumPy"
    at.run()
    assert_no_exception(at)
    assert not at.warning
    x, f = line(figure(at), "custom:cube")
    np.testing.assert_allclose(f, np.float32(x**3), rtol=1e-6)
    assert any("def custom_cube(x):" in c.value for c in at.code)


def test_a_custom_function_that_fails_is_left_out_with_a_warning():

    def broken(x):
        raise ZeroDivisionError("division by zero in the user's formula")

    at = new_app()
    at.session_state["custom_activations"] = {"custom:bad": _custom("custom:bad", broken, "Bad")}
    at.query_params["fn"] = ["tanh", "custom:bad"]
    at.run()
    assert_no_exception(at)
    assert any("Bad could not be evaluated" in w.value for w in at.warning)
    assert groups(figure(at)) == ["tanh"]


def test_chinese_link_renders_the_explorer_in_chinese():
    from ui import i18n
    zh = i18n.catalogue("zh")
    at = run_app({"lang": "zh", "fn": ["relu", "leaky_relu"], "view": "Small multiples"})
    assert_no_exception(at)
    assert at.title[0].value == zh["explorer.title"]
    slope = f"{zh['activations.leaky_relu.label']} {zh['activations.leaky_relu.param_k_label']}"
    sliders = knobs(at)
    assert [s["label"] for s in sliders.values() if s["key"] != "x"] == [slope]
    assert sliders["x"]["label"] == zh["explorer.sidebar.x_range"]
    assert sliders["x"]["ends"] == [zh["explorer.range_from"], zh["explorer.range_to"]]   # the thumbs' names
    layout = at.radio(key="view")
    assert layout.options == [zh["explorer.sidebar.view_overlay"], zh["explorer.sidebar.view_grid"]]
    assert layout.value == "Small multiples"                                # the link's view, in any language,
    assert layout.options[layout.index] == zh["explorer.sidebar.view_grid"]  # shown in Chinese
    assert at.multiselect(key="fn").value == ["relu", "leaky_relu"]
    relu, leaky = figures(at)   # small multiples: one chart per function, named in Chinese
    assert [t["name"] for t in leaky["data"] if t["mode"] == "lines"][0] == zh["activations.leaky_relu.label"]
    [data] = live_data(at, CONTROL)
    titles = [c["title"] for c in data["cells"]]    # each chart's accessible name, its parameters included
    k = activations.get("leaky_relu").param("k").default
    named = [zh["activations.relu.label"], f"{zh['activations.leaky_relu.label']} (k = {k:g})"]
    assert titles == [zh["a11y.curves_name"].format(functions=n, panels=zh["a11y.panels"], lo="−5", hi="5")
                      for n in named]
    assert all(has_chinese(c["description"]) for c in data["cells"])
    captions = " ".join(c.value for c in at.caption)
    assert "取值范围" in captions and not at.warning


def test_chinese_notices_for_a_bad_link():
    at = run_app({"lang": "zh", "fn": ["relu", "nonsense"], "n": "7"})
    assert_no_exception(at)
    [notice] = at.warning
    assert notice.value.startswith("链接里有些设置无法使用") and "`nonsense`" in notice.value and "`n=7`" in notice.value
