"""Charts that say what they show, and the values behind them as tables.

`plotly_chart` is `st.plotly_chart` with an accessible name (`alt`: Streamlit gives the chart
`role="figure"` and that `aria-label`), by default the figure's own title or series; its
toolbar's buttons (zoom, reset, download) are reachable with Tab. `curves_text` names and
describes an f | f′ chart of the live control, and `value_tables` shows f and f′ as tables.
The words come from ui.pure.chart_text.
"""
from __future__ import annotations

import re

import plotly.graph_objects as go
import streamlit as st

from activations import ActivationError
from ui.i18n import act_label, names_list, t
from ui.pure import chart_text


def plotly_chart(fig: go.Figure | dict, *, key: str, alt: str | None = None, where=None, **kwargs):
    """`where.plotly_chart(fig, key=key, alt=..., **kwargs)` (`where` is st or a column); `alt`
    defaults to the figure's title, else its series' names."""
    if alt is None:
        spec = fig if isinstance(fig, dict) else {
            "layout": {"title": {"text": fig.layout.title.text or ""}}, "data": [{"name": tr.name} for tr in fig.data]}
        alt = chart_text.figure_name(spec, t, names_list)
    return (where or st).plotly_chart(fig, key=key, alt=alt, **kwargs)


def curves_text(pairs, lo: float, hi: float, second: bool = False) -> tuple[str, str]:
    """The accessible name and description of an f | f′ chart of `pairs` (activation, its drawn
    curve), at the curves' own parameters."""
    named = [chart_text.with_params(act_label(a), a, c.params) for a, c in pairs]
    return (chart_text.curves_name(named, lo, hi, second, t, names_list),
            chart_text.curves_description([c for _, c in pairs], named, t, names_list))


def value_tables(pairs, lo: float, hi: float, *, key: str) -> None:
    """A "show as table" switch and, when on, each function's f and f′ at a few x and its kinks."""
    if not st.toggle(t("a11y.table_toggle"), key=key, help=t("a11y.table_toggle_help")):
        return
    for act, params in pairs:
        try:
            table = chart_text.value_table(act, params, lo, hi, t)
        except ActivationError:   # parameters that do not work together: said above the chart already
            continue
        name = t("a11y.table_caption", name=chart_text.with_params(act_label(act), act, params))
        st.markdown(f"**{_escaped(name)}**")
        st.table(table, border="horizontal", hide_index=True, alt=name)


def _escaped(text: str) -> str:
    """Text shown as it is inside Markdown (a saved function's name may hold * or _)."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~$])", r"\\\1", text)
