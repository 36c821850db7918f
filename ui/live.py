"""The one parameter control: an activation's parameters as live-control knobs, and a live f | f′ preview.

Every page that lets the user set a registry parameter builds its sliders here
(components.live_control draws them), so bounds, steps, labels and help read the
same everywhere. `preview` draws each function beside its derivative with its own
knobs under it; the page reads the committed values back.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from activations import Activation, ActivationError
from components.live_control import Knob, live_control, value_of
from figures import explorer as fx
from figures.style import colours_for
from ui import charts, i18n
from ui.i18n import act_label, act_param_help, act_param_label, explain, plotly_config, t

PREVIEW_RANGE = (-5.0, 5.0)


def param_knobs(act: Activation, key: Callable[[str], str], *, cell: int | None = None,
                named: bool = False) -> list[Knob]:
    """A knob per parameter of `act`; `key(name)` gives each its session key. `named` puts
    the function's name in the label, for a page that shows several functions' knobs together
    (under the function's own chart, `cell`, it is said to screen readers but not shown)."""
    return [Knob(key(p.name),
                 t("explorer.slider_label", name=act_label(act), param=act_param_label(act, p)) if named
                 else act_param_label(act, p),
                 p.slider_low, p.slider_high, p.step, float(p.default), cell=cell,
                 short=act_param_label(act, p) if named and cell is not None else "",
                 help=t("explorer.slider_help", help=act_param_help(act, p), bounds=p.bounds_text(),
                        default=f"{p.default:g}"))
            for p in act.params]


def values_of(act: Activation, knobs: Sequence[Knob]) -> dict[str, float]:
    return {p.name: value_of(k) for p, k in zip(act.params, knobs)}


def preview(key: str, acts: Sequence[Activation], knob_key: Callable[[Activation, str], str], *,
            height: int = 260, columns: int = 2, context=()) -> dict[str, dict[str, float]]:
    """Each function's f | f′ over PREVIEW_RANGE with its parameter knobs under it, redrawn live
    while a thumb moves; returns the committed parameter values per function key."""
    knobs = {a.key: param_knobs(a, lambda name, a=a: knob_key(a, name), cell=i) for i, a in enumerate(acts)}
    values = {a.key: values_of(a, knobs[a.key]) for a in acts}
    colours = colours_for([a.key for a in acts])
    words = i18n.figure_words(fx)

    broken: dict[str, str] = {}
    for a in acts:   # parameters that do not work together (RReLU's lower above upper): said, not drawn
        try:
            a.resolve(**values[a.key])
        except ActivationError as err:
            broken[a.key] = explain(err)
            st.warning(t("explorer.left_out", name=act_label(a), error=broken[a.key]), icon=":material/warning:")

    def curve(a: Activation, params: dict, n: int):
        return fx.compute_curve(a, params, *PREVIEW_RANGE, n, colours[a.key], label=act_label(a))

    def drawn(a: Activation, params: dict, n: int) -> list:
        if a.key in broken:
            return []
        try:
            return [curve(a, params, n)]
        except ActivationError:   # a frame's value that does not work with the others: nothing to draw
            return []

    still: dict[int, list[list[dict]]] = {}   # per point count: every chart's traces at the committed values

    def sweep(knob: Knob, value: float, px: int) -> list[list[dict]]:
        """Only the moving function's chart recomputed; the others are the very same objects."""
        n = max(100, px // 2)
        if n not in still:
            still[n] = [fx.overlay_traces(drawn(a, values[a.key], n), words=words) for a in acts]
        owner = next(a for a in acts if knob in knobs[a.key])
        name = owner.params[knobs[owner.key].index(knob)].name
        return [fx.overlay_traces(drawn(a, {**values[a.key], name: value}, n), words=words) if a is owner
                else still[n][i] for i, a in enumerate(acts)]

    width = fx.CHART_WIDTH // min(columns, len(acts) or 1)
    still_curves = {a.key: drawn(a, values[a.key], 600) for a in acts}
    figures = [fx.overlay_spec(still_curves[a.key], *PREVIEW_RANGE, revision=a.key, height=height,
                               words=words, chart_width=width) for a in acts]
    spoken = [charts.curves_text([(a, c) for c in still_curves[a.key]], *PREVIEW_RANGE) if still_curves[a.key]
              else (act_label(a), broken.get(a.key, "")) for a in acts]
    live_control(key, knobs=[k for a in acts for k in knobs[a.key]], figures=figures, sweep=sweep,
                 columns=min(columns, len(acts)) or 1, context=(tuple(a.key for a in acts), i18n.current(), *context),
                 config=plotly_config(),
                 titles=[name for name, _ in spoken], descriptions=[text for _, text in spoken])
    return values
