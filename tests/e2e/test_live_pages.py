"""The live control on the other pages, in Chromium: the neuron's heat map and readout follow a
held thumb (composed in the browser from the core's tables, checked here against the core), the
custom page redraws while its parameter is dragged, an arrow key on the catalogue inspector
redraws at once and its facts follow the rerun, and the knobs speak Chinese. Every wait is for a
state of the page."""
from __future__ import annotations

import re

import numpy as np
from playwright.sync_api import expect

import activations
from tests.e2e.conftest import assert_no_exception, screenshot
from tests.e2e.test_explorer import IDLE
from tests.e2e.test_live_drag import thumb

F32 = float(np.finfo(np.float32).eps)
GRID = np.linspace(-3.0, 3.0, 121)
STATE = "(sel) => document.querySelector(sel).__state"

# The value text a knob of the control `sel` shows, and whether it is held.
KNOB_JS = """([sel, key]) => { const r = document.querySelector(sel), k = r.__state.knobs.get(key);
  return {shown: k.wrap.dataset.value, held: k.held, draws: Number(r.dataset.draws || 0),
          commits: r.dataset.commits || null, frame: r.querySelector('.lc-chart').dataset.frame || ''}; }"""
METRIC_JS = """(label) => [...document.querySelectorAll("[data-testid='stMetric']")]
  .filter(m => m.querySelector("[data-testid='stMetricLabel']").innerText.trim() === label)
  .map(m => m.querySelector("[data-testid='stMetricValue']").innerText.trim())[0]"""


def control_of(key: str) -> str:
    """A CSS selector for the live control that holds the knob `key` (a page may have several)."""
    return f'.live-control:has(.lc-knob[data-key="{key}"])'


def open_page(page, app_url: str, path: str) -> None:
    """Open a page by its URL and wait until its live control has drawn and the run has finished."""
    page.goto(app_url + path)
    page.wait_for_function("() => Number(document.querySelector('.live-control')?.dataset.draws || 0) > 0",
                           timeout=90_000)
    page.wait_for_selector(IDLE, state="attached", timeout=90_000)


def knob(page, sel: str, key: str) -> dict:
    return page.evaluate(KNOB_JS, [sel, key])


def hover_for_frames(page, sel: str, slider, key: str) -> tuple[float, float]:
    """Bring the pointer onto the thumb: the control asks Python for the knob's frames; wait for them."""
    x, y = thumb(slider)
    page.mouse.move(x, y - 40)
    page.mouse.move(x, y, steps=3)
    page.wait_for_function(f"([sel, key]) => ({STATE})(sel).frames.has(key)", arg=[sel, key])
    page.wait_for_selector(IDLE, state="attached")
    return x, y


def move_held(page, sel: str, key: str, x: float, y: float, step_px: float, frame: str) -> dict:
    """Move the pressed thumb by `step_px`; wait until the control redrew for the value the thumb
    now shows (`frame` is the chart's frame tag for that value, from the shown value)."""
    before = knob(page, sel, key)
    page.mouse.move(x + step_px, y)
    page.wait_for_function(
        f"""([sel, key, before, frame]) => {{ const k = ({KNOB_JS})([sel, key]);
              const want = frame.replace('{{v}}', String(Number(k.shown)));
              return k.held && k.shown !== before.shown && k.draws > before.draws && k.frame === want; }}""",
        arg=[sel, key, before, frame])
    return knob(page, sel, key)


def neuron_readout(z: float, y: float, slope: float) -> str:
    short = lambda v, d: f"{float(f'{v:.{d}g}'):g}" if abs(v) < 1e4 else f"{v:.{d}g}"   # noqa: E731
    return f"z = {short(z, 4)} · f(z) = {short(y, 4)} · f′(z) = {short(slope, 4)}"


def test_neuron_heat_map_follows_a_held_weight_and_its_release_commits(page, app_url):
    open_page(page, app_url, "/neuron")
    sel = control_of("neuron_w1")
    slider = page.get_by_role("slider", name="weight w1", exact=True)
    x, y = hover_for_frames(page, sel, slider, "neuron_w1")
    page.mouse.down()
    seen = set()
    for _ in range(4):                                         # several moves, the button held throughout
        state = move_held(page, sel, "neuron_w1", x, y, 7, "compose=0")
        x += 7
        seen.add(state["shown"])
    assert len(seen) == 4 and state["commits"] is None         # no release yet, nothing committed
    w1 = float(state["shown"])
    assert w1 > 1.5 and abs(w1 / 0.05 - round(w1 / 0.05)) < 1e-9
    drawn = page.locator(f"{sel} .lc-chart").first.evaluate("n => n._fullData[0].z.map(r => Array.from(r))")
    sigmoid = activations.get("sigmoid")
    g1, g2 = np.meshgrid(GRID, GRID)
    want = sigmoid.f(w1 * g1 - 1.0 * g2 + 0.0)                # x2's weight -1, bias 0: the defaults
    np.testing.assert_allclose(np.array(drawn, dtype=float), want, rtol=2 * F32, atol=2 * F32)
    z = w1 * 1.0 + (-1.0) * (-0.5)
    readout = page.locator(f"{sel} .lc-readout").inner_text()
    assert readout == neuron_readout(z, float(sigmoid.f(z)), float(sigmoid.df(z))), readout
    assert page.evaluate(METRIC_JS, "weighted sum z") == "2"   # the page's numbers wait for the release
    screenshot(page, "live-neuron-held")
    page.mouse.up()
    page.wait_for_function(f"(z) => ({METRIC_JS})('weighted sum z') === z", arg=f"{z:.4g}")
    page.wait_for_function(f"(sel) => Object.keys(({STATE})(sel).live).length === 0", arg=sel)
    page.wait_for_selector(IDLE, state="attached")
    assert_no_exception(page)
    assert knob(page, sel, "neuron_w1")["commits"] == "1" and float(slider.input_value()) == w1
    assert page.locator(f"{sel} .lc-readout").inner_text() == readout       # now the committed run's words


def test_custom_parameter_redraws_while_held(page, app_url):
    page.set_default_timeout(90_000)                           # the first formula starts a cold SymPy worker
    open_page(page, app_url, "/your-own?formula=x%20*%20sigmoid(b*x)")
    sel = control_of("custom_p_b")
    slider = page.get_by_role("slider", name="parameter b", exact=True)
    x, y = hover_for_frames(page, sel, slider, "custom_p_b")
    paths = "() => [...document.querySelectorAll('.live-control .lc-stage path.js-line')].map(p => p.getAttribute('d')).join('|')"
    start = page.evaluate(paths)
    page.mouse.down()
    drawn = []
    for _ in range(4):
        state = move_held(page, sel, "custom_p_b", x, y, 6, "custom_p_b={v}")
        x += 6
        drawn.append(page.evaluate(paths))
    assert state["held"] and state["commits"] is None and "custom_p_b" not in page.url
    assert len(set(drawn) - {start}) == 4, "the chart did not follow the held thumb"
    page.mouse.up()
    shown = float(state["shown"])
    page.wait_for_function(f"([sel, b]) => ({STATE})(sel).data.knobs.find(k => k.key === 'custom_p_b').value === b"
                           f" && Object.keys(({STATE})(sel).live).length === 0", arg=[sel, shown])
    page.wait_for_selector(IDLE, state="attached")
    assert knob(page, sel, "custom_p_b")["commits"] == "1"
    assert_no_exception(page)


def facts_df0(page) -> str | None:
    """The f′(0) row of the inspector's facts table (the second dataframe), read from its grid's cells."""
    return page.locator("[data-testid='stDataFrame']").nth(1).evaluate(
        """n => { const cells = [...n.querySelectorAll('td')].map(c => c.textContent.trim());   // the grid's a11y table
                  const i = cells.indexOf('f′(0)'); return i >= 0 ? cells[i + 1] : null; }""")


def test_catalogue_arrow_key_redraws_then_the_facts_follow(page, app_url):
    open_page(page, app_url, "/catalogue")
    sel = control_of("cat.leaky_relu.k")
    slider = page.get_by_role("slider", name="slope k", exact=True)
    slider.focus()                                             # focus asks for the frames
    page.wait_for_function(f"([sel, key]) => ({STATE})(sel).frames.has(key)", arg=[sel, "cat.leaky_relu.k"])
    page.wait_for_selector(IDLE, state="attached")
    page.locator("[data-testid='stDataFrame']").nth(1).scroll_into_view_if_needed()
    page.wait_for_function("() => [...document.querySelectorAll(\"[data-testid='stDataFrame']\")][1]"
                           "?.textContent.includes('0.01 (kink')")
    page.evaluate("""(sel) => { const c = document.querySelector(sel).querySelector('.lc-chart');
        window.__frames = []; new MutationObserver(() => window.__frames.push(c.dataset.frame))
          .observe(c, {attributes: true, attributeFilter: ['data-frame']}); }""", sel)
    slider.press("ArrowRight")
    page.wait_for_function("""() => [...document.querySelectorAll("[data-testid='stDataFrame']")][1]
        ?.textContent.includes('0.011 (kink')""")
    page.wait_for_function(f"(sel) => Object.keys(({STATE})(sel).live).length === 0", arg=sel)
    page.wait_for_selector(IDLE, state="attached")
    assert "cat.leaky_relu.k=0.011" in page.evaluate("window.__frames")       # redrawn from frames first
    assert slider.input_value() == "0.011"
    assert facts_df0(page).startswith("0.011 (kink: 0.011 from the left, 1 from the right)")
    f = page.locator(f"{sel} .lc-chart").evaluate("n => Array.from(n._fullData[0].y)")
    x = page.locator(f"{sel} .lc-chart").evaluate("n => Array.from(n._fullData[0].x)")
    assert f[x.index(-5)] == np.float32(-5 * 0.011)
    assert_no_exception(page)


def test_neuron_knobs_have_chinese_names(page, app_url):
    from ui.i18n import catalogue
    zh = catalogue("zh")
    open_page(page, app_url, "/neuron?lang=zh")
    names = [zh["neuron.input"].format(i=1), zh["neuron.weight"].format(i=1), zh["neuron.input"].format(i=2),
             zh["neuron.weight"].format(i=2), zh["neuron.bias"]]
    assert all(re.search("[\u4e00-\u9fff]", n) for n in names)
    for name in names:
        expect(page.get_by_role("slider", name=name, exact=True), name).to_have_count(1)
    assert page.get_by_role("slider", name="weight w1").count() == 0
    labels = page.locator(".live-control .lc-label-text").all_inner_texts()
    assert labels == names
    assert_no_exception(page)
