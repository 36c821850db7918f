"""AppTest helpers shared by the page tests."""
from __future__ import annotations

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]


def run_app(query: dict | None = None, page: str | None = None, timeout: float = 30) -> AppTest:
    """Run app.py (optionally switched to `page`, e.g. "pages/explorer.py") with URL query parameters."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    return at


def chart_specs(at: AppTest) -> list[dict]:
    """The Plotly figure specs of every st.plotly_chart on the page."""
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def assert_no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
