"""The formula cards' note on a curve's shape, written from the Catalogue's analysis.

One analysis, one truth: every fact here (range with its ends, gaps and finite sets; monotonicity;
smoothness; saturation) is `activations.analysis.analyse()` at the card's parameters, the same
call the Catalogue makes, so the two pages cannot disagree. Nothing comes from a definition's typed
tags. Custom formulas go through the same `analyse()`. Words come through `say` (ui.i18n.t), so
notes follow the page's language. Pure Python: no Streamlit.
"""
from __future__ import annotations

from collections.abc import Callable

from activations import Activation
from activations.analysis import Properties, analyse

Say = Callable[..., str]

# analyse()'s smoothness -> the message key that says it
SMOOTHNESS_KEYS = {"discontinuous": "discontinuous", "C0": "c0", "C1": "c1", "C2": "c2", "C∞": "c_inf"}


def monotonicity_words(p: Properties, say: Say) -> str:
    """The Catalogue's own word for the direction ("non-decreasing", ...)."""
    return say(f"catalogue.monotonic_{p.monotonicity.replace('-', '_')}")


def smoothness_words(p: Properties, say: Say) -> str:
    return say(f"explorer.shape.smooth_{SMOOTHNESS_KEYS[p.smoothness]}")


def saturation_words(p: Properties, say: Say) -> str:
    """"both", "left", "right" or "none" as a phrase; "hard" when f′ is exactly 0 out there."""
    side = p.saturation.removesuffix(" (hard)")
    words = say(f"explorer.shape.saturation_{side}")
    return say("explorer.shape.hard", side=words) if side != p.saturation else words


def note_from(p: Properties, say: Say) -> str:
    """The note for an analysis already made (the Catalogue's row holds the same `Properties`)."""
    return say("explorer.shape.note", range=p.range.text(), monotonic=monotonicity_words(p, say),
               smoothness=smoothness_words(p, say), saturation=saturation_words(p, say))


def shape_note(act: Activation, params: dict, say: Say) -> str:
    """Range, monotonicity, smoothness and saturation of `act` at `params`, from `analyse()`."""
    try:
        p = analyse(act, **params)
    except (ValueError, ArithmeticError):  # a custom formula may defeat the analysis; the card stays
        return say("explorer.shape.unknown")
    return note_from(p, say)
