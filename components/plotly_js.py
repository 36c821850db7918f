"""Serving plotly.js to the live control: once per browser, not once per page load.

Streamlit's component file route answers `Cache-Control: public` with no lifetime and no validator,
so a browser fetched the 4.8 MB bundle again on every page load, and ran it without a code cache:
about 1 s of the page's main thread on each load (a Chromium trace: 940 ms to evaluate it, 67 ms
once it came from the browser's cache). app.py's `st.App` serves it here instead, at a URL named
by its content's hash, as Streamlit serves its own bundles: immutable, cached for a year.
A page script run without app.py's server (`streamlit run views/explorer.py`) keeps the
component file route, which `url()` registers.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import plotly
import streamlit.components.v1 as components_v1
from starlette.responses import FileResponse
from starlette.routing import Route

DIR = Path(plotly.__file__).parent / "package_data"
FILE = DIR / "plotly.min.js"
CACHED_PATH = f"vendor/plotly-{hashlib.sha256(FILE.read_bytes()).hexdigest()[:16]}.min.js"
UNCACHED_NAME = "plotly_assets"   # a v1 component declared with a path: Streamlit's static file route
UNCACHED_PATH = f"component/{__name__}.{UNCACHED_NAME}/plotly.min.js"
CACHE_CONTROL = "public, max-age=31536000, immutable"

_routed = False   # app.py's server has the cached route (it runs in this process)


async def _plotly_js(request) -> FileResponse:
    return FileResponse(FILE, media_type="text/javascript", headers={"Cache-Control": CACHE_CONTROL})


def route() -> Route:
    """The route app.py's `st.App` adds: plotly.js at CACHED_PATH, for a year."""
    global _routed
    _routed = True
    return Route("/" + CACHED_PATH, _plotly_js, methods=["GET", "HEAD"])


def url() -> str:
    """Where the page loads plotly.js from, relative to the page (a path without a leading slash)."""
    if _routed:
        return CACHED_PATH
    # Registration needs a script run, so it happens here rather than at import; it is never mounted.
    components_v1.declare_component(UNCACHED_NAME, path=str(DIR))
    return UNCACHED_PATH
