"""A Plotly chart that redraws in place with `Plotly.react`, so zoom and pan survive new data.

`st.plotly_chart` remounts its chart whenever the figure's data change, which
costs most of the redraw time and drops the user's zoom (Streamlit issues 5107,
8782). This component keeps one chart node per key and hands each new figure
to `Plotly.react`; a constant `layout.uirevision` tells Plotly to keep the
user's axis ranges. The plotly.js bundle is the one shipped inside the plotly
Python package, served by Streamlit's component file route and loaded once per
browser tab.
"""
from __future__ import annotations

from pathlib import Path

import plotly
import plotly.graph_objects as go
import streamlit as st
import streamlit.components.v1 as components_v1

_HERE = Path(__file__).parent
PLOTLY_DIR = Path(plotly.__file__).parent / "package_data"
ASSETS_NAME = "plotly_assets"  # served at component/<this module>.plotly_assets/plotly.min.js
ASSETS_URL = f"component/{__name__}.{ASSETS_NAME}/plotly.min.js"

_component = st.components.v2.component(
    "activation_lab.live_plot",
    html='<div class="live-plot"></div>',
    css=(_HERE / "live_plot.css").read_text(),
    js=(_HERE / "live_plot.js").read_text(),
    isolate_styles=False,  # plotly.js styles its modebar and hover labels with document-level CSS
)


def _serve_plotly_js() -> None:
    # A v1 component declared with a `path` is Streamlit's route for serving a
    # folder's static files; it is never mounted. Registration needs a script
    # run, so it happens here rather than at import.
    components_v1.declare_component(ASSETS_NAME, path=str(PLOTLY_DIR))


def figure_payload(fig: go.Figure) -> str:
    """The JSON the browser receives: NumPy arrays travel as base64 typed arrays."""
    return fig.to_json(validate=False, engine="json")


def live_plot(fig: go.Figure, *, key: str, height: int = 520, config: dict | None = None) -> None:
    """Draw `fig`; on later runs with the same key, update the same chart in place."""
    _serve_plotly_js()
    _component(
        key=key,
        data={"figure": figure_payload(fig), "config": config or {}, "height": height,
              "plotly_url": ASSETS_URL},
        height=height,
    )
