"""The Explorer at the display edges (AppTest): the range slider shows the range actually drawn,
tick labels get room at a 1e-6-wide range and between panels of small multiples, colours stay distinct."""
from __future__ import annotations

import itertools

import pytest

from figures.style import PALETTE
from tests.app.helpers import assert_no_exception, run_app
from tests.app.test_explorer import figure, figures, groups, knobs, line
from tests.figures.colour_science import delta_e
from tests.figures.test_palette import MIN_PAIR_DE

DIGIT_PX = 6.5   # a digit of the chart's 13 px font


def shown(knob: dict) -> str:
    """The value text the live control shows beside a slider's label (JS toFixed(decimals), ends joined by –)."""
    values = knob["value"] if knob["range"] else [knob["value"]]
    return " – ".join(f"{v:.{knob['decimals']}f}" for v in values)


@pytest.mark.parametrize(("ends", "expected"), [
    (("19.999999", "20"), ("19.999999", "20.000000")),
    (("0", "0.000001"), ("0.000000", "0.000001")),
    (("-3.14159265", "3.14159265"), ("-3.14159265", "3.14159265")),
    (("-4.5", "5"), ("-4.5", "5.0")),
])
def test_range_slider_shows_the_ends_the_chart_draws(ends, expected):
    at = run_app({"fn": ["relu"], "x": list(ends)})
    assert_no_exception(at)
    slider = knobs(at)["x"]
    assert slider["value"] == [float(v) for v in ends]          # as linked, not snapped to the 0.1 step
    assert shown(slider) == " – ".join(expected)
    x, _ = line(figure(at), "relu")
    lo, hi = map(float, ends)
    assert (x[0], x[-1]) == pytest.approx((lo, hi), abs=1e-4 * (hi - lo))   # drawn in float32 where that suffices


def test_default_range_and_slope_show_the_decimals_of_their_steps():
    at = run_app({"fn": ["relu", "leaky_relu"]})
    sliders = knobs(at)
    assert shown(sliders["x"]) == "-5.0 – 5.0"                 # step 0.1
    assert shown(sliders["k"]) == "0.010"                      # step 0.001: every position reads differently


def test_a_one_millionth_range_leaves_room_for_ten_digit_tick_labels():
    at = run_app({"fn": ["relu", "leaky_relu", "softplus"], "x": ["19.999999", "20"]})
    assert_no_exception(at)
    layout = figure(at)["layout"]
    # f runs 19.999999 ... 20 in steps of 2e-7 ("19.9999992"), f' 0.999999998 ... 1 ("0.9999999985")
    assert layout["margin"]["l"] >= 10 * DIGIT_PX
    gap = layout["xaxis2"]["domain"][0] - layout["xaxis"]["domain"][1]
    assert gap * 900 >= 12 * DIGIT_PX + 16
    assert all(layout[k]["automargin"] for k in layout if k[1:5] == "axis")


def test_small_multiples_keep_clear_of_each_other_at_the_widest_range():
    at = run_app({"fn": ["relu", "tanh", "sigmoid", "elu"], "x": ["-20", "20"], "view": "Small multiples",
                  "d2": "true"})
    assert_no_exception(at)
    figs = figures(at)
    assert len(figs) == 4                                      # one chart per function
    for fig in figs:
        layout = fig["layout"]
        doms = sorted({tuple(layout[k]["domain"]) for k in layout if k.startswith("xaxis")})
        assert len(doms) == 3                                  # f | f' | f''
        plot_px = 900 - layout["margin"]["l"] - layout["margin"]["r"]
        for (_, right), (left, _) in itertools.pairwise(doms):
            # half of "20" under the left panel, a clear 16 px, then "−2" beside the right panel's axis
            assert (left - right) * plot_px >= DIGIT_PX + 16 + 2 * DIGIT_PX + 6


def test_sixteen_functions_are_drawn_in_sixteen_distinct_palette_colours():
    import activations
    keys = activations.names()[:16]
    at = run_app({"fn": keys})
    fig = figure(at)
    assert groups(fig) == list(keys)
    colours = {t["legendgroup"]: t["line"]["color"] for t in fig["data"] if t["mode"] == "lines"
               and t.get("xaxis", "x") == "x" and "fill" not in t and t["line"].get("width", 1) > 0}
    assert sorted(colours.values()) == sorted(PALETTE)
    assert all(delta_e(a, b) >= MIN_PAIR_DE for a, b in itertools.combinations(colours.values(), 2))
