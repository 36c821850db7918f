"""Neuron page: one artificial neuron as the essay's biological converter, with live numbers."""
from __future__ import annotations

import numpy as np
import streamlit as st

from activations import ActivationError
from figures import essay as figs
from figures.style import colour_for
from ui import registry

st.title("The neuron: a tiny converter")
st.markdown(
    "A nerve cell gathers signals on its **dendrites**, weighs them, and its **cell body** turns the "
    "total into one outgoing signal on the **axon**. The artificial neuron does the same in two steps: a "
    "weighted sum *z = w·x + b* (a linear map), then an **activation function** *f(z)*, the nonlinear "
    "converter. Move the sliders and follow the numbers through the chain."
)

acts = registry.available()
with st.sidebar:
    st.subheader("Cell body")
    key = st.selectbox("Activation function", list(acts), index=list(acts).index("sigmoid") if "sigmoid" in acts else 0,
                       format_func=lambda k: acts[k].label, key="neuron_fn")
    act = acts[key]
    params = {
        p.name: st.slider(p.label, p.slider_low, p.slider_high, float(p.default), p.step, help=p.help or None,
                          key=f"neuron.{key}.{p.name}")
        for p in act.params
    }
    n_inputs = st.radio("Inputs", [2, 3], horizontal=True, key="neuron_inputs")

DEFAULTS = {"x": (1.0, -0.5, 0.5), "w": (1.5, -1.0, 0.5)}
cols = st.columns(n_inputs + 1)
xs, ws = [], []
for i in range(n_inputs):
    with cols[i]:
        xs.append(st.slider(f"input x{i + 1}", -3.0, 3.0, DEFAULTS["x"][i], 0.05, key=f"neuron_x{i + 1}"))
        ws.append(st.slider(f"weight w{i + 1}", -3.0, 3.0, DEFAULTS["w"][i], 0.05, key=f"neuron_w{i + 1}"))
with cols[-1]:
    bias = st.slider("bias b", -3.0, 3.0, 0.0, 0.05, key="neuron_b",
                     help="Shifts the weighted sum: how easily the neuron fires.")

z = float(np.dot(ws, xs) + bias)
try:
    with np.errstate(all="ignore"):  # undefined values become NaN and get a notice below
        y = float(act.f(z, **params))
        slope = float(act.df(z, **params))
except ActivationError as err:
    st.warning(f"These parameters do not work together: {err}. Move a slider back to continue.")
    st.stop()

colour = colour_for(key)
st.plotly_chart(figs.neuron_diagram(xs, ws, bias, z, y, act.label, colour), width="stretch", key="neuron_diagram")
m = st.columns(4)
m[0].metric("weighted sum z", f"{z:.4g}")
m[1].metric(f"output {act.label}(z)", f"{y:.4g}")
m[2].metric("slope f′(z)", f"{slope:.4g}", help="How strongly a small change of z moves the output.")
terms = [w * x for w, x in zip(ws, xs)]
m[3].metric("inputs · weights", f"{terms[0]:.2g}" + "".join(f" {'−' if t < 0 else '+'} {abs(t):.2g}" for t in terms[1:]))
if not np.isfinite(y):
    st.info("The activation is not defined at this z; try other inputs or weights.")

left, right = st.columns(2)
grid = np.linspace(-3.0, 3.0, 121)
g1, g2 = np.meshgrid(grid, grid)
rest = sum(w * x for w, x in zip(ws[2:], xs[2:]))  # a third input stays at its slider value
z_plane = ws[0] * g1 + ws[1] * g2 + rest + bias
with np.errstate(all="ignore"):
    out = act.f(z_plane, **params)
if np.isnan(out).any():
    st.info("The activation is undefined for part of this plane; those inputs are left blank.")
with left:
    title = "Output over the (x₁, x₂) plane" + (f", x₃ = {xs[2]:+.2f}" if n_inputs == 3 else "")
    st.plotly_chart(figs.neuron_heatmap(grid, grid, out, (xs[0], xs[1]), (ws[0], ws[1], rest + bias), title),
                    width="stretch", key="neuron_heatmap")
    st.caption("The dashed line is where z = 0. The weights tilt it, the bias slides it; the activation decides "
               "how sharply the output changes across it.")
with right:
    span = max(6.0, abs(z) + 1.0)
    cx, cf, _ = figs.sample(act, params, -span, span)
    st.plotly_chart(figs.curve_with_point(cx, cf, z, y, act.label, colour), width="stretch", key="neuron_curve")
    st.caption("The same z on the activation's own curve: the neuron's output is its height there.")
