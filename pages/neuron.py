"""Neuron page: one artificial neuron as the essay's biological converter, with live numbers."""
from __future__ import annotations

import numpy as np
import streamlit as st

from activations import ActivationError
from figures import essay as figs
from figures.style import colour_for
from ui import i18n, registry
from ui.i18n import act_label, explain, plotly_config, t
from ui.shell import require_app

require_app()

st.title(t("neuron.title"))
st.markdown(t("neuron.intro"))

WORDS = {k: t(f"figures.{k}") for k in figs.WORDS}  # the figures' own labels, in this language
acts = registry.available()
with st.sidebar:
    st.subheader(t("neuron.sidebar"))
    key = st.selectbox(t("neuron.activation"), list(acts), index=list(acts).index("sigmoid") if "sigmoid" in acts else 0,
                       format_func=lambda k: act_label(acts[k]), key="neuron_fn")
    act = acts[key]
    params = {
        p.name: st.slider(i18n.act_param_label(act, p), p.slider_low, p.slider_high, float(p.default), p.step,
                          help=i18n.act_param_help(act, p) or None,
                          key=f"neuron.{key}.{p.name}")
        for p in act.params
    }
    n_inputs = st.radio(t("neuron.inputs"), [2, 3], horizontal=True, key="neuron_inputs")

DEFAULTS = {"x": (1.0, -0.5, 0.5), "w": (1.5, -1.0, 0.5)}
cols = st.columns(n_inputs + 1)
xs, ws = [], []
for i in range(n_inputs):
    with cols[i]:
        xs.append(st.slider(t("neuron.input", i=i + 1), -3.0, 3.0, DEFAULTS["x"][i], 0.05, key=f"neuron_x{i + 1}"))
        ws.append(st.slider(t("neuron.weight", i=i + 1), -3.0, 3.0, DEFAULTS["w"][i], 0.05, key=f"neuron_w{i + 1}"))
with cols[-1]:
    bias = st.slider(t("neuron.bias"), -3.0, 3.0, 0.0, 0.05, key="neuron_b", help=t("neuron.bias_help"))

z = float(np.dot(ws, xs) + bias)
try:
    with np.errstate(all="ignore"):  # undefined values become NaN and get a notice below
        y = float(act.f(z, **params))
        slope = float(act.df(z, **params))
except ActivationError as err:
    st.warning(t("neuron.params_conflict", error=explain(err)))
    st.stop()

colour = colour_for(key)
st.plotly_chart(figs.neuron_diagram(xs, ws, bias, z, y, act_label(act), colour, WORDS), width="stretch", key="neuron_diagram", config=plotly_config())
m = st.columns(4)
m[0].metric(t("neuron.metric_z"), f"{z:.4g}")
m[1].metric(t("neuron.metric_out", name=act_label(act)), f"{y:.4g}")
m[2].metric(t("neuron.metric_slope"), f"{slope:.4g}", help=t("neuron.metric_slope_help"))
terms = [w * x for w, x in zip(ws, xs)]
m[3].metric(t("neuron.metric_products"), f"{terms[0]:.2g}" + "".join(f" {'−' if t < 0 else '+'} {abs(t):.2g}" for t in terms[1:]))
if not np.isfinite(y):
    st.info(t("neuron.undefined_here"))

left, right = st.columns(2)
grid = np.linspace(-3.0, 3.0, 121)
g1, g2 = np.meshgrid(grid, grid)
rest = sum(w * x for w, x in zip(ws[2:], xs[2:]))  # a third input stays at its slider value
z_plane = ws[0] * g1 + ws[1] * g2 + rest + bias
with np.errstate(all="ignore"):
    out = act.f(z_plane, **params)
if np.isnan(out).any():
    st.info(t("neuron.undefined_plane"))
with left:
    title = t("neuron.heat_title_x3", x3=f"{xs[2]:+.2f}") if n_inputs == 3 else t("neuron.heat_title")
    st.plotly_chart(figs.neuron_heatmap(grid, grid, out, (xs[0], xs[1]), (ws[0], ws[1], rest + bias), title, WORDS),
                    width="stretch", key="neuron_heatmap", config=plotly_config())
    st.caption(t("neuron.heat_caption"))
with right:
    span = max(6.0, abs(z) + 1.0)
    cx, cf, _ = figs.sample(act, params, -span, span)
    st.plotly_chart(figs.curve_with_point(cx, cf, z, y, act_label(act), colour, WORDS), width="stretch", key="neuron_curve", config=plotly_config())
    st.caption(t("neuron.curve_caption"))
