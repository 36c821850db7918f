"""The activations a page may offer: the built-in registry plus this session's custom ones.

Pages call `available()`/`lookup()` instead of `activations.get` so that a
user's own formula (saved in session state by the custom-formula feature)
works everywhere a built-in does.
"""
from __future__ import annotations

import streamlit as st

import activations
from activations import Activation
from ui.i18n import explain, t

CUSTOM_KEY = "custom_activations"  # session_state: {key: Activation}


def custom() -> dict[str, Activation]:
    return st.session_state.setdefault(CUSTOM_KEY, {})


def available() -> dict[str, Activation]:
    """Built-ins in display order, then this session's custom activations."""
    out = {act.key: act for act in activations.all_activations()}
    out.update(custom())
    return out


def lookup(key: str) -> Activation:
    """A built-in or custom activation; raises `activations.UnknownActivationError`."""
    found = custom().get(key)
    return found if found is not None else activations.get(key)


def add_custom(act: Activation) -> None:
    custom()[act.key] = act


def adopt_url_formula(param: str = "formula") -> tuple[Activation | None, str | None]:
    """A formula shared through the URL (`?formula=...`), parsed like typed text and added to the
    session's custom activations: (activation, None), or (None, a friendly message), or (None, None)
    when the URL has none. SymPy is imported only when a formula is present."""
    text = st.query_params.get(param)
    if text is None:
        return None, None
    from activations import formula

    try:
        act = formula.parse(text)
    except formula.ExpressionError as err:
        return None, t("link.formula_bad", problem=explain(err))
    add_custom(act)
    return act, None
