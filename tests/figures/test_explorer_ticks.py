"""Room for tick labels in the Explorer's figures: the label estimates against what plotly.js drew
(read off its charts in Chromium), and layouts that hold ten-digit labels at a 1e-6-wide range."""
from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import activations
from figures import explorer as fx
from figures import ticks

DIGIT_PX = 6.5   # a digit of the chart's 13 px font, as drawn


@pytest.mark.parametrize(("lo", "hi", "length_px", "axis", "drawn"), [
    # plotly.js 3 in Chromium: f of ReLU on [19.999999, 20], a 384 px tall panel
    (19.999999 - 6e-8, 20 + 6e-8, 384, "y",
     ["19.999999", "19.9999992", "19.9999994", "19.9999996", "19.9999998", "20"]),
    # f of Sigmoid there: 0.999999998 ... 1
    (0.999999998 - 1.2e-10, 1 + 1.2e-10, 384, "y",
     ["0.999999998", "0.9999999985", "0.999999999", "0.9999999995", "1"]),
    # the default x range under a 420 px wide panel
    (-5, 5, 420, "x", ["−4", "−2", "0", "2", "4"]),
])
def test_label_estimates_match_what_plotly_drew(lo, hi, length_px, axis, drawn):
    assert ticks.labels(lo, hi, ticks.auto_count(length_px, axis)) == drawn


def test_tiny_values_count_as_a_mantissa_and_a_suffix():
    # plotly.js draws 0, 0.5n, 1n, 1.5n, 2n for Sigmoid's f' at 20
    assert max(map(len, ticks.labels(0, 2.06e-9, 10))) <= len("1.5n")


def test_nice_steps_are_one_two_or_five_times_a_power_of_ten():
    assert [ticks.nice_step(r) for r in (0.13, 0.2, 0.31, 7e-7, 3)] == pytest.approx([0.2, 0.2, 0.5, 1e-6, 5])


def curves(keys, lo, hi, second=False):
    return [fx.compute_curve(activations.get(k), {}, lo, hi, 400, "#0072B2", second) for k in keys]


NARROW = (19.999999, 20.0)
STEEP = ["relu", "leaky_relu", "softplus"]   # f near 20, f' near 1 there: ten-digit labels on both


def column_gaps(layout: dict) -> list[float]:
    doms = sorted({tuple(layout[k]["domain"]) for k in layout if k.startswith("xaxis")})
    return [b[0] - a[1] for a, b in itertools.pairwise(doms)]


def test_overlay_at_a_one_millionth_range_holds_ten_digit_labels():
    fig = fx.overlay_figure(curves(STEEP, *NARROW), *NARROW)     # validated by Plotly
    layout = fig.layout
    assert layout.margin.l >= len("19.9999992") * DIGIT_PX
    [gap] = column_gaps(fig.to_plotly_json()["layout"])
    plot_px = fx.CHART_WIDTH - layout.margin.l - layout.margin.r
    assert gap * plot_px >= len("0.9999999985") * DIGIT_PX + fx.LABEL_CLEARANCE_PX
    assert layout.xaxis.automargin and layout.yaxis.automargin and layout.yaxis2.automargin


def test_x_labels_of_a_one_millionth_range_fit_side_by_side():
    for second in (False, True):
        layout = fx.overlay_spec(curves(STEEP, *NARROW, second), *NARROW, second)["layout"]
        panel_px = (layout["xaxis"]["domain"][1] - layout["xaxis"]["domain"][0]) * fx.CHART_WIDTH
        count = layout["xaxis"]["nticks"] or ticks.auto_count(panel_px, "x")
        shown = ticks.labels(*NARROW, count)
        assert len(shown) >= 2 and len(shown) * (len("19.9999995") * DIGIT_PX + 8) <= panel_px


def test_default_overlay_keeps_its_usual_look():
    layout = fx.overlay_spec(curves(["relu", "tanh"], -5, 5), -5, 5)["layout"]
    assert layout["margin"] == dict(l=48, r=16, t=56, b=40)
    assert column_gaps(layout) == pytest.approx([0.06])
    assert layout["xaxis"]["nticks"] == 0                     # plotly.js's own tick count


def test_small_multiples_leave_a_clear_gap_at_every_corner():
    layout = fx.grid_spec(curves(["relu", "tanh", "sigmoid", "elu"], -20, 20, True), -20, 20, True)["layout"]
    gaps = column_gaps(layout)
    assert len(gaps) == 5                                      # two functions of three panels per row
    plot_px = fx.CHART_WIDTH - layout["margin"]["l"] - layout["margin"]["r"]
    # half of "20" under the left panel, a clear space, then "−2" beside the right panel's axis
    assert min(gaps) * plot_px >= DIGIT_PX + fx.LABEL_CLEARANCE_PX + 2 * DIGIT_PX + ticks.STANDOFF_PX


def test_small_multiples_with_ten_digit_labels_wrap_to_one_function_per_row():
    spec = fx.grid_spec(curves(STEEP, *NARROW, True), *NARROW, True)
    layout = spec["layout"]
    assert len(column_gaps(layout)) == 2                      # f | f' | f'' per row
    width = layout["xaxis"]["domain"][1] - layout["xaxis"]["domain"][0]
    assert width * fx.CHART_WIDTH >= fx.MIN_PANEL_PX
    assert {t["legendgroup"] for t in spec["data"]} == set(STEEP)


@settings(max_examples=40, deadline=None)
@given(lo=st.floats(-20, 20), width=st.floats(1e-6, 40), grid=st.booleans(), second=st.booleans(),
       keys=st.lists(st.sampled_from(["relu", "tanh", "sigmoid", "softplus", "gelu", "elu"]),
                     min_size=1, max_size=5, unique=True))
def test_layouts_stay_finite_and_ordered_for_any_range(lo, width, keys, grid, second):
    hi = min(20.0, lo + width)
    lo = max(-20.0, hi - width)
    assume(hi - lo >= 1e-6)  # the clamps above can round a width of 1e-6 just below it
    build = fx.grid_spec if grid else fx.overlay_spec
    layout = build(curves(keys, lo, hi, second), lo, hi, second)["layout"]
    margin = layout["margin"]
    assert all(np.isfinite(v) and 0 <= v <= 200 for v in margin.values())
    for kind in ("xaxis", "yaxis"):
        doms = sorted({tuple(layout[k]["domain"]) for k in layout if k.startswith(kind)})
        assert all(0 <= a < b <= 1 + 1e-12 for a, b in doms)
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(doms))
