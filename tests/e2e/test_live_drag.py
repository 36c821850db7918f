"""The Explorer's live control in Chromium: the chart follows a thumb while the mouse button is
still held, draws the core's numbers for the value the thumb shows, and commits on release or on
an arrow key (URL, formula card, exported code). Every wait is for a state of the page."""
from __future__ import annotations

import re

import numpy as np
import pytest
from playwright.sync_api import expect

import activations
from tests.e2e.conftest import assert_no_exception, screenshot
from tests.e2e.test_explorer import CHART, CONTROL, IDLE, shown_value, traces, wait_settled

LEAKY = activations.get("leaky_relu")
K_LABEL = "Leaky ReLU slope k"
F32 = float(np.finfo(np.float32).eps)
THUMB_PX = 12          # the control's thumb (0.75rem); it travels inside the <input type=range>

# Does the first chart show the frame of `key` at the value its slider shows? ("k=0.206" / "0.206")
FRAME_SHOWN_JS = """(key) => { const r = document.querySelector('.live-control');
  const chart = r.querySelector('.lc-chart'), knob = r.querySelector(`.lc-knob[data-key="${key}"]`);
  const m = /^[^=]+=(.*)$/.exec(chart.dataset.frame || '');
  return !!m && Number(m[1]) === Number(knob.dataset.value); }"""
# The drawn geometry of every line of the control, base chart and live layer ('' where empty).
PATHS_JS = """() => [...document.querySelectorAll('.live-control .lc-stage path.js-line')]
  .map(p => p.getAttribute('d') || '').join('|')"""
# What every Plotly chart inside the control holds: trace name, axis, x and y (NaN kept), and
# whether the trace's SVG group is hidden.
DRAWN_JS = """() => [...document.querySelectorAll('.live-control .js-plotly-plot')].map(n => ({
  layer: n.classList.contains('lc-live') ? 'live' : 'base', shown: getComputedStyle(n).display !== 'none',
  traces: (n._fullData || []).map(t => { const g = n.querySelector(`g.trace${t.uid}`);
    return {name: t.name, xaxis: t.xaxis, x: Array.from(t.x || []), y: Array.from(t.y || []),
            hidden: !!g && getComputedStyle(g).visibility === 'hidden'}; })}))"""
HIDDEN_JS = """() => [...document.querySelectorAll('.live-control .lc-chart g.trace')]
  .filter(g => getComputedStyle(g).visibility === 'hidden').length"""


def open_explorer(page, url: str) -> None:
    """Open a page and wait for its chart, then for the run that drew it to finish."""
    page.goto(url)
    page.wait_for_function("(sel) => Number(document.querySelector(sel)?.dataset.draws || 0) > 0", arg=CONTROL)
    page.wait_for_selector(IDLE, state="attached")


def show_numpy_code(page) -> None:
    """Choose the export's NumPy tab (its code is built only then) and wait for its code."""
    page.get_by_role("tab", name="NumPy", exact=True).click()
    page.locator("[data-testid='stCode']").filter(has_text="import numpy").wait_for(state="attached")
    page.wait_for_selector(IDLE, state="attached")


def thumb(slider) -> tuple[float, float]:
    """The page coordinates of a range input's thumb centre."""
    slider.scroll_into_view_if_needed()
    box = slider.bounding_box()
    v, lo, hi = slider.evaluate("e => [Number(e.value), Number(e.min), Number(e.max)]")
    return box["x"] + THUMB_PX / 2 + (v - lo) / (hi - lo) * (box["width"] - THUMB_PX), box["y"] + box["height"] / 2


def hover_for_frames(page, slider, key: str) -> tuple[float, float]:
    """Bring the pointer onto the thumb: the control asks Python for the knob's frames; wait for them."""
    x, y = thumb(slider)
    page.mouse.move(x, y - 40)
    page.mouse.move(x, y, steps=3)
    page.wait_for_function("(key) => document.querySelector('.live-control').__state.frames.has(key)", arg=key)
    page.wait_for_selector(IDLE, state="attached")
    return x, y


def held(page, key: str) -> bool:
    return page.evaluate("(key) => document.querySelector('.live-control').__state.knobs.get(key).held", key)


def drag_steps(page, x: float, y: float, key: str, moves: int, step_px: float) -> tuple[float, list[str]]:
    """Move a pressed thumb by `step_px` `moves` times; after each move wait until the chart shows the
    frame of the value the thumb shows. Returns the pointer's x and the drawn geometry after each move."""
    seen = []
    for _ in range(moves):
        before = page.evaluate(f"() => document.querySelector({CONTROL!r}).dataset.draws")
        x += step_px
        page.mouse.move(x, y)
        page.wait_for_function(f"""([key, before]) => ({FRAME_SHOWN_JS})(key)
            && document.querySelector({CONTROL!r}).dataset.draws !== before""", arg=[key, before])
        seen.append(page.evaluate(PATHS_JS))
    return x, seen


def assert_core(y, want) -> None:
    np.testing.assert_allclose(y, want, rtol=2 * F32, atol=1e-30)


def assert_committed_leaky(page, k: float) -> None:
    """The base chart holds the rerun's figure: Leaky ReLU's f and f' at k on the page's 1000 points."""
    drawn = traces(page, "leaky_relu")
    for axis, fn in (("x", LEAKY.f), ("x2", LEAKY.df)):
        x, y = (np.array(drawn[axis][c], dtype=float) for c in ("x", "y"))
        away = np.isfinite(x) & (x != 0)
        assert away.sum() >= 999
        assert_core(y[away], fn(x[away], k=k))


def drawn_traces(page, layer: str, name: str) -> dict[tuple[str, str], dict]:
    """One function's traces on one layer ('live' or 'base'), by x axis and kind (lines, markers)."""
    [chart] = [c for c in page.evaluate(DRAWN_JS) if c["layer"] == layer]
    out = {}
    for t in chart["traces"]:
        if t["name"] == name or t["name"] == f"{name} one-sided values":
            out[(t["xaxis"], "markers" if "one-sided" in t["name"] else "lines")] = {
                "x": np.array(t["x"], dtype=float), "y": np.array(t["y"], dtype=float), "hidden": t["hidden"]}
    return out


def test_a_held_drag_redraws_the_core_values_and_its_release_commits(page, app_url):
    open_explorer(page, app_url + "/?fn=relu&fn=leaky_relu")
    show_numpy_code(page)
    slider = page.get_by_role("slider", name=K_LABEL, exact=True)
    x, y = hover_for_frames(page, slider, "k")
    start = page.evaluate(PATHS_JS)
    page.mouse.down()
    # (a) many small moves, button held: the chart follows every one, and nothing is committed
    x, seen = drag_steps(page, x, y, "k", moves=8, step_px=4)
    assert len(set(seen) - {start}) >= 6, "the chart did not follow the held thumb"
    assert held(page, "k")
    assert page.locator(CONTROL).get_attribute("data-commits") is None            # no release yet
    assert "k=" not in page.url
    # (b) paused, still held: what is drawn is the core's f and f' at the value the thumb shows
    shown = shown_value(page, "k")
    assert float(slider.input_value()) == float(shown) > 0.02
    k = float(shown)
    layers = {c["layer"]: c for c in page.evaluate(DRAWN_JS)}
    assert layers["live"]["shown"]                              # the moving traces' layer, over the chart
    live = drawn_traces(page, "live", "Leaky ReLU")
    base = drawn_traces(page, "base", "Leaky ReLU")             # hidden there: nothing stale shows
    assert set(live) == {("x", "lines"), ("x2", "lines"), ("x2", "markers")}
    assert all(base[key]["hidden"] for key in live)
    assert not any(t["hidden"] for t in drawn_traces(page, "base", "ReLU").values())
    f, df, marks = live[("x", "lines")], live[("x2", "lines")], live[("x2", "markers")]
    assert f["x"].size > 100 and np.nanmin(f["x"]) == -5 and np.nanmax(f["x"]) == 5
    away = np.isfinite(f["x"]) & (f["x"] != 0)                  # x = 0 holds one-sided values
    assert_core(f["y"][away], LEAKY.f(f["x"][away], k=k))
    away = np.isfinite(df["x"]) & (df["x"] != 0)
    assert_core(df["y"][away], LEAKY.df(df["x"][away], k=k))
    assert df["y"][df["x"] == 0].tolist() == pytest.approx([k, 1.0], rel=2 * F32)   # f' from the left, right
    assert marks["x"].tolist() == [0, 0] and sorted(marks["y"]) == pytest.approx([k, 1.0], rel=2 * F32)
    screenshot(page, "live-drag-held")
    # (c) release: one commit; the URL, the formula card and the exported code take the shown value
    page.mouse.up()
    page.wait_for_function("(k) => Number(new URLSearchParams(location.search).get('k')) === k", arg=k)
    code = f"def leaky_relu(x, k={k:g}):"
    page.locator("[data-testid='stCode']").filter(has_text=code).first.wait_for(state="attached")
    wait_settled(page)
    assert_no_exception(page)
    assert page.locator(CONTROL).get_attribute("data-commits") == "1"
    assert not held(page, "k") and shown_value(page, "k") == shown
    tex = page.locator("annotation[encoding='application/x-tex']").evaluate_all("ns => ns.map(n => n.textContent)")
    assert f"k = {k:g}" in tex                                  # the formula card's parameter line
    assert_committed_leaky(page, k)
    assert page.locator(f"{CONTROL} .lc-live").evaluate("n => getComputedStyle(n).display") == "none"
    assert page.evaluate(HIDDEN_JS) == 0                        # the base chart's traces show again


def test_an_arrow_key_redraws_at_once_and_commits_the_next_step(page, app_url):
    open_explorer(page, app_url + "/?fn=relu&fn=leaky_relu")
    show_numpy_code(page)
    slider = page.get_by_role("slider", name=K_LABEL, exact=True)
    slider.focus()                                              # focus asks for the frames too
    page.wait_for_function("() => document.querySelector('.live-control').__state.frames.has('k')")
    page.wait_for_selector(IDLE, state="attached")
    # note every frame the chart shows, with the URL at that moment
    page.evaluate(f"""() => {{ const c = document.querySelector({CHART!r}); window.__frames = [];
        new MutationObserver(() => window.__frames.push([c.dataset.frame, location.search]))
          .observe(c, {{attributes: true, attributeFilter: ['data-frame']}}); }}""")
    before = page.evaluate(PATHS_JS)
    slider.press("ArrowRight")
    page.wait_for_function("() => new URLSearchParams(location.search).get('k') === '0.011'")
    page.locator("[data-testid='stCode']").filter(has_text="def leaky_relu(x, k=0.011):").first.wait_for(
        state="attached")
    wait_settled(page)
    frames = page.evaluate("window.__frames")
    # drawn from the browser's frames before the commit's rerun came back (the URL still without k)
    assert any(f == "k=0.011" and "k=" not in search for f, search in frames), frames
    assert page.evaluate(PATHS_JS) != before
    assert slider.input_value() == "0.011" and shown_value(page, "k") == "0.011"
    assert_committed_leaky(page, 0.011)


def test_in_chinese_the_slider_has_its_chinese_name_and_a_drag_still_redraws(page, app_url):
    from ui import i18n
    zh = i18n.catalogue("zh")
    open_explorer(page, app_url + "/?lang=zh&fn=relu&fn=leaky_relu")
    label = f"{zh['activations.leaky_relu.label']} {zh['activations.leaky_relu.param_k_label']}"
    slider = page.get_by_role("slider", name=label, exact=True)
    assert slider.count() == 1 and page.get_by_role("slider", name=K_LABEL).count() == 0
    for end in ("range_from", "range_to"):                      # the input range's two thumbs
        name = f"{zh['explorer.sidebar.x_range']} ({zh['explorer.' + end]})"
        expect(page.get_by_role("slider", name=name, exact=True)).to_have_count(1)
    x, y = hover_for_frames(page, slider, "k")
    start = page.evaluate(PATHS_JS)
    page.mouse.down()
    _, seen = drag_steps(page, x, y, "k", moves=4, step_px=5)
    assert len(set(seen) - {start}) >= 3 and held(page, "k")
    page.mouse.up()
    shown = float(shown_value(page, "k"))
    page.wait_for_function("(k) => Number(new URLSearchParams(location.search).get('k')) === k", arg=shown)
    wait_settled(page)
    assert_no_exception(page)


def x_range_shown(page) -> list[float]:
    return [float(v) for v in re.split(r"\s+–\s+", shown_value(page, "x"))]


def test_dragging_the_lower_end_of_the_input_range_moves_the_x_axis_before_release(page, app_url):
    open_explorer(page, app_url + "/?fn=relu&fn=leaky_relu")
    lower = page.get_by_role("slider", name="Input range x (from)", exact=True)
    x, y = hover_for_frames(page, lower, "x")
    page.mouse.down()
    los = []
    for _ in range(4):
        x += 6                                                  # about a unit of the 40-wide track
        page.mouse.move(x, y)
        # the axis range follows the shown range at once, from the dense frames sliced in the browser
        page.wait_for_function(f"""() => {{ const r = document.querySelector({CONTROL!r});
            const shown = r.querySelector('.lc-knob[data-key="x"]').dataset.value.split(' – ').map(Number);
            const c = r.querySelector('.lc-chart'), a = c._fullLayout.xaxis.range, b = c._fullLayout.xaxis2.range;
            return c.dataset.frame === `x=${{shown[0]}},${{shown[1]}}` && a[0] === shown[0] && a[1] === shown[1]
              && b[0] === shown[0] && b[1] === shown[1]; }}""")
        lo, hi = x_range_shown(page)
        assert hi == 5 and (not los or lo > los[-1])
        los.append(lo)
        relu = traces(page, "relu")["x"]                         # dense over the widest range
        xs = np.array(relu["x"], dtype=float)
        assert np.nanmin(xs) == -20 and np.nanmax(xs) == 20 and xs.size >= 2001   # every 0.02 at least
        assert_core(np.array(relu["y"], dtype=float), np.maximum(xs, 0))
        # y fitted to what lies between the thumbs (relu and leaky up to 5), not to the dense traces' 20
        y_lo, y_hi = page.locator(CHART).evaluate("n => n._fullLayout.yaxis.range")
        assert y_lo < min(0.0, 0.01 * lo) and 5 < y_hi < 6
    assert los[0] > -5 and held(page, "x") and "x=" not in page.url
    screenshot(page, "live-drag-x-range")
    page.mouse.up()
    lo = los[-1]
    page.wait_for_function("(lo) => { const x = new URLSearchParams(location.search).getAll('x');"
                           " return x.length === 2 && Number(x[0]) === lo && Number(x[1]) === 5; }", arg=lo)
    wait_settled(page)
    assert page.locator(CHART).evaluate("n => n._fullLayout.xaxis.range") == [lo, 5]
    assert np.nanmin(np.array(traces(page, "relu")["x"]["x"], dtype=float)) == pytest.approx(lo, abs=1e-6)
