"""The "Your own activation" page in Chromium: type, read the derivative, hostile input, shared link."""
from __future__ import annotations

import math
from urllib.parse import quote

from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_exception, rerun, screenshot, wait_idle
from tests.e2e.test_explorer import CHART, CONTROL, traces, wait_chart, y_at

FORMULA_INPUT = "input[aria-label='f(x) =']"


def _type_formula(page, text: str) -> None:
    box = page.locator(FORMULA_INPUT)
    box.fill(text)
    with rerun(page, timeout=90_000):
        box.press("Enter")


def _open(page, url: str) -> None:
    """Open the page and wait for its first answer: the first formula starts a SymPy worker (cold)."""
    page.set_default_timeout(90_000)  # a cold worker imports SymPy; this machine is shared
    page.goto(url)
    page.wait_for_selector(f"{CONTROL}[data-draws], [data-testid='stAlert']", timeout=90_000)
    wait_idle(page, timeout=90_000)


def _latex_text(page) -> str:
    return "".join("".join(page.locator(".katex").all_inner_texts()).split())  # KaTeX puts a symbol per line


def test_type_a_formula_and_see_its_derivative(page, app_url):
    _open(page, f"{app_url}/your-own")
    assert_no_exception(page)
    expect(page.locator(CHART)).to_have_count(1)  # the live control's one chart
    assert "σ" in _latex_text(page)  # the default x * sigmoid(b*x) and its derivative
    _type_formula(page, "where(x > 0, x, a*(exp(x) - 1))")
    assert_no_exception(page)
    text = _latex_text(page)
    assert "otherwise" in text and "′(x)" in text and "ae" in text  # f'(x) = 1 if x > 0, a e^x otherwise
    expect(page.get_by_role("slider", name="parameter a", exact=True)).to_have_count(1)
    assert "formula=" in page.url  # the address bar is a link to this formula
    screenshot(page, "custom-elu-like")


def test_hostile_formula_gets_a_friendly_message(page, app_url):
    _open(page, f"{app_url}/your-own")
    _type_formula(page, "__import__('os').system('ls')")
    alert = page.locator("[data-testid='stAlert']")
    expect(alert.first).to_contain_text("cannot be used")
    assert_no_exception(page)
    assert page.locator(CONTROL).count() == 0 and page.locator("[data-testid='stPlotlyChart']").count() == 0
    screenshot(page, "custom-hostile")


def test_shared_link_is_parsed_on_arrival(page, app_url):
    _open(page, f"{app_url}/your-own?formula={quote('x * tanh(log(1 + exp(x)))', safe='')}")
    assert_no_exception(page)
    assert "tanh" in _latex_text(page)
    expect(page.locator(CHART)).to_have_count(1)
    screenshot(page, "custom-shared-mish")


def test_a_bad_shared_link_is_explained(page, app_url):
    _open(page, f"{app_url}/your-own?formula={quote('x ** 10 ** 8', safe='')}")
    assert_no_exception(page)
    assert "exponent too large" in page.locator("[data-testid='stAlert']").first.inner_text()


def test_formula_link_appears_in_the_explorer(page, app_url):
    page.set_default_timeout(90_000)
    page.goto(f"{app_url}/?formula={quote('sin(x) + x/2', safe='')}")
    page.wait_for_selector("[data-testid='stMultiSelect']", timeout=90_000)
    wait_idle(page, timeout=90_000)
    assert_no_exception(page)
    chosen = page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").first.inner_text()
    assert "sin(x) + x/2" in chosen
    wait_chart(page)
    drawn = traces(page, "custom:sin(x) + x/2")
    assert drawn, "the shared formula has no curve in the Explorer chart"
    f_trace = next(iter(drawn.values()))
    assert abs(y_at(f_trace, 1.0) - (math.sin(1.0) + 0.5)) < 0.02
    screenshot(page, "explorer-with-formula")


def test_a_long_derivative_scrolls_in_its_box_with_a_visible_scrollbar(browser, app_url):
    """At a narrow window the derivative is wider than its column: it scrolls sideways, with a
    scrollbar painted (Streamlit's default paints scrollbars transparent until hovered), and
    scrolling to the end brings its last symbol into the column."""
    from tests.e2e.conftest import new_tab

    with new_tab(browser, width=800, height=900) as page:
        _open(page, f"{app_url}/your-own?formula=" + quote("x*tanh(log(1+exp(x)))"))
        assert_no_exception(page)
        boxes = page.locator("[class*='st-key-latex_'] .katex-display")
        expect(boxes).to_have_count(2)
        derivative = boxes.nth(1)
        style = derivative.evaluate("d => [getComputedStyle(d).overflowX, getComputedStyle(d).scrollbarColor]")
        assert style[0] == "auto" and "rgba(0, 0, 0, 0) rgba(0, 0, 0, 0)" not in style[1]
        assert derivative.evaluate("d => d.scrollWidth > d.clientWidth")   # it does not fit: it scrolls
        end = derivative.evaluate("""d => { d.scrollLeft = d.scrollWidth;
            const box = d.getBoundingClientRect(), glyphs = d.querySelectorAll('.mord, .mclose');
            const last = glyphs[glyphs.length - 1].getBoundingClientRect();
            return [last.right, box.right]; }""")
        assert end[0] <= end[1] + 1
        assert page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollWidth"
                             " <= document.querySelector('[data-testid=\"stMain\"]').clientWidth")
        screenshot(page, "custom-long-derivative")
