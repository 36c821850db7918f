"""Baseline for bench_explorer: a bare Streamlit page with one slider and one st.plotly_chart.

Same curves as the Explorer's default view (the essay's six, f and f', 1,000
float32 points each, same height), drawn the plain way: the whole script
reruns and st.plotly_chart receives a new figure on every slider step.
"""
import numpy as np
import plotly.graph_objects as go
import streamlit as st
from plotly.subplots import make_subplots

import activations

st.set_page_config(layout="wide")
k = st.slider("Leaky ReLU slope k", 0.001, 0.999, 0.01, step=0.001, format="%.3f")
x = np.linspace(-5, 5, 1000)
fig = make_subplots(rows=1, cols=2)
for act in activations.all_activations():
    if "seed" in act.tags:
        params = {"k": k} if act.key == "leaky_relu" else {}
        for col, fn in ((1, act.f), (2, act.df)):
            fig.add_trace(go.Scatter(x=x.astype(np.float32), y=fn(x, **params).astype(np.float32),
                                     mode="lines", name=act.label), row=1, col=col)
fig.update_layout(height=480, uirevision="keep", hovermode="x unified")
st.plotly_chart(fig, width="stretch", key="chart")
