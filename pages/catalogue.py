"""Catalogue: every registry function with its properties computed from the core, plus a gallery."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from activations import ActivationError
from activations.properties import fmt
from figures import essay as figs
from figures.style import colour_for
from ui import catalogue as cat
from ui import registry

st.title("Catalogue of activation functions")
st.markdown(
    "One row per function. Every property is **measured** from the function itself (range with open or "
    "closed ends, monotonicity, smoothness, slopes), not copied from a table, so it stays right when "
    "parameters change. Click a column header to sort, a row to open that function in the Explorer."
)

acts = registry.available()
problems = []
rows = []
for act in acts.values():
    try:
        rows.append(cat.row(act, cat.properties(act)))
    except (ActivationError, ValueError, FloatingPointError) as err:  # a custom formula may not analyse
        problems.append(f"{act.label}: {err}")
if problems:
    st.warning("Some functions could not be analysed and are left out: " + "; ".join(problems))
table = pd.DataFrame(rows)

FILTERS = {
    "bounded": lambda t: t["Bounded"],
    "smooth (C∞)": lambda t: t["Smoothness"] == "C∞",
    "differentiable (C¹ or better)": lambda t: t["Smoothness"].isin(["C1", "C2", "C∞"]),
    "monotonic": lambda t: t["Monotonic"] != "non-monotonic",
    "non-monotonic": lambda t: t["Monotonic"] == "non-monotonic",
    "zero-centred": lambda t: t["Zero-centred"],
    "saturating (both sides)": lambda t: t["Saturating"].str.startswith("both"),
    "not saturating": lambda t: t["Saturating"] == "none",
}
left, mid, right = st.columns([3, 2, 2])
required = left.multiselect("Show only functions that are", list(FILTERS), key="cat_filters",
                            placeholder="e.g. bounded and smooth")
families = mid.multiselect("Families", sorted(table["Family"].unique()), key="cat_families", placeholder="all")
search = right.text_input("Search name or paper", key="cat_search", max_chars=60)

shown = table
for name in required:
    shown = shown[FILTERS[name](shown)]
if families:
    shown = shown[shown["Family"].isin(families)]
if search.strip():
    needle = search.strip().lower()
    shown = shown[shown["Name"].str.lower().str.contains(needle, regex=False)
                  | shown["Paper"].str.lower().str.contains(needle, regex=False)]
st.caption(f"{len(shown)} of {len(table)} functions")

config = {
    "Name": st.column_config.TextColumn(pinned=True, width="medium"),
    "Formula": st.column_config.TextColumn(help="NumPy expression of f; parameters by name", width="medium"),
    "Range": st.column_config.TextColumn(
        width="medium",
        help="Computed: ( ) an end only approached, [ ] an end reached. For a function that jumps, the smallest "
             "interval holding every value"),
    "Bounded": st.column_config.CheckboxColumn(help="Range finite at both ends"),
    "Monotonic": st.column_config.TextColumn(help="Sampled direction; 'non-' when f is flat on a stretch"),
    "Zero-centred": st.column_config.CheckboxColumn(
        help="Mean output 0 for standard-normal input, as tanh and SELU; ReLU's is 0.40"),
    "Smoothness": st.column_config.TextColumn(
        help="Continuity order of f from one-sided limits at its kinks: discontinuous, C0 (corner), C1, C2, C∞"),
    "f(0)": st.column_config.NumberColumn(format="%.4g"),
    "f′(0)": st.column_config.NumberColumn(format="%.4g", help="At a kink: the value PyTorch's autograd uses"),
    "Differentiable at 0": st.column_config.CheckboxColumn(help="Left and right slopes agree at 0"),
    "max |f′|": st.column_config.NumberColumn(format="%.4g", help="Largest slope magnitude"),
    "at x": st.column_config.TextColumn(help="Where the largest slope occurs (nearest 0 if repeated)"),
    "Saturating": st.column_config.TextColumn(help="Sides where f′ → 0; 'hard' when it is exactly 0"),
    "Year": st.column_config.NumberColumn(format="%d"),
    "Paper": st.column_config.TextColumn(width="large"),
    "Explorer": st.column_config.LinkColumn(display_text="open ↗", help="Open in the Explorer"),
}
event = st.dataframe(shown, column_config=config, hide_index=True, column_order=[c for c in config],
                     on_select="rerun", selection_mode="single-row", key="cat_table",
                     height=min(38 + 35 * max(len(shown), 1), 600))
if event.selection.rows:
    picked = shown.iloc[event.selection.rows[0]]["key"]
    if picked in acts:  # the same session, so a custom function is there too
        st.switch_page(cat.EXPLORER, query_params=cat.explorer_query(acts[picked]))

# -- one function, its own parameters -------------------------------------------------------------
st.header("Inspect one function")
keys = list(acts)
key = st.selectbox("Function", keys, format_func=lambda k: acts[k].label, key="cat_inspect",
                   index=keys.index("leaky_relu") if "leaky_relu" in keys else 0)
act = acts[key]
c1, c2 = st.columns([2, 3])
with c1:
    st.latex(act.latex)
    st.latex(act.dlatex)
    params = {p.name: st.slider(p.label, p.slider_low, p.slider_high, float(p.default), p.step,
                                help=p.help or None, key=f"cat.{key}.{p.name}") for p in act.params}
with c2:
    try:
        p = cat.properties(act, **params)
    except ActivationError as err:
        st.warning(f"These parameters do not work together: {err}")
        st.stop()
    facts = {
        "Range": p.range.text(), "Bounded": "yes" if p.bounded else "no", "Monotonic": p.monotonicity,
        "Zero-centred": f"{'yes' if p.zero_centred else 'no'} (mean output {fmt(p.mean_normal)} for N(0, 1) input)",
        "Smoothness": p.smoothness, "f(0)": fmt(p.f0), "f′(0)": cat.describe_slope_at_zero(p),
        "max |f′|": cat.describe_max_slope(p),
        "Saturating": p.saturation, "Year": str(p.year) if p.year else "n/a",
    }
    st.dataframe(pd.DataFrame({"property": list(facts), "value": list(facts.values())}), hide_index=True,
                 width="stretch", key="cat_facts")
    if act.summary:
        st.caption(act.summary)
    if act.reference:
        st.caption(f"Reference: {act.reference}")
    if act.key in cat.activations.names():
        st.page_link(cat.EXPLORER, label=f"Open {act.label} in the Explorer", icon=":material/open_in_new:",
                     query_params=cat.explorer_query(act, params))

# -- the whole zoo at once -----------------------------------------------------------------------
st.header("Gallery")
st.caption("Each function in the table above (solid) and its derivative (dotted) on [-4, 4], at default parameters.")


@st.cache_data(max_entries=4, show_spinner=False)
def _gallery_data(keys: tuple[str, ...]):
    out = []
    for k in keys:
        a = cat.activations.get(k)
        x, f, df = figs.sample(a, a.defaults, -4.0, 4.0, 161)
        out.append((a.label, x, f, df, colour_for(k)))
    return out


listed = [k for k in shown["key"] if k in acts]  # the gallery follows the table's filters
builtin = tuple(k for k in listed if k in cat.activations.names())
entries = list(_gallery_data(builtin))
for k in listed:
    if k not in builtin:  # custom functions: sampled each run, they are few
        a = acts[k]
        x, f, df = figs.sample(a, a.defaults, -4.0, 4.0, 161)
        entries.append((a.label, x, f, df, colour_for(k)))
if entries:
    st.plotly_chart(figs.gallery(entries), width="stretch", key="cat_gallery", config={"displayModeBar": False})
else:
    st.info("No function matches these filters.")
