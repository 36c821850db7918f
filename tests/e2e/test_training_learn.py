"""The Training lab in Chromium: a leaky slope learned per unit, its trajectory, and the link that
opens the Explorer on the learned curve."""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_exception, open_expander, rerun, wait_idle
from tests.e2e.test_explorer import slope_value, traces, wait_chart, y_at
from tests.e2e.test_training_pages import CHARTS, click_button, go_to, press, tall_screenshot


@pytest.mark.still
def test_a_learned_leaky_slope_is_charted_and_opens_in_the_explorer(page, app_url):
    go_to(page, app_url, "Training lab", "Training lab")
    page.locator("[data-testid='stMultiSelect']").filter(has_text="Activations (2 to 6)").click()
    with rerun(page):
        page.get_by_role("option", name="Leaky ReLU", exact=True).click()
    page.keyboard.press("Escape")
    choice = open_expander(page, "Learn the activation parameters").get_by_text("learned, one per unit", exact=True)
    expect(choice).to_be_visible()
    with rerun(page):
        choice.click()
    press(page, "Epochs", "ArrowLeft", 2)  # 300 → 100
    click_button(page, "Train")
    page.get_by_text("Learned parameters", exact=True).wait_for(timeout=120_000)
    wait_idle(page, timeout=120_000)
    assert_no_exception(page)
    titles = page.locator(CHARTS).locator(".gtitle").all_text_contents()
    assert "Learned activation parameters" in titles
    names = page.locator(CHARTS).evaluate_all(
        "charts => charts.flatMap(c => (c.querySelector('.js-plotly-plot')?._fullData || []).map(t => t.name))")
    assert "Leaky ReLU · learns k per unit · k, layer 1 · mean of the units" in names
    tall_screenshot(page, "training-lab-learned-slope")

    link = page.get_by_role("link", name=re.compile(r"^Leaky ReLU, layer 1: k = [0-9.]+ \(the mean of 16 units\)$"))
    k = float(link.inner_text().split("k = ")[1].split(" ")[0])
    assert 0.001 <= k <= 0.999 and k != 0.01  # inside the bounds, and not where it started
    assert parse_qs(urlparse(link.get_attribute("href")).query) == {"fn": ["leaky_relu"], "k": [f"{k:g}"]}
    link.click()
    page.wait_for_url(re.compile(r"fn=leaky_relu&k="))
    page.locator("h1", has_text="Activation explorer").wait_for()
    wait_chart(page)
    wait_idle(page)
    assert_no_exception(page)
    assert float(slope_value(page)) == k
    leaky = traces(page, "leaky_relu")
    assert y_at(leaky["x"], -4) == pytest.approx(-4 * k, rel=1e-3)  # the learned curve is the one drawn
