"""Explorer: every chosen activation beside its derivative, compared side by side, tweaked live.

Thin page: widgets and layout here; sampling and figures in figures.explorer, URL
rules in ui.url_state, exports in ui.export. Parameter sliders and everything they
change live in one fragment, so moving a slider reruns only that part.
"""
from __future__ import annotations

import html
import math

import numpy as np
import streamlit as st

import activations
from components.live_plot import live_plot
from figures import explorer as fx
from figures.style import colours_for
from ui import export, registry, validate
from ui import url_state as us
from ui.shape_notes import shape_note
from ui.shell import require_app

require_app()

FN_MEMORY = "_explorer_fn"          # last selection, kept across page switches
FN_URL = "_explorer_fn_url"         # what this page last wrote to ?fn=
NOTICES = "_explorer_notices"
DISMISSED = "_explorer_dismissed"   # notices the user closed; the same link does not raise them again

st.title("Activation explorer")
st.markdown("Compare activation functions and their derivatives side by side, and move their "
            "parameters to watch both curves respond.")

url_act, url_problem = registry.adopt_url_formula(us.FORMULA)  # ?formula= from "Your own activation"
acts = registry.available()
defaults = us.default_selection(acts.values())
param_keys = us.param_keys(acts.values())


# -- the shared link: check it, remember what was ignored ---------------------
query = {k: st.query_params.get_all(k) for k in st.query_params}
checked = us.check_query(query, acts)
if url_problem:
    checked.notices.append(url_problem)
if url_act is not None:  # a shared formula joins the selection it arrives with
    checked.fns = list(dict.fromkeys([*(checked.fns if checked.fns is not None else defaults), url_act.key]))
fresh = [n for n in checked.notices if n not in st.session_state.get(DISMISSED, ())]
if fresh:
    st.session_state[NOTICES] = fresh
url_fns = query.get(us.FN)
if us.FN not in st.session_state or (url_fns is not None and url_fns != st.session_state.get(FN_URL)):
    remembered = [k for k in st.session_state.get(FN_MEMORY, defaults) if k in acts]
    st.session_state[us.FN] = checked.fns if checked.fns is not None else remembered
    st.session_state[FN_URL] = url_fns

if st.session_state.get(NOTICES):
    with st.container():
        st.warning("Some settings in the link could not be used, so defaults apply:\n\n"
                   + "\n".join(f"- {n}" for n in st.session_state[NOTICES]), icon=":material/link_off:")
        if st.button("Dismiss", key="explorer_dismiss", type="tertiary"):
            st.session_state[DISMISSED] = {*st.session_state.get(DISMISSED, ()), *st.session_state[NOTICES]}
            st.session_state[NOTICES] = []
            st.rerun()


# -- sidebar: what to compare and over which inputs ----------------------------
family_rank = {fam: i for i, fam in enumerate(activations.FAMILIES)}
options = sorted(acts, key=lambda k: (family_rank.get(acts[k].family, len(family_rank)), list(acts).index(k)))

with st.sidebar:
    st.subheader("Functions")
    chosen = st.multiselect(
        "Functions to compare", options, key=us.FN, placeholder="Add a function…",
        format_func=lambda k: acts[k].label,
        help="Listed family by family: " + ", ".join(activations.FAMILIES)
             + ". The essay's six are chosen at first; the URL keeps your choice.")
    st.subheader("Inputs")
    x_lo, x_hi = st.slider("Input range x", *us.X_LIMITS, us.X_DEFAULT, step=0.1, key=us.X,
                           bind="query-params", help="The x interval every panel shows.")
    points = st.select_slider("Resolution (points per curve)", us.POINT_CHOICES, value=us.POINTS_DEFAULT,
                              key=us.POINTS, bind="query-params",
                              help="Kink points are always sampled exactly, whatever the resolution.")
    st.subheader("Display")
    view = st.radio("Layout", us.VIEWS, key=us.VIEW, bind="query-params", horizontal=True,
                    help="Overlay: all functions in one f and one f′ panel. "
                         "Small multiples: one f/f′ pair per function, axes shared.")
    second = st.toggle("Show the second derivative f″", key=us.SECOND, bind="query-params")

st.session_state[FN_MEMORY] = chosen
new_url_fns = chosen if chosen != defaults else None
if new_url_fns != st.session_state.get(FN_URL):
    if new_url_fns is None:
        st.query_params.pop(us.FN, None)
    else:
        st.query_params[us.FN] = chosen
    st.session_state[FN_URL] = new_url_fns

if not chosen:
    st.info("Choose at least one function under **Functions** in the sidebar.", icon=":material/arrow_back:")
    st.stop()
x_lo, x_hi, narrow = validate.drawable_range(float(x_lo), float(x_hi), us.X_LIMITS)
if narrow:
    st.warning(narrow, icon=":material/straighten:")


@st.cache_data(max_entries=256, ttl="1h", show_spinner=False)  # ~200 kB each at most; idle memory goes back
def _builtin_curve(key: str, params: tuple, lo: float, hi: float, n: int, colour: str, second: bool) -> fx.Curve:
    return fx.compute_curve(activations.get(key), dict(params), lo, hi, n, colour, second)


def curve_for(act, params: dict, lo, hi, n, colour, second) -> fx.Curve:
    if act.key in activations.names():   # a session's custom function is not cached across sessions
        return _builtin_curve(act.key, tuple(sorted(params.items())), lo, hi, n, colour, second)
    return fx.compute_curve(act, params, lo, hi, n, colour, second)


def step_format(step: float) -> str:
    """Show as many decimals as the step has, so every slider position reads differently."""
    return f"%.{max(0, -math.floor(math.log10(step) + 1e-9))}f"


@st.cache_data(max_entries=512, show_spinner=False)
def _builtin_note(key: str, params: tuple) -> str:
    return shape_note(activations.get(key), dict(params))


def note_for(act, params: dict) -> str:
    if act.key in activations.names():
        return _builtin_note(act.key, tuple(sorted(params.items())))
    return shape_note(act, params)


def reset_parameters(keys: list[str], values: list[float]) -> None:
    for key, value in zip(keys, values):
        st.session_state[key] = value


def parameter_sliders(chosen_acts) -> dict[str, dict]:
    """One slider per parameter of each chosen function; returns {fn key: {param: value}}."""
    with_params = [a for a in chosen_acts if a.params]
    values = {a.key: {} for a in chosen_acts}
    if not with_params:
        return values
    head, button = st.columns([5, 1], vertical_alignment="bottom")
    head.markdown("**Parameters**")
    sliders = [(a, p) for a in with_params for p in a.params]
    button.button("Reset to defaults", icon=":material/restart_alt:", key="explorer_reset", width="stretch",
                  on_click=reset_parameters,
                  args=([param_keys[(a.key, p.name)] for a, p in sliders], [p.default for _, p in sliders]))
    cols = st.columns(min(4, len(sliders)))
    for i, (act, p) in enumerate(sliders):
        with cols[i % len(cols)]:
            values[act.key][p.name] = st.slider(
                f"{act.label} {p.label}", p.slider_low, p.slider_high, p.default, step=p.step,
                key=param_keys[(act.key, p.name)], bind="query-params", format=step_format(p.step),
                help=f"{p.help} Allowed {p.bounds_text()}; default {p.default:g}.")
    return values


def param_text(p, value: float) -> str:
    symbol = p.symbol or r"\text{" + p.name.replace("_", r"\_") + "}"
    return f"${symbol} = {value:g}$ ({html.escape(p.label)})"


def formula_card(act, params: dict, colour: str) -> None:
    with st.container(border=True):
        st.markdown(f'<span style="color:{colour};font-size:1.3em">●</span> '
                    f"<b>{html.escape(act.label)}</b> <small>· {html.escape(act.family)}</small>",
                    unsafe_allow_html=True)
        st.latex(act.latex)
        st.latex(act.dlatex)
        if params:
            st.markdown(" · ".join(param_text(act.param(name), value) for name, value in params.items()))
        st.caption(note_for(act, params) + (" " + act.summary if act.summary else ""))


@st.fragment
def live_view(chosen: list[str], lo: float, hi: float, n: int, view: str, second: bool) -> None:
    chosen_acts = [acts[k] for k in chosen]
    values = parameter_sliders(chosen_acts)
    colours = colours_for(chosen)
    curves, selection = [], []
    for act in chosen_acts:
        try:
            curve = curve_for(act, values[act.key], lo, hi, n, colours[act.key], second)
        except activations.ActivationError as err:
            st.warning(f"{act.label} is left out: {err}", icon=":material/warning:")
            continue
        except Exception as err:  # a custom formula may fail in any way; say so instead of crashing
            st.warning(f"{act.label} could not be evaluated ({type(err).__name__}: {err}); it is left out.")
            continue
        if not np.isfinite(curve.f).any():
            st.warning(f"{act.label} has no finite value on {lo:g} … {hi:g}; it is left out.")
            continue
        curves.append(curve)
        selection.append((act, curve.params))
    if not curves:
        st.info("Nothing to draw: every chosen function was left out (see above).")
        return
    revision = f"{lo}:{hi}:{view}:{second}"   # a new range or layout resets the zoom; parameters do not
    build = fx.grid_spec if view == us.VIEWS[1] else fx.overlay_spec
    fig = build(curves, lo, hi, second, revision=revision)   # a plain dict: validated in tests, not per step
    live_plot(fig, key="explorer_chart", height=int(fig["layout"]["height"]),
              config={"toImageButtonOptions": {"format": "png", "filename": "activation-lab", "scale": 2}})
    st.caption("Open circles mark a one-sided value the function does not take at a kink; filled "
               "ones the value it takes. Zoom by dragging, double-click to reset; the camera and disk "
               "icons save the figure as PNG or SVG.")

    st.subheader("Formulas")
    cols = st.columns(2)
    for i, curve in enumerate(curves):
        with cols[i % 2]:
            formula_card(acts[curve.key], curve.params, curve.colour)

    st.subheader("Export")
    left, right = st.columns([1, 2])
    with left:
        st.download_button(
            "Download curves (CSV)", lambda: export.curves_csv(selection, lo, hi, n, second),
            file_name="activation-curves.csv", mime="text/csv", icon=":material/download:",
            key="explorer_csv", on_click="ignore")
        st.caption("x, then f and f′ of each function at its current parameters (kinks included).")
    with right:
        numpy_tab, torch_tab = st.tabs(["NumPy", "PyTorch"])
        numpy_tab.code(export.numpy_snippet(selection, lo, hi, n), language="python")
        torch_tab.code(export.torch_snippet(selection, lo, hi, n), language="python")


live_view(chosen, float(x_lo), float(x_hi), int(points), view, bool(second))
