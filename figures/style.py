"""One colour per activation, the same in every page and in both themes."""
from __future__ import annotations

import activations

# Okabe & Ito's (2008) colour-blind-safe hues (their black swapped for grey), then eight
# more picked by search so that every pair stays at least 18 CIEDE2000 apart. Each is
# mid-light: at least 2:1 contrast on the light theme's white (Okabe & Ito's orange and
# sky blue sit near that end) and 3:1 on the dark theme's background, so one palette
# serves both themes (tests/figures/test_palette.py).
PALETTE = (
    "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#8850C0", "#999999",
    "#D02040", "#088890", "#886810", "#A898FF", "#487800", "#F8A090", "#10C8C8", "#A8C048",
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
