"""A deep link as the very first request a server gets: it opens inside app.py (navigation, language,
link settings) and no "Page not found" dialog shows. Each test starts its own server for that."""
from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

import activations
from tests.e2e.conftest import assert_no_exception, open_app, served
from tests.e2e.test_explorer import CHART, wait_chart
from tests.malformed_links import app_pages
from ui.i18n import LANGUAGES, translate

NAV = "[data-testid='stSidebarNav']"


@pytest.fixture
def fresh_url():
    with served() as url:
        yield url


def assert_inside_the_app(page, lang: str) -> None:
    expect(page.locator(f"{NAV} [data-testid='stSidebarNavLink']")).to_have_count(len(app_pages()))
    nav = page.locator(NAV).inner_text()
    for key in ("app.section_explore", "nav.explorer", "nav.training", "nav.depth"):
        assert translate(key, lang) in nav, (key, nav)
    switch = " / ".join(translate("app.language", code) for code in LANGUAGES)  # app.py's language switch
    expect(page.locator("[data-testid='stSidebar']").get_by_text(switch)).to_have_count(1)
    assert page.get_by_text("Page not found").count() == 0
    assert page.locator("[role='dialog']").count() == 0
    assert_no_exception(page)


def test_a_chinese_training_link_first(page, fresh_url):
    open_app(page, f"{fresh_url}/training?lang=zh")
    page.locator("h1", has_text=translate("training.title", "zh")).wait_for()
    assert_inside_the_app(page, "zh")
    url = urlparse(page.url)
    assert url.path == "/training" and parse_qs(url.query) == {"lang": ["zh"]}


def test_a_depth_link_first(page, fresh_url):
    open_app(page, f"{fresh_url}/depth")
    page.locator("h1", has_text=translate("depth.title", "en")).wait_for()
    assert_inside_the_app(page, "en")


def test_an_explorer_link_by_name_first(page, fresh_url):
    # The Explorer lives at the root; /explorer, its name, opens it there with the link's settings.
    open_app(page, f"{fresh_url}/explorer?fn=elu&x=-3&x=7")
    wait_chart(page)
    page.locator("h1", has_text=translate("explorer.title", "en")).wait_for()
    assert_inside_the_app(page, "en")
    url = urlparse(page.url)
    assert url.path == "/" and parse_qs(url.query) == {"fn": ["elu"], "x": ["-3", "7"]}
    assert page.locator(f"{CHART} .legendtext").all_text_contents() == [activations.get("elu").label]
    drawn = page.locator(CHART).first.evaluate(
        "n => { const x = Array.from(n._fullData.find(t => t.mode === 'lines').x).filter(Number.isFinite);"
        " return [Math.min(...x), Math.max(...x)]; }")
    assert drawn == [-3, 7]
