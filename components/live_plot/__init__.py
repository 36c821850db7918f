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

import json
from pathlib import Path

import numpy as np
import plotly
import plotly.graph_objects as go
import streamlit as st
import streamlit.components.v1 as components_v1
from _plotly_utils.utils import to_typed_array_spec
from plotly.utils import PlotlyJSONEncoder

_HERE = Path(__file__).parent
_ARRAY_KEYS = ("x", "y", "customdata")
_MIN_SHARED_CHARS = 64   # shorter arrays are not worth a reference
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


def figure_payload(fig: go.Figure | dict) -> str:
    """The JSON the browser receives: NumPy arrays as base64 typed arrays, each distinct one once.

    A trace array equal to one already sent (f' traces share x with f traces,
    and the f traces' hover data is the f' values) becomes `{"ref": i}` into
    `arrays`; the component puts the arrays back before drawing.
    """
    spec = fig.to_plotly_json() if isinstance(fig, go.Figure) else {**fig, "data": [dict(t) for t in fig["data"]]}
    arrays: list[dict] = []
    seen: dict[tuple[str, str], int] = {}
    for trace in spec.get("data", []):
        for name in _ARRAY_KEYS:
            value = trace.get(name)
            if isinstance(value, np.ndarray):   # plotly normally encodes these already; be sure
                value = trace[name] = to_typed_array_spec(value)
            if isinstance(value, dict) and len(value.get("bdata", "")) >= _MIN_SHARED_CHARS:
                key = (value["dtype"], value["bdata"])
                if key not in seen:
                    seen[key] = len(arrays)
                    arrays.append(value)
                trace[name] = {"ref": seen[key]}
    spec["arrays"] = arrays
    return json.dumps(spec, cls=PlotlyJSONEncoder, separators=(",", ":"))


def resolve_payload(payload: str) -> dict:
    """The figure a payload stands for, references put back (what the component hands Plotly)."""
    spec = json.loads(payload)
    arrays = spec.pop("arrays", [])
    for trace in spec.get("data", []):
        for name in _ARRAY_KEYS:
            value = trace.get(name)
            if isinstance(value, dict) and "ref" in value:
                trace[name] = dict(arrays[value["ref"]])
    return spec


def live_plot(fig: go.Figure | dict, *, key: str, height: int = 520, config: dict | None = None) -> None:
    """Draw `fig`; on later runs with the same key, update the same chart in place."""
    _serve_plotly_js()
    _component(
        key=key,
        data={"figure": figure_payload(fig), "config": config or {}, "height": height,
              "plotly_url": ASSETS_URL},
        height=height,
    )
