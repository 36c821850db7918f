"""Neuron page: one artificial neuron as the essay's biological converter, with live numbers."""
from __future__ import annotations

import math

import numpy as np
import streamlit as st

from activations import ActivationError
from components.live_control import Knob, compose_payload, frame_values, live_control, value_of
from figures import essay as figs
from figures.style import colour_for
from ui import charts, i18n, live, registry
from ui.i18n import act_label, explain, plotly_config, t

st.title(t("neuron.title"))
st.markdown(t("neuron.intro"))

WORDS = i18n.figure_words(figs)
acts = registry.available()
with st.sidebar:
    st.subheader(t("neuron.sidebar"))
    key = st.selectbox(t("neuron.activation"), list(acts), index=list(acts).index("sigmoid") if "sigmoid" in acts else 0,
                       format_func=lambda k: act_label(acts[k]), key="neuron_fn")
    act = acts[key]
    n_inputs = st.radio(t("neuron.inputs"), [2, 3], horizontal=True, key="neuron_inputs")

DEFAULTS = {"x": (1.0, -0.5, 0.5), "w": (1.5, -1.0, 0.5)}
STEP = 0.05                      # inputs, weights and bias: every product lands on a multiple of STEP²
DZ = STEP * STEP                 # the lattice the browser looks f(z) up on
LIMIT = 3.0
Z_MAX = 3 * LIMIT * LIMIT + LIMIT   # the largest |z| three inputs, three weights and a bias can make
GRID = np.linspace(-LIMIT, LIMIT, 121)
CURVE_POINTS = 600
x_knobs = [Knob(f"neuron_x{i + 1}", t("neuron.input", i=i + 1), -LIMIT, LIMIT, STEP, DEFAULTS["x"][i])
           for i in range(n_inputs)]
w_knobs = [Knob(f"neuron_w{i + 1}", t("neuron.weight", i=i + 1), -LIMIT, LIMIT, STEP, DEFAULTS["w"][i])
           for i in range(n_inputs)]
b_knob = Knob("neuron_b", t("neuron.bias"), -LIMIT, LIMIT, STEP, 0.0, help=t("neuron.bias_help"))
p_knobs = live.param_knobs(act, lambda name: f"neuron.{key}.{name}")
knobs = [k for pair in zip(x_knobs, w_knobs) for k in pair] + [b_knob, *p_knobs]
xs = [value_of(k) for k in x_knobs]
ws = [value_of(k) for k in w_knobs]
bias = value_of(b_knob)
params = {p.name: value_of(k) for p, k in zip(act.params, p_knobs)}

z = float(np.dot(ws, xs) + bias)
try:
    with np.errstate(all="ignore"):  # undefined values become NaN and get a notice below
        y = float(act.f(z, **params))
        slope = float(act.df(z, **params))
except ActivationError as err:
    st.warning(t("neuron.params_conflict", error=explain(err)))
    live_control("neuron_live", knobs=knobs, figures=[])   # the sliders stay, to move one back
    st.stop()

colour = colour_for(key)
charts.plotly_chart(figs.neuron_diagram(xs, ws, bias, z, y, act_label(act), colour, WORDS), width="stretch", key="neuron_diagram", config=plotly_config())
m = st.columns(4)
m[0].metric(t("neuron.metric_z"), f"{z:.4g}")
m[1].metric(t("neuron.metric_out", name=act_label(act)), f"{y:.4g}")
m[2].metric(t("neuron.metric_slope"), f"{slope:.4g}", help=t("neuron.metric_slope_help"))
terms = [w * x for w, x in zip(ws, xs)]
m[3].metric(t("neuron.metric_products"), f"{terms[0]:.2g}" + "".join(f" {'−' if t < 0 else '+'} {abs(t):.2g}" for t in terms[1:]))
if not np.isfinite(y):
    st.info(t("neuron.undefined_here"))


def curve_lattice(z: float) -> np.ndarray:
    """The lattice indices the activation's curve is drawn at (the browser walks the same ones)."""
    half = math.floor(max(6.0, abs(z) + 1.0) / DZ + 1e-9)
    return np.arange(-half, half + 1, max(1, math.ceil(2 * half / CURVE_POINTS)))


g1, g2 = np.meshgrid(GRID, GRID)
rest = sum(w * x for w, x in zip(ws[2:], xs[2:]))  # a third input stays at its slider value
z_plane = ws[0] * g1 + ws[1] * g2 + rest + bias    # the same order of operations as the browser's
with np.errstate(all="ignore"):
    out = act.f(z_plane, **params)
if np.isnan(out).any():
    st.info(t("neuron.undefined_plane"))
title = t("neuron.heat_title_x3", x3=f"{xs[2]:+.2f}") if n_inputs == 3 else t("neuron.heat_title")
heat = figs.neuron_heatmap(GRID, GRID, out, (xs[0], xs[1]), (ws[0], ws[1], rest + bias), title, WORDS)
cz = curve_lattice(z) * DZ
with np.errstate(all="ignore"):
    cf = act.f(cz, **params)
curve = figs.curve_with_point(cz, cf, z, y, act_label(act), colour, WORDS)
RECIPE = {"x": [k.key for k in x_knobs], "w": [k.key for k in w_knobs], "b": b_knob.key, "grid": GRID.tolist(),
          "heat": {"cell": 0, "trace": 0, "line": 1, "point": 2},
          "curve": {"cell": 1, "line": 0, "guide": 1 if np.isfinite(y) else None, "point": 2, "min_span": 6.0,
                    "points": CURVE_POINTS},
          "readout": t("neuron.readout")}


def tables(knob: Knob, values: dict, sig: str, around: float | None) -> dict:
    """f and f' on the z lattice: all of it for the inputs, weights and bias; for a parameter, only
    the points this view uses, at every value of that parameter."""
    keys = [k.key for k in knobs if k not in p_knobs]
    if knob not in p_knobs:
        z_all = np.arange(-round(Z_MAX / DZ), round(Z_MAX / DZ) + 1) * DZ
        with np.errstate(all="ignore"):
            table = (act.f(z_all, **params), act.df(z_all, **params))
        return compose_payload(keys, sig, DZ, [table], RECIPE, i0=-round(Z_MAX / DZ))
    used = np.rint(z_plane / DZ).astype(np.int64).ravel()
    idx = np.unique(np.concatenate([used, curve_lattice(z), [round(z / DZ)]]))
    name = act.params[p_knobs.index(knob)].name
    grid = frame_values(knob, values[knob.key] if around is None else around)
    with np.errstate(all="ignore"):
        rows = [(act.f(idx * DZ, **{**params, name: v}), act.df(idx * DZ, **{**params, name: v})) for v in grid]
    return compose_payload([knob.key], sig, DZ, rows, RECIPE, idx=idx, values=grid, sweeps=knob.key)


live_control("neuron_live", knobs=knobs, figures=[heat.to_plotly_json(), curve.to_plotly_json()], columns=2,
             context=(key, n_inputs, tuple(sorted(params.items())), i18n.current()), compose=tables,
             independent=[k.key for k in knobs if k not in p_knobs],
             readout=t("neuron.readout", z=f"{z:.4g}", y=f"{y:.4g}", slope=f"{slope:.4g}"),
             titles=[title, t("neuron.curve_title_a11y", name=act_label(act))], config=plotly_config())
left, right = st.columns(2)
left.caption(t("neuron.heat_caption"))
right.caption(t("neuron.curve_caption"))
