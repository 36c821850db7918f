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
PLOTLY_SCRIPTS = "() => [...document.scripts].map(s => s.src).filter(src => /plotly/.test(src))"


def plotly_entries(page, url: str) -> tuple[list[str], list[dict]]:
    """The plotly scripts the page loaded, and their resource-timing entries."""
    open_app(page, url)
    page.wait_for_function(DRAWN, timeout=60_000)
    return page.evaluate(PLOTLY_SCRIPTS), page.evaluate(PLOTLY_ENTRY)


def test_plotly_js_is_fetched_once_then_taken_from_the_cache(browser, app_url):
    with new_tab(browser, own_context=True) as page:   # a context of its own starts with an empty cache
        scripts, first = plotly_entries(page, app_url)
        scripts_then, second = plotly_entries(page, app_url + "/catalogue")   # a new page load: timing afresh
    # the bundle plotly.py ships, at a URL named by its content, fetched on the first load only
    body = plotly_js.FILE.read_bytes()
    [entry] = first
    assert re.search(r"/vendor/plotly-([0-9a-f]{16})\.min\.js$", entry["name"]).group(1) \
        == hashlib.sha256(body).hexdigest()[:16]
    assert entry["transferSize"] > 0 and entry["decodedBodySize"] == len(body)
    assert scripts == scripts_then == [entry["name"]]
    # From the disk cache it moved 0 bytes; from the memory cache of the tab's renderer process it leaves no
    # resource-timing entry at all (seen once in a full run). The lifetime that keeps it there is checked
    # below: with "public" alone a second load right after the first is still served from a cache.
    assert [(e["name"], e["transferSize"], e["decodedBodySize"]) for e in second] in (
        [], [(entry["name"], 0, len(body))])

    with urllib.request.urlopen(entry["name"], timeout=30) as response:
        cache_control = {part.strip() for part in response.headers["Cache-Control"].split(",")}
        assert response.read() == body
    assert {"public", "immutable", "max-age=31536000"} <= cache_control
