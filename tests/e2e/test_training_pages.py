"""The Training lab and Depth pages in Chromium: they load, train, draw, stop and keep results.

The first test reaches its page from the app's navigation, as a user does, and goes back and forth by it;
the others open theirs by deep link (deep links on a fresh server: test_fresh_server.py).
"""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import numpy as np
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import (
    assert_no_exception,
    open_app,
    open_expander,
    rerun,
    screenshot,
    screenshots_wanted,
    wait_idle,
)

CHARTS = "[data-testid='stPlotlyChart']"
LIVE = "[class*='st-key-tl_live_'] .js-plotly-plot"   # the charts drawn while training


PATHS = {"Training lab": "training", "Depth": "depth"}


def go_to(page, app_url: str, title: str, heading: str, *, by_link: bool = False) -> None:
    """Open the page titled `title`: by its deep link, or `by_link` from the Explorer's navigation, as a
    user does (that costs an Explorer load first, so only the tests of navigation do it)."""
    if by_link:
        open_app(page, app_url)
        page.get_by_role("link", name=title).click()
    else:
        open_app(page, f"{app_url}/{PATHS[title]}")
    page.locator("h1", has_text=heading).wait_for()
    wait_idle(page, timeout=60_000)


def click_button(page, label: str) -> None:
    page.get_by_role("button", name=label, exact=True).click()


def train_to_results(page, charts: int, button: str = "Train", heading: str = "Results") -> None:
    """Press Train and wait for the results of a short run, up to its `charts`-th figure."""
    click_button(page, button)
    # no wait for the progress bar: 300 epochs can finish before it is ever seen (a race, not a check)
    page.get_by_text(heading, exact=True).wait_for(timeout=120_000)
    wait_idle(page, timeout=120_000)
    # a busy browser may still be mounting figures the finished run sent
    page.locator(CHARTS).nth(charts - 1).wait_for(state="attached", timeout=60_000)
    assert_no_exception(page)


def press(page, slider: str, key: str, times: int = 1) -> None:
    """Move the slider whose label starts with `slider` by keyboard, one committed step at a time."""
    thumb = page.locator("[data-testid='stSlider']", has_text=slider).get_by_role("slider")
    for _ in range(times):
        thumb.focus()
        with rerun(page):
            page.keyboard.press(key)


def tall_screenshot(page, name: str) -> None:
    """The app scrolls inside its main block, so a full-page shot needs a tall window."""
    if not screenshots_wanted():
        return  # the resize redraws every chart twice: not worth it for a shot nobody looks at
    page.set_viewport_size({"width": 1400, "height": 3200})
    # the resized layout is painted once two animation frames have passed (a state, not a clock)
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    screenshot(page, name)
    page.set_viewport_size({"width": 1400, "height": 1000})


def test_training_lab_trains_and_shows_its_figures(page, app_url):
    go_to(page, app_url, "Training lab", "Training lab", by_link=True)
    assert_no_exception(page)
    screenshot(page, "training-lab-settings")
    train_to_results(page, 2 + 7)
    # the data and network previews, loss curves, and one decision boundary and one confusion matrix
    # (in a closed expander) per activation
    expect(page.locator(CHARTS)).to_have_count(2 + 7)
    page.locator("[data-testid='stDataFrame']").first.wait_for()  # its grid script loads lazily on a fresh server
    assert page.locator("[data-testid='stDataFrame']").count() == 2  # the results and the run history
    assert page.locator("[data-testid='stProgress']").count() == 0
    tall_screenshot(page, "training-lab-results")

    # Results survive a trip to another page and back.
    page.get_by_role("link", name="Depth").click()
    page.locator("h1", has_text="Depth").wait_for()
    wait_idle(page, timeout=60_000)
    page.get_by_role("link", name="Training lab").click()
    page.get_by_text("Results", exact=True).wait_for()
    wait_idle(page)
    expect(page.locator(CHARTS)).to_have_count(2 + 7)
    assert_no_exception(page)


def test_stop_keeps_partial_results(page, app_url):
    go_to(page, app_url, "Training lab", "Training lab")
    # 20 seeds × 2,000 epochs of the default network: 130× the default run's epochs, so the Stop below
    # cannot race its end, while each epoch stays cheap and the first live frame comes at once
    press(page, "Seeds", "End")
    press(page, "Epochs", "End")
    click_button(page, "Train")
    page.wait_for_selector("[data-testid='stProgress']", timeout=30_000)
    # the first live figure comes after the first epochs of this large run: slow on a busy machine
    page.locator(LIVE).first.wait_for(state="attached", timeout=120_000)  # live loss and boundaries while training runs
    before = page.locator("[data-testid='stProgress']").inner_text()
    page.wait_for_function(  # the bar moves: its text changes while the run goes on
        "before => { const bar = document.querySelector(\"[data-testid='stProgress']\");"
        " return bar !== null && bar.innerText !== before; }", arg=before, timeout=60_000)
    tall_screenshot(page, "training-lab-live")
    click_button(page, "Stop")
    page.get_by_text("Training was stopped after").wait_for(timeout=60_000)
    wait_idle(page, timeout=60_000)
    # a busy browser may still be mounting the figures the stopped run sent
    page.locator(CHARTS).nth(2 + 7 - 1).wait_for(state="attached", timeout=60_000)
    assert_no_exception(page)
    expect(page.locator(CHARTS)).to_have_count(2 + 7)
    assert page.locator("[data-testid='stProgress']").count() == 0
    assert page.get_by_text("Run history").count() == 0  # a stopped run is not kept
    tall_screenshot(page, "training-lab-stopped")


@pytest.mark.still
def test_tied_networks_are_not_ordered_and_runs_are_kept(page, app_url):
    """XOR, 200 points, 100 epochs, 3 seeds: tanh, ReLU and sigmoid score within seed noise of each other."""
    go_to(page, app_url, "Training lab", "Training lab")
    press(page, "Points", "ArrowLeft", 2)  # 300 → 200
    press(page, "Epochs", "ArrowLeft", 2)  # 300 → 100
    press(page, "Seeds", "ArrowRight", 2)  # 1 → 3
    page.locator("[data-testid='stSlider']", has_text="Seeds").get_by_text("3", exact=True).wait_for()
    train_to_results(page, 2 + 7)
    verdict = page.get_by_text("No measurable difference between")
    assert verdict.inner_text() == "No measurable difference between Tanh, ReLU and Sigmoid: they share rank 1."
    titles = page.locator(CHARTS).locator(".gtitle").all_text_contents()
    assert sum("tied at rank 1" in title for title in titles) == 3
    assert not any("#" in title for title in titles)
    expect(page.get_by_text("paired t-test", exact=False).first).to_be_attached()

    # the run is kept: a history table and its CSV, one line per network with its per-seed scores
    page.get_by_text("Run history", exact=True).wait_for()
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="Download the runs (CSV)").click()
    lines = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text())))
    assert sorted(line["key"] for line in lines) == ["relu", "sigmoid", "tanh"]
    assert {line["rank"] for line in lines} == {"1"} and {line["n_seeds"] for line in lines} == {"3"}
    assert all(len(line["seed_scores"].split()) == 3 for line in lines)
    tall_screenshot(page, "training-lab-tie")


def test_depth_page_draws_the_stack(page, app_url):
    go_to(page, app_url, "Depth", "Depth")
    page.locator(CHARTS).nth(4).wait_for(timeout=60_000)
    assert_no_exception(page)
    expect(page.locator(CHARTS)).to_have_count(5)
    expect(page.locator("[data-testid='stMetric']")).to_have_count(3)
    tall_screenshot(page, "depth-page")


def choose(page, label: str, option: str) -> None:
    page.locator("[data-testid='stSelectbox']", has_text=label).click()
    with rerun(page):
        page.get_by_role("option", name=option, exact=True).click()


@pytest.mark.still
def test_uploaded_csv_trains_and_the_network_exports(page, app_url, tmp_path):
    go_to(page, app_url, "Training lab", "Training lab")
    choose(page, "Dataset", "Upload a CSV…")
    uploader = page.locator("[data-testid='stFileUploaderDropzoneInput']")

    bad = tmp_path / "bad.csv"
    bad.write_text("x1,x2,label\n" + "1,2,0\n" * 5 + "1,oops,1\n" * 5)
    uploader.set_input_files(str(bad))
    page.get_by_text("is not a number").wait_for()
    wait_idle(page)
    assert page.get_by_role("button", name="Train", exact=True).is_disabled()
    assert_no_exception(page)
    screenshot(page, "training-lab-bad-csv")

    rng = np.random.default_rng(0)
    pts = rng.uniform(-5, 5, (120, 2))
    good = tmp_path / "ring.csv"
    good.write_text("x1,x2,label\n" + "".join(f"{x:.4f},{y:.4f},{int(x * x + y * y < 9)}\n" for x, y in pts))
    uploader.set_input_files(str(good))  # a single-file uploader replaces the bad file
    page.get_by_text("is not a number").wait_for(state="detached")
    wait_idle(page)
    train_to_results(page, 2 + 7)
    expect(page.locator(CHARTS)).to_have_count(2 + 7)
    # the results' settings line names the file (the run history's grid may list it too, once it loads)
    expect(page.locator("[data-testid='stCaptionContainer']", has_text="ring.csv,")).to_have_count(1)

    torch_code = open_expander(page, "Export a trained network").get_by_role("button", name="PyTorch code")
    expect(torch_code).to_be_enabled(timeout=60_000)
    with page.expect_download(timeout=90_000) as info:
        torch_code.click()
    code = Path(info.value.path()).read_text()
    compile(code, "exported.py", "exec")
    assert "class Net(torch.nn.Module)" in code and "torch.sigmoid(x)" in code
    weights = page.get_by_role("button", name="Weights as JSON")
    expect(weights).to_be_enabled(timeout=60_000)
    with page.expect_download(timeout=90_000) as info:
        weights.click()
    doc = json.loads(Path(info.value.path()).read_text())
    assert doc["sizes"] == [2, 16, 16, 1]
    tall_screenshot(page, "training-lab-uploaded")


@pytest.mark.still
def test_training_lab_and_depth_in_chinese(page, app_url):
    """?lang=zh: Chinese headings, controls, results and figure titles; the language survives a training run.

    Opened by deep link: a click in the navigation currently drops the language (reported to the lead).
    """
    open_app(page, app_url + "/training?lang=zh")
    page.locator("h1", has_text="训练实验室").wait_for()
    wait_idle(page, timeout=60_000)
    assert_no_exception(page)
    page.get_by_text("要比较的激活函数", exact=True).wait_for()
    assert page.get_by_text("Training lab").count() == 0
    train_to_results(page, 2 + 7, button="训练", heading="结果")
    expect(page.locator(CHARTS)).to_have_count(2 + 7)
    expect(page.locator("[class*='st-key-tl_curves']").get_by_text("每轮的损失")).to_have_count(1)  # the loss figure's title
    expect(page.get_by_text("每轮").nth(3 - 1)).to_be_attached()  # one caption per network: "… · 每轮 x 毫秒"
    tall_screenshot(page, "training-zh")

    open_app(page, app_url + "/depth?lang=zh")
    page.locator("h1", has_text="深度：信号与梯度").wait_for()
    wait_idle(page, timeout=60_000)
    assert_no_exception(page)
    page.get_by_text("怎么看这些图").wait_for()
    expect(page.get_by_text("每层权重梯度的范数")).to_have_count(1)
    screenshot(page, "depth-zh")
