"""Every pair of palette colours tells apart, and every colour stands out on both themes' backgrounds."""
from __future__ import annotations

import itertools

import pytest

from figures.style import DARK_BACKGROUND, LIGHT_BACKGROUND, PALETTE, colours_for
from tests.figures.colour_science import ciede2000, contrast, delta_e, lab

MIN_PAIR_DE = 18.0        # CIEDE2000; ~2 reads as "just noticeable", lines need far more
MIN_BACKGROUND_DE = 25.0

# Sharma, Wu & Dalal (2005), table 1: L1 a1 b1, L2 a2 b2, published ΔE00.
SHARMA = [
    (50.0, 2.6772, -79.7751, 50.0, 0.0, -82.7485, 2.0425),
    (50.0, 3.1571, -77.2803, 50.0, 0.0, -82.7485, 2.8615),
    (50.0, 2.8361, -74.0200, 50.0, 0.0, -82.7485, 3.4412),
    (50.0, -1.3802, -84.2814, 50.0, 0.0, -82.7485, 1.0000),
    (50.0, -1.1848, -84.8006, 50.0, 0.0, -82.7485, 1.0000),
    (50.0, -0.9009, -85.5211, 50.0, 0.0, -82.7485, 1.0000),
    (50.0, 0.0, 0.0, 50.0, -1.0, 2.0, 2.3669),
    (50.0, -1.0, 2.0, 50.0, 0.0, 0.0, 2.3669),
    (50.0, 2.49, -0.001, 50.0, -2.49, 0.0009, 7.1792),
    (50.0, 2.49, -0.001, 50.0, -2.49, 0.0010, 7.1792),
    (50.0, 2.49, -0.001, 50.0, -2.49, 0.0011, 7.2195),
    (50.0, 2.49, -0.001, 50.0, -2.49, 0.0012, 7.2195),
    (50.0, -0.001, 2.49, 50.0, 0.0009, -2.49, 4.8045),
    (50.0, -0.001, 2.49, 50.0, 0.0010, -2.49, 4.8045),
    (50.0, -0.001, 2.49, 50.0, 0.0011, -2.49, 4.7461),
    (50.0, 2.5, 0.0, 50.0, 0.0, -2.5, 4.3065),
    (50.0, 2.5, 0.0, 73.0, 25.0, -18.0, 27.1492),
    (50.0, 2.5, 0.0, 61.0, -5.0, 29.0, 22.8977),
    (50.0, 2.5, 0.0, 56.0, -27.0, -3.0, 31.9030),
    (50.0, 2.5, 0.0, 58.0, 24.0, 15.0, 19.4535),
    (50.0, 2.5, 0.0, 50.0, 3.1736, 0.5854, 1.0000),
    (50.0, 2.5, 0.0, 50.0, 3.2972, 0.0, 1.0000),
    (50.0, 2.5, 0.0, 50.0, 1.8634, 0.5757, 1.0000),
    (50.0, 2.5, 0.0, 50.0, 3.2592, 0.3350, 1.0000),
    (60.2574, -34.0099, 36.2677, 60.4626, -34.1751, 39.4387, 1.2644),
    (63.0109, -31.0961, -5.8663, 62.8187, -29.7946, -4.0864, 1.2630),
    (61.2901, 3.7196, -5.3901, 61.4292, 2.2480, -4.9620, 1.8731),
    (35.0831, -44.1164, 3.7933, 35.0232, -40.0716, 1.5901, 1.8645),
    (22.7233, 20.0904, -46.6940, 23.0331, 14.9730, -42.5619, 2.0373),
    (36.4612, 47.8580, 18.3852, 36.2715, 50.5065, 21.2231, 1.4146),
    (90.8027, -2.0831, 1.4410, 91.1528, -1.6435, 0.0447, 1.4441),
    (90.9257, -0.5406, -0.9208, 88.6381, -0.8985, -0.7239, 1.5381),
    (6.7747, -0.2908, -2.4247, 5.8714, -0.0985, -2.2286, 0.6377),
    (2.0776, 0.0795, -1.1350, 0.9033, -0.0636, -0.5514, 0.9082),
]


@pytest.mark.parametrize("row", SHARMA)
def test_ciede2000_matches_the_published_pairs_both_ways(row):
    a, b, expected = row[:3], row[3:6], row[6]
    assert ciede2000(a, b) == pytest.approx(expected, abs=1e-4)
    assert ciede2000(b, a) == pytest.approx(expected, abs=1e-4)


@pytest.mark.parametrize(("hex_colour", "expected"), [
    ("#FFFFFF", (100.0, 0.0, 0.0)), ("#000000", (0.0, 0.0, 0.0)),
    ("#FF0000", (53.2408, 80.0925, 67.2032)), ("#0000FF", (32.2970, 79.1875, -107.8602)),
])
def test_srgb_to_lab_matches_published_values(hex_colour, expected):
    assert lab(hex_colour) == pytest.approx(expected, abs=2e-3)


def test_contrast_ratio_spans_one_to_twenty_one():
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast("#777777", "#777777") == pytest.approx(1.0)


def test_every_pair_of_palette_colours_is_far_apart():
    assert len(set(PALETTE)) == len(PALETTE) == 16
    close = [(a, b, round(delta_e(a, b), 1)) for a, b in itertools.combinations(PALETTE, 2)
             if delta_e(a, b) < MIN_PAIR_DE]
    assert not close, close


@pytest.mark.parametrize(("background", "min_contrast"), [(LIGHT_BACKGROUND, 3.0), (DARK_BACKGROUND, 3.0)])
def test_every_colour_stands_out_on_both_backgrounds(background, min_contrast):
    faint = [(c, round(contrast(c, background), 2), round(delta_e(c, background), 1)) for c in PALETTE
             if contrast(c, background) < min_contrast or delta_e(c, background) < MIN_BACKGROUND_DE]
    assert not faint, faint


def test_a_selection_of_sixteen_gets_every_palette_colour_once():
    import activations
    keys = activations.names()[:16]
    assert sorted(colours_for(keys).values()) == sorted(PALETTE)
