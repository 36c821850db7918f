"""What the Explorer's chart looks like at the edges: colours on both themes, tick labels at a
1e-6-wide range, the range shown faithfully, and room between small-multiple panels."""
from __future__ import annotations

import itertools
from contextlib import contextmanager

import pytest

import activations
from figures.style import DARK_BACKGROUND, LIGHT_BACKGROUND, colours_for
from tests.e2e.conftest import assert_no_exception, open_app, screenshot
from tests.e2e.test_explorer import CHART, wait_chart
from tests.figures.colour_science import delta_e
from tests.figures.test_palette import MIN_PAIR_DE

THEMES = {"light": LIGHT_BACKGROUND, "dark": DARK_BACKGROUND}


@contextmanager
def themed_page(browser, scheme: str):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, color_scheme=scheme)
    try:
        yield context.new_page()
    finally:
        context.close()


def hex_of(css: str) -> str:
    """'rgb(23, 22, 20)' or '#0072b2' as '#171614' / '#0072B2'."""
    if css.startswith("#"):
        return css.upper()
    r, g, b = (int(float(v)) for v in css[css.index("(") + 1:css.index(")")].split(",")[:3])
    return f"#{r:02X}{g:02X}{b:02X}"


@pytest.mark.parametrize("scheme", THEMES)
def test_sixteen_curves_keep_distinct_palette_colours_on_both_themes(browser, app_url, scheme):
    keys = activations.names()[:16]
    with themed_page(browser, scheme) as page:
        open_app(page, app_url + "/?" + "&".join(f"fn={k}" for k in keys))
        wait_chart(page)
        assert_no_exception(page)
        background = page.locator("[data-testid='stApp']").evaluate("e => getComputedStyle(e).backgroundColor")
        assert hex_of(background) == THEMES[scheme]     # the background figures.style checks against
        drawn = page.locator(CHART).evaluate(
            """n => Object.fromEntries(n._fullData.filter(t => t.mode === 'lines' && t.xaxis === 'x'
                 && t.fill === 'none' && t.line.width > 0).map(t => [t.legendgroup, t.line.color]))""")
        drawn = {k: hex_of(c) for k, c in drawn.items()}
        assert drawn == colours_for(keys)               # drawn as chosen: no theme-dependent recolouring
        close = [(a, b) for a, b in itertools.combinations(drawn.values(), 2) if delta_e(a, b) < MIN_PAIR_DE]
        assert not close, close
        screenshot(page, f"explorer-palette-{scheme}")
