"""Explorer: every chosen activation beside its derivative, compared side by side, tweaked live.

Thin page: widgets, then the chart, then the cards. The link is one state (ui.pure.url_state),
read and written back by ui.explorer_link; curves in ui.explorer_curves, figures in
figures.explorer, exports in ui.pure.export. Parameter sliders and everything they change live in
one fragment, so moving a slider reruns only that part. Every word shown comes from the i18n
catalogue's [explorer] tables (ui.i18n.t).
"""
from __future__ import annotations

import html
from dataclasses import replace

import streamlit as st

import activations
from components.live_control import Knob, live_control, set_value, value_of
from figures import explorer as fx
from figures.style import colours_for
from ui import charts, explorer_link, i18n, live, registry
from ui import explorer_curves as ec
from ui.i18n import act_label, act_param_label, act_summary, family_label, plotly_config, t
from ui.pure import export, validate
from ui.pure import url_state as us

lang = i18n.current()
st.title(t("explorer.title"))
st.markdown(t("explorer.intro"))

url_act, url_problem = registry.adopt_url_formula(us.FORMULA)  # ?formula= from "Your own activation"
acts = registry.available()
param_keys = us.param_keys(acts.values())
explorer_link.start(acts, url_act, url_problem)
explorer_link.show_notices()


# -- sidebar: what to compare and over which inputs ----------------------------
family_rank = {fam: i for i, fam in enumerate(activations.FAMILIES)}
options = sorted(acts, key=lambda k: (family_rank.get(acts[k].family, len(family_rank)), list(acts).index(k)))
# Widgets hold the URL's values; display names in this run's language, which their format_func only looks up.
names = {k: act_label(a) for k, a in acts.items()}
view_labels = dict(zip(us.VIEWS, (t("explorer.sidebar.view_overlay"), t("explorer.sidebar.view_grid"))))

with st.sidebar:
    st.subheader(t("explorer.sidebar.functions_heading"))
    chosen = st.multiselect(
        t("explorer.sidebar.functions"), options, key=us.FN, placeholder=t("explorer.sidebar.placeholder"),
        format_func=names.get,
        help=t("explorer.sidebar.functions_help", families=", ".join(map(family_label, activations.FAMILIES))))
    st.subheader(t("explorer.sidebar.inputs_heading"))
    points = st.select_slider(t("explorer.sidebar.points"), us.POINT_CHOICES, key=us.POINTS,
                              help=t("explorer.sidebar.points_help"))
    st.subheader(t("explorer.sidebar.display_heading"))
    view = st.radio(t("explorer.sidebar.layout"), us.VIEWS, key=us.VIEW, format_func=view_labels.get,
                    horizontal=True, help=t("explorer.sidebar.layout_help"))
    second = st.toggle(t("explorer.sidebar.second"), key=us.SECOND)
    share_y = view == us.VIEWS[1] and st.toggle(t("explorer.sidebar.share_y"), key=us.SHARE_Y,
                                                 help=t("explorer.sidebar.share_y_help"))
choice = us.ExplorerState(fns=tuple(chosen), points=int(points), view=view, second=bool(second),
                          share_y=bool(share_y))   # the knobs add the range and the parameters


X_KNOB = Knob(us.X, t("explorer.sidebar.x_range"), *us.X_LIMITS, 0.1, us.X_DEFAULT, help=t("explorer.sidebar.x_help"),
              ends=(t("explorer.range_from"), t("explorer.range_to")))


def parameter_knobs(chosen_acts, cells: dict[str, int]) -> dict[str, list[Knob]]:
    """One knob per parameter of each chosen function, under chart `cells[key]` (small multiples) or
    above the charts. A function left out of the chart keeps its knobs, to move it back into range."""
    return {act.key: live.param_knobs(act, lambda name, act=act: param_keys[(act.key, name)], named=True,
                                      cell=cells.get(act.key))
            for act in chosen_acts}


def reset_parameters(knobs: list[Knob]) -> None:
    for knob in knobs:
        set_value(knob, knob.default)


@st.fragment
def live_view(choice: us.ExplorerState) -> None:
    chosen_acts = [acts[k] for k in choice.fns]
    knobs_of = parameter_knobs(chosen_acts, {})
    param_knobs = [k for ks in knobs_of.values() for k in ks]
    state = replace(choice, x=value_of(X_KNOB), params={
        (a.key, p.name): value_of(k) for a in chosen_acts for p, k in zip(a.params, knobs_of[a.key])})
    explorer_link.publish(state, acts)
    if not chosen_acts:
        st.info(t("explorer.empty_selection", section=t("explorer.sidebar.functions_heading")),
                icon=":material/arrow_back:")
        return
    if param_knobs:
        head, button = st.columns([5, 1], vertical_alignment="bottom")
        head.markdown(f"**{t('explorer.params_heading')}**")
        button.button(t("explorer.reset"), icon=":material/restart_alt:", key="explorer_reset", width="stretch",
                      on_click=reset_parameters, args=(param_knobs,))
    n, second, grid = state.points, state.second, state.grid
    values = {a.key: state.params_of(a.key) for a in chosen_acts}
    lo, hi, narrow = validate.drawable_range(*state.x, us.X_LIMITS)
    if narrow:
        st.warning(t("explorer.empty_range", lo=f"{state.x[0]:.10g}", hi=f"{state.x[1]:.10g}",
                     new_lo=f"{lo:.10g}", new_hi=f"{hi:.10g}"), icon=":material/straighten:")
    colours = colours_for(state.fns)
    curves = [c for a in chosen_acts if (c := ec.drawable(a, values[a.key], lo, hi, n, colours[a.key], second))]
    if not curves:
        st.info(t("explorer.nothing"))
        live_control("explorer_chart", knobs=[X_KNOB, *param_knobs], figures=[])
        return
    shown = [acts[c.key] for c in curves]
    if grid:
        knobs_of = parameter_knobs(chosen_acts, {a.key: i for i, a in enumerate(shown)})
    words = i18n.figure_words(fx)
    revision = f"{lo}:{hi}:{state.view}:{second}"   # a new range or layout resets the zoom; parameters do not

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
            sweep_base[n_px] = traces_of([ec.curve(a, values[a.key], lo, hi, n_px, colours[a.key], second)
                                          for a in shown])
        owner = next(a for a in chosen_acts if knob in knobs_of[a.key])
        if owner not in shown:   # left out at these values: nothing drawn moves
            return sweep_base[n_px]
        name = owner.params[knobs_of[owner.key].index(knob)].name
        moved = ec.curve(owner, {**values[owner.key], name: value}, lo, hi, n_px, colours[owner.key], second,
                         frame=True)   # shared by sessions hovering the same slider
        fresh = iter(fx.overlay_traces([moved], second, words))
        return [[next(fresh) if tr.get("legendgroup") == owner.key else tr for tr in cell]
                for cell in sweep_base[n_px]]

    def window(knob: Knob, px: int) -> list[list[dict]]:
        dense = 2001   # every 0.02 over [-20, 20]: what a range drag shows until the release resamples it
        return traces_of([ec.curve(a, values[a.key], *us.X_LIMITS, dense, colours[a.key], second) for a in shown])

    pairs = [(acts[c.key], c) for c in curves]
    spoken = [charts.curves_text(cell, lo, hi, second) for cell in ([[p] for p in pairs] if grid else [pairs])]
    live_control(
        "explorer_chart", knobs=[X_KNOB, *(k for a in chosen_acts for k in knobs_of[a.key])], figures=figures_of(curves),
        context=(tuple(c.key for c in curves), n, state.view, second, lang), sweep=sweep, window=window,
        columns=2 if grid and len(curves) > 1 else 1, share_y=state.share_y,
        titles=[name for name, _ in spoken], descriptions=[text for _, text in spoken],
        config=plotly_config(toImageButtonOptions={"format": "png", "filename": "activation-lab", "scale": 2}))
    st.caption(t("explorer.chart_caption"))
    charts.value_tables([(acts[c.key], c.params) for c in curves], lo, hi, key="explorer_table")
    formula_cards(curves)
    export_section([(acts[c.key], c.params) for c in curves], lo, hi, n, second)


def param_text(act, p, value: float) -> str:
    symbol = p.symbol or r"\text{" + p.name.replace("_", r"\_") + "}"
    return t("explorer.param_value", value=f"${symbol} = {value:g}$", label=html.escape(act_param_label(act, p)))


def formula_cards(curves: list[fx.Curve]) -> None:
    st.header(t("explorer.formulas"))
    cols = st.columns(2)
    for i, curve in enumerate(curves):
        act = acts[curve.key]
        with cols[i % 2], st.container(border=True):
            st.markdown(f'<span style="color:{curve.colour};font-size:1.3em">●</span> '
                        f"<b>{html.escape(act_label(act))}</b> <small>· {html.escape(family_label(act.family))}</small>",
                        unsafe_allow_html=True)
            st.latex(act.latex)
            st.latex(act.dlatex)
            if curve.params:
                st.markdown(" · ".join(param_text(act, act.param(name), v) for name, v in curve.params.items()))
            summary = act_summary(act)
            st.caption(ec.note(act, curve.params) + (" " + summary if summary else ""))


def export_section(selection: list, lo: float, hi: float, n: int, second: bool) -> None:
    st.header(t("explorer.export"))
    # The code is built and shown only in its own tab, once chosen: the first code block on a page loads
    # Streamlit's syntax highlighter, about 0.5 s of the browser's ~2.5 s per Explorer load.
    # Choosing a tab reruns this fragment.
    tabs = st.tabs(["CSV", "NumPy", "PyTorch"], key="explorer_code", on_change="rerun")
    csv_tab, code_tabs = tabs[0], zip(tabs[1:], (export.numpy_snippet, export.torch_snippet))
    if csv_tab.open:
        csv_tab.download_button(
            t("explorer.csv_button"), ec.curves_csv(selection, lo, hi, n, second),
            file_name="activation-curves.csv", mime="text/csv", icon=":material/download:",
            key="explorer_csv", on_click="ignore")
        csv_tab.caption(t("explorer.csv_caption"))
    for tab, snippet in code_tabs:
        if tab.open:   # wrapped, not scrolled: Streamlit's scrolling code box cannot take keyboard focus
            tab.code(snippet(selection, lo, hi, n, say=t, label=act_label), language="python", wrap_lines=True)


live_view(choice)
