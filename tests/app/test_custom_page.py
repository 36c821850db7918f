"""AppTest of the "Your own activation" page: formula in, LaTeX and chart out; errors as warnings."""
from __future__ import annotations

import numpy as np

from activations import formula
from tests.app.helpers import assert_no_exception, chart_specs, live_data, live_figures, live_knobs, run_app, set_knob
from tests.app.live_frames import arr, trace_by
from ui.registry import CUSTOM_KEY

PAGE = "views/custom.py"
CHART = "custom_chart"


def _latex(at) -> list[str]:
    return [e.value for e in at.latex]


def _figure(at) -> dict:
    """The page's one chart, drawn by the live control."""
    [figure] = live_figures(at, CHART)
    return figure


def _mine(at) -> dict:
    """The user's own f trace (drawn thickest)."""
    traces = _figure(at)["data"]
    return max((t for t in traces if t.get("xaxis", "x") == "x" and "line" in t), key=lambda t: t["line"]["width"])


_decode = arr


def test_default_formula_shows_both_latex_forms_and_a_chart():
    at = run_app(page=PAGE)
    assert_no_exception(at)
    f_tex, df_tex = _latex(at)
    assert f_tex.strip("$\n").startswith("f(x) =") and r"\sigma" in f_tex
    assert df_tex.strip("$\n").startswith("f'(x) =")
    assert not chart_specs(at) and len(live_figures(at, CHART)) == 1
    assert list(live_knobs(at, CHART)) == ["custom_range", "custom_p_b"]


def test_typed_formula_is_plotted_with_its_values():
    at = run_app(page=PAGE)
    at.text_input(key="formula").set_value("max(x, 0) + a*min(x, 0)").run()
    assert_no_exception(at)
    trace = _mine(at)
    x, y = _decode(trace["x"]), _decode(trace["y"])
    np.testing.assert_allclose(y, np.where(x > 0, x, 1.0 * x), rtol=1e-6)  # a = 1: the identity
    set_knob(at, "custom_p_a", 0.25)
    trace = _mine(at)
    x, y = _decode(trace["x"]), _decode(trace["y"])
    np.testing.assert_allclose(y, np.where(x > 0, x, 0.25 * x), rtol=1e-6)


def test_hostile_formula_is_a_warning_not_an_exception():
    at = run_app(page=PAGE)
    at.text_input(key="formula").set_value("().__class__.__bases__[0]").run()
    assert_no_exception(at)
    assert at.warning and "cannot be used" in at.warning[0].value
    assert not chart_specs(at) and not live_data(at)


def test_url_formula_is_parsed_on_arrival_and_errors_are_friendly():
    at = run_app(query={"formula": "sin(x) + x/2"}, page=PAGE)
    assert at.text_input(key="formula").value == "sin(x) + x/2"
    assert r"\cos" in _latex(at)[1]
    at = run_app(query={"formula": "x**10**8"}, page=PAGE)
    assert_no_exception(at)
    assert "exponent too large" in at.warning[0].value


def test_bounds_can_be_widened_and_the_saved_activation_keeps_them():
    at = run_app(page=PAGE)
    at.text_input(key="formula").set_value("a * tanh(x)").run()
    at.number_input(key="custom_hi_a").set_value(50.0).run()
    assert live_knobs(at, CHART)["custom_p_a"]["high"] == 50.0
    set_knob(at, "custom_p_a", 40.0)
    at.text_input(key="custom_name").set_value("big tanh").run()
    at.button(key="custom_save").click().run()
    assert_no_exception(at)
    assert at.success
    saved = at.session_state[CUSTOM_KEY]["custom:big tanh"]
    assert isinstance(saved, formula.CustomActivation)
    assert saved.param("a").high == 50.0 and saved.defaults == {"a": 40.0}
    assert float(saved.f(1.0)) == np.float64(40 * np.tanh(1.0))


def test_page_speaks_chinese_when_asked():
    at = run_app(query={"lang": "zh"}, page=PAGE)
    assert_no_exception(at)
    assert at.title[0].value == "自定义激活函数" and at.text_input(key="formula").label == "f(x) ="
    assert live_knobs(at, CHART)["custom_p_b"]["label"] == "参数 b"


def test_a_formula_in_the_explorer_link_is_selected_there():
    at = run_app(query={"formula": "x * erf(x)"})  # the Explorer is the default page
    assert_no_exception(at)
    assert "custom:x * erf(x)" in at.session_state["fn"]
    assert "relu" in at.session_state["fn"]  # beside the default selection


def test_a_bad_formula_in_the_explorer_link_is_a_notice():
    at = run_app(query={"formula": "x ** 10 ** 8"})
    assert_no_exception(at)
    assert any("exponent too large" in w.value for w in at.warning)


def test_refusals_are_worded_in_chinese_with_the_column_marked():
    at = run_app(query={"lang": "zh"}, page=PAGE)
    at.text_input(key="formula").set_value("x^2").run()
    assert_no_exception(at)
    assert at.warning[0].value == "无法使用这个公式：不允许使用字符 `^`（第 2 列）；乘方请用 **"
    assert at.code[0].value == "x^2\n ^"
    at.text_input(key="formula").set_value("a * tanh(x)").run()
    at.text_input(key="custom_name").set_value("<script>").run()
    at.button(key="custom_save").click().run()
    assert_no_exception(at)
    assert at.warning[0].value.startswith("无法用这个名字保存激活函数：名字必须以字母或数字开头")


def test_a_bad_formula_link_is_a_chinese_notice_in_the_explorer():
    at = run_app(query={"formula": "x ** 10 ** 8", "lang": "zh"})
    assert_no_exception(at)
    assert any("链接中的公式无法使用：指数太大（最多 1000）" in w.value for w in at.warning), \
        [w.value for w in at.warning]


def test_a_long_derivative_is_readable_set_on_lines_in_a_scrolling_box():
    at = run_app({"formula": "x*tanh(log(1+exp(x)))"}, page=PAGE)
    assert_no_exception(at)
    f_tex, df_tex = (tex.strip("$\n") for tex in _latex(at))
    # sigma, softplus and 1/cosh^2, one term per line
    assert df_tex.startswith(r"f'(x) = \begin{aligned}") and df_tex.count(r"\\") == 1
    assert r"\sigma" in df_tex and "softplus" in df_tex and r"\cosh" in df_tex and "e^{x}" not in df_tex
    # both formulas sit in the keyed boxes the scrolling CSS is scoped to
    html = " ".join(h.proto.body for h in at.get("html"))
    assert html.count("overflow-x: auto") == 2 and "scrollbar-color" in html


def test_the_chart_cuts_relu_prime_at_its_kink():
    """Issue 12: ReLU′ beside the formula is drawn as two pieces, no vertical segment at x = 0."""
    at = run_app(page=PAGE)
    assert_no_exception(at)
    assert "relu" in at.multiselect(key="custom_compare").value
    trace = trace_by(_figure(at), legendgroup="relu", xaxis="x2", mode="lines")
    x, y = arr(trace["x"]).astype(float), arr(trace["y"]).astype(float)
    cuts = np.flatnonzero(np.isnan(x))
    assert cuts.size == 1, cuts
    i = int(cuts[0])
    assert np.isnan(y[i]) and x[i - 1] == 0.0 and x[i + 1] == 0.0       # the kink, on both sides of the cut
    assert (y[i - 1], y[i + 1]) == (0.0, 1.0)                             # the one-sided limits of ReLU′
    ok = np.isfinite(x[:-1]) & np.isfinite(x[1:])
    assert not np.any(ok & (x[:-1] == x[1:]) & (y[:-1] != y[1:])), "a vertical segment is drawn"
    assert np.all(x[:i] <= 0) and np.all(y[:i] == 0) and np.all(x[i + 1:] >= 0) and np.all(y[i + 1:] == 1)
