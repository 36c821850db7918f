"""A typed formula as a `CustomActivation`: parsed (`parser`), differentiated under a time limit
(`derive`), compiled to NumPy (`codegen`); its parameters' sliders, its name, its bounds.
"""
from __future__ import annotations

import dataclasses
import functools
import math
import re

import sympy as sp

from ..core import Activation, Param
from .codegen import export_numpy, export_torch, kinks_function, numeric
from .derive import SIMPLIFY_SECONDS, derive
from .parser import MAX_LENGTH, ExpressionError, build, not_text

FAMILY = "Your own"
KEY_PREFIX = "custom:"
PARAM_DEFAULT, PARAM_LOW, PARAM_HIGH, PARAM_STEP = 1.0, -5.0, 5.0, 0.01
MAX_NAME = 40
NAME_PATTERN = re.compile(rf"[A-Za-z0-9][A-Za-z0-9 _\-']{{0,{MAX_NAME - 1}}}")


@dataclasses.dataclass(frozen=True)
class CustomActivation(Activation):
    """An `Activation` that remembers the formula it came from (to share it as text)."""

    formula: str = ""
    simplified: bool = False  # f' was simplified before the time limit


def parse(text: object, name: str | None = None, *, timeout: float = SIMPLIFY_SECONDS) -> CustomActivation:
    """The activation defined by `text`, keyed "custom:<name>" (the formula itself if no name)."""
    if not isinstance(text, str):
        raise not_text(text)
    if len(text) > MAX_LENGTH:
        build(text)  # raises the length error without filling the cache with junk
    label = check_name(name) if name is not None else text.strip()
    return _parse(text, label, float(timeout))


def check_name(name: object) -> str:
    """A saved activation's name, stripped; `ExpressionError` unless short, plain and printable."""
    if not isinstance(name, str) or not NAME_PATTERN.fullmatch(name.strip()):
        raise ExpressionError("bad_name", "a name must start with a letter or digit and use only letters, digits, "
                              "spaces, - _ ' (at most {limit} characters)", limit=MAX_NAME)
    return name.strip()


@functools.lru_cache(maxsize=256)
def _parse(text: str, label: str, timeout: float) -> CustomActivation:
    formula = build(text)
    derived = derive(text, timeout)
    names = formula.params
    params = tuple(_param(p, formula.inner.get(p, ())) for p in names)
    exprs = [formula.expr, derived.df]
    return CustomActivation(
        key=KEY_PREFIX + label, label=label, family=FAMILY, params=params,
        fn=numeric(formula.expr, names), dfn=numeric(derived.df, names),
        d2fn=None if derived.d2f is None else numeric(derived.d2f, names),
        kinks_fn=kinks_function(exprs, names),
        latex=display_latex("f(x)", formula.expr), dlatex=display_latex("f'(x)", derived.df),
        summary=f"Your own formula: f(x) = {text.strip()}",
        numpy_expr=export_numpy(formula.expr), torch_expr=export_torch(formula.expr),
        formula=text.strip(), simplified=derived.simplified,
    )


LINE_CHARS = 90  # LaTeX source longer than this is set one term per line


def display_latex(lhs: str, expr: sp.Expr) -> str:
    """`lhs = expr` in LaTeX; a long sum one term per line (aligned at the signs), so it wraps
    instead of running off the page. A single long term stays on one line (the page scrolls it)."""
    text = sp.latex(expr)
    terms = expr.as_ordered_terms() if isinstance(expr, sp.Add) else [expr]
    if len(text) <= LINE_CHARS or len(terms) < 2:
        return f"{lhs} = {text}"
    lines = [f"& {sp.latex(terms[0])}"]
    for term in terms[1:]:
        sign, term = ("-", -term) if term.could_extract_minus_sign() else ("+", term)
        lines.append(f"& {sign} {sp.latex(term)}")
    return f"{lhs} = " + r"\begin{aligned} " + r" \\ ".join(lines) + r" \end{aligned}"


def _param(name: str, inner: tuple[Param, ...]) -> Param:
    """A formula parameter's slider; one passed to built-ins starts inside their bounds, so
    `leaky_relu(x, a)` does not open on a = 1 (outside 0 < k < 1) with nothing drawn."""
    low = max([PARAM_LOW, *(p.slider_low for p in inner)])
    high = min([PARAM_HIGH, *(p.slider_high for p in inner)])
    if not low < high:  # built-ins that cannot agree: the user picks
        low, high = PARAM_LOW, PARAM_HIGH
    default = min(max(inner[0].default if inner else PARAM_DEFAULT, low), high)
    step = min([PARAM_STEP, *(p.step for p in inner)])
    return Param(name, default, low, high, step, label=name, help=f"Parameter {name} of your formula.", symbol=name)


def rename(act: CustomActivation, name: str) -> CustomActivation:
    """The same activation saved under `name` (key "custom:<name>")."""
    label = check_name(name)
    return dataclasses.replace(act, key=KEY_PREFIX + label, label=label)


def configure(act: Activation, defaults: dict | None = None,
              bounds: dict[str, tuple[float, float]] | None = None) -> Activation:
    """`act` with new parameter bounds and defaults; a default outside its new bounds is clipped."""
    defaults, bounds = defaults or {}, bounds or {}
    for name in [*defaults, *bounds]:
        act.param(name)  # ParameterError for a name the formula does not have
    params = []
    for p in act.params:
        low, high = bounds.get(p.name, (p.low, p.high))
        low, high = float(low), float(high)
        if not (math.isfinite(low) and math.isfinite(high) and low < high):
            raise ExpressionError("bad_bounds", "bounds of {name} must be two finite numbers, low < high", name=p.name)
        step = 10.0 ** math.floor(math.log10((high - low) / 200))
        default = min(max(float(defaults.get(p.name, p.default)), low), high)
        params.append(dataclasses.replace(p, default=default, low=low, high=high, step=min(step, 1.0),
                                          low_open=False, high_open=False))
    return dataclasses.replace(act, params=tuple(params))
