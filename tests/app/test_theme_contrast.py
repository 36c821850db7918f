"""WCAG 2.1 contrast of the theme's colours, computed from .streamlit/config.toml (no browser).

Text needs 4.5:1 (1.4.3), chart lines and the parts of controls 3:1 (1.4.11). Colours the config
leaves alone are Streamlit 1.67's defaults; tests/e2e/test_accessibility.py checks in Chromium that
the page shows these backgrounds, and axe-core checks the rendered page as a whole.
"""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from figures.preview import NODE_COLOURS
from figures.style import DARK_BACKGROUND, LIGHT_BACKGROUND, PALETTE
from figures.training import CLASS_COLOURS
from tests.figures.colour_science import contrast, rgb

ROOT = Path(__file__).resolve().parents[2]
CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
LIVE_CSS = (ROOT / "components" / "live_control" / "live_control.css").read_text()

# Streamlit 1.67's defaults (`streamlit config show`): page, sidebar and widget backgrounds, text
# and primary colour of each base theme.
DEFAULTS = {
    "light": {"backgroundColor": LIGHT_BACKGROUND, "sidebar": "#f8f8f7", "secondaryBackgroundColor": "#f1f0ee",
              "textColor": "#2f2d2b", "primaryColor": "#c53948"},
    "dark": {"backgroundColor": DARK_BACKGROUND, "sidebar": "#21201d", "secondaryBackgroundColor": "#2d2b27",
             "textColor": "#edebe8", "primaryColor": "#cf4250"},
}
BACKGROUNDS = ("backgroundColor", "sidebar", "secondaryBackgroundColor")
CAPTION_OPACITY = 0.6   # st.caption is the text at opacity 0.6 (tests/e2e/test_accessibility.py)
TEXT, GRAPHIC = 4.5, 3.0


def theme(name: str) -> dict[str, str]:
    return {**DEFAULTS[name], **CONFIG["theme"][name]}


def over(colour: str, background: str, opacity: float) -> str:
    """`colour` at `opacity` painted on `background`, as the browser composes it (sRGB values)."""
    mixed = (round(opacity * c + (1 - opacity) * b) for c, b in zip(rgb(colour), rgb(background)))
    return "#{:02x}{:02x}{:02x}".format(*mixed)


def live_value_colour(t: dict[str, str]) -> str:
    """The live control's value label: `color-mix(in srgb, primary P%, text)` in live_control.css."""
    share = float(re.search(r"\.lc-value \{ color: color-mix\(in srgb, var\(--st-primary-color[^)]*\) (\d+)%",
                            LIVE_CSS).group(1)) / 100
    return over(t["primaryColor"], t["textColor"], share)


THEMES = ("light", "dark")
PAIRS = [(n, bg) for n in THEMES for bg in BACKGROUNDS]


def test_the_config_sets_colours_per_theme_only():
    """A colour under [theme] itself would apply to both themes, where these tests do not look."""
    assert set(CONFIG["theme"]) == {"light", "dark"}


@pytest.mark.parametrize(("name", "background"), PAIRS)
def test_body_text_and_captions_reach_4_5(name, background):
    t = theme(name)
    bg = t[background]
    assert contrast(t["textColor"], bg) >= TEXT
    assert contrast(over(t["textColor"], bg, CAPTION_OPACITY), bg) >= TEXT


@pytest.mark.parametrize(("name", "background"), PAIRS)
def test_the_primary_colour_as_a_part_of_a_control_reaches_3(name, background):
    t = theme(name)
    assert contrast(t["primaryColor"], t[background]) >= GRAPHIC


@pytest.mark.parametrize("name", THEMES)
def test_white_text_on_the_primary_colour_reaches_4_5(name):
    """Primary buttons and chosen multiselect tags: Streamlit writes white on the primary colour."""
    assert contrast("#ffffff", theme(name)["primaryColor"]) >= TEXT


@pytest.mark.parametrize(("name", "background"), [p for p in PAIRS if p[0] == "light"])
def test_light_primary_colour_as_text_reaches_4_5(name, background):
    t = theme(name)
    assert contrast(t["primaryColor"], t[background]) >= TEXT


def test_no_dark_primary_can_carry_white_text_and_be_text_on_the_dark_page():
    """Why the dark theme's st.slider values stay under 4.5:1 (a11y_streamlit_known.toml). Contrast
    depends on luminance alone, so greys stand for every colour: the lightest one white text still
    reaches 4.5:1 on is under 4.5:1 on the dark page, and on the dark sidebar."""
    greys = [f"#{v:02x}{v:02x}{v:02x}" for v in range(256)]
    lightest = max((g for g in greys if contrast("#ffffff", g) >= TEXT), key=lambda g: rgb(g)[0])
    assert contrast("#ffffff", theme("dark")["primaryColor"]) >= TEXT   # the primary is on that side
    for background in ("backgroundColor", "sidebar"):
        assert contrast(lightest, DEFAULTS["dark"][background]) < TEXT


@pytest.mark.parametrize(("name", "background"), [(n, "backgroundColor") for n in THEMES] +
                         [(n, "sidebar") for n in THEMES])
def test_the_live_controls_values_reach_4_5(name, background):
    t = theme(name)
    assert contrast(live_value_colour(t), t[background]) >= TEXT


@pytest.mark.parametrize("name", THEMES)
def test_every_chart_colour_reaches_3_on_the_page(name):
    bg = theme(name)["backgroundColor"]
    faint = [(c, round(contrast(c, bg), 2)) for c in (*PALETTE, *CLASS_COLOURS, *NODE_COLOURS.values())
             if contrast(c, bg) < GRAPHIC]
    assert not faint, faint
