"""One colour per activation, the same in every page and in both themes."""
from __future__ import annotations

import activations

# Okabe & Ito's (2008) colour-blind-safe hues (their black swapped for grey), then eight
# more picked by search so that every pair stays at least 18 CIEDE2000 apart. Every one is
# mid-light: at least 3:1 contrast (WCAG's figure for graphics) on the light theme's white and
# on the dark theme's background, so one palette serves both themes. Okabe & Ito's orange and
# sky blue are darkened to reach 3:1 on white (tests/figures/test_palette.py).
PALETTE = (
    "#0E6CAA", "#C28503", "#099E73", "#D15902", "#CA76A6", "#149CCB", "#844BBA", "#69665F",
    "#D02140", "#0E7E81", "#B38575", "#9183EC", "#536F20", "#999172", "#8D909A", "#66A100",
)
# Grid lines and zero lines that read on both themes (half-transparent grey).
GRID = "rgba(128,128,128,0.22)"
AXIS_ZERO = "rgba(128,128,128,0.55)"
# Page backgrounds of Streamlit 1.67's default themes (tests/e2e check them in the browser).
LIGHT_BACKGROUND = "#FFFFFF"
DARK_BACKGROUND = "#171614"


def colour_for(key: str) -> str:
    """Stable colour of an activation: its position in the registry picks the palette entry."""
    names = activations.names()
    index = names.index(key) if key in names else abs(hash(key))
    return PALETTE[index % len(PALETTE)]


def colours_for(keys) -> dict[str, str]:
    """Colours for a selection, distinct within it (first come, palette order) where possible."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for key in keys:
        c = colour_for(key)
        if c in used and len(used) < len(PALETTE):
            c = next(p for p in PALETTE if p not in used)
        out[key] = c
        used.add(c)
    return out


def rgba(hex_colour: str, alpha: float) -> str:
    """'#RRGGBB' at opacity `alpha`, as CSS rgba()."""
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"
