"""Catalogue: every registry function with its properties computed from the core, plus a gallery."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from activations import ActivationError
from activations.analysis import fmt
from figures import essay as figs
from figures.style import colour_for
from ui import catalogue as cat
from ui import charts, i18n, live, registry
from ui.i18n import act_label, explain, family_label, t

st.title(t("catalogue.title"))
st.markdown(t("catalogue.intro"))

acts = registry.available()
problems = []
rows = []
for act in acts.values():
    try:
        rows.append(cat.row(act, cat.properties(act)))
    except (ActivationError, ValueError, FloatingPointError) as err:  # a custom formula may not analyse
        problems.append(f"{act_label(act)}: {explain(err)}")
if problems:
    st.warning(t("catalogue.left_out", problems="; ".join(problems)))
table = pd.DataFrame(rows)

FILTERS = {  # id -> rows that pass; labels come from the language catalogue
    "bounded": lambda d: d["Bounded"],
    "smooth": lambda d: d["Smoothness"] == "C∞",
    "differentiable": lambda d: d["Smoothness"].isin(["C1", "C2", "C∞"]),
    "monotonic": lambda d: d["Monotonic"] != "non-monotonic",
    "non_monotonic": lambda d: d["Monotonic"] == "non-monotonic",
    "zero_centred": lambda d: d["Zero-centred"],
    "saturating": lambda d: d["Saturating"].str.startswith("both"),
    "not_saturating": lambda d: d["Saturating"] == "none",
}
# Display names in this run's language; the widgets' format_func only looks them up.
left, mid, right = st.columns([3, 2, 2])
required = left.multiselect(t("catalogue.filters"), list(FILTERS), key="cat_filters",
                            format_func={f: t(f"catalogue.f_{f}") for f in FILTERS}.get,
                            placeholder=t("catalogue.filters_placeholder"))
families = mid.multiselect(t("catalogue.families"), sorted(table["Family"].unique()), key="cat_families",
                           format_func={f: family_label(f) for f in table["Family"].unique()}.get,
                           placeholder=t("catalogue.families_placeholder"))
search = right.text_input(t("catalogue.search"), key="cat_search", max_chars=60)

shown = table
for name in required:
    shown = shown[FILTERS[name](shown)]
if families:
    shown = shown[shown["Family"].isin(families)]
if search.strip():
    needle = search.strip().lower()
    shown = shown[shown["Name"].str.lower().str.contains(needle, regex=False)
                  | shown["Paper"].str.lower().str.contains(needle, regex=False)]
shown = shown.assign(Monotonic=[cat.describe_monotonicity(v, t) for v in shown["Monotonic"]],
                     Saturating=[cat.describe_saturation(v, t) for v in shown["Saturating"]])
if i18n.current() != i18n.DEFAULT:
    shown = shown.assign(Name=[act_label(acts[k]) for k in shown["key"]])
st.caption(t("catalogue.count", shown=len(shown), total=len(table)))


def column(kind, name: str, help_key: str | None = None, **kwargs):
    """A column whose header and help come from the language catalogue."""
    return kind(t(f"catalogue.col_{name}"), help=t(f"catalogue.help_{help_key}") if help_key else None, **kwargs)


cc = st.column_config
config = {
    "Name": column(cc.TextColumn, "name", pinned=True, width="medium"),
    "Formula": column(cc.TextColumn, "formula", "formula", width="medium"),
    "Range": column(cc.TextColumn, "range", "range", width="medium"),
    "Bounded": column(cc.CheckboxColumn, "bounded", "bounded"),
    "Monotonic": column(cc.TextColumn, "monotonic", "monotonic"),
    "Zero-centred": column(cc.CheckboxColumn, "zero_centred", "zero_centred"),
    "Smoothness": column(cc.TextColumn, "smoothness", "smoothness"),
    "f(0)": column(cc.NumberColumn, "f0", format="%.4g"),
    "f′(0)": column(cc.NumberColumn, "df0", "df0", format="%.4g"),
    "Differentiable at 0": column(cc.CheckboxColumn, "diff0", "diff0"),
    "max |f′|": column(cc.NumberColumn, "max_slope", "max_slope", format="%.4g"),
    "at x": column(cc.TextColumn, "at", "at"),
    "Saturating": column(cc.TextColumn, "saturating", "saturating"),
    "Year": column(cc.NumberColumn, "year", format="%d"),
    "Paper": column(cc.TextColumn, "paper", width="large"),
    "Explorer": column(cc.LinkColumn, "explorer", "explorer", display_text=t("catalogue.open")),
}
event = st.dataframe(shown, column_config=config, hide_index=True, column_order=[c for c in config],
                     on_select="rerun", selection_mode="single-row", key="cat_table",
                     height=min(38 + 35 * max(len(shown), 1), 600))
if event.selection.rows:
    picked = shown.iloc[event.selection.rows[0]]["key"]
    if picked in acts:  # the same session, so a custom function is there too
        st.switch_page(cat.EXPLORER, query_params=cat.explorer_query(acts[picked]))

# -- one function, its own parameters -------------------------------------------------------------
st.header(t("catalogue.inspect_header"))
keys = list(acts)
key = st.selectbox(t("catalogue.function"), keys, format_func={k: act_label(a) for k, a in acts.items()}.get,
                   key="cat_inspect",
                   index=keys.index("leaky_relu") if "leaky_relu" in keys else 0)
act = acts[key]
params = live.values_of(act, live.param_knobs(act, lambda name: f"cat.{key}.{name}"))
c1, c2 = st.columns([2, 3])
with c1:
    st.latex(act.latex)
    st.latex(act.dlatex)
    if act.summary:
        st.caption(i18n.act_summary(act))
    if act.reference:
        st.caption(t("catalogue.reference", reference=act.reference))
    if act.key in cat.activations.names():
        st.page_link(cat.EXPLORER, label=t("catalogue.open_explorer", name=act_label(act)), icon=":material/open_in_new:",
                     query_params=cat.explorer_query(act, params))
with c2:
    try:
        p = cat.properties(act, **params)
    except ActivationError as err:   # parameters that do not work together: the sliders below stay
        st.warning(t("catalogue.params_conflict", error=explain(err)))
        p = None
if p is not None:
    yes_no = {True: t("catalogue.yes"), False: t("catalogue.no")}
    facts = {
        "range": p.range.text(), "bounded": yes_no[p.bounded], "monotonic": cat.describe_monotonicity(p.monotonicity, t),
        "zero_centred": t("catalogue.zero_centred_value", answer=yes_no[p.zero_centred], mean=fmt(p.mean_normal)),
        "smoothness": p.smoothness, "f0": fmt(p.f0), "df0": cat.describe_slope_at_zero(p, t),
        "max_slope": cat.describe_max_slope(p, t),
        "saturating": cat.describe_saturation(p.saturation, t), "year": str(p.year) if p.year else t("catalogue.no_year"),
    }
    c2.dataframe(pd.DataFrame({t("catalogue.property"): [t(f"catalogue.col_{k}") for k in facts],
                               t("catalogue.value"): list(facts.values())}), hide_index=True,
                 width="stretch", key="cat_facts")

# The function itself, its parameters live (the facts above follow on release).
live.preview("cat_inspect_live", [act], lambda a, name: f"cat.{a.key}.{name}", height=340)
charts.value_tables([(act, params)], *live.PREVIEW_RANGE, key="cat_values")

# -- the whole zoo at once -----------------------------------------------------------------------
st.header(t("catalogue.gallery_header"))
st.caption(t("catalogue.gallery_caption"))


@st.cache_data(max_entries=4, show_spinner=False)
def _gallery_data(keys: tuple[str, ...]):
    return [figs.sample(cat.activations.get(k), cat.activations.get(k).defaults, -4.0, 4.0, 161) for k in keys]


listed = [k for k in shown["key"] if k in acts]  # the gallery follows the table's filters
builtin = tuple(k for k in listed if k in cat.activations.names())
curves = dict(zip(builtin, _gallery_data(builtin)))
for k in listed:
    if k not in curves:  # custom functions: sampled each run, they are few
        curves[k] = figs.sample(acts[k], acts[k].defaults, -4.0, 4.0, 161)
entries = [(act_label(acts[k]), *curves[k], colour_for(k)) for k in listed]
if entries:
    charts.plotly_chart(figs.gallery(entries), width="stretch", key="cat_gallery", config={"displayModeBar": False},
                        alt=t("catalogue.gallery_alt", names=i18n.names_list([e[0] for e in entries])))
else:
    st.info(t("catalogue.no_match"))
