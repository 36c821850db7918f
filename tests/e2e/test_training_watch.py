"""Training lab in Chromium, "watch it learn": the data and the network are drawn as the page opens, and
after a short training the epoch slider redraws every boundary while its thumb is held, with the
snapshot the core recorded at the epoch the thumb shows (retrained here to check). Every wait is
for a state of the page."""
from __future__ import annotations

import numpy as np
from playwright.sync_api import expect

import activations
from nets import Candidate, Comparison, HiddenActivation, TrainConfig, make_dataset
from nets.snapshots import watch
from tests.e2e.conftest import assert_no_exception, rerun, screenshot
from tests.e2e.test_live_pages import control_of, hover_for_frames, knob, move_held
from tests.e2e.test_training_pages import click_button, go_to

F32 = float(np.finfo(np.float32).eps)
EPOCHS = 50
PREVIEW = "[class*='st-key-tl_preview_{}'] .js-plotly-plot"
# Heat maps a chart of the control draws: on its live layer while a thumb is held, else on the chart.
HEAT_JS = """([sel, cell, layer]) => { const c = document.querySelectorAll(sel + ' .lc-cell')[cell];
  const n = c.querySelector(layer === 'live' ? '.lc-live' : '.lc-chart');
  return (n._fullData || []).filter(t => t.type === 'heatmap').map(t => t.z.map(r => Array.from(r))); }"""


def recorded(epoch: int) -> list[np.ndarray]:
    """The boundaries the page records at `epoch` with its default settings, recomputed here."""
    data = make_dataset("xor", 300, 0.1, 0.3, 0)
    cands = [Candidate(k, k, (HiddenActivation.of(activations.get(k)),) * 2) for k in ("tanh", "relu", "sigmoid")]
    comp = Comparison(data, cands, [16, 16], "xavier", TrainConfig(epochs=EPOCHS, lr=0.03, optimizer="adam"), [0])
    snaps = watch(comp)
    while not comp.finished:
        comp.step(1)
    return [s.outputs[s.epochs.index(epoch)][0] for s in snaps.values()]


def test_the_data_and_the_network_are_drawn_as_the_page_opens(page, app_url):
    go_to(page, app_url, "Training lab", "Training lab")
    assert_no_exception(page)
    for name in ("data", "network"):
        page.locator(PREVIEW.format(name)).wait_for()
    data = page.locator(PREVIEW.format("data")).evaluate("n => n._fullData.map(t => t.x.length)")
    assert sum(data) == 300
    nodes = page.locator(PREVIEW.format("network")).evaluate(
        "n => n._fullData.filter(t => t.mode === 'markers').map(t => t.y.length)")
    assert nodes == [2, 7, 7, 1]
    expect(page.get_by_text("hidden layer 2", exact=False).first).to_be_attached()
    screenshot(page, "training-watch-preview")


def test_dragging_the_epoch_slider_redraws_the_boundaries_while_held(page, app_url):
    go_to(page, app_url, "Training lab", "Training lab")
    epochs = page.locator("[data-testid='stSlider']", has_text="Epochs").get_by_role("slider")
    epochs.focus()
    with rerun(page):
        page.keyboard.press("Home")   # 50 epochs: one snapshot each
    click_button(page, "Train")
    page.get_by_text("Watch it learn", exact=True).wait_for(timeout=120_000)
    sel = control_of("tl_replay")
    page.wait_for_function("(sel) => Number(document.querySelector(sel)?.dataset.draws || 0) > 0", arg=sel)
    assert_no_exception(page)
    assert knob(page, sel, "tl_replay")["shown"] == str(EPOCHS)
    slider = page.get_by_role("slider", name="Epoch", exact=True)
    x, y = hover_for_frames(page, sel, slider, "tl_replay")
    start = page.evaluate(HEAT_JS, [sel, 1, "chart"])
    assert len(start) == 3
    page.mouse.down()
    seen = []
    for _ in range(3):   # the thumb moves left, the button held: each move redraws from the frames
        state = move_held(page, sel, "tl_replay", x, y, -40, "tl_replay={v}")
        x -= 40
        seen.append(int(state["shown"]))
        drawn = page.evaluate(HEAT_JS, [sel, 1, "live"])
        assert len(drawn) == 3 and any(not np.allclose(a, b) for a, b in zip(drawn, start))
    assert state["held"] and state["commits"] is None and seen == sorted(seen, reverse=True) and seen[-1] < EPOCHS
    for got, want in zip(drawn, recorded(seen[-1])):   # the core's snapshot at the epoch the thumb shows
        np.testing.assert_allclose(np.array(got, dtype=float), want, rtol=4 * F32, atol=4 * F32)
    screenshot(page, "training-watch-held")
    page.mouse.up()
    page.wait_for_function("([sel, v]) => { const st = document.querySelector(sel).__state;"
                           " return Object.keys(st.live).length === 0"
                           " && st.data.knobs[0].value === v; }", arg=[sel, seen[-1]])
    assert_no_exception(page)
    committed = page.evaluate(HEAT_JS, [sel, 1, "chart"])
    for got, want in zip(committed, drawn):
        np.testing.assert_array_equal(np.array(got), np.array(want))
