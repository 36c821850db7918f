"""What the Explorer's chart looks like at the edges: colours on both themes, tick labels at a
1e-6-wide range, the range shown faithfully, and room between small-multiple panels."""
from __future__ import annotations

import itertools

import pytest
from playwright.sync_api import expect

import activations
from figures.style import DARK_BACKGROUND, LIGHT_BACKGROUND, colours_for
from tests.e2e.conftest import assert_no_exception, new_tab, open_app, screenshot
from tests.e2e.test_explorer import CHART, shown_value, wait_chart, wait_settled
from tests.figures.colour_science import delta_e
from tests.figures.test_palette import MIN_PAIR_DE

THEMES = {"light": LIGHT_BACKGROUND, "dark": DARK_BACKGROUND}


def themed_page(browser, scheme: str):
    return new_tab(browser, color_scheme=scheme)


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


LAYOUT_JS = """n => {
  const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const labels = [...n.querySelectorAll('.xaxislayer-above text, .yaxislayer-above text')]
    .filter(e => e.textContent && getComputedStyle(e).display !== 'none' && e.getAttribute('opacity') !== '0')
    .map(e => ({axis: e.closest('[class*=tick]').getAttribute('class').replace('tick', ''),
                text: e.textContent, box: box(e)}));
  const plots = [...n.querySelectorAll('.nsewdrag')].map(e => ({sub: e.getAttribute('data-subplot'), box: box(e)}));
  return {svg: box(n.querySelector('svg.main-svg')), labels, plots};
}"""
MIN_SEPARATION_PX = 16    # between label boxes of different panels (the boxes include the font's padding)


def apart(a, b, gap: float) -> bool:
    """Boxes [left, top, right, bottom] at least `gap` apart horizontally or vertically."""
    return a[2] + gap <= b[0] or b[2] + gap <= a[0] or a[3] + gap <= b[1] or b[3] + gap <= a[1]


def subplot_of(axis: str) -> str:
    """'x3' -> 'x3y3', 'y' -> 'xy': the panel an axis's tick labels belong to."""
    return f"x{axis[1:]}y{axis[1:]}"


def check_tick_labels(page) -> dict:
    """Every tick label inside its chart, readable (distinct on its axis), and clear of other panels;
    in small multiples, of every chart (labels by axis of the first)."""
    charts = page.locator(CHART)
    found = [check_chart_tick_labels(charts.nth(i)) for i in range(charts.count())]
    assert found
    return found[0]


def check_chart_tick_labels(chart) -> dict:
    drawn = chart.evaluate(LAYOUT_JS)
    left, _, right, _ = drawn["svg"]
    labels = drawn["labels"]
    assert labels
    for lab in labels:
        assert left <= lab["box"][0] and lab["box"][2] <= right, f"clipped: {lab}"
    by_axis: dict[str, list[str]] = {}
    for lab in labels:
        by_axis.setdefault(lab["axis"], []).append(lab["text"])
    for axis, texts in by_axis.items():
        assert len(set(texts)) == len(texts) >= 2, (axis, texts)
    for a, b in itertools.combinations(labels, 2):
        if subplot_of(a["axis"]) != subplot_of(b["axis"]):
            assert apart(a["box"], b["box"], MIN_SEPARATION_PX), f"labels touch: {a} {b}"
        else:                                   # a panel's own x and y labels meet at its corner
            assert apart(a["box"], b["box"], 0), f"labels overlap: {a} {b}"
    for lab in labels:
        for plot in drawn["plots"]:
            if plot["sub"] != subplot_of(lab["axis"]):
                assert apart(lab["box"], plot["box"], MIN_SEPARATION_PX / 2), f"label on a panel: {lab} {plot}"
    return by_axis


# f near 20 and f' near 1 on [19.999999, 20]: ten-digit labels on the y axes of inner panels too
NARROW = "fn=relu&fn=leaky_relu&fn=softplus&x=19.999999&x=20"
# Small multiples are one chart per function, two charts a row (about 460 px each at this
# viewport), but each chart's panel gaps are sized by figures.explorer for CHART_WIDTH = 900 px.
CELLS_LAID_OUT_FOR_900_PX = pytest.mark.xfail(
    strict=True, reason="small-multiple charts are ~460 px wide but spaced for figures.explorer.CHART_WIDTH "
                        "(900 px): neighbouring panels' tick labels touch or overlap (reported to the lead)")


@pytest.mark.parametrize("scheme", THEMES)
@pytest.mark.parametrize("view", ["Overlay", pytest.param("Small+multiples&d2=true", marks=CELLS_LAID_OUT_FOR_900_PX)])
def test_tick_labels_at_a_one_millionth_range_are_whole_readable_and_apart(browser, app_url, view, scheme):
    with themed_page(browser, scheme) as page:
        open_app(page, f"{app_url}/?{NARROW}&view={view}")
        wait_chart(page)
        assert_no_exception(page)
        screenshot(page, f"explorer-narrow-ticks-{view.split('+')[0].lower()}-{scheme}")
        by_axis = check_tick_labels(page)
        assert any(len(t) >= 10 for t in by_axis["y2"]), by_axis["y2"]   # the case in point: long labels
        if view == "Overlay":                   # two wide panels: inner steps of the range get labels too
            assert {"19.999999", "19.9999995", "20"} <= set(by_axis["x"]), by_axis["x"]


@CELLS_LAID_OUT_FOR_900_PX
@pytest.mark.parametrize("scheme", THEMES)
def test_small_multiples_leave_room_between_panels(browser, app_url, scheme):
    with themed_page(browser, scheme) as page:
        open_app(page, f"{app_url}/?view=Small+multiples&d2=true&x=-20&x=20")
        wait_chart(page)
        assert_no_exception(page)
        expect(page.locator(CHART)).to_have_count(6)  # the essay's six, one chart each
        screenshot(page, f"explorer-grid-spacing-{scheme}")
        check_tick_labels(page)


def range_shown(page) -> list[str]:
    return shown_value(page, "x").split(" – ")


@pytest.mark.xfail(strict=True, reason="already failing before the live control (f5dd558): the f panel's "
                   "last x label '20' and the f' panel's first '19.999999' are 14 px apart, 16 wanted")
def test_tick_labels_of_one_function_at_a_one_millionth_range_are_apart(page, app_url):
    open_app(page, app_url + "/?fn=relu&x=19.999999&x=20")
    wait_chart(page)
    check_tick_labels(page)                                     # f' = 1: its "0" sits by "19.999999"


def test_range_slider_shows_the_narrow_range_it_draws_and_follows_a_key(page, app_url):
    open_app(page, app_url + "/?fn=relu&x=19.999999&x=20")
    wait_chart(page)
    assert range_shown(page) == ["19.999999", "20.000000"]     # not "20.0 20.0"
    assert page.locator(CHART).evaluate("n => n._fullLayout.xaxis.range") == [19.999999, 20]
    screenshot(page, "explorer-narrow-range-widget")
    low = page.get_by_role("slider", name="Input range x (from)", exact=True)
    low.focus()
    page.keyboard.press("Home")                                 # back to a range the step resolves
    page.wait_for_function("() => new URLSearchParams(location.search).getAll('x')[0] === '-20'", timeout=20_000)
    wait_settled(page)
    assert range_shown(page) == ["-20.0", "20.0"]
    assert page.locator(CHART).evaluate("n => n._fullLayout.xaxis.range") == [-20, 20]
    assert_no_exception(page)
