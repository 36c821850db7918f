"""Rewrites that keep hand-typed formulas accurate in float64 (`stable`, for evaluation) and
readable (`readable`, for the derivative shown).

People type softplus as log(1 + exp(x)) and its derivative comes out as
exp(x)/(exp(x) + 1): both overflow to inf/inf beyond x = 709 and lose all
digits of log(1 + tiny). The same values through log1p, expm1, softplus and
sigmoid stay exact-relative everywhere.
"""
from __future__ import annotations

import sympy as sp

from .functions import expm1, log1p, sigmoid, softplus


def _one_plus_exp(base) -> sp.Expr | None:
    """u when base is 1 + exp(u)."""
    if isinstance(base, sp.Add) and len(base.args) == 2 and sp.S.One in base.args:
        other = base.args[0] if base.args[1] == sp.S.One else base.args[1]
        if isinstance(other, sp.exp):
            return other.args[0]
    return None


def _sigmoid_ratio(mul: sp.Mul) -> sp.Expr:
    """exp(m*u) / (1 + exp(u))**k == sigmoid(u)**m * sigmoid(-u)**(k - m), 0 <= m <= k."""
    factors = list(mul.args)
    for i, fac in enumerate(factors):
        if not (isinstance(fac, sp.Pow) and fac.exp.is_Integer and fac.exp < 0):
            continue
        u, k = _one_plus_exp(fac.base), -int(fac.exp)
        if u is None:
            continue
        for j, other in enumerate(factors):
            if j != i and isinstance(other, sp.exp):
                m = sp.cancel(other.args[0] / u)
                if m.is_Integer and 0 < m <= k:
                    rest = [f for n, f in enumerate(factors) if n not in (i, j)]
                    return sp.Mul(*rest, sigmoid(u) ** int(m), sigmoid(-u) ** (k - int(m)))
    return mul


def _sigmoids_and_softplus(expr: sp.Expr) -> sp.Expr:
    expr = expr.replace(lambda e: isinstance(e, sp.Mul), _sigmoid_ratio)
    # a lone 1/(1 + exp(u))**k is sigmoid(-u)**k
    expr = expr.replace(
        lambda e: isinstance(e, sp.Pow) and e.exp.is_Integer and e.exp < 0 and _one_plus_exp(e.base) is not None,
        lambda e: sigmoid(-_one_plus_exp(e.base)) ** (-int(e.exp)))
    return expr.replace(lambda e: isinstance(e, sp.log) and _one_plus_exp(e.args[0]) is not None,
                        lambda e: softplus(_one_plus_exp(e.args[0])))


def stable(expr: sp.Expr) -> sp.Expr:
    expr = _sigmoids_and_softplus(expr)
    # |b**e| is |b|**e for real e; evaluated as written, b**e is NaN for b < 0 (x/(2|x**(3/2)|)).
    expr = expr.replace(lambda e: isinstance(e, sp.Abs) and isinstance(e.args[0], sp.Pow)
                        and e.args[0].exp.is_real is True,
                        lambda e: sp.Pow(sp.Abs(e.args[0].base), e.args[0].exp, evaluate=False))
    expr = expr.replace(lambda e: isinstance(e, sp.log) and isinstance(e.args[0], sp.Add) and sp.S.One in e.args[0].args,
                        lambda e: log1p(e.args[0] - 1))
    return expr.replace(
        lambda e: isinstance(e, sp.Add) and len(e.args) == 2 and sp.S.NegativeOne in e.args
        and any(isinstance(a, sp.exp) for a in e.args),
        lambda e: expm1(next(a for a in e.args if isinstance(a, sp.exp)).args[0]))


def _sech_squared(add: sp.Add) -> sp.Expr:
    """1 - tanh(u)**2 == 1/cosh(u)**2 (and tanh(u)**2 - 1 == -1/cosh(u)**2): shorter, and without
    the cancellation of 1 - tanh**2 where tanh(u) rounds to ±1."""
    if len(add.args) != 2:
        return add
    for one, other in (add.args, add.args[::-1]):
        if one in (sp.S.One, sp.S.NegativeOne):
            coeff, rest = other.as_coeff_Mul()
            if coeff == -one and isinstance(rest, sp.Pow) and rest.exp == 2 and isinstance(rest.base, sp.tanh):
                return one / sp.cosh(rest.base.args[0]) ** 2
    return add


def readable(expr: sp.Expr) -> sp.Expr:
    """The same expression in the words a reader knows: exp(u)/(1 + exp(u)) as sigmoid(u),
    log(1 + exp(u)) as softplus(u), 1 - tanh(u)**2 as 1/cosh(u)**2. Each is also the stable form."""
    return _sigmoids_and_softplus(expr).replace(lambda e: isinstance(e, sp.Add), _sech_squared)
