"""Every page of the app loads in Chromium without an exception element."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_exception, open_app, screenshot


def test_default_page_loads(page, app_url):
    open_app(page, app_url)
    assert_no_exception(page)
    expect(page.locator("h1").first).to_be_attached()
    screenshot(page, "home")

