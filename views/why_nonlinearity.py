"""Why nonlinearity: linear layers collapse into one map; an activation between them bends the curve."""
from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from activations import ActivationError
from components.live_control import Knob, live_control, value_of
from figures import essay as figs
from figures.style import colours_for
from nets.layers import forward
from nets.stacks import collapse, collapse_error, deep_curve, negated, nonlinearity, random_stack, with_activation
from ui import i18n, registry
from ui.i18n import act_label, explain, plotly_config, t

SEED_KEY = "nonlin_seed"
WORDS = i18n.figure_words(figs)

LINEAR = t("why.linear")
st.title(t("why.title"))
st.markdown(t("why.intro"))

st.session_state.setdefault(SEED_KEY, 2021)
depth_knob = Knob("nonlin_depth", t("why.layers"), 1, 10, 1, 4, help=t("why.layers_help"))
width_knob = Knob("nonlin_width", t("why.width"), 1, 8, 1, 4)
depth, width = int(value_of(depth_knob)), int(value_of(width_knob))
top = st.columns([4, 1])
with top[1]:
    if st.button(t("why.new_weights"), icon=":material/casino:", key="nonlin_new", help=t("why.new_weights_help")):
        st.session_state[SEED_KEY] += 1
seed = st.session_state[SEED_KEY]
top[0].caption(t("why.seed", seed=seed))

# -- 1. linear layers collapse ---------------------------------------------------------------
st.header(t("why.collapse_header"))


def collapsed(depth: int, width: int):
    sizes = [3] + [width] * (depth - 1) + [2]
    layers = random_stack(sizes, seed)
    single = collapse(layers)
    x = np.random.default_rng(seed).normal(size=(200, 3))
    return sizes, single, forward(layers, x), single(x), collapse_error(layers, x)


sizes, single, stack_out, single_out, err = collapsed(depth, width)


def collapse_sweep(knob: Knob, value: float, px: int) -> list[list[dict]]:
    d, w = (int(value), width) if knob is depth_knob else (depth, int(value))
    *_, s_out, one_out, e = collapsed(d, w)
    return [figs.collapse_scatter(s_out, one_out, e, WORDS).to_plotly_json()]


live_control("nonlin_collapse_live", knobs=[depth_knob, width_knob], sweep=collapse_sweep,
             figures=[figs.collapse_scatter(stack_out, single_out, err, WORDS).to_plotly_json()],
             context=(seed, i18n.current()), config=plotly_config(),
             titles=[t("why.collapse_title_a11y", depth=depth, width=width)])
left, right = st.columns([1, 1])
with left:
    chain = " · ".join(f"W{i + 1}" for i in reversed(range(depth)))
    st.markdown(t("why.collapse_text", depth=depth, shapes=" → ".join(map(str, sizes)), chain=chain))
    table = pd.DataFrame(np.column_stack([single.weight.T, single.bias]), index=["y₁", "y₂"],
                         columns=["x₁", "x₂", "x₃", "c"])
    table.index.name = t("why.matrix_rows")  # the index column's header: an empty one says nothing
    st.dataframe(table.style.format("{:.5f}"), width="stretch", key="nonlin_matrix")
with right:
    st.metric(t("why.max_diff"), f"{err:.1e}", help=t("why.max_diff_help"))
    st.success(t("why.agree", depth=depth, error=f"{err:.0e}"))

# -- 2. an activation between layers bends the curve ------------------------------------------
st.header(t("why.bend_header"))
st.markdown(t("why.bend_text"))
acts = registry.available()
default = [k for k in ("relu", "tanh", "sigmoid", "softsign", "leaky_relu", "sin", "neg_sigmoid") if k in acts]
chosen = st.multiselect(t("why.compare"), list(acts), default=default[:5], key="nonlin_acts",
                        format_func=lambda k: act_label(acts[k]))
deep_knob = Knob("nonlin_deep_depth", t("why.deep_layers"), 1, 10, 1, 4)
deep_depth = int(value_of(deep_knob))
xs = np.linspace(-3.0, 3.0, 401)


def curves_for(keys: list[str], depth_: int) -> tuple[dict, dict, dict]:
    curves = {LINEAR: deep_curve(None, xs, depth_, 8, seed)}
    colours = {LINEAR: "#444444"}
    colours.update({act_label(acts[k]): c for k, c in colours_for(keys).items()})
    for k in keys:
        try:
            with np.errstate(all="ignore"):  # a custom formula may overflow: NaN, reported as such
                curves[act_label(acts[k])] = deep_curve(acts[k], xs, depth_, 8, seed)
        except ActivationError as problem:
            st.warning(t("why.left_out", name=act_label(acts[k]), error=explain(problem)))
    bends = {name: nonlinearity(xs, y) if np.all(np.isfinite(y)) else float("nan") for name, y in curves.items()}
    return curves, colours, bends


curves, colours, bends = curves_for(chosen, deep_depth)


def deep_sweep(knob: Knob, value: float, px: int) -> list[list[dict]]:
    c, col, b = curves_for(chosen, int(value))
    return [figs.deep_curves(xs, c, col, b, words=WORDS).to_plotly_json()]


live_control("nonlin_deep_live", knobs=[deep_knob], sweep=deep_sweep,
             figures=[figs.deep_curves(xs, curves, colours, bends, words=WORDS).to_plotly_json()],
             context=(seed, tuple(chosen), i18n.current()), config=plotly_config(),
             titles=[t("why.deep_title_a11y", names=", ".join(curves), depth=deep_depth)])
if deep_depth == 1:
    st.info(t("why.one_layer"))

# -- 3. the essay's open question ------------------------------------------------------------
st.header(t("why.question_header"))
st.markdown(t("why.question_text"))
odd = [k for k in ("sin", "neg_sigmoid") if k in acts]
odd_curves, odd_colours, odd_bends = curves_for(odd, deep_depth)
st.plotly_chart(figs.deep_curves(xs, odd_curves, odd_colours, odd_bends, cols=3, words=WORDS), width="stretch", key="nonlin_odd", config=plotly_config())
if "neg_sigmoid" in acts and "sigmoid" in acts:
    flip_layers = random_stack([1, 8, 8, 8, 1], seed)
    grid = xs.reshape(-1, 1)
    gap = float(np.max(np.abs(forward(with_activation(flip_layers, acts["neg_sigmoid"]), grid)
                              - forward(with_activation(negated(flip_layers), acts["sigmoid"]), grid))))
    amount = t("why.flip_exact") if gap == 0 else t("why.flip_at_most", error=f"{gap:.1e}")
    st.markdown(t("why.flip_text", gap=amount))
try:
    st.page_link("views/training.py", label=t("why.training_link"), icon=":material/model_training:")
except st.errors.StreamlitAPIException:  # the Training lab is not part of this app (yet)
    st.caption(t("why.training_none"))
