"""Malformed links against the real server in Chromium: every page still renders, with a notice.

One browser tab visits the whole corpus in turn (each visit is a new session on
the same server). A visit passes when the page finished its run, shows no
stException, shows its content, and shows an alert containing the expected words.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_exception, new_tab, screenshot, wait_idle

ROOT = Path(__file__).resolve().parents[2]
BIG = "A" * 10_000


def app_pages() -> dict[str, str]:
    """url path -> page file, for every st.Page of a file in app.py ("" for the default page)."""
    out = {}
    for call in (n for n in ast.walk(ast.parse((ROOT / "app.py").read_text())) if isinstance(n, ast.Call)):
        if getattr(call.func, "attr", None) == "Page" and call.args and isinstance(call.args[0], ast.Constant):
            file = ast.literal_eval(call.args[0])
            kw = {k.arg: k.value for k in call.keywords}
            default = "default" in kw and ast.literal_eval(kw["default"])
            path = ast.literal_eval(kw["url_path"]) if "url_path" in kw else Path(file).stem
            out["" if default else path] = file
    return out


def q(*pairs: tuple[str, str]) -> str:
    return urlencode(list(pairs), quote_via=quote)


# (query string, words the page's notice must contain). The Explorer reads the link; its notices
# come from ui.pure.url_state, the structural ones from ui.pure.validate via the link guard.
EXPLORER = [
    (q(("fn", "nope")), "Unknown function"),
    (q(("fn", "RELU")), "did you mean relu"),
    (q(("fn", "nope"), ("fn", "tanh")), "Unknown function"),
    (q(*[("fn", f"bad{i}") for i in range(12)]), "more unknown functions"),
    (q(("fn", "<script>alert(1)</script>")), "Unknown function"),
    (q(("fn", "`[click](http://example.com)`")), "Unknown function"),
    (q(("fn", "😀")), "Unknown function"),
    (q(("fn", "激活函数")), "Unknown function"),
    (q(("fn", BIG)), "10,000 characters"),
    (q(*[("fn", "relu")] * 300), "300 times"),
    (q(("fn", "")), "Choose at least one function"),
    (q(("x", "nan"), ("x", "1")), "Input range"),
    (q(("x", "-inf"), ("x", "inf")), "Input range"),
    (q(("x", "1e400"), ("x", "2")), "Input range"),
    (q(("x", "1e308"), ("x", "2")), "Input range"),
    (q(("x", "10"), ("x", "5")), "lower end first"),
    (q(("x", "3"), ("x", "3")), "too narrow"),
    (q(("x", "0"), ("x", "1e-9")), "too narrow"),
    (q(("x", "1"), ("x", "2"), ("x", "3")), "Input range"),
    (q(("x", "1")), "Input range"),
    (q(("x", "")), "Input range"),
    (q(("x", "abc"), ("x", "def")), "Input range"),
    (q(("x", BIG), ("x", "1")), "characters long"),
    (q(*[("x", "1")] * 200), "200 times"),
    (q(("n", "abc")), "Resolution"),
    (q(("n", "1e9")), "Resolution"),
    (q(("n", "-1")), "Resolution"),
    (q(("n", "499.5")), "Resolution"),
    (q(("n", "")), "Resolution"),
    (q(("view", "Grid")), "View"),
    (q(("view", "")), "View"),
    (q(("d2", "maybe")), "d2"),
    (q(("k", "nan")), "slope"),
    (q(("k", "1e308")), "slope"),
    (q(("k", "-5")), "slope"),
    (q(("k", "abc"), ("k", "def")), "slope"),
    (q(("fn", "elu"), ("elu.alpha", "inf")), "ELU"),
    (q(("fn", "relu"), ("elu.alpha", "1")), "not selected"),
    (q(("unknown", "1")), "Unknown link setting"),
    (q(("lang", "klingon")), "does not have"),
    (q(("激活", "1")), "Unknown link setting"),
    (q(("view", "Overlay\x00")), "control characters"),
    (q(("k\n", "1")), "unreadable name"),
    (q(*[(f"p{i}", "1") for i in range(70)]), "70 settings"),
]
# Pages that read no link settings: structural problems and unused keys alike get a notice,
# several at once to keep the visits (the slow part) few.
OTHER = [
    (q(("anything", "1"), ("fn", BIG), *[("x", "nan")] * 150, ("k", "\x07")),
     ("does not use the link setting", "characters long", "150 times", "control characters")),
    (q(("激活函数", "导函数"), ("n", "")), ("does not use the link settings",)),
]
# Pages that read a few keys (the link guard's PAGE_KEYS) add their own cases here.
OWN = {
    "your-own": [(q(("formula", "x" * 1000)), "characters long"),
               (q(("formula", "exp(")), "")],  # the page's own parser explains the error
}


def corpus() -> list[tuple[str, str, str]]:
    cases = []
    for path in app_pages():
        own = EXPLORER if path == "" else OTHER + OWN.get(path, [])
        cases += [(path, query, words) for query, words in own]
    return cases


CASES = corpus()


def test_the_corpus_is_large_and_covers_every_page():
    assert len(CASES) >= 40
    assert {path for path, _, _ in CASES} == set(app_pages())


@pytest.fixture(scope="module")
def tab(browser):
    with new_tab(browser, 1280, 900) as pg:
        yield pg


def visit(tab, app_url: str, path: str, query: str) -> None:
    tab.goto(f"{app_url}/{path}?{query}")
    tab.wait_for_selector("[data-testid='stApp']", state="attached")
    wait_idle(tab)


@pytest.mark.parametrize(("path", "query", "words"), CASES,
                         ids=[f"{p or 'explorer'}-{i}" for i, (p, _, _) in enumerate(CASES)])
def test_malformed_link_renders_the_page_with_a_notice(tab, app_url, path, query, words):
    visit(tab, app_url, path, query)
    assert_no_exception(tab)
    main = tab.locator("[data-testid='stMain']")
    expect(main.locator("h1, h2, h3").first, "the page rendered no heading").to_be_attached()
    alerts = tab.locator("[data-testid='stAlert']")
    expect(alerts.first, f"no notice for ?{query[:80]}").to_be_attached()
    text = " ".join(alerts.all_inner_texts())
    for w in (words,) if isinstance(words, str) else words:
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
