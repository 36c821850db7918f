"""axe-core audits every page in English and 简体中文, in the light and the dark theme, and again after
the main interactions. A violation of our own (theme, markup, components) fails; Streamlit's own are
listed in a11y_streamlit_known.toml, and one that no longer occurs fails too, so the list stays true.

One server for the session and one browser tab per theme, reused from audit to audit.
"""
from __future__ import annotations

import json
import time
from contextlib import ExitStack

import pytest
from playwright.sync_api import expect

from tests.app.test_theme_contrast import CAPTION_OPACITY, DEFAULTS, theme
from tests.e2e.a11y import KNOWN, LANGS, PAGES, SCHEMES, audit, settle
from tests.e2e.conftest import assert_no_exception, new_tab
from tests.e2e.test_training_pages import click_button, press
from tests.figures.colour_science import rgb

INTERACTIONS = ("explorer_functions", "custom_formula", "training_run")
AUDITS = len(SCHEMES) * (len(LANGS) * len(PAGES) + len(INTERACTIONS))
SEEN: set[int] = set()     # entries of the known list met by this test's audit

COLOURS_JS = """() => { const css = (sel, prop) => getComputedStyle(document.querySelector(sel))[prop];
  return {page: css("[data-testid='stApp']", 'backgroundColor'), sidebar: css("[data-testid='stSidebar']", 'backgroundColor'),
          text: css('h1', 'color'), caption: css("[data-testid='stCaptionContainer'] p", 'color'),
          captionOpacity: css("[data-testid='stCaptionContainer']", 'opacity')}; }"""


@pytest.fixture(scope="module")
def tab(browser):
    """tab(scheme): the module's one page for a browser that prefers that colour scheme."""
    with ExitStack() as stack:
        pages = {}

        def get(scheme: str):
            if scheme not in pages:
                pages[scheme] = stack.enter_context(new_tab(browser, color_scheme=scheme))
                pages[scheme].set_default_timeout(90_000)
            return pages[scheme]

        yield get


def open_page(page, url: str) -> None:
    page.goto(url)
    page.locator("h1").first.wait_for()
    settle(page)
    assert_no_exception(page)


@pytest.fixture(scope="session")
def audit_log(tmp_path_factory, request):
    """One file per test session where every audit writes the known entries it met: pytest-xdist may
    run this module's audits on two workers (each has its own temp dir in the session's), and the last
    test below needs all of them."""
    root = tmp_path_factory.getbasetemp()
    return (root.parent if hasattr(request.config, "workerinput") else root) / "a11y-audits.jsonl"


@pytest.fixture(autouse=True)
def _log_audit(request, audit_log):
    """After each audit, pass or fail, one line: the known entries it met (so the count always completes)."""
    SEEN.clear()
    yield
    if request.node.originalname in ("test_a_page_as_it_opens_has_no_violation_of_ours",
                                     "test_after_an_interaction_there_is_no_violation_of_ours"):
        with audit_log.open("a") as f:
            f.write(json.dumps({"test": request.node.nodeid, "seen": sorted(SEEN)}) + "\n")


def assert_only_streamlits(page, scheme: str, where: str) -> None:
    findings = audit(page, scheme)
    SEEN.update(f.known for f in findings if f.known is not None)
    ours = [f for f in findings if f.known is None]
    assert not ours, f"{where}: {len(ours)} violation(s) of ours\n" + "\n".join(map(str, ours))


def rgb_css(hex_colour: str) -> str:
    return "rgb({}, {}, {})".format(*rgb(hex_colour))


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_browser_shows_the_colours_the_contrast_test_computes(tab, app_url, scheme):
    """The defaults and the caption's opacity that tests/app/test_theme_contrast.py assumes."""
    page = tab(scheme)
    open_page(page, f"{app_url}/depth")   # a caption in the main area
    shown = page.evaluate(COLOURS_JS)
    t = theme(scheme)
    assert shown["page"] == rgb_css(DEFAULTS[scheme]["backgroundColor"])
    assert shown["sidebar"] == rgb_css(DEFAULTS[scheme]["sidebar"])
    assert shown["text"] == rgb_css(t["textColor"])
    assert shown["caption"] == shown["text"] and float(shown["captionOpacity"]) == CAPTION_OPACITY


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", PAGES)
def test_a_page_as_it_opens_has_no_violation_of_ours(tab, app_url, path, lang, scheme):
    page = tab(scheme)
    open_page(page, f"{app_url}/{path}?lang={lang}")
    assert_only_streamlits(page, scheme, f"/{path} {lang} {scheme}")


def _explorer_functions(page, app_url: str) -> None:
    """Two more functions chosen, small multiples, the second derivative shown, the PyTorch code open."""
    open_page(page, f"{app_url}/?lang=en")
    for name in ("GELU", "ELU"):
        page.locator("[data-testid='stMultiSelect']").filter(has_text="Functions to compare").locator("input").click()
        page.keyboard.type(name)   # the list shows only the options in view; typing brings this one up
        page.get_by_role("option", name=name, exact=True).click()
        page.keyboard.press("Escape")
        settle(page)
    page.get_by_text("Small multiples", exact=True).click()
    settle(page)
    page.get_by_text("Show the second derivative f″", exact=True).click()
    settle(page)
    expect(page.locator(".live-control .lc-chart")).to_have_count(8)
    page.get_by_role("tab", name="PyTorch", exact=True).click()   # the export's code, built once chosen
    page.locator("[data-testid='stCode']").filter(has_text="import torch").wait_for()
    settle(page)


def _custom_formula(page, app_url: str) -> None:
    open_page(page, f"{app_url}/your-own?lang=en")
    box = page.locator("input[aria-label='f(x) =']")
    box.fill("where(x > 0, x, a*(exp(x) - 1))")
    box.press("Enter")
    page.get_by_role("slider", name="parameter a", exact=True).wait_for()
    settle(page)


def _training_run(page, app_url: str) -> None:
    """A short run: 50 points, 50 epochs, then the results with their tables and charts."""
    open_page(page, f"{app_url}/training?lang=en")
    press(page, "Points", "Home")
    press(page, "Epochs", "Home")
    click_button(page, "Train")
    page.get_by_text("Results", exact=True).wait_for(timeout=120_000)
    settle(page, timeout=120_000)


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("interaction", INTERACTIONS)
def test_after_an_interaction_there_is_no_violation_of_ours(tab, app_url, interaction, scheme):
    page = tab(scheme)
    globals()[f"_{interaction}"](page, app_url)
    assert_no_exception(page)
    assert_only_streamlits(page, scheme, f"{interaction} {scheme}")


def audits_collected(session) -> int:
    return sum(item.module.__name__ == __name__ and item.originalname.startswith(("test_a_page", "test_after"))
               for item in session.items)


def test_every_listed_streamlit_violation_still_occurs(request, audit_log):
    """After every audit, on whichever worker ran it: a listed violation Streamlit has fixed leaves the list."""
    if audits_collected(request.session) < AUDITS:
        pytest.skip(f"only {audits_collected(request.session)} of {AUDITS} audits were selected")
    # the other worker may still be auditing: wait for all the lines (a state, however long they take)
    deadline = time.monotonic() + 1800
    while len(lines := audit_log.read_text().splitlines() if audit_log.exists() else []) < AUDITS:
        assert time.monotonic() < deadline, f"only {len(lines)} of {AUDITS} audits reported in 30 min"
        time.sleep(0.5)
    seen = {i for line in lines for i in json.loads(line)["seen"]}
    gone = [f"{e['rule']} within {e['within']}" for i, e in enumerate(KNOWN) if i not in seen]
    assert not gone, f"no longer found, remove from a11y_streamlit_known.toml: {gone}"
