"""The Explorer in Chromium against a real server: live slider, shared links, kept zoom, screenshots."""
from __future__ import annotations

import math
import time
from pathlib import Path

import pytest

from tests.e2e.conftest import SCREENSHOTS, assert_no_exception, open_app, screenshot, wait_idle

CHART = ".live-plot"


def wait_chart(page, after: int = 0) -> int:
    """Wait until the chart has drawn a revision newer than `after`; return it."""
    page.wait_for_function(
        "([sel, after]) => { const n = document.querySelector(sel);"
        " return n && Number(n.dataset.revision || 0) > after; }", arg=[CHART, after], timeout=30_000)
    return int(page.locator(CHART).get_attribute("data-revision"))


def traces(page, group: str) -> dict[str, dict]:
    """x and y of one function's line traces, by x axis, as drawn in the browser."""
    return page.locator(CHART).evaluate(
        """(n, group) => Object.fromEntries(n._fullData
             .filter(t => t.legendgroup === group && t.mode === 'lines' && t.fill === 'none' && t.line.width > 0)
             .map(t => [t.xaxis, {x: Array.from(t.x), y: Array.from(t.y)}]))""", group)


def y_at(trace: dict, x: float) -> float:
    pairs = [(abs(a - x), b) for a, b in zip(trace["x"], trace["y"]) if math.isfinite(a) and math.isfinite(b)]
    return min(pairs)[1]


def slope_slider(page):
    return page.locator("[data-testid='stSlider']").filter(has_text="Leaky ReLU slope k").get_by_role("slider")


def slope_value(page) -> str:
    return page.locator("[data-testid='stSlider']").filter(has_text="Leaky ReLU slope k").locator(
        "[data-testid='stSliderThumbValue']").inner_text()


def poll(read, ok, timeout: float = 10.0):
    """Read until `ok` holds (the chart may still be drawing an intermediate value)."""
    deadline = time.monotonic() + timeout
    while True:
        value = read()
        if ok(value) or time.monotonic() > deadline:
            return value
        time.sleep(0.1)


def test_page_loads_draws_both_panels_and_is_screenshotted(page, app_url):
    open_app(page, app_url)
    wait_chart(page)
    assert_no_exception(page)
    assert page.locator("h1").first.inner_text() == "Activation explorer"
    assert page.locator(f"{CHART} .cartesianlayer .subplot").count() == 2         # f and f' side by side
    assert page.locator(f"{CHART} .legendtext").count() == 6           # the essay's six
    assert page.locator("[data-testid='stSlider']").filter(has_text="Input range").count() == 1
    page.wait_for_timeout(300)
    assert page.locator(f"{CHART} .modebar-btn[data-title='Download plot as SVG']").count() == 1
    assert page.locator(f"{CHART} .modebar-btn[data-title='Download plot as a PNG']").count() == 1
    path = screenshot(page, "explorer-light")
    assert path.stat().st_size > 20_000


def test_dark_theme_screenshot(browser, app_url):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, color_scheme="dark")
    page = context.new_page()
    try:
        open_app(page, app_url + "/?fn=relu&fn=leaky_relu&fn=elu&fn=rrelu&d2=true")
        wait_chart(page)
        assert_no_exception(page)
        colour = page.locator(f"{CHART} .xtick text").first.evaluate("e => getComputedStyle(e).fill")
        assert colour != "rgb(0, 0, 0)"  # tick labels follow the dark theme's text colour
        screenshot(page, "explorer-dark")
    finally:
        context.close()


def test_keyboard_on_leaky_slope_moves_its_curve_and_derivative(page, app_url):
    open_app(page, app_url + "/?fn=relu&fn=leaky_relu")
    rev = wait_chart(page)
    page.locator(CHART).evaluate("n => { n.__sameNode = true; }")
    before = traces(page, "leaky_relu")
    assert y_at(before["x"], -4) == pytest.approx(-0.04, rel=1e-3)
    assert y_at(before["x2"], -4) == pytest.approx(0.01, rel=1e-3)
    slider = slope_slider(page)
    slider.focus()
    for _ in range(5):
        slider.press("ArrowRight")
    k = 0.015  # five steps of 0.001
    page.wait_for_url(f"**k={k:g}*")
    wait_chart(page, rev)
    wait_idle(page)
    after = poll(lambda: traces(page, "leaky_relu"), lambda t: y_at(t["x"], -4) == pytest.approx(-4 * k, rel=1e-3))
    assert slope_value(page) == f"{k:.3f}"
    assert y_at(after["x"], -4) == pytest.approx(-4 * k, rel=1e-3)
    assert y_at(after["x2"], -4) == pytest.approx(k, rel=1e-3)
    assert page.locator(CHART).evaluate("n => n.__sameNode === true")   # redrawn in place
    assert traces(page, "relu")["x"]["y"] == traces(page, "relu")["x"]["y"]


def test_shared_link_restores_the_view(page, app_url):
    open_app(page, app_url + "/?fn=relu&fn=leaky_relu&k=0.2&x=-3&x=3")
    wait_chart(page)
    assert_no_exception(page)
    assert page.locator("[data-testid='stAlert']").count() == 0
    chips = page.locator("[data-testid='stMultiSelect']").first.inner_text()
    assert "ReLU" in chips and "Leaky ReLU" in chips and "Sigmoid" not in chips
    assert slope_value(page) == "0.200"
    assert page.locator(CHART).evaluate("n => n._fullLayout.xaxis.range") == [-3, 3]
    leaky = traces(page, "leaky_relu")
    assert y_at(leaky["x"], -3) == pytest.approx(-0.6, rel=1e-4)
    # the CSV download holds the same view: these functions, this k, this range
    with page.expect_download() as download:
        page.get_by_role("button", name="Download curves (CSV)").click()
    lines = Path(download.value.path()).read_text().splitlines()
    assert lines[0] == "x,relu f,relu f',leaky_relu(k=0.2) f,leaky_relu(k=0.2) f'"
    first = [float(v) for v in lines[1].split(",")]
    assert first[0] == -3 and first[3] == pytest.approx(-0.6)


def test_bad_link_shows_a_notice_and_the_defaults(page, app_url):
    open_app(page, app_url + "/?fn=relu&fn=nonsense&k=7&x=1")
    wait_chart(page)
    assert_no_exception(page)
    notice = page.locator("[data-testid='stAlert']").first.inner_text()
    assert "nonsense" in notice and "x=1" in notice
    assert page.locator(CHART).evaluate("n => n._fullLayout.xaxis.range") == [-5, 5]


def test_zoom_survives_a_slider_change(page, app_url):
    open_app(page, app_url + "/?fn=relu&fn=leaky_relu")
    rev = wait_chart(page)
    drag = page.locator(f"{CHART} .nsewdrag").first.bounding_box()
    y = drag["y"] + drag["height"] * 0.5
    page.mouse.move(drag["x"] + drag["width"] * 0.40, y)
    page.mouse.down()
    page.mouse.move(drag["x"] + drag["width"] * 0.50, y, steps=4)
    page.mouse.move(drag["x"] + drag["width"] * 0.60, y, steps=4)
    page.mouse.up()
    page.wait_for_timeout(400)
    zoomed = page.locator(CHART).evaluate("n => n._fullLayout.xaxis.range")
    assert -2 < zoomed[0] < 0 < zoomed[1] < 2
    leaky_before = traces(page, "leaky_relu")["x"]["y"]
    slider = slope_slider(page)
    slider.focus()
    slider.press("ArrowRight")
    wait_chart(page, rev)
    assert traces(page, "leaky_relu")["x"]["y"] != leaky_before
    assert page.locator(CHART).evaluate("n => n._fullLayout.xaxis.range") == pytest.approx(zoomed)
    assert page.locator(CHART).evaluate("n => n._fullLayout.xaxis2.range") == pytest.approx(zoomed)
    screenshot(page, "explorer-zoomed")


def test_small_multiples_scale_each_panel_kind_to_its_data(page, app_url):
    open_app(page, app_url + "/?fn=relu&fn=tanh&view=Small+multiples")
    wait_chart(page)
    ranges = page.locator(CHART).evaluate(
        "n => ['yaxis', 'yaxis2', 'yaxis3', 'yaxis4'].map(a => n._fullLayout[a].range)")
    f_range, df_range = ranges[0], ranges[1]
    assert ranges[2] == f_range and ranges[3] == df_range          # shared by panel kind
    assert f_range[1] > 4.9 and -0.2 < df_range[0] < 0 and 1 < df_range[1] < 1.3   # relu up to 5; f' in [0, 1]
    screenshot(page, "explorer-small-multiples")


def test_explorer_in_chinese(page, app_url):
    from ui import i18n
    zh = i18n.catalogue("zh")
    open_app(page, app_url + "/?lang=zh")
    wait_chart(page)
    assert_no_exception(page)
    assert page.locator("h1").first.inner_text() == zh["explorer.title"]
    slope = f"{zh['activations.leaky_relu.label']} {zh['activations.leaky_relu.param_k_label']}"
    assert page.locator("[data-testid='stSlider']").filter(has_text=slope).count() == 1
    sidebar = page.locator("[data-testid='stSidebar']").inner_text()
    assert zh["explorer.sidebar.functions"] in sidebar and zh["explorer.sidebar.layout"] in sidebar
    assert page.get_by_text(zh["explorer.csv_button"]).count() == 1
    assert page.locator("[data-testid='stAlert']").count() == 0
    screenshot(page, "explorer-zh")
    page.get_by_text(zh["explorer.csv_button"]).scroll_into_view_if_needed()
    main_text = page.locator("[data-testid='stMain']").inner_text()
    assert "取值范围" in main_text and zh["explorer.formulas"] in main_text   # the formula cards' shape notes
    page.screenshot(path=str(SCREENSHOTS / "explorer-zh-formulas.png"))   # the viewport, scrolled to the cards
    # the layout switch writes the language-neutral value to the URL, and a reload keeps it
    rev = int(page.locator(CHART).get_attribute("data-revision"))
    page.get_by_text(zh["explorer.sidebar.view_grid"]).click()
    wait_idle(page)
    wait_chart(page, rev)
    page.wait_for_function("() => location.search.includes('view=Small+multiples')", timeout=10_000)
    assert "lang=zh" in page.url
    open_app(page, page.url)
    wait_chart(page)
    assert_no_exception(page)
    assert page.locator("[data-testid='stAlert']").count() == 0
    titles = page.locator(CHART).evaluate("n => n._fullLayout.annotations.map(a => a.text)")
    assert f"{zh['activations.relu.label']} · f(x)" in titles
    screenshot(page, "explorer-zh-small-multiples")
    # back to English from the sidebar; the layout stays
    page.locator("[data-testid='stSidebar']").get_by_text("English", exact=True).click()
    wait_idle(page)
    assert page.locator("h1").first.inner_text() == "Activation explorer"
    page.wait_for_function("() => !location.search.includes('lang=')", timeout=10_000)
    assert "view=Small+multiples" in page.url
