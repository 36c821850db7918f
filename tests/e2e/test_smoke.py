"""Every page of the app loads in Chromium without an exception element."""
from __future__ import annotations

from tests.e2e.conftest import assert_no_exception, open_app, screenshot


def test_default_page_loads(page, app_url):
    open_app(page, app_url)
    assert_no_exception(page)
    assert page.locator("h1").count() >= 1
    screenshot(page, "home")

