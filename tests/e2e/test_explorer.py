"""The Explorer in Chromium against a real server: live slider, shared links, kept zoom, screenshots."""
from __future__ import annotations

import math
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import SCREENSHOTS, assert_no_exception, new_tab, open_app, rerun, screenshot, wait_idle

CONTROL = ".live-control"                 # components/live_control: the sliders and the charts
CHART = ".live-control .lc-chart"         # a chart (one per function in small multiples)
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"


def wait_chart(page, after: int = 0) -> int:
    """Wait until the live control has drawn more often than `after` times; return its count."""
    page.wait_for_function(
        "([sel, after]) => { const n = document.querySelector(sel);"
        " return n && Number(n.dataset.draws || 0) > after; }", arg=[CONTROL, after], timeout=30_000)
    return int(page.locator(CONTROL).first.get_attribute("data-draws"))


def wait_settled(page) -> None:
    """Wait until no thumb is away from its committed value (Python has seen every commit and its
    rerun drew the committed figure), then until the script run that brought it has finished."""
    page.wait_for_function(
        "(sel) => { const r = document.querySelector(sel); const st = r && r.__state;"
        " return !!st && Object.keys(st.live).length === 0"
        " && [...r.querySelectorAll('.lc-chart')].every(c => c.dataset.frame === '' && c.dataset.draws); }",
        arg=CONTROL, timeout=30_000)
    page.wait_for_selector(IDLE, state="attached")


def traces(page, group: str) -> dict[str, dict]:
    """x and y of one function's line traces, by x axis, as drawn in the browser (the first chart)."""
    return page.locator(CHART).first.evaluate(
        """(n, group) => Object.fromEntries(n._fullData
             .filter(t => t.legendgroup === group && t.mode === 'lines' && t.fill === 'none' && t.line.width > 0)
             .map(t => [t.xaxis, {x: Array.from(t.x), y: Array.from(t.y)}]))""", group)


def y_at(trace: dict, x: float) -> float:
    pairs = [(abs(a - x), b) for a, b in zip(trace["x"], trace["y"]) if math.isfinite(a) and math.isfinite(b)]
    return min(pairs)[1]


def slope_slider(page):
    return page.get_by_role("slider", name="Leaky ReLU slope k", exact=True)


def shown_value(page, key: str) -> str:
    """The value text a live-control slider shows beside its label ("0.010", "-5.0 – 5.0")."""
    return page.locator(f"{CONTROL} .lc-knob[data-key='{key}']").get_attribute("data-value")


def slope_value(page) -> str:
    return shown_value(page, "k")


def test_page_loads_draws_both_panels_and_is_screenshotted(page, app_url):
    open_app(page, app_url)
    wait_chart(page)
    assert_no_exception(page)
    assert page.locator("h1").first.inner_text() == "Activation explorer"
    expect(page.locator(CHART)).to_have_count(1)  # overlay: one chart
    assert page.locator(f"{CHART} .cartesianlayer .subplot").count() == 2         # f and f' side by side
    expect(page.locator(f"{CHART} .legendtext")).to_have_count(6)  # the essay's six
    for end in ("from", "to"):                                         # the input range: two thumbs
        expect(page.get_by_role("slider", name=f"Input range x ({end})", exact=True)).to_have_count(1)
    assert page.locator("[data-testid='stMain'] [data-testid='stSlider']").count() == 0   # all the control's
    svg = page.locator(f"{CHART} .modebar-btn[data-title='Download plot as SVG']")
    svg.wait_for(state="attached")
    expect(svg).to_have_count(1)
    expect(page.locator(f"{CHART} .modebar-btn[data-title='Download plot as a PNG']")).to_have_count(1)
    path = screenshot(page, "explorer-light", always=True)  # the chart is really painted
    assert path.stat().st_size > 20_000


def test_dark_theme_screenshot(browser, app_url):
    with new_tab(browser, color_scheme="dark") as page:
        open_app(page, app_url + "/?fn=relu&fn=leaky_relu&fn=elu&fn=rrelu&d2=true")
        wait_chart(page)
        assert_no_exception(page)
        colour = page.locator(f"{CHART} .xtick text").first.evaluate("e => getComputedStyle(e).fill")
        assert colour != "rgb(0, 0, 0)"  # tick labels follow the dark theme's text colour
        screenshot(page, "explorer-dark")


def test_keyboard_on_leaky_slope_moves_its_curve_and_derivative(page, app_url):
    open_app(page, app_url + "/?fn=relu&fn=leaky_relu")
    wait_chart(page)
    page.locator(CHART).evaluate("n => { n.__sameNode = true; }")
    before = traces(page, "leaky_relu")
    relu_before = traces(page, "relu")
    assert y_at(before["x"], -4) == pytest.approx(-0.04, rel=1e-3)
    assert y_at(before["x2"], -4) == pytest.approx(0.01, rel=1e-3)
    slider = slope_slider(page)
    slider.focus()
    for _ in range(5):
        slider.press("ArrowRight")
    k = 0.015  # five steps of 0.001
    page.wait_for_url(f"**k={k:g}*")
    wait_settled(page)
    after = traces(page, "leaky_relu")
    assert slope_value(page) == f"{k:.3f}"
    assert y_at(after["x"], -4) == pytest.approx(-4 * k, rel=1e-3)
    assert y_at(after["x2"], -4) == pytest.approx(k, rel=1e-3)
    assert page.locator(CHART).evaluate("n => n.__sameNode === true")   # redrawn in place
    assert traces(page, "relu") == relu_before                            # the others untouched


def test_shared_link_restores_the_view(page, app_url):
    open_app(page, app_url + "/?fn=relu&fn=leaky_relu&k=0.2&x=-3&x=3")
    wait_chart(page)
    assert_no_exception(page)
    assert page.locator("[data-testid='stAlert']").count() == 0
    chips = page.locator("[data-testid='stMultiSelect']").first.inner_text()
    assert "ReLU" in chips and "Leaky ReLU" in chips and "Sigmoid" not in chips
    assert slope_value(page) == "0.200" and shown_value(page, "x") == "-3.0 – 3.0"
    assert slope_slider(page).input_value() == "0.2"
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


def test_back_and_forward_follow_the_links_the_page_wrote(page, app_url):
    open_app(page, app_url + "/?fn=relu&fn=leaky_relu")
    wait_chart(page)
    slider = slope_slider(page)
    slider.focus()
    slider.press("ArrowRight")
    page.wait_for_url("**k=0.011*")
    wait_settled(page)
    page.locator("[data-testid='stSidebar']").get_by_text("Small multiples", exact=True).click()
    page.wait_for_url("**view=Small+multiples*")
    page.wait_for_function(f"() => document.querySelectorAll({CHART!r}).length === 2")
    wait_settled(page)
    one_chart = f"() => document.querySelectorAll({CHART!r}).length === 1"
    page.go_back()                                         # the link before the layout changed
    page.wait_for_function("() => !location.search.includes('view=') && location.search.includes('k=0.011')")
    page.wait_for_function(one_chart)
    wait_settled(page)
    assert slope_value(page) == "0.011"
    page.go_back()                                         # the link as opened
    page.wait_for_function("() => !location.search.includes('k=')")
    page.wait_for_function(f"() => document.querySelector({CONTROL!r} + \" .lc-knob[data-key='k']\")"
                           "?.getAttribute('data-value') === '0.010'")
    wait_settled(page)
    assert y_at(traces(page, "leaky_relu")["x"], -4) == pytest.approx(-0.04, rel=1e-3)
    page.go_forward()
    page.wait_for_function(f"() => document.querySelector({CONTROL!r} + \" .lc-knob[data-key='k']\")"
                           "?.getAttribute('data-value') === '0.011'")
    wait_settled(page)
    assert "view=" not in page.url and page.locator(CHART).count() == 1
    assert_no_exception(page)
    assert page.locator("[data-testid='stAlert']").count() == 0


def test_bad_link_shows_a_notice_and_the_defaults(page, app_url):
    open_app(page, app_url + "/?fn=relu&fn=nonsense&k=7&x=1")
    wait_chart(page)
    assert_no_exception(page)
    notice = page.locator("[data-testid='stAlert']").first.inner_text()
    assert "nonsense" in notice and "x=1" in notice
    assert page.locator(CHART).evaluate("n => n._fullLayout.xaxis.range") == [-5, 5]
    assert shown_value(page, "x") == "-5.0 – 5.0"


X_RANGE_JS = "n => n._fullLayout.xaxis.range"


def zoom_in(page) -> list[float]:
    """Drag a box over the middle fifth of the f panel, as a user zooms; return the new x range."""
    before = page.locator(CHART).evaluate(X_RANGE_JS)
    drag = page.locator(f"{CHART} .nsewdrag").first.bounding_box()
    y = drag["y"] + drag["height"] * 0.5
    page.mouse.move(drag["x"] + drag["width"] * 0.40, y)
    page.mouse.down()
    page.mouse.move(drag["x"] + drag["width"] * 0.50, y, steps=4)
    page.mouse.move(drag["x"] + drag["width"] * 0.60, y, steps=4)
    page.mouse.up()
    page.wait_for_function(f"""w => {{ const r = document.querySelector({CHART!r})._fullLayout.xaxis.range;
        return r[1] - r[0] < w / 2; }}""", arg=before[1] - before[0])
    zoomed = page.locator(CHART).evaluate(X_RANGE_JS)
    assert before[0] < zoomed[0] < zoomed[1] < before[1]
    return zoomed


def add_function(page, label: str) -> None:
    page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect'] input").first.click()
    with rerun(page):
        page.get_by_role("option", name=label, exact=True).click()
    page.keyboard.press("Escape")


def test_zoom_survives_a_slider_change_and_an_added_function(page, app_url):
    open_app(page, app_url + "/?fn=relu&fn=leaky_relu")
    wait_chart(page)
    zoomed = zoom_in(page)
    leaky_before = traces(page, "leaky_relu")["x"]["y"]
    slider = slope_slider(page)
    slider.focus()
    slider.press("ArrowRight")
    page.wait_for_url("**k=0.011*")
    wait_settled(page)
    assert traces(page, "leaky_relu")["x"]["y"] != leaky_before
    assert page.locator(CHART).evaluate(X_RANGE_JS) == pytest.approx(zoomed)
    assert page.locator(CHART).evaluate("n => n._fullLayout.xaxis2.range") == pytest.approx(zoomed)
    screenshot(page, "explorer-zoomed")
    add_function(page, "Tanh")
    page.wait_for_url("**fn=tanh*")
    page.wait_for_function(f"() => document.querySelector({CHART!r})._fullData.some(t => t.legendgroup === 'tanh')")
    wait_settled(page)
    assert page.locator(CHART).evaluate(X_RANGE_JS) == pytest.approx(zoomed)


def test_zoom_resets_on_a_range_change_and_on_a_layout_change(page, app_url):
    open_app(page, app_url + "/?fn=relu&fn=leaky_relu")
    wait_chart(page)
    zoom_in(page)
    low = page.get_by_role("slider", name="Input range x (from)", exact=True)
    low.focus()
    page.keyboard.press("Home")
    page.wait_for_function("() => new URLSearchParams(location.search).getAll('x')[0] === '-20'")
    wait_settled(page)
    page.wait_for_function(f"() => document.querySelector({CHART!r})._fullLayout.xaxis.range[0] === -20")
    assert page.locator(CHART).evaluate(X_RANGE_JS) == [-20, 5]
    zoom_in(page)
    with rerun(page):
        page.locator("[data-testid='stSidebar']").get_by_text("Small multiples", exact=True).click()
    page.wait_for_function(f"() => document.querySelectorAll({CHART!r}).length === 2")
    wait_settled(page)
    assert page.locator(CHART).evaluate_all(f"ns => ns.map({X_RANGE_JS})") == [[-20, 5], [-20, 5]]


Y_RANGES_JS = "n => ['yaxis', 'yaxis2'].map(a => n._fullLayout[a].range)"


def test_small_multiples_fit_each_chart_or_share_y_ranges_by_panel_kind(page, app_url):
    open_app(page, app_url + "/?fn=relu&fn=tanh&view=Small+multiples")
    wait_chart(page)
    expect(page.locator(CHART)).to_have_count(2)  # one chart per function
    (relu_f, relu_df), (tanh_f, tanh_df) = page.locator(CHART).evaluate_all(f"ns => ns.map({Y_RANGES_JS})")
    assert relu_f[1] > 4.9 and tanh_f[1] < 1.2                       # each f fits its own values
    assert -0.2 < relu_df[0] < 0 and 1 < relu_df[1] < 1.3             # f' in [0, 1]
    screenshot(page, "explorer-small-multiples")
    # share y: one range per panel kind across the charts
    page.locator("[data-testid='stSidebar'] label").filter(has_text="Share y ranges").click()
    page.wait_for_url("**sharey=true*")
    page.wait_for_function(f"""() => {{ const [a, b] = [...document.querySelectorAll({CHART!r})]
        .map(n => JSON.stringify(({Y_RANGES_JS})(n))); return a === b; }}""")
    wait_settled(page)
    (relu_f, relu_df), (tanh_f, tanh_df) = page.locator(CHART).evaluate_all(f"ns => ns.map({Y_RANGES_JS})")
    assert relu_f == tanh_f and relu_df == tanh_df
    assert relu_f[0] < -0.9 and relu_f[1] > 4.9                      # spans tanh's -1 and relu's 5
    screenshot(page, "explorer-small-multiples-shared-y")
    # and off again: each chart fits its own values once more
    page.locator("[data-testid='stSidebar'] label").filter(has_text="Share y ranges").click()
    page.wait_for_function("() => !location.search.includes('sharey')")
    page.wait_for_function(f"""() => {{ const [a, b] = [...document.querySelectorAll({CHART!r})]
        .map(n => n._fullLayout.yaxis.range); return a[1] > 4.9 && b[1] < 1.2; }}""")
    wait_settled(page)


def test_explorer_in_chinese(page, app_url):
    from ui import i18n
    zh = i18n.catalogue("zh")
    open_app(page, app_url + "/?lang=zh")
    wait_chart(page)
    assert_no_exception(page)
    assert page.locator("h1").first.inner_text() == zh["explorer.title"]
    slope = f"{zh['activations.leaky_relu.label']} {zh['activations.leaky_relu.param_k_label']}"
    expect(page.get_by_role("slider", name=slope, exact=True)).to_have_count(1)
    expect(page.locator(f"{CONTROL} .lc-label-text").filter(has_text=slope)).to_have_count(1)
    # the sidebar's headings come at once, its widgets once their scripts have loaded: wait for the labels
    sidebar = page.locator("[data-testid='stSidebar']")
    expect(sidebar).to_contain_text(zh["explorer.sidebar.functions"])
    expect(sidebar).to_contain_text(zh["explorer.sidebar.layout"])
    expect(page.get_by_text(zh["explorer.csv_button"])).to_have_count(1)
    assert page.locator("[data-testid='stAlert']").count() == 0
    screenshot(page, "explorer-zh")
    page.get_by_text(zh["explorer.csv_button"]).scroll_into_view_if_needed()
    main_text = page.locator("[data-testid='stMain']").inner_text()
    assert "取值范围" in main_text and zh["explorer.formulas"] in main_text   # the formula cards' shape notes
    page.screenshot(path=str(SCREENSHOTS / "explorer-zh-formulas.png"))   # the viewport, scrolled to the cards
    # the layout switch writes the language-neutral value to the URL, and a reload keeps it
    page.get_by_text(zh["explorer.sidebar.view_grid"]).click()
    page.wait_for_function("() => location.search.includes('view=Small+multiples')", timeout=10_000)
    page.wait_for_function(f"() => document.querySelectorAll({CHART!r}).length === 6")   # one per function
    wait_idle(page)
    assert "lang=zh" in page.url
    open_app(page, page.url)
    wait_chart(page)
    assert_no_exception(page)
    assert page.locator("[data-testid='stAlert']").count() == 0
    names = page.locator(CHART).evaluate_all("ns => ns.map(n => n.getAttribute('aria-label'))")
    assert names[4] == zh["a11y.curves_name"].format(   # each chart named for its function, in Chinese
        functions=zh["activations.relu.label"], panels=zh["a11y.panels"], lo="−5", hi="5")
    legend = page.locator(CHART).nth(4).locator(".legendtext").evaluate_all("ts => ts.map(t => t.textContent)")
    assert legend == [zh["activations.relu.label"]]
    screenshot(page, "explorer-zh-small-multiples")
    # back to English from the sidebar; the layout stays
    page.locator("[data-testid='stSidebar']").get_by_text("English", exact=True).click()
    wait_idle(page)
    assert page.locator("h1").first.inner_text() == "Activation explorer"
    page.wait_for_function("() => !location.search.includes('lang=')", timeout=10_000)
    assert "view=Small+multiples" in page.url
