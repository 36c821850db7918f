"""Your own activation: type a formula, see its exact derivative beside the built-ins, save, share.

Thin page: parsing and derivatives in activations.custom, the figure in
figures.custom. The formula is bound to the URL (`?formula=...`), so the
address bar is always a link to what is on screen; the text is parsed again
on arrival like any typed text.
"""
from __future__ import annotations

from urllib.parse import quote

import streamlit as st

from activations import custom
from figures import custom as fig_custom
from figures.style import colours_for
from ui import registry
from ui.i18n import act_label, explain, plotly_config, t
from ui.latex import scrolling_latex
from ui.shell import require_app

require_app()

DEFAULT = "x * sigmoid(b*x)"
EXAMPLES = ["x * sigmoid(b*x)", "max(x, 0) + a*min(x, 0)", "log(1 + exp(x))", "sin(x) + x/2",
            "x * tanh(log(1 + exp(x)))", "where(x > 0, x, a*(exp(x) - 1))"]
COMPARE_DEFAULT = ["relu", "sigmoid"]


def _use_example() -> None:
    st.session_state["formula"] = st.session_state["custom_example"]


def _show_error(text: str, err: custom.ExpressionError) -> None:
    st.warning(t("custom.cannot_use", message=explain(err)), icon=":material/error:")
    if err.column and text and len(text) <= custom.MAX_LENGTH and text.isprintable():
        st.code(text + "\n" + " " * (err.column - 1) + "^", language=None)


def _parameter_controls(act) -> tuple[dict, dict]:
    """A slider per parameter, with editable bounds; returns (values, bounds)."""
    values, bounds = {}, {}
    for p in act.params:
        left, low_col, high_col = st.columns([4, 1, 1], vertical_alignment="bottom")
        low = low_col.number_input(t("custom.lowest", name=p.name), value=p.low, step=1.0, key=f"custom_lo_{p.name}")
        high = high_col.number_input(t("custom.highest", name=p.name), value=p.high, step=1.0,
                                     key=f"custom_hi_{p.name}")
        if not low < high:
            left.warning(t("custom.bad_bounds", name=p.name, bounds=p.bounds_text()))
            low, high = p.low, p.high
        key = f"custom_p_{p.name}"
        current = st.session_state.get(key, p.default)
        st.session_state[key] = min(max(current, low), high)  # new bounds may exclude the old value
        step = custom.configure(act, bounds={p.name: (low, high)}).param(p.name).step
        values[p.name] = left.slider(t("custom.parameter", name=p.name), low, high, key=key, step=step)
        bounds[p.name] = (low, high)
    return values, bounds


st.title(t("custom.title"))
st.markdown(t("custom.intro"))

text = st.text_input(t("custom.formula_label"), value=DEFAULT, key="formula", bind="query-params",
                     help=t("custom.syntax_help", n=custom.MAX_PARAMS, funcs=", ".join(custom.FUNCS)),
                     placeholder=DEFAULT)
st.pills(t("custom.examples"), EXAMPLES, key="custom_example", on_change=_use_example, label_visibility="collapsed")

try:
    with st.spinner(t("custom.working")):
        act = custom.parse(text)
except custom.ExpressionError as err:
    _show_error(text, err)
    st.stop()

left, right = st.columns(2)
scrolling_latex(left, act.latex, "custom_f")
scrolling_latex(right, act.dlatex, "custom_df")
if not act.simplified:
    right.caption(t("custom.not_simplified"))

values, bounds = _parameter_controls(act)
act = custom.configure(act, defaults=values, bounds=bounds)  # the user's bounds, the sliders' values
lo, hi = st.slider(t("custom.x_range"), -20.0, 20.0, (-6.0, 6.0), step=0.5, key="custom_range")
acts = registry.available()
others = [k for k in acts if k != act.key]
compare = st.multiselect(t("custom.compare"), others, default=[k for k in COMPARE_DEFAULT if k in others],
                         format_func=lambda k: act_label(acts[k]), key="custom_compare")

colours = colours_for([act.key, *compare])
mine = fig_custom.sample(act, values, lo, hi, colours[act.key], mine=True)
curves = [fig_custom.sample(acts[k], acts[k].defaults, lo, hi, colours[k]) for k in compare] + [mine]
st.plotly_chart(fig_custom.figure(curves), width="stretch", key="custom_chart", config=plotly_config())
if mine.gaps():
    st.info(t("custom.gaps"), icon=":material/info:")

save_col, share_col = st.columns(2)
with save_col:
    st.subheader(t("custom.save"), divider="gray")
    name = st.text_input(t("custom.name"), key="custom_name", placeholder=t("custom.name_placeholder"), max_chars=40)
    if st.button(t("custom.save_button"), key="custom_save", disabled=not name.strip()):
        try:
            saved = custom.rename(act, name)
        except custom.ExpressionError as err:
            st.warning(t("custom.cannot_save", problem=explain(err)))
        else:
            registry.add_custom(saved)
            st.success(t("custom.saved", name=saved.label))
    saved_names = [a.label for a in registry.custom().values()]
    if saved_names:
        st.caption(t("custom.saved_list", names=", ".join(saved_names)))
with share_col:
    st.subheader(t("custom.share"), divider="gray")
    base = st.context.url.split("?")[0] if st.context.url else ""
    st.caption(t("custom.share_hint"))
    st.code(f"{base}?formula={quote(act.formula, safe='')}", language=None)
