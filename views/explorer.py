"""Explorer: every chosen activation beside its derivative, compared side by side, tweaked live.

Thin page: widgets and layout here; sampling and figures in figures.explorer, URL
rules in ui.url_state, exports in ui.export. Parameter sliders and everything they
change live in one fragment, so moving a slider reruns only that part. Every word
shown comes from the i18n catalogue's [explorer] tables (ui.i18n.t).
"""
from __future__ import annotations

import html

import numpy as np
import streamlit as st

import activations
from components.live_control import Knob, live_control, set_value, value_of
from figures import explorer as fx
from figures.style import colours_for
from ui import export, i18n, live, registry, validate
from ui import url_state as us
from ui.i18n import act_label, act_param_label, act_summary, explain, family_label, plotly_config, t
from ui.shape_notes import shape_note

FN_MEMORY = "_explorer_fn"          # last selection, kept across page switches
FN_URL = "_explorer_fn_url"         # what this page last wrote to ?fn=
NOTICES = "_explorer_notices"
DISMISSED = "_explorer_dismissed"   # notices the user closed; the same link does not raise them again
VIEW_URL = "_explorer_view_url"     # what this page last wrote to ?view=
VIEW_CHOSEN = "_explorer_view"      # the layout as its URL value; the radio itself holds the shown label

lang = i18n.current()
st.title(t("explorer.title"))
st.markdown(t("explorer.intro"))


url_act, url_problem = registry.adopt_url_formula(us.FORMULA)  # ?formula= from "Your own activation"
acts = registry.available()
defaults = us.default_selection(acts.values())
param_keys = us.param_keys(acts.values())


# -- the shared link: check it, remember what was ignored ---------------------
query = {k: st.query_params.get_all(k) for k in st.query_params}
checked = us.check_query(query, acts, t, act_label, act_param_label)
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
        st.warning(t("explorer.notices_head") + "\n\n"
                   + "\n".join(f"- {n}" for n in st.session_state[NOTICES]), icon=":material/link_off:")
        if st.button(t("explorer.dismiss"), key="explorer_dismiss", type="tertiary"):
            st.session_state[DISMISSED] = {*st.session_state.get(DISMISSED, ()), *st.session_state[NOTICES]}
            st.session_state[NOTICES] = []
            st.rerun()


# -- sidebar: what to compare and over which inputs ----------------------------
family_rank = {fam: i for i, fam in enumerate(activations.FAMILIES)}
options = sorted(acts, key=lambda k: (family_rank.get(acts[k].family, len(family_rank)), list(acts).index(k)))

# The layout is kept in ?view= by hand: a bound radio would write its translated label into the URL.
url_view = query.get(us.VIEW, [None])[-1]
if VIEW_CHOSEN not in st.session_state or (url_view in us.VIEWS and url_view != st.session_state.get(VIEW_URL)):
    st.session_state[VIEW_CHOSEN] = url_view if url_view in us.VIEWS else us.VIEWS[0]
    st.session_state[VIEW_URL] = url_view
# Translated labels as the options, seeded every run from the chosen view, so that a language
# switch relabels the choice instead of dropping it.
view_labels = dict(zip(us.VIEWS, (t("explorer.sidebar.view_overlay"), t("explorer.sidebar.view_grid"))))
st.session_state[us.VIEW] = view_labels[st.session_state[VIEW_CHOSEN]]


def remember_view() -> None:
    by_label = {label: view for view, label in view_labels.items()}
    st.session_state[VIEW_CHOSEN] = by_label.get(st.session_state[us.VIEW], st.session_state[VIEW_CHOSEN])


with st.sidebar:
    st.subheader(t("explorer.sidebar.functions_heading"))
    chosen = st.multiselect(
        t("explorer.sidebar.functions"), options, key=us.FN, placeholder=t("explorer.sidebar.placeholder"),
        format_func=lambda k: act_label(acts[k]),
        help=t("explorer.sidebar.functions_help", families=", ".join(map(family_label, activations.FAMILIES))))
    st.subheader(t("explorer.sidebar.inputs_heading"))
    points = st.select_slider(t("explorer.sidebar.points"), us.POINT_CHOICES, value=us.POINTS_DEFAULT,
                              key=us.POINTS, bind="query-params", help=t("explorer.sidebar.points_help"))
    st.subheader(t("explorer.sidebar.display_heading"))
    st.radio(t("explorer.sidebar.layout"), list(view_labels.values()), key=us.VIEW, horizontal=True,
             on_change=remember_view, help=t("explorer.sidebar.layout_help"))
    view = st.session_state[VIEW_CHOSEN]
    second = st.toggle(t("explorer.sidebar.second"), key=us.SECOND, bind="query-params")
    share_y = view == us.VIEWS[1] and st.toggle(t("explorer.sidebar.share_y"), key=us.SHARE_Y, bind="query-params",
                                                 help=t("explorer.sidebar.share_y_help"))



def mirror_in_url(url_key: str, value, default, written: str) -> None:
    """Keep ?url_key= in step with a value this page manages itself (dropped at its default).

    `written` remembers what was last put in the URL, so an unchanged value is not rewritten.
    """
    wanted = value if value != default else None
    if wanted != st.session_state.get(written):
        if wanted is None:
            st.query_params.pop(url_key, None)
        else:
            st.query_params[url_key] = value
        st.session_state[written] = wanted


mirror_in_url(us.VIEW, view, us.VIEWS[0], VIEW_URL)
st.session_state[FN_MEMORY] = chosen
mirror_in_url(us.FN, chosen, defaults, FN_URL)

if not chosen:
    st.info(t("explorer.empty_selection", section=t("explorer.sidebar.functions_heading")),
            icon=":material/arrow_back:")
    st.stop()
@st.cache_data(max_entries=256, ttl="1h", show_spinner=False)  # ~200 kB each at most; idle memory goes back
def _builtin_curve(key: str, params: tuple, lo: float, hi: float, n: int, colour: str, second: bool,
                   label: str) -> fx.Curve:
    return fx.compute_curve(activations.get(key), dict(params), lo, hi, n, colour, second, label)


def curve_for(act, params: dict, lo, hi, n, colour, second) -> fx.Curve:
    if act.key in activations.names():   # a session's custom function is not cached across sessions
        return _builtin_curve(act.key, tuple(sorted(params.items())), lo, hi, n, colour, second, act_label(act))
    return fx.compute_curve(act, params, lo, hi, n, colour, second, act_label(act))


@st.cache_data(max_entries=512, show_spinner=False)
def _builtin_note(key: str, params: tuple, lang: str) -> str:
    return shape_note(activations.get(key), dict(params), lambda k, **v: i18n.translate(k, lang, **v))


def note_for(act, params: dict) -> str:
    if act.key in activations.names():
        return _builtin_note(act.key, tuple(sorted(params.items())), lang)
    return shape_note(act, params, t)


def param_text(act, p, value: float) -> str:
    symbol = p.symbol or r"\text{" + p.name.replace("_", r"\_") + "}"
    return t("explorer.param_value", value=f"${symbol} = {value:g}$", label=html.escape(act_param_label(act, p)))


def formula_card(act, params: dict, colour: str) -> None:
    with st.container(border=True):
        st.markdown(f'<span style="color:{colour};font-size:1.3em">●</span> '
                    f"<b>{html.escape(act_label(act))}</b> <small>· {html.escape(family_label(act.family))}</small>",
                    unsafe_allow_html=True)
        st.latex(act.latex)
        st.latex(act.dlatex)
        if params:
            st.markdown(" · ".join(param_text(act, act.param(name), value) for name, value in params.items()))
        summary = act_summary(act)
        st.caption(note_for(act, params) + (" " + summary if summary else ""))


X_KNOB = Knob(us.X, t("explorer.sidebar.x_range"), *us.X_LIMITS, 0.1, us.X_DEFAULT, help=t("explorer.sidebar.x_help"),
              ends=(t("explorer.range_from"), t("explorer.range_to")))


def parameter_knobs(chosen_acts, cells: dict[str, int]) -> dict[str, list[Knob]]:
    """One knob per parameter of each chosen function, under chart `cells[key]` (small multiples) or
    above the charts. A function left out of the chart keeps its knobs, to move it back into range."""
    return {act.key: live.param_knobs(act, lambda name, act=act: param_keys[(act.key, name)], url=True, named=True,
                                      cell=cells.get(act.key))
            for act in chosen_acts}


def reset_parameters(knobs: list[Knob]) -> None:
    for knob in knobs:
        set_value(knob, knob.default)


def sampled(act, params: dict, lo: float, hi: float, n: int, colour: str, second: bool):
    """A chosen function's curve, or None with a notice saying why it is left out."""
    try:
        curve = curve_for(act, params, lo, hi, n, colour, second)
    except activations.ActivationError as err:
        st.warning(t("explorer.left_out", name=act_label(act), error=explain(err)), icon=":material/warning:")
        return None
    except Exception as err:  # a custom formula may fail in any way; say so instead of crashing
        st.warning(t("explorer.failed", name=act_label(act), error=f"{type(err).__name__}: {err}"))
        return None
    if not np.isfinite(curve.f).any():
        st.warning(t("explorer.no_finite", name=act_label(act), lo=f"{lo:g}", hi=f"{hi:g}"))
        return None
    return curve


@st.fragment
def live_view(chosen: list[str], n: int, view: str, second: bool, share_y: bool) -> None:
    chosen_acts = [acts[k] for k in chosen]
    grid = view == us.VIEWS[1]
    knobs_of = parameter_knobs(chosen_acts, {})
    param_knobs = [k for ks in knobs_of.values() for k in ks]
    if param_knobs:
        head, button = st.columns([5, 1], vertical_alignment="bottom")
        head.markdown(f"**{t('explorer.params_heading')}**")
        button.button(t("explorer.reset"), icon=":material/restart_alt:", key="explorer_reset", width="stretch",
                      on_click=reset_parameters, args=(param_knobs,))
    values = {a.key: {p.name: value_of(k) for p, k in zip(a.params, knobs_of[a.key])} for a in chosen_acts}
    asked = value_of(X_KNOB)
    lo, hi, narrow = validate.drawable_range(*asked, us.X_LIMITS)
    if narrow:
        st.warning(t("explorer.empty_range", lo=f"{asked[0]:.10g}", hi=f"{asked[1]:.10g}",
                     new_lo=f"{lo:.10g}", new_hi=f"{hi:.10g}"), icon=":material/straighten:")
    colours = colours_for(chosen)
    curves = [c for a in chosen_acts if (c := sampled(a, values[a.key], lo, hi, n, colours[a.key], second))]
    if not curves:
        st.info(t("explorer.nothing"))
        live_control("explorer_chart", knobs=[X_KNOB, *param_knobs], figures=[])
        return
    shown = [acts[c.key] for c in curves]
    if grid:
        knobs_of = parameter_knobs(chosen_acts, {a.key: i for i, a in enumerate(shown)})
    words = i18n.figure_words(fx)
    revision = f"{lo}:{hi}:{view}:{second}"   # a new range or layout resets the zoom; parameters do not

    def figures_of(cs) -> list[dict]:
        if grid:   # small multiples: one chart per function, each fitting its own y range
            return [fx.overlay_spec([c], lo, hi, second, revision=revision, height=300, words=words,
                                    chart_width=fx.CHART_WIDTH // 2) for c in cs]
        return [fx.overlay_spec(cs, lo, hi, second, revision=revision, words=words)]

    def traces_of(cs) -> list[list[dict]]:
        return [fx.overlay_traces([c], second, words) for c in cs] if grid else [fx.overlay_traces(cs, second, words)]

    sweep_base: dict[int, list[list[dict]]] = {}   # per point count: every chart's traces at the committed values

    def sweep(knob: Knob, value: float, px: int) -> list[list[dict]]:
        """The traces with one function's parameter at `value`: that function's traces recomputed,
        every other trace the very same object (so only the moving ones are compared and sent)."""
        n_px = min(n, max(100, px // (3 if second else 2)))   # about one point per pixel of a panel
        if n_px not in sweep_base:
            sweep_base[n_px] = traces_of([curve_for(a, values[a.key], lo, hi, n_px, colours[a.key], second)
                                          for a in shown])
        owner = next(a for a in chosen_acts if knob in knobs_of[a.key])
        if owner not in shown:   # left out at these values: nothing drawn moves
            return sweep_base[n_px]
        name = owner.params[knobs_of[owner.key].index(knob)].name
        moved = fx.compute_curve(owner, {**values[owner.key], name: value}, lo, hi, n_px, colours[owner.key],
                                 second, act_label(owner))   # not cached: a sweep would evict every other curve
        fresh = iter(fx.overlay_traces([moved], second, words))
        return [[next(fresh) if tr.get("legendgroup") == owner.key else tr for tr in cell]
                for cell in sweep_base[n_px]]

    def window(knob: Knob, px: int) -> list[list[dict]]:
        dense = 2001   # every 0.02 over [-20, 20]: what a range drag shows until the release resamples it
        return traces_of([curve_for(a, values[a.key], *us.X_LIMITS, dense, colours[a.key], second) for a in shown])

    live_control(
        "explorer_chart", knobs=[X_KNOB, *(k for a in chosen_acts for k in knobs_of[a.key])], figures=figures_of(curves),
        context=(tuple(c.key for c in curves), n, view, second, lang), sweep=sweep, window=window,
        columns=2 if grid and len(curves) > 1 else 1, share_y=share_y,
        titles=[t("explorer.chart_title", names=", ".join(act_label(a) for a in (shown if not grid else [s])),
                  lo=f"{lo:g}", hi=f"{hi:g}") for s in (shown if grid else shown[:1])],
        config=plotly_config(toImageButtonOptions={"format": "png", "filename": "activation-lab", "scale": 2}))
    st.caption(t("explorer.chart_caption"))
    selection = [(acts[c.key], c.params) for c in curves]

    st.subheader(t("explorer.formulas"))
    cols = st.columns(2)
    for i, curve in enumerate(curves):
        with cols[i % 2]:
            formula_card(acts[curve.key], curve.params, curve.colour)

    st.subheader(t("explorer.export"))
    left, right = st.columns([1, 2])
    with left:
        st.download_button(
            t("explorer.csv_button"), lambda: export.curves_csv(selection, lo, hi, n, second),
            file_name="activation-curves.csv", mime="text/csv", icon=":material/download:",
            key="explorer_csv", on_click="ignore")
        st.caption(t("explorer.csv_caption"))
    with right:
        numpy_tab, torch_tab = st.tabs(["NumPy", "PyTorch"])
        numpy_tab.code(export.numpy_snippet(selection, lo, hi, n, say=t, label=act_label), language="python")
        torch_tab.code(export.torch_snippet(selection, lo, hi, n, say=t, label=act_label), language="python")


live_view(chosen, int(points), view, bool(second), bool(share_y))
