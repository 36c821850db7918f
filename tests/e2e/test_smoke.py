"""Every page of the app loads in Chromium without an exception element."""
from __future__ import annotations

from tests.e2e.conftest import assert_no_exception, open_app, screenshot


def test_default_page_loads(page, app_url):
    open_app(page, app_url)
    assert_no_exception(page)
    assert page.locator("h1").count() >= 1
    screenshot(page, "home")


def test_direct_link_on_a_fresh_server_gets_the_app_shell(browser):
    """The first request of a new server may be a deep link: it must still run under app.py's navigation."""
    from tests.e2e.conftest import ROOT, free_port, start_server, stop_server

    port = free_port()
    proc = start_server(ROOT / "app.py", port)
    try:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        open_app(page, f"http://127.0.0.1:{port}/depth")
        nav = page.locator("[data-testid='stSidebarNav']")
        nav.wait_for()
        assert "Explorer" in nav.inner_text() and "app" not in nav.inner_text().split()
        page.get_by_text("Language / 语言").first.wait_for()  # app.py's switch is there
        assert_no_exception(page)
        context.close()
    finally:
        stop_server(proc)
