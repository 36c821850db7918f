"""AppTest of the "Your own activation" page: formula in, LaTeX and chart out; errors as warnings."""
from __future__ import annotations

import numpy as np

from activations import custom
from tests.app.helpers import assert_no_exception, chart_specs, run_app
from ui.registry import CUSTOM_KEY

PAGE = "pages/custom.py"


def _latex(at) -> list[str]:
    return [e.value for e in at.latex]


def _mine(at) -> dict:
    """The user's own f trace (drawn thickest)."""
    traces = chart_specs(at)[0]["data"]
    return max((t for t in traces if t.get("xaxis", "x") == "x"), key=lambda t: t["line"]["width"])


def _decode(arr) -> np.ndarray:
    if isinstance(arr, dict):  # Plotly >= 6 sends typed arrays as base64
        import base64
        return np.frombuffer(base64.b64decode(arr["bdata"]), dtype=np.dtype(arr["dtype"]))
    return np.asarray(arr, dtype=float)


def test_default_formula_shows_both_latex_forms_and_a_chart():
    at = run_app(page=PAGE)
    assert_no_exception(at)
    f_tex, df_tex = _latex(at)
    assert f_tex.strip("$\n").startswith("f(x) =") and r"\sigma" in f_tex
    assert df_tex.strip("$\n").startswith("f'(x) =")
    assert len(chart_specs(at)) == 1 and [s.key for s in at.slider] == ["custom_p_b", "custom_range"]


def test_typed_formula_is_plotted_with_its_values():
    at = run_app(page=PAGE)
    at.text_input(key="formula").set_value("max(x, 0) + a*min(x, 0)").run()
    assert_no_exception(at)
    trace = _mine(at)
    x, y = _decode(trace["x"]), _decode(trace["y"])
    np.testing.assert_allclose(y, np.where(x > 0, x, 1.0 * x), rtol=1e-6)  # a = 1: the identity
    at.slider(key="custom_p_a").set_value(0.25).run()
    trace = _mine(at)
    x, y = _decode(trace["x"]), _decode(trace["y"])
    np.testing.assert_allclose(y, np.where(x > 0, x, 0.25 * x), rtol=1e-6)


def test_hostile_formula_is_a_warning_not_an_exception():
    at = run_app(page=PAGE)
    at.text_input(key="formula").set_value("().__class__.__bases__[0]").run()
    assert_no_exception(at)
    assert at.warning and "cannot be used" in at.warning[0].value
    assert not chart_specs(at)


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
    assert at.slider(key="custom_p_a").max == 50.0
    at.slider(key="custom_p_a").set_value(40.0).run()
    at.text_input(key="custom_name").set_value("big tanh").run()
    at.button(key="custom_save").click().run()
    assert_no_exception(at)
    assert at.success
    saved = at.session_state[CUSTOM_KEY]["custom:big tanh"]
    assert isinstance(saved, custom.CustomActivation)
    assert saved.param("a").high == 50.0 and saved.defaults == {"a": 40.0}
    assert float(saved.f(1.0)) == np.float64(40 * np.tanh(1.0))


def test_page_speaks_chinese_when_asked():
    at = run_app(query={"lang": "zh"}, page=PAGE)
    assert_no_exception(at)
    assert at.title[0].value == "自定义激活函数" and at.text_input(key="formula").label == "f(x) ="
    assert at.slider(key="custom_p_b").label == "参数 b"


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
