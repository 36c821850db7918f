"""The Training lab's learned activation parameters: which to learn, their trajectories, the Explorer links.

Streamlit glue for views/training.py; the learning itself is `nets.learnable`, the chart
`figures.training.learned_parameters`, the links `ui.catalogue.explorer_query` (ui.pure.url_state).
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import streamlit as st

from activations import Activation
from figures import training as figs
from figures.training import learned_parameters
from nets import Comparison, HiddenActivation, learnable
from ui import charts
from ui.catalogue import EXPLORER, explorer_query
from ui.i18n import act_label, act_param_label, figure_words, plotly_config, t

OFF = "off"
MODES = (OFF, *learnable.MODES)


def controls(acts: Sequence[Activation]) -> dict[str, dict[str, str]]:
    """A choice for each learnable parameter of the chosen activations: fixed, one per layer or one
    per unit. Returns {activation key: {parameter: mode}} for the learned ones."""
    acts = [a for a in acts if a.learnable]
    if not acts:
        return {}
    names = {m: t(f"training.learn.mode_{m}") for m in MODES}
    chosen: dict[str, dict[str, str]] = {}
    with st.expander(t("training.learn.expander")):
        st.caption(t("training.learn.caption"))
        for act in acts:
            for name in act.learnable:
                label = t("training.learn.label", name=act_label(act), param=act_param_label(act, act.param(name)))
                mode = st.radio(label, MODES, horizontal=True, key=f"tl_learn_{act.key}_{name}", format_func=names.get)
                if mode != OFF:
                    chosen.setdefault(act.key, {})[name] = mode
    return chosen


def named(hidden: HiddenActivation, name: str) -> str:
    """`name` (the activation's, with its parameters), saying which parameters it learns."""
    if not hidden.learn:
        return name
    params = ", ".join(t(f"training.learn.param_{mode}", param=p) for p, mode in hidden.learn.items())
    return t("training.learn.named", name=name, params=params)


def link_value(act: Activation, name: str, value: float) -> float:
    """A learned value as the Explorer's link carries it: 4 significant digits, inside the slider's ends."""
    p = act.param(name)
    return float(np.clip(float(f"{value:.4g}"), p.slider_low, p.slider_high))


def results(comp: Comparison, colours: dict[str, str]) -> None:
    """After training: each learned parameter's trajectory in the shown run (the first seed's) and,
    for each network and layer that learned, a link to the Explorer with the learned curve."""
    learning = [c for c in comp.candidates if any(h.learn for h in c.hidden)]
    if not learning:
        return
    st.subheader(t("training.learn.header"), divider="gray")
    shown = [c for c in learning if comp.shown(c).status != "diverged"]
    for cand in learning:
        if cand not in shown:
            st.warning(t("training.learn.diverged", name=cand.name))
    if not shown:
        return
    runs = [(c.name, colours[c.key], comp.shown(c).history) for c in shown]
    charts.plotly_chart(learned_parameters(runs, words=figure_words(figs)), width="stretch",
                        key="tl_learned", config=plotly_config())
    st.caption(t("training.learn.chart_caption", seed=comp.seeds[0]))
    st.markdown(t("training.learn.question"))
    for cand in shown:
        model = comp.shown(cand).model
        for layer, (hidden, values) in enumerate(zip(model.hidden, model.learned), start=1):
            if values:
                _explorer_link(cand.key, layer, hidden, values)


def _explorer_link(key: str, layer: int, hidden: HiddenActivation, values: dict[str, np.ndarray]) -> None:
    act = hidden.act
    params = {**hidden.params, **{name: link_value(act, name, np.mean(v)) for name, v in values.items()}}
    text = ", ".join(f"{name} = {params[name]:g}" for name in values)
    units = max(v.size for v in values.values())
    label = t("training.learn.open_mean" if units > 1 else "training.learn.open", name=act_label(act), layer=layer,
              values=text, units=units)
    st.page_link(EXPLORER, label=label, icon=":material/open_in_new:", query_params=explorer_query(act, params))
