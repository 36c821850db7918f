"""Why nonlinearity: linear layers collapse into one map; an activation between them bends the curve."""
from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from activations import ActivationError
from activations.networks import collapse, collapse_error, deep_curve, forward, negated, nonlinearity, random_stack
from figures import essay as figs
from figures.style import colours_for
from ui import registry

LINEAR = "no activation (linear)"
SEED_KEY = "nonlin_seed"

st.title("Why a neuron needs a nonlinear converter")
st.markdown(
    "Between two layers of neurons the signal passes through a weight matrix: a **linear map**. "
    "Chaining linear maps only ever gives another linear map, so without something nonlinear in between "
    "a deep network can do no more than a single layer. The cell body's activation function is that "
    "something. Check it with real numbers below."
)

st.session_state.setdefault(SEED_KEY, 2021)
top = st.columns([2, 2, 1])
depth = top[0].slider("Layers L", 1, 10, 4, key="nonlin_depth", help="Number of linear layers (weight matrices) in the stack.")
width = top[1].slider("Neurons per hidden layer", 1, 8, 4, key="nonlin_width")
with top[2]:
    st.write("")
    if st.button("New weights", icon=":material/casino:", key="nonlin_new", help="Draw new random weights (seeded)."):
        st.session_state[SEED_KEY] += 1
seed = st.session_state[SEED_KEY]
st.caption(f"Random seed {seed}: the same seed always gives the same weights.")

# -- 1. linear layers collapse ---------------------------------------------------------------
st.header("1 · A stack of linear layers is one linear map")
sizes = [3] + [width] * (depth - 1) + [2]
layers = random_stack(sizes, seed)
single = collapse(layers)
x = np.random.default_rng(seed).normal(size=(200, 3))
stack_out, single_out = forward(layers, x), single(x)
err = collapse_error(layers, x)

left, right = st.columns([1, 1])
with left:
    chain = " · ".join(f"W{i + 1}" for i in reversed(range(depth)))
    st.markdown(f"{depth} layer{'s' if depth > 1 else ''} of shapes {' → '.join(map(str, sizes))}. "
                f"Multiplying the matrices, **W = {chain}**, and carrying the biases through gives one map "
                "y = W x + c:")
    table = pd.DataFrame(np.column_stack([single.weight, single.bias]), index=["y₁", "y₂"],
                         columns=["x₁", "x₂", "x₃", "c"])
    st.dataframe(table.style.format("{:.5f}"), width="stretch", key="nonlin_matrix")
    st.metric("largest difference over 200 random inputs", f"{err:.1e}",
              help="Stack of layers vs the single map: only floating-point rounding separates them.")
    st.success(f"The {depth}-layer stack and the single matrix agree to {err:.0e}: rounding error, nothing more.")
with right:
    st.plotly_chart(figs.collapse_scatter(stack_out, single_out, err), width="stretch", key="nonlin_collapse")

# -- 2. an activation between layers bends the curve ------------------------------------------
st.header("2 · Put a converter between the layers")
st.markdown("Now a one-input, one-output network with the same random weights for every choice: "
            "only the activation between the layers differs. Without one, the output is a straight line "
            "whatever the depth. With one, it bends. *Bend* is the curve's largest distance from its "
            "best straight line, as a share of its spread (0 = a line).")
acts = registry.available()
default = [k for k in ("relu", "tanh", "sigmoid", "softsign", "leaky_relu", "sin", "neg_sigmoid") if k in acts]
chosen = st.multiselect("Activations to compare", list(acts), default=default[:5], key="nonlin_acts",
                        format_func=lambda k: acts[k].label)
deep_depth = st.slider("Layers of the 1-D network", 1, 10, max(depth, 3), key="nonlin_deep_depth")
xs = np.linspace(-3.0, 3.0, 401)


def curves_for(keys: list[str], depth_: int) -> tuple[dict, dict, dict]:
    curves = {LINEAR: deep_curve(None, xs, depth_, 8, seed)}
    colours = {LINEAR: "#444444"}
    colours.update({acts[k].label: c for k, c in colours_for(keys).items()})
    for k in keys:
        try:
            with np.errstate(all="ignore"):  # a custom formula may overflow: NaN, reported as such
                curves[acts[k].label] = deep_curve(acts[k], xs, depth_, 8, seed)
        except ActivationError as problem:
            st.warning(f"{acts[k].label} left out: {problem}")
    bends = {name: nonlinearity(xs, y) if np.all(np.isfinite(y)) else float("nan") for name, y in curves.items()}
    return curves, colours, bends


curves, colours, bends = curves_for(chosen, deep_depth)
st.plotly_chart(figs.deep_curves(xs, curves, colours, bends), width="stretch", key="nonlin_deep")
if deep_depth == 1:
    st.info("With a single layer there is no place between layers for an activation: every curve is a line. "
            "Add a layer.")

# -- 3. the essay's open question ------------------------------------------------------------
st.header("3 · Must the converter rise? Sine and decreasing activations")
st.markdown(
    "Biological neurons fire more as their input grows, which is why the usual activations rise "
    "monotonically. Nothing in the mathematics demands it. A **periodic** function such as sine and a "
    "**decreasing** one such as σ(−x) both bend the network's map just as well:"
)
odd = [k for k in ("sin", "neg_sigmoid") if k in acts]
odd_curves, odd_colours, odd_bends = curves_for(odd, deep_depth)
st.plotly_chart(figs.deep_curves(xs, odd_curves, odd_colours, odd_bends, cols=3), width="stretch", key="nonlin_odd")
if "neg_sigmoid" in acts and "sigmoid" in acts:
    flip_layers = random_stack([1, 8, 8, 8, 1], seed)
    grid = xs.reshape(-1, 1)
    gap = float(np.max(np.abs(forward(flip_layers, grid, acts["neg_sigmoid"])
                              - forward(negated(flip_layers), grid, acts["sigmoid"]))))
    st.markdown(
        "A decreasing activation loses nothing: flip the sign of the weights and bias feeding each neuron "
        f"and σ(−z) becomes σ(z). The network with σ(−x) and the sigmoid network with negated weights "
        f"differ by {'**exactly 0**' if gap == 0 else f'at most **{gap:.1e}**'} here, so they can represent "
        "exactly the same functions."
    )
try:
    st.page_link("pages/training.py", label="Whether they also *learn* well is an experiment: try them in the Training lab",
                 icon=":material/model_training:")
except st.errors.StreamlitAPIException:  # the Training lab is not part of this app (yet)
    st.caption("Whether they also learn well is a question for training experiments.")
