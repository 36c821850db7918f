"""plotly.js reaches a browser once: later page loads take it, and V8's compiled code, from the browser's
cache (components.plotly_js). Before, Streamlit's component route sent it with no lifetime, so every
page load fetched the 4.8 MB bundle again and evaluated it from scratch."""
from __future__ import annotations

import hashlib
import re
import urllib.request

from components import plotly_js
from tests.e2e.conftest import new_tab, open_app

DRAWN = "() => document.querySelector('.live-control .js-plotly-plot .main-svg') !== null"
# What the page's resource timing says about plotly.js: a response from the browser's cache moved no bytes.
PLOTLY_ENTRY = """() => performance.getEntriesByType('resource')
  .filter(e => /plotly[^/]*\\.min\\.js$/.test(e.name))
  .map(e => ({name: e.name, transferSize: e.transferSize, decodedBodySize: e.decodedBodySize}))"""


def plotly_entries(page, url: str) -> list[dict]:
    open_app(page, url)
    page.wait_for_function(DRAWN, timeout=60_000)
    return page.evaluate(PLOTLY_ENTRY)


def test_plotly_js_is_fetched_once_then_taken_from_the_cache(browser, app_url):
    with new_tab(browser, own_context=True) as page:   # a context of its own starts with an empty cache
        first = plotly_entries(page, app_url)
        second = plotly_entries(page, app_url + "/catalogue")   # a new page load: its timing starts afresh
    # the bundle plotly.py ships, at a URL named by its content, fetched on the first load only
    body = plotly_js.FILE.read_bytes()
    [entry] = first
    assert re.search(r"/vendor/plotly-([0-9a-f]{16})\.min\.js$", entry["name"]).group(1) \
        == hashlib.sha256(body).hexdigest()[:16]
    assert entry["transferSize"] > 0 and entry["decodedBodySize"] == len(body)
    assert [(e["name"], e["transferSize"], e["decodedBodySize"]) for e in second] == [(entry["name"], 0, len(body))]

    with urllib.request.urlopen(entry["name"], timeout=30) as response:
        cache_control = {part.strip() for part in response.headers["Cache-Control"].split(",")}
        assert response.read() == body
    assert {"public", "immutable", "max-age=31536000"} <= cache_control
