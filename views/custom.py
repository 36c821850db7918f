"""Your own activation: type a formula, see its exact derivative beside the built-ins, save, share.

Thin page: parsing and derivatives in activations.formula; the curves come from the
Explorer's sampler and figure builder (figures.explorer), drawn by the live control,
so a kink is drawn the same way on every page. The formula is bound to the URL (`?formula=...`), so the
address bar is always a link to what is on screen; the text is parsed again
on arrival like any typed text.
"""
from __future__ import annotations

from urllib.parse import quote

import numpy as np
import streamlit as st

from activations import formula
from components.live_control import Knob, live_control, set_value, value_of
from figures import explorer as fx
from figures.style import colours_for
from ui import i18n, registry
from ui.i18n import act_label, explain, plotly_config, t
from ui.latex import scrolling_latex

DEFAULT = "x * sigmoid(b*x)"
EXAMPLES = ["x * sigmoid(b*x)", "max(x, 0) + a*min(x, 0)", "log(1 + exp(x))", "sin(x) + x/2",
            "x * tanh(log(1 + exp(x)))", "where(x > 0, x, a*(exp(x) - 1))"]
COMPARE_DEFAULT = ["relu", "sigmoid"]
POINTS = 801


def _use_example() -> None:
    st.session_state["formula"] = st.session_state["custom_example"]


def _show_error(text: str, err: formula.ExpressionError) -> None:
    st.warning(t("custom.cannot_use", message=explain(err)), icon=":material/error:")
    if err.column and text and len(text) <= formula.MAX_LENGTH and text.isprintable():
        st.code(text + "\n" + " " * (err.column - 1) + "^", language=None)


def _parameter_bounds(act) -> dict:
    """Editable bounds per parameter (the slider spans them); returns {name: (low, high)}."""
    bounds = {}
    for p in act.params:
        left, low_col, high_col = st.columns([4, 1, 1], vertical_alignment="bottom")
        left.markdown(t("custom.parameter", name=p.name))
        low = low_col.number_input(t("custom.lowest", name=p.name), value=p.low, step=1.0, key=f"custom_lo_{p.name}")
        high = high_col.number_input(t("custom.highest", name=p.name), value=p.high, step=1.0,
                                     key=f"custom_hi_{p.name}")
        if not low < high:
            left.warning(t("custom.bad_bounds", name=p.name, bounds=p.bounds_text()))
            low, high = p.low, p.high
        bounds[p.name] = (low, high)
    return bounds


def _parameter_knobs(act, bounds: dict) -> list[Knob]:
    knobs = []
    for p in act.params:
        low, high = bounds[p.name]
        step = formula.configure(act, bounds={p.name: (low, high)}).param(p.name).step
        knob = Knob(f"custom_p_{p.name}", t("custom.parameter", name=p.name), low, high, step,
                    min(max(p.default, low), high))
        current = st.session_state.get(knob.key)
        if isinstance(current, float) and not low <= current <= high:   # new bounds may exclude the old value
            set_value(knob, min(max(current, low), high))
        knobs.append(knob)
    return knobs


st.title(t("custom.title"))
st.markdown(t("custom.intro"))

text = st.text_input(t("custom.formula_label"), value=DEFAULT, key="formula", bind="query-params",
                     help=t("custom.syntax_help", n=formula.MAX_PARAMS, funcs=", ".join(formula.FUNCS)),
                     placeholder=DEFAULT)
st.pills(t("custom.examples"), EXAMPLES, key="custom_example", on_change=_use_example, label_visibility="collapsed")

try:
    with st.spinner(t("custom.working")):
        act = formula.parse(text)
except formula.ExpressionError as err:
    _show_error(text, err)
    st.stop()

left, right = st.columns(2)
scrolling_latex(left, act.latex, "custom_f")
scrolling_latex(right, act.dlatex, "custom_df")
if not act.simplified:
    right.caption(t("custom.not_simplified"))

bounds = _parameter_bounds(act) if act.params else {}
knobs = _parameter_knobs(act, bounds)
values = {p.name: value_of(k) for p, k in zip(act.params, knobs)}
act = formula.configure(act, defaults=values, bounds=bounds)  # the user's bounds, the sliders' values
acts = registry.available()
others = [k for k in acts if k != act.key]
compare = st.multiselect(t("custom.compare"), others, default=[k for k in COMPARE_DEFAULT if k in others],
                         format_func=lambda k: act_label(acts[k]), key="custom_compare")
x_knob = Knob("custom_range", t("custom.x_range"), -20.0, 20.0, 0.5, (-6.0, 6.0),
              ends=(t("explorer.range_from"), t("explorer.range_to")))
lo, hi = value_of(x_knob)
colours = colours_for([act.key, *compare])
words = i18n.figure_words(fx)


def curves_at(lo: float, hi: float, n: int, params: dict) -> list:
    """The built-ins beside, then the user's curve (drawn last, on top)."""
    return [fx.compute_curve(acts[k], acts[k].defaults, lo, hi, n, colours[k], label=act_label(acts[k]))
            for k in compare] + [fx.compute_curve(act, params, lo, hi, n, colours[act.key], label=act.label)]


def emphasised(traces: list[dict]) -> list[dict]:
    for tr in traces:   # the user's own curve drawn thick
        if tr.get("legendgroup") == act.key and tr.get("mode") == "lines":
            tr["line"] = {**tr["line"], "width": 3.5}
    return traces


curves = curves_at(lo, hi, POINTS, values)
figure = fx.overlay_spec(curves, lo, hi, revision=f"{act.formula}:{lo}:{hi}", height=420, words=words)
emphasised(figure["data"])


def sweep(knob: Knob, value: float, px: int) -> list[list[dict]]:
    name = act.params[knobs.index(knob)].name
    return [emphasised(fx.overlay_traces(curves_at(lo, hi, max(100, px // 2), {**values, name: value}),
                                         words=words))]


def window(knob: Knob, px: int) -> list[list[dict]]:
    return [emphasised(fx.overlay_traces(curves_at(-20.0, 20.0, 2001, values), words=words))]


live_control("custom_chart", knobs=[x_knob, *knobs], figures=[figure], sweep=sweep, window=window,
             context=(act.formula, tuple(compare), tuple(sorted(bounds.items())), i18n.current()),
             titles=[t("explorer.chart_title", names=", ".join(c.label for c in curves), lo=f"{lo:g}", hi=f"{hi:g}")],
             config=plotly_config())
mine = curves[-1]
if np.isnan(mine.f[np.isfinite(mine.x)]).any() or np.isnan(mine.df[np.isfinite(mine.x)]).any():
    st.info(t("custom.gaps"), icon=":material/info:")

save_col, share_col = st.columns(2)
with save_col:
    st.header(t("custom.save"), divider="gray")
    name = st.text_input(t("custom.name"), key="custom_name", placeholder=t("custom.name_placeholder"), max_chars=40)
    if st.button(t("custom.save_button"), key="custom_save", disabled=not name.strip()):
        try:
            saved = formula.rename(act, name)
        except formula.ExpressionError as err:
            st.warning(t("custom.cannot_save", problem=explain(err)))
        else:
            registry.add_custom(saved)
            st.success(t("custom.saved", name=saved.label))
    saved_names = [a.label for a in registry.custom().values()]
    if saved_names:
        st.caption(t("custom.saved_list", names=", ".join(saved_names)))
with share_col:
    st.header(t("custom.share"), divider="gray")
    base = st.context.url.split("?")[0] if st.context.url else ""
    st.caption(t("custom.share_hint"))
    st.code(f"{base}?formula={quote(act.formula, safe='')}", language=None, wrap_lines=True)  # no keyboard-less scroll
