"""One colour per activation, from colour-blind-safe palettes, the same in every page."""
from __future__ import annotations

import activations

# Okabe & Ito (2008), then Paul Tol's "muted" scheme: distinguishable under the
# common colour-vision deficiencies and readable on light and dark backgrounds.
# The two yellows come last: they are faint on a white page.
PALETTE = (
    "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#332288", "#999999",
    "#AA4499", "#88CCEE", "#44AA99", "#117733", "#CC6677", "#882255", "#DDCC77", "#F0E442",
)


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
