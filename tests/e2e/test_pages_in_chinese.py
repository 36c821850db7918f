"""Every page in app.py's navigation renders in 简体中文 in Chromium, with no exception element."""
from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import assert_no_exception, screenshot, wait_idle
from tests.e2e.test_malformed_urls import app_pages

CJK = re.compile(r"[\u4e00-\u9fff]")


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
    screenshot(page, f"zh-{path or 'explorer'}")
