"""Malformed links in Chromium, for what only a browser shows: how a notice quoting hostile text renders.

tests/app/test_malformed_links.py opens every case of the corpus (tests/malformed_links.py) in
AppTest: no exception, a heading, the expected words, no repeated payload. A browser visit costs a
page load, so here only the cases whose rendering is the point are opened (markup, a link in
backticks, control characters, emoji and CJK, the 10 kB payload), plus one case on every other page
(the payload and control characters through the link guard); then the screenshots and a dismissal.
"""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_exception, new_tab, screenshot, wait_idle
from tests.malformed_links import BIG, CASES, app_pages, case_id, q

# Explorer links whose notices quote text a browser could render as something else
RENDERED = [q(("fn", "<script>alert(1)</script>")), q(("fn", "`[click](http://example.com)`")),
            q(("fn", "😀")), q(("fn", "激活函数")), q(("fn", BIG)), q(("view", "Overlay\x00")), q(("k\n", "1"))]
FIRST_ON_EACH_PAGE = {path: next(c for c in CASES if c[0] == path) for path in app_pages() if path}
BROWSER_CASES = [c for c in CASES if c[0] == "" and c[1] in RENDERED] + list(FIRST_ON_EACH_PAGE.values())


def test_every_page_and_rendered_case_gets_a_browser_visit():
    assert {path for path, _, _ in BROWSER_CASES} == set(app_pages())
    assert len(BROWSER_CASES) == len(RENDERED) + len(app_pages()) - 1, "a RENDERED link left the corpus"


@pytest.fixture(scope="module")
def tab(browser):
    with new_tab(browser, 1280, 900) as pg:
        yield pg


def visit(tab, app_url: str, path: str, query: str) -> None:
    tab.goto(f"{app_url}/{path}?{query}")
    tab.wait_for_selector("[data-testid='stApp']", state="attached")
    # 90 s as in test_custom.py: the first Your-own visit starts the formula worker (SymPy), which
    # took over 30 s on a loaded 2-core machine
    wait_idle(tab, timeout=90_000)


@pytest.mark.parametrize(("path", "query", "words"), BROWSER_CASES, ids=[case_id(c) for c in BROWSER_CASES])
def test_malformed_link_renders_the_page_with_a_notice(tab, app_url, path, query, words):
    visit(tab, app_url, path, query)
    assert_no_exception(tab)
    main = tab.locator("[data-testid='stMain']")
    expect(main.locator("h1, h2, h3").first, "the page rendered no heading").to_be_attached()
    alerts = tab.locator("[data-testid='stAlert']")
    expect(alerts.first, f"no notice for ?{query[:80]}").to_be_attached()
    text = " ".join(alerts.all_inner_texts())
    for w in words:
        assert w in text, text[:500]
    assert BIG[:500] not in main.inner_text(), "a notice repeated the 10 kB payload"
    assert "<script>" not in tab.content().split("<body", 1)[-1].replace("&lt;script&gt;", "")


def test_notices_render_safely_and_are_screenshotted(tab, app_url):
    visit(tab, app_url, "", q(("fn", "`[click](http://example.com)`"), ("fn", BIG[:300]), ("x", "nan")))
    assert tab.locator("[data-testid='stMain'] a[href='http://example.com']").count() == 0
    tab.wait_for_function("() => Number(document.querySelector('.live-control')?.dataset.draws || 0) > 0")
    screenshot(tab, "malformed-link-explorer")
    others = [p for p in app_pages() if p]
    if others:
        visit(tab, app_url, others[0], q(("anything", "1"), ("fn", BIG)))
        screenshot(tab, f"malformed-link-{others[0]}")


def test_a_dismissed_link_notice_stays_away_while_the_page_is_used(tab, app_url):
    visit(tab, app_url, "", q(("fn", BIG)))
    guard = tab.locator(".st-key-link_guard")
    expect(guard.locator("[data-testid='stAlert']")).to_have_count(1)
    guard.get_by_role("button", name="Dismiss").click()
    # the click's rerun may not have started when the app last reported idle: wait for the notice to go
    tab.locator(".st-key-link_guard").wait_for(state="detached", timeout=30_000)
    wait_idle(tab)
    assert tab.locator(".st-key-link_guard").count() == 0
    assert re.search(r"[?&]fn=A", tab.url) is None      # the oversized value left the URL too
