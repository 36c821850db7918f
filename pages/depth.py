"""Depth: how signals and gradients fare through a deep stack of layers."""
from __future__ import annotations

import numpy as np
import streamlit as st

from activations import ActivationError
from figures import style
from figures.training import dead_units, gradient_norms, quantile_bands, spread_by_layer
from nets import NetError
from nets.depth import MAX_DEPTH, MAX_WIDTH, stack_stats
from nets.mlp import INITS
from ui import registry
from ui.i18n import act_label, act_param_help, act_param_label
from ui.shell import require_app

require_app()

CACHE = "depth_stats_cache"  # session_state: settings -> DepthStats (not a widget key)
DEFAULT_COMPARE = ("sigmoid", "tanh", "relu", "selu")

st.title("Depth: signals and gradients")
st.caption("A batch of random inputs goes up a stack of equal-width layers and a random gradient comes back "
           "down. Watch the spread of the activations, the size of the gradients and the dead units, layer by "
           "layer. Everything is seeded.")

available = registry.available()
keys = list(available)
left, mid, right = st.columns(3)
with left:
    key = st.selectbox("Activation", keys, index=keys.index("sigmoid") if "sigmoid" in keys else 0,
                       format_func=lambda k: act_label(available[k]), key="dp_act")
    act = available[key]
    params = {p.name: st.slider(act_param_label(act, p), p.slider_low, p.slider_high, p.default, p.step,
                                key=f"dp_{key}_{p.name}", help=act_param_help(act, p)) for p in act.params}
with mid:
    init = st.selectbox("Initial weights", list(INITS), index=list(INITS).index("lecun"),
                        format_func=lambda k: INITS[k][0], key="dp_init",
                        help="Weights are drawn from a normal distribution with this standard deviation.")
    depth = st.slider("Depth (layers)", 2, MAX_DEPTH, 20, key="dp_depth")
with right:
    width = st.select_slider("Width (units per layer)", [16, 32, 64, 128, MAX_WIDTH], 128, key="dp_width")
    seed = int(st.number_input("Seed", 0, 10_000, 0, key="dp_seed"))
compare = st.multiselect("Compare gradient norms with (same initialisation)", keys,
                         [k for k in DEFAULT_COMPARE if k in available and k != key],
                         format_func=lambda k: act_label(available[k]), key="dp_compare")


def stats_for(k: str, p: dict):
    """Cached per session: a 50 × 256 stack takes about a second."""
    cache = st.session_state.setdefault(CACHE, {})
    sig = (k, available[k].latex, tuple(sorted(p.items())), depth, width, init, seed)
    if sig not in cache:
        if len(cache) > 40:
            cache.clear()
        cache[sig] = stack_stats(available[k], p, depth=depth, width=width, init=init, seed=seed)
    return cache[sig]


try:
    with st.spinner("Running the stack…"):
        main = stats_for(key, params)
        others = {k: stats_for(k, {}) for k in compare if k != key}
except (NetError, ActivationError) as exc:
    st.warning(str(exc))
    st.stop()

colours = style.colours_for([key, *others])
colour = colours[key]
if main.first_nonfinite is not None:
    st.warning(f"With these settings the signal overflows at layer {main.first_nonfinite + 1}: the numbers grow "
               "past what floating point can hold, so no gradient comes back. Only the finite activations are "
               "shown. A scaled initialisation (LeCun, Xavier or He) or a shallower stack avoids it.")
    st.plotly_chart(quantile_bands(main.act_quantiles[:main.first_nonfinite], colour,
                                   f"{act_label(act)}: activations per layer", "activation"), width="stretch",
                    key="dp_acts")
    st.stop()
overflowed = [act_label(available[k]) for k, s in others.items() if s.first_nonfinite is not None]
if overflowed:
    st.info(f"Left out of the comparison because their signal overflows: {', '.join(overflowed)}.")
others = {k: s for k, s in others.items() if s.first_nonfinite is None}

no_gradient = not np.any(main.grad_norm > 0)
if no_gradient:
    st.info(f"No gradient reaches any layer's weights: {act_label(act)}'s slope is zero wherever this stack's signal "
            "lands, so nothing could learn. The activation plots still show where the signal goes.")
ratio = f"{main.grad_norm[0] / main.grad_norm[-1]:.2e}" if main.grad_norm[-1] > 0 else "—"
c1, c2, c3 = st.columns(3)
c1.metric("Gradient norm, layer 1 ÷ last layer", ratio,
          help="Far below 1: the gradient vanishes on its way down; far above 1: it explodes.")
c2.metric("Activation spread, last layer (std)", f"{main.act_std[-1]:.3g}")
c3.metric("Most dead units in one layer", f"{100 * main.dead_fraction.max():.0f} %")

every = {key: main, **others}
st.plotly_chart(gradient_norms([(act_label(available[k]), colours[k], s.grad_norm) for k, s in every.items()]),
                width="stretch", key="dp_norms")

a, b = st.columns(2)
with a:
    st.plotly_chart(quantile_bands(main.act_quantiles, colour, f"{act_label(act)}: activations per layer", "activation"),
                    width="stretch", key="dp_acts")
with b:
    if not no_gradient:
        st.plotly_chart(quantile_bands(main.grad_quantiles, colour, f"{act_label(act)}: |gradient| per layer",
                                       "|∂L/∂z|", log=True), width="stretch", key="dp_grads")
a, b = st.columns(2)
with a:
    st.plotly_chart(dead_units(main, colour), width="stretch", key="dp_dead")
with b:
    st.plotly_chart(spread_by_layer([(act_label(available[k]), colours[k], s.act_std) for k, s in every.items()]),
                    width="stretch", key="dp_spread")
st.markdown(
    "**Reading the plots.** Backpropagation multiplies the gradient, layer after layer, by the weights and by "
    "the activation's slope. Sigmoid's slope is at most 1/4, so under LeCun scaling the gradient shrinks at "
    "every step down and the first layers barely learn. ReLU's slope is 1 on the active half; He scaling "
    "doubles the weight variance to make up for the silent half, so gradient norms stay level. SELU is built "
    "so that, with LeCun scaling, activations settle at mean 0 and spread 1 whatever the depth. A unit counts "
    "as dead when its slope is zero for every input in the batch, which only flat pieces (the ReLU family) allow.")
