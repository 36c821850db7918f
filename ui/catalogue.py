"""Catalogue rows: computed properties (cached per function and parameters) and Explorer links."""
from __future__ import annotations

import streamlit as st

import activations
from activations import Activation
from activations.analysis import Properties, analyse, fmt
from ui import registry
from ui.pure import url_state

EXPLORER = "views/explorer.py"


@st.cache_data(max_entries=512, show_spinner=False)
def _builtin(key: str, params: tuple[tuple[str, float], ...]) -> Properties:
    return analyse(activations.get(key), **dict(params))


def properties(act: Activation, **params: float) -> Properties:
    """Properties of a registry function (cached) or a session's custom one (computed each time)."""
    values = act.resolve(**params)
    if act.key in activations.names():
        return _builtin(act.key, tuple(sorted(values.items())))
    return analyse(act, **values)


def explorer_query(act: Activation, params: dict | None = None) -> dict[str, list[str]]:
    """Query parameters that open the Explorer on `act` (non-default parameters included): its own link."""
    acts = registry.available()
    state = url_state.ExplorerState(fns=()).choosing([act.key], acts, {(act.key, k): v for k, v in (params or {}).items()})
    return url_state.to_query(state, acts)


def explorer_url(act: Activation, params: dict | None = None) -> str:
    """A relative link to the Explorer (the default page), so it works under any base path."""
    from urllib.parse import urlencode

    return "./?" + urlencode(explorer_query(act, params), doseq=True)


def formula_text(act: Activation) -> str:
    """The NumPy expression without the `np.` prefixes: short and readable in a table."""
    return act.numpy_expr.replace("np.", "").replace("sp.", "") if act.numpy_expr else ""


def row(act: Activation, p: Properties) -> dict:
    """One catalogue row: values for sorting, strings where a number would mislead."""
    return {
        "Name": act.label,
        "Family": act.family,
        "Formula": formula_text(act),
        "Range": p.range.text(),
        "Bounded": p.bounded,
        "Monotonic": p.monotonicity,
        "Zero-centred": p.zero_centred,
        "Smoothness": p.smoothness,
        "f(0)": p.f0,
        "f′(0)": p.df0,
        "Differentiable at 0": p.df0_sides is None,
        "max |f′|": p.max_slope,
        "at x": p.max_slope_at,
        "Saturating": p.saturation,
        "Year": p.year,
        "Paper": p.reference,
        "Explorer": explorer_url(act) if act.key in activations.names() else None,
        "key": act.key,
    }


def describe_slope_at_zero(p: Properties, say) -> str:
    """f'(0), with both one-sided slopes at a kink. `say` is ui.i18n.t (the words follow the language)."""
    if p.df0_sides is None:
        return fmt(p.df0)
    left, right = p.df0_sides
    return say("catalogue.kink_slopes", value=fmt(p.df0), left=fmt(left), right=fmt(right))


def describe_max_slope(p: Properties, say) -> str:
    """'0.25 at x = 0', '1 on (0, ∞)' or '1, approached as x → ∞'."""
    value, where = fmt(p.max_slope), p.max_slope_at
    if where.startswith("x →"):
        return say("catalogue.max_slope_limit", value=value, where=where)
    if where[:1] in "([{":
        return say("catalogue.max_slope_on", value=value, where=where)
    return say("catalogue.max_slope_at", value=value, where=where)


def describe_monotonicity(value: str, say) -> str:
    """The analysis' word ("non-decreasing", ...) in the current language."""
    return say(f"catalogue.monotonic_{value.replace('-', '_')}")


def describe_saturation(value: str, say) -> str:
    """"both", "left", "right" or "none", with " (hard)" when f' is exactly 0 there."""
    side = value.removesuffix(" (hard)")
    words = say(f"catalogue.saturation_{side}")
    return say("catalogue.saturation_hard", side=words) if value != side else words
