"""Every page in app.py's navigation renders in 简体中文 in Chromium, with no exception element."""
from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import assert_no_exception, screenshot, wait_idle
from tests.e2e.test_malformed_urls import app_pages
from ui.i18n import catalogue

# Plotly's toolbar words in English, as the catalogue lists them ([plotly] in en.toml)
PLOTLY_ENGLISH = {v for k, v in catalogue("en").items() if k.startswith("plotly.")}

CJK = re.compile(r"[\u4e00-\u9fff]")
TITLES_JS = "els => els.map(e => e.getAttribute('data-title'))"


@pytest.mark.parametrize("path", sorted(app_pages()))
def test_page_renders_in_chinese(page, app_url, path):
    page.goto(f"{app_url}/{path}?lang=zh")
    page.wait_for_selector("[data-testid='stApp']", state="attached")
    wait_idle(page)
    title = page.locator("h1").first
    title.wait_for()
    assert CJK.search(title.inner_text()), title.inner_text()
    nav = page.locator("[data-testid='stSidebarNav']").inner_text()
    assert len(CJK.findall(nav)) > 10, nav  # section and page names too
    assert_no_exception(page)
    if path in ("", "neuron"):  # pages with a live control's chart: wait until its toolbar is drawn
        page.locator(".live-control .modebar-btn").first.wait_for(state="attached")
    titles = page.locator(".modebar-btn").evaluate_all(TITLES_JS)
    assert not PLOTLY_ENGLISH & set(titles), titles  # the charts' toolbars speak Chinese too
    if path in ("", "neuron"):
        assert {"下载为 PNG 图片", "自动缩放", "重置坐标轴"} <= set(titles), titles
        # the live control's own SVG button is named in Chinese too; a plain st.plotly_chart has none
        assert "下载为 SVG 图片" in page.locator(".live-control .modebar-btn").evaluate_all(TITLES_JS)
        assert "下载为 SVG 图片" not in page.locator("[data-testid='stPlotlyChart'] .modebar-btn").evaluate_all(
            TITLES_JS)
    screenshot(page, f"zh-{path or 'explorer'}")
