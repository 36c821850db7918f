"""The essay's pages in Chromium: each loads without an exception, one control per page redraws its figure."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_exception, open_app, rerun, screenshot

LIVE_CHARTS = ".live-control .lc-chart"                     # charts drawn by the live control
CHARTS = f":is([data-testid='stPlotlyChart'], {LIVE_CHARTS})"   # and by st.plotly_chart
METRIC_JS = """(label) => [...document.querySelectorAll("[data-testid='stMetric']")]
  .filter(m => m.querySelector("[data-testid='stMetricLabel']").innerText.trim() === label)
  .map(m => m.querySelector("[data-testid='stMetricValue']").innerText.trim())[0]"""


# every chart's curves, as sums of each trace's finite y values, once every chart on the page is drawn; else null
CURVES_JS = f"""() => {{ const charts = [...document.querySelectorAll("{CHARTS}")];
  const plots = charts.map(c => c.closest('.js-plotly-plot') || c.querySelector('.js-plotly-plot'));
  if (!charts.length || plots.some(g => !g || !g._fullData || !g.querySelector('.main-svg'))) return null;
  return plots.map(g => g._fullData.map(t => Array.from(t.y || []).reduce((s, v) => Number.isFinite(v) ? s + v : s, 0))); }}"""
# the catalogue's gallery (its last chart): how many curves it draws, once Plotly has drawn them; else 0
GALLERY_TRACES_JS = """() => { const charts = document.querySelectorAll("[data-testid='stPlotlyChart']");
  const c = charts[charts.length - 1], gd = c && c.querySelector('.js-plotly-plot');
  return gd && gd._fullData && c.querySelector('path.js-line') ? gd._fullData.length : 0; }"""


def goto(page, app_url: str, title: str, charts: int) -> None:
    """Open the app at its root, then follow the sidebar link, as a visitor does; wait until its
    `charts` charts are drawn (st.plotly_chart mounts its chart once Plotly's code has loaded)."""
    open_app(page, app_url)
    with rerun(page):
        page.get_by_role("link", name=title).click()
    page.wait_for_function(f"n => ({CURVES_JS})()?.length === n", arg=charts)
    assert_no_exception(page)


def slider(page, label: str):
    """A live-control slider (components/live_control): a range input named by its label."""
    return page.get_by_role("slider", name=label, exact=True)


def heatmap_image(page) -> str:
    """The heat map is painted into an <image> inside the chart's SVG; its data URI is the picture."""
    return page.locator(f"{LIVE_CHARTS} .hm image").first.get_attribute("href")


def test_neuron_page_weight_slider_redraws_heatmap(page, app_url):
    page.set_viewport_size({"width": 1400, "height": 1800})
    goto(page, app_url, "The neuron", charts=3)
    before = heatmap_image(page)
    z_before = page.locator("[data-testid='stMetric']").filter(has_text="weighted sum z").inner_text()
    handle = slider(page, "weight w1")
    handle.focus()
    for _ in range(10):
        handle.press("ArrowLeft")
    # each key commits; the last one's rerun shows z = 1.0·1.0 + (-1.0)(-0.5) with w1 moved from 1.5 to 1.0
    page.wait_for_function(f"() => ({METRIC_JS})('weighted sum z') === '1.5'", timeout=90_000)
    page.wait_for_function(
        "before => { const i = document.querySelector('.live-control .lc-chart .hm image');"
        " return i && i.getAttribute('href') != before; }", arg=before, timeout=90_000)
    assert_no_exception(page)
    assert float(handle.input_value()) == 1.0
    z_after = page.locator("[data-testid='stMetric']").filter(has_text="weighted sum z").inner_text()
    assert z_after != z_before and "1.5" in z_after  # 1.0·1.0 + (-1.0)(-0.5) with w1 moved from 1.5 to 1.0
    screenshot(page, "essay-neuron")


def test_why_nonlinearity_new_weights_redraws_curves(page, app_url):
    page.set_viewport_size({"width": 1400, "height": 2600})
    goto(page, app_url, "Why nonlinearity", charts=3)
    before = page.evaluate(CURVES_JS)
    assert [len(c) for c in before] == [2, 6, 3]  # collapse; linear + five activations; the open-question panel
    with rerun(page, timeout=90_000):
        page.get_by_role("button", name="New weights").click()
    assert_no_exception(page)
    # charts remount on new data: wait (generously, the machine is shared) until all are drawn again, with new curves
    page.wait_for_function(f"""before => {{ const now = ({CURVES_JS})();
        return now !== null && now.length === before.length && JSON.stringify(now) !== JSON.stringify(before); }}""",
                           arg=before, timeout=90_000)
    after = page.evaluate(CURVES_JS)
    assert [len(c) for c in after] == [len(c) for c in before] and after != before
    expect(page.locator(f"{CHARTS} path.js-line").nth(6 - 1)).to_be_attached()
    expect(page.get_by_text("Random seed 2022")).to_have_count(1)
    screenshot(page, "essay-why-nonlinearity")


def test_catalogue_filter_redraws_gallery_and_link_opens_explorer(page, app_url):
    page.set_viewport_size({"width": 1400, "height": 2600})
    goto(page, app_url, "Catalogue", charts=2)
    page.wait_for_function(f"() => ({GALLERY_TRACES_JS})() > 0")
    traces_before = page.evaluate(GALLERY_TRACES_JS)
    page.locator("[data-testid='stMultiSelect']").filter(has_text="Show only functions").click()
    with rerun(page):
        page.get_by_role("option", name="bounded", exact=True).click()
    page.keyboard.press("Escape")
    # the gallery follows the filter: fewer curves once it has redrawn (allow for a busy machine)
    page.wait_for_function(f"n => {{ const k = ({GALLERY_TRACES_JS})(); return k > 0 && k < n; }}",
                           arg=traces_before, timeout=90_000)
    assert_no_exception(page)
    screenshot(page, "essay-catalogue")
    with rerun(page):
        page.get_by_role("link", name="Open Leaky ReLU in the Explorer").click()
    page.wait_for_url("**/?fn=leaky_relu*")
    assert_no_exception(page)


def test_catalogue_row_click_opens_explorer(page, app_url):
    goto(page, app_url, "Catalogue", charts=2)
    grid = page.locator("[data-testid='stDataFrame']").first
    # the grid is drawn on a canvas; its accessible table names each cell: focus Sigmoid's, select its row
    grid.get_by_role("gridcell", name="Sigmoid", exact=True, include_hidden=True).focus()
    with rerun(page):
        page.keyboard.press("Shift+Space")
    page.wait_for_url("**/?fn=sigmoid*", timeout=15_000)
    assert_no_exception(page)
    # coming back, the old selection must not bounce the visitor to the Explorer again: once every run
    # the visit asked for has finished, the page is still the catalogue
    with rerun(page):
        page.get_by_role("link", name="Catalogue").click()
    page.get_by_role("heading", name="Catalogue of activation functions").wait_for()
    assert "/catalogue" in page.url and page.locator("[data-testid='stDataFrame']").count() >= 1
