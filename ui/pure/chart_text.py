"""What a chart says to a screen reader: its accessible name, a short description, and a value table.

Pure: words come through `say` (ui.i18n.t) and lists through `join` (ui.i18n.names_list), so a page
passes its language in. The numbers are the ones the chart draws (the core's sampled curves) and,
for the table, `analysis.values_at` (the sampler's own evaluation and one-sided limits), so nothing here
evaluates a function its own way.
"""
from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence

import numpy as np

from activations import Activation, analysis

Say = Callable[..., str]
Join = Callable[[list[str]], str]

# LaTeX symbols of the registry's parameters, as a screen reader and a table read them.
_GREEK = {r"\alpha": "α", r"\beta": "β", r"\gamma": "γ", r"\lambda": "λ", r"\theta": "θ", r"\tau": "τ"}
TABLE_X = (-3.0, -1.0, 0.0, 1.0, 3.0)   # the chosen x a value table shows, where they are in range


def number(v: float, digits: int = 4) -> str:
    """A value as read aloud or shown in a table: a few significant digits, a true minus sign."""
    if not math.isfinite(v):
        return "NaN" if math.isnan(v) else ("∞" if v > 0 else "−∞")
    text = f"{v:.{digits}g}"
    return ("0" if text == "-0" else text).replace("-", "−")


def symbol(act: Activation, name: str) -> str:
    p = act.param(name)
    return _GREEK.get(p.symbol, p.symbol) or name


def with_params(label: str, act: Activation, params: dict) -> str:
    """"ELU (α = 1)": a function's name and its current parameters."""
    if not params:
        return label
    return f"{label} ({', '.join(f'{symbol(act, k)} = {number(v)}' for k, v in params.items())})"


def curves_name(named: Sequence[str], lo: float, hi: float, second: bool, say: Say, join: Join) -> str:
    """The accessible name of an f | f′ chart: its functions (with parameters), panels and range."""
    panels = say("a11y.panels_second" if second else "a11y.panels")
    return say("a11y.curves_name", functions=join(list(named)), panels=panels, lo=number(lo), hi=number(hi))


def _span(values: np.ndarray) -> tuple[str, str] | None:
    finite = values[np.isfinite(values)]
    return (number(float(finite.min())), number(float(finite.max()))) if finite.size else None


def curves_description(curves: Sequence, named: Sequence[str], say: Say, join: Join) -> str:
    """What each drawn curve does over the chart's range: where f and f′ lie, and where it kinks.

    `curves` are the sampled curves the chart draws (`analysis.Curve`), `named` their names."""
    parts = []
    for curve, name in zip(curves, named):
        f, df = _span(curve.f), _span(curve.df)
        text = say("a11y.curve_facts", name=name, f_lo=f[0], f_hi=f[1], df_lo=df[0], df_hi=df[1]) if f and df \
            else say("a11y.curve_empty", name=name)
        kinks = sorted({m.x for m in curve.markers})
        if kinks:
            text += say("a11y.kinks", xs=join([number(x) for x in kinks]))
        parts.append(text)
    return " ".join(parts + [say("a11y.keys")])


def figure_name(spec: dict, say: Say, join: Join) -> str:
    """The accessible name of any other chart: its title, or what its series are called."""
    layout = spec.get("layout", {})
    title = layout.get("title", {})
    title = title.get("text", "") if isinstance(title, dict) else str(title or "")
    series = [n for n in dict.fromkeys(tr.get("name") for tr in spec.get("data", [])) if n]
    if title:
        return _plain(title)
    return say("a11y.figure_series", series=join([_plain(s) for s in series])) if series else say("a11y.figure")


def _plain(text: str) -> str:
    """Chart titles may hold Plotly's HTML subset (<b>, <br>): what is left to read aloud."""
    return re.sub(r"\s+", " ", re.sub(r"<br\s*/?>", " · ", re.sub(r"<(?!br)[^>]+>", "", text))).strip(" ·")


def value_table(act: Activation, params: dict, lo: float, hi: float, say: Say,
                xs: Sequence[float] = TABLE_X) -> dict[str, list[str]]:
    """Columns of a table of f and f′ at the chosen `xs` inside [lo, hi] and at each kink inside it,
    with a kink's one-sided limits on their own rows (the core's `analysis.values_at`)."""
    points = analysis.values_at(act, params, [x for x in xs if lo <= x <= hi], lo, hi)
    notes = {"": "", **{side: say(f"a11y.table_{side}") for side in ("kink", "left", "right")}}
    return {"x": [number(p.x) for p in points], "f(x)": [number(p.f) for p in points],
            "f′(x)": [number(p.df) for p in points], say("a11y.table_note"): [notes[p.side] for p in points]}
