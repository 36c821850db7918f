"""The Training lab's sweep in Chromium: a long sweep runs in worker processes, Stop keeps its partial heat map."""
from __future__ import annotations

import re
import time
from pathlib import Path

from playwright.sync_api import expect

from tests.e2e.conftest import ROOT, assert_no_exception, open_app, rerun, wait_idle
from tests.e2e.test_training_pages import CHARTS, click_button, go_to, tall_screenshot

PROGRESS = "[data-testid='stProgress']"
SWEEP = f"[class*='st-key-tl_sweep_'] {CHARTS}"   # the sweep's heat map (the data and network previews come first)


def sweep_workers() -> list[int]:
    """Worker processes of a server run from this checkout (their working directory is its root)."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            if (b"nets.workers import serve" in (proc / "cmdline").read_bytes()
                    and Path(proc / "cwd").resolve() == ROOT):
                found.append(int(proc.name))
        except (OSError, ValueError):
            continue  # gone meanwhile, or not ours to read
    return found


def wait_until(check, timeout: float = 60) -> None:
    """Poll a state outside the page (processes), up to `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "the state was not reached in time"
        time.sleep(0.2)


def set_number(page, label: str, value: int) -> None:
    box = page.get_by_label(label)
    box.fill(str(value))
    with rerun(page):
        box.press("Enter")


def heat_map_cells(page) -> tuple[int, int]:
    """(cells drawn, cells empty) on the sweep's heat map: the last chart on the page."""
    return page.evaluate("""() => {
        const plots = document.querySelectorAll('.js-plotly-plot');
        const data = plots[plots.length - 1]._fullData;
        let drawn = 0, empty = 0;
        for (let i = 0; i < data[0].z.length; i++)
            for (let j = 0; j < data[0].z[i].length; j++)
                (data[0].z[i][j] != null || data[1].z[i][j] != null) ? drawn++ : empty++;
        return [drawn, empty];
    }""")


def test_stop_keeps_the_partial_heat_map_and_the_workers_go(page, app_url):
    go_to(page, app_url, "Training lab", "Training lab")
    epochs = page.locator("[data-testid='stSlider']", has_text="Epochs").get_by_role("slider")
    epochs.focus()
    page.keyboard.press("End")  # 2,000 epochs × 20 seeds × 3 × 5 cells: minutes of work, so Stop lands mid-way
    wait_idle(page)
    set_number(page, "Seeds per cell", 20)
    page.get_by_text("15 cells × 20 seeds = 300 training runs").wait_for()
    click_button(page, "Run sweep")
    page.wait_for_selector(PROGRESS, timeout=30_000)
    wait_until(lambda: len(sweep_workers()) == 2)  # both cores
    page.locator(PROGRESS, has_text=re.compile(r"Sweeping… [1-9]\d* of 300")).wait_for(timeout=180_000)
    page.locator(SWEEP).first.wait_for()  # the heat map fills in while it runs
    tall_screenshot(page, "training-sweep-live")

    click_button(page, "Stop sweep")
    page.get_by_text(re.compile(r"The sweep was stopped after \d+ of 300 training runs")).wait_for(timeout=60_000)
    wait_idle(page, timeout=60_000)
    assert_no_exception(page)
    assert page.locator(PROGRESS).count() == 0
    drawn, empty = heat_map_cells(page)
    assert drawn >= 1 and empty >= 1 and drawn + empty == 15
    wait_until(lambda: not sweep_workers())  # no process left behind
    tall_screenshot(page, "training-sweep-stopped")

    # The page still works: a short sweep runs to the end and replaces the partial one.
    epochs.focus()
    page.keyboard.press("Home")  # 50 epochs
    wait_idle(page)
    set_number(page, "Seeds per cell", 1)
    click_button(page, "Run sweep")
    page.get_by_text("The sweep was stopped after").wait_for(state="detached", timeout=120_000)
    wait_idle(page, timeout=120_000)
    assert_no_exception(page)
    assert heat_map_cells(page) == [15, 0]
    expect(page.locator(SWEEP)).to_have_count(1)


def test_the_sweep_section_in_chinese(page, app_url):
    open_app(page, app_url + "/training?lang=zh")
    page.locator("h1", has_text="训练实验室").wait_for()
    wait_idle(page, timeout=60_000)
    page.get_by_text("扫描：激活函数 × 学习率").wait_for()
    set_number(page, "每格随机种子数", 1)
    click_button(page, "开始扫描")
    page.locator(SWEEP).first.wait_for(timeout=120_000)
    wait_idle(page, timeout=120_000)
    assert_no_exception(page)
    expect(page.locator(SWEEP).first.get_by_text("各激活函数与学习率的最终测试集准确率")).to_have_count(1)
    assert heat_map_cells(page) == [15, 0]
    tall_screenshot(page, "training-sweep-zh")
