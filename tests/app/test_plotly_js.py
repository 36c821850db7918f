"""Where a page loads plotly.js from: app.py's cached route, or, for a page file run on its own (no st.App),
Streamlit's component file route (its caching in a browser: tests/e2e/test_plotly_cache.py)."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from components import plotly_js
from tests.app.helpers import ROOT, live_data


@pytest.mark.parametrize("routed, path", [(True, plotly_js.CACHED_PATH), (False, plotly_js.UNCACHED_PATH)])
def test_the_live_control_loads_plotly_from_the_route_the_server_has(monkeypatch, routed, path):
    monkeypatch.setattr(plotly_js, "_routed", routed)
    at = AppTest.from_file(str(ROOT / "views" / "explorer.py"), default_timeout=60).run()
    assert not at.exception
    assert [data["plotly_url"] for data in live_data(at)] == [path]

