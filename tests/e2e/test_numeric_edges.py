"""A range 1e-6 wide far from zero, drawn in Chromium: every point distinct, the line straight and right."""
from __future__ import annotations

import numpy as np

from tests.e2e.conftest import assert_no_exception, open_app, screenshot
from tests.e2e.test_explorer import CHART, traces, wait_chart


def test_a_range_one_millionth_wide_at_twenty_is_drawn_point_by_point(page, app_url):
    open_app(page, app_url + "/?fn=relu&fn=leaky_relu&x=19.999999&x=20")
    wait_chart(page)
    assert_no_exception(page)
    assert page.locator("[data-testid='stAlert']").count() == 0     # a valid range: no notice
    drawn = traces(page, "relu")
    x, y = np.array(drawn["x"]["x"], dtype=float), np.array(drawn["x"]["y"], dtype=float)
    assert x[0] == 19.999999 and x[-1] == 20.0
    assert np.unique(x).size == x.size                                # float32 would leave about two values
    np.testing.assert_allclose(y, x, rtol=0, atol=1e-12)              # relu(x) = x here
    ticks = page.locator(f"{CHART} .xtick text").evaluate_all("els => els.map(e => e.textContent)")
    assert len(set(ticks)) == len(ticks) >= 2                         # axis labels tell the points apart
    screenshot(page, "explorer-narrow-range-at-20")
