"""Every page in app.py's navigation renders in 简体中文 in Chromium, with no exception element."""
from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import assert_no_exception, screenshot, wait_idle
from tests.malformed_links import app_pages
from ui.i18n import catalogue

# Plotly's toolbar words in English, as the catalogue lists them ([plotly] in en.toml)
PLOTLY_ENGLISH = {v for k, v in catalogue("en").items() if k.startswith("plotly.")}

CJK = re.compile(r"[\u4e00-\u9fff]")
TITLES_JS = "els => els.map(e => e.getAttribute('data-title'))"
# every chart the run sent is drawn, with its toolbar unless its config turns the toolbar off
CHARTS_DRAWN_JS = """() => { const charts = [...document.querySelectorAll(
    "[data-testid='stPlotlyChart'], .live-control .lc-chart")];
  return charts.length > 0 && charts.every(c => { const gd = c.closest('.js-plotly-plot') || c.querySelector('.js-plotly-plot');
    return gd && gd._fullLayout && (gd._context.displayModeBar === false || c.querySelector('.modebar-btn')); }); }"""
# English toolbar words known to show on Chinese pages (reported): Plotly 7 adds its "Share chart..."
# (upload to Plotly Cloud) button to the live control's charts, and Streamlit its "Fullscreen" button
KNOWN_ENGLISH = {"Share chart...", "Fullscreen"}


def open_in_chinese(page, app_url: str, path: str) -> list[str]:
    """Open a page in Chinese, wait for all its charts; return their toolbar buttons' titles."""
    page.goto(f"{app_url}/{path}?lang=zh")
    wait_idle(page, timeout=90_000)   # the formula page's first curve starts a SymPy worker
    # every page draws charts: wait for them all, so the checks never read an empty list
    page.wait_for_function(CHARTS_DRAWN_JS, timeout=90_000)
    titles = page.locator(".modebar-btn").evaluate_all(TITLES_JS)
    assert titles
    return titles


@pytest.mark.parametrize("path", sorted(app_pages()))
def test_page_renders_in_chinese(page, app_url, path):
    titles = open_in_chinese(page, app_url, path)
    title = page.locator("h1").first
    title.wait_for()
    assert CJK.search(title.inner_text()), title.inner_text()
    nav = page.locator("[data-testid='stSidebarNav']").inner_text()
    assert len(CJK.findall(nav)) > 10, nav  # section and page names too
    assert_no_exception(page)
    assert not PLOTLY_ENGLISH & set(titles), titles  # the charts' toolbars speak Chinese too
    assert {t for t in titles if not CJK.search(t)} <= KNOWN_ENGLISH, titles
    if path in ("", "neuron"):
        assert {"下载为 PNG 图片", "自动缩放", "重置坐标轴"} <= set(titles), titles
        # the live control's own SVG button is named in Chinese too; a plain st.plotly_chart has none
        assert "下载为 SVG 图片" in page.locator(".live-control .modebar-btn").evaluate_all(TITLES_JS)
        assert "下载为 SVG 图片" not in page.locator("[data-testid='stPlotlyChart'] .modebar-btn").evaluate_all(
            TITLES_JS)
    screenshot(page, f"zh-{path or 'explorer'}")


@pytest.mark.xfail(strict=True, reason="Plotly's 'Share chart...' and Streamlit's 'Fullscreen' toolbar buttons "
                   "stay English on Chinese pages (KNOWN_ENGLISH)")
def test_every_toolbar_word_is_chinese(page, app_url):
    titles = open_in_chinese(page, app_url, "neuron")   # a live control's chart and st.plotly_chart's
    assert all(CJK.search(t) for t in titles), titles
