"""Depth: how signals and gradients fare through a deep stack of layers."""
from __future__ import annotations

import numpy as np
import streamlit as st

import activations
from activations import ActivationError
from figures import style
from figures import training as figs
from nets import NetError
from nets.depth import MAX_DEPTH, MAX_WIDTH, stack_stats
from nets.layers import INITS
from ui import charts, live, registry
from ui.i18n import act_label, explain, figure_words, plotly_config, t

CACHE = "depth_stats_cache"  # session_state: settings -> DepthStats (not a widget key)
DEFAULT_COMPARE = ("sigmoid", "tanh", "relu", "selu")
WORDS = figure_words(figs)

st.title(t("depth.title"))
st.caption(t("depth.caption"))

available = registry.available()
keys = list(available)
# Display names in this run's language; the widgets' format_func only looks them up.
act_names = {k: act_label(a) for k, a in available.items()}
init_names = {k: t(f"training.inits.{k}") for k in INITS}
left, mid, right = st.columns(3)
with left:
    key = st.selectbox(t("depth.activation"), keys, index=keys.index("sigmoid") if "sigmoid" in keys else 0,
                       format_func=act_names.get, key="dp_act")
    act = available[key]
with mid:
    init = st.selectbox(t("depth.init"), list(INITS), index=list(INITS).index("lecun"),
                        format_func=init_names.get, key="dp_init", help=t("depth.init_help"))
    depth = st.slider(t("depth.depth"), 2, MAX_DEPTH, 20, key="dp_depth")
with right:
    width = st.select_slider(t("depth.width"), [16, 32, 64, 128, MAX_WIDTH], 128, key="dp_width")
    seed = int(st.number_input(t("depth.seed"), 0, 10_000, 0, key="dp_seed"))
params = live.preview("dp_params_live", [act], lambda a, name: f"dp_{a.key}_{name}", height=240)[key] if act.params else {}
compare = st.multiselect(t("depth.compare"), keys,
                         [k for k in DEFAULT_COMPARE if k in available and k != key],
                         format_func=act_names.get, key="dp_compare")


@st.cache_data(max_entries=64, show_spinner=False)
def built_in_stats(k: str, p: tuple, depth: int, width: int, init: str, seed: int):
    """Shared by every session: a built-in's stack is seeded, so its settings alone decide it."""
    return stack_stats(activations.get(k), dict(p), depth=depth, width=width, init=init, seed=seed)


def stats_for(k: str, p: dict):
    """A 50 × 256 stack takes about a second: a built-in's is cached for everyone, a session's own
    function's (which only that session has) in the session."""
    items = tuple(sorted(p.items()))
    if k not in registry.custom():
        return built_in_stats(k, items, depth, width, init, seed)
    cache = st.session_state.setdefault(CACHE, {})
    sig = (k, available[k].latex, items, depth, width, init, seed)
    if sig not in cache:
        if len(cache) > 40:
            cache.clear()
        cache[sig] = stack_stats(available[k], p, depth=depth, width=width, init=init, seed=seed)
    return cache[sig]


try:
    with st.spinner(t("depth.spinner")):
        main = stats_for(key, params)
        others = {k: stats_for(k, {}) for k in compare if k != key}
except (NetError, ActivationError) as exc:
    st.warning(t("depth.setup_bad", problem=explain(exc)))
    st.stop()

colours = style.colours_for([key, *others])
colour = colours[key]
if main.first_nonfinite is not None:
    st.warning(t("depth.overflow", layer=main.first_nonfinite + 1))
    charts.plotly_chart(figs.quantile_bands(main.act_quantiles[:main.first_nonfinite], colour,
                                            t("depth.acts_title", name=act_label(act)), t("depth.acts_axis"), words=WORDS),
                        width="stretch", key="dp_acts", config=plotly_config())
    st.stop()
overflowed = [act_label(available[k]) for k, s in others.items() if s.first_nonfinite is not None]
if overflowed:
    st.info(t("depth.left_out", names=", ".join(overflowed)))
others = {k: s for k, s in others.items() if s.first_nonfinite is None}

no_gradient = not np.any(main.grad_norm > 0)
if no_gradient:
    st.info(t("depth.no_gradient", name=act_label(act)))
ratio = f"{main.grad_norm[0] / main.grad_norm[-1]:.2e}" if main.grad_norm[-1] > 0 else "—"
c1, c2, c3 = st.columns(3)
c1.metric(t("depth.metric_ratio"), ratio, help=t("depth.metric_ratio_help"))
c2.metric(t("depth.metric_spread"), f"{main.act_std[-1]:.3g}")
c3.metric(t("depth.metric_dead"), f"{100 * main.dead_fraction.max():.0f} %")

every = {key: main, **others}
charts.plotly_chart(figs.gradient_norms([(act_label(available[k]), colours[k], s.grad_norm) for k, s in every.items()],
                                        WORDS),
                    width="stretch", key="dp_norms", config=plotly_config())

a, b = st.columns(2)
with a:
    charts.plotly_chart(figs.quantile_bands(main.act_quantiles, colour, t("depth.acts_title", name=act_label(act)),
                                            t("depth.acts_axis"), words=WORDS),
                        width="stretch", key="dp_acts", config=plotly_config())
with b:
    if not no_gradient:
        charts.plotly_chart(figs.quantile_bands(main.grad_quantiles, colour, t("depth.grads_title", name=act_label(act)),
                                                "|∂L/∂z|", log=True, words=WORDS),
                            width="stretch", key="dp_grads", config=plotly_config())
a, b = st.columns(2)
with a:
    charts.plotly_chart(figs.dead_units(main, colour, WORDS), width="stretch", key="dp_dead", config=plotly_config())
with b:
    charts.plotly_chart(figs.spread_by_layer([(act_label(available[k]), colours[k], s.act_std) for k, s in every.items()],
                                             WORDS),
                        width="stretch", key="dp_spread", config=plotly_config())
st.markdown(t("depth.reading"))
