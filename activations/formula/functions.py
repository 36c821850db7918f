"""SymPy functions a typed formula may call beyond SymPy's own: sigmoid, softplus, registry keys.

A registry activation becomes an opaque SymPy function whose derivative is
another opaque function evaluated by the registry's own `df` (then `d2f`), so
`gelu(x) + sin(x)` differentiates exactly without re-deriving GELU. Classes
are cached and reachable as module attributes (`R1_relu`), so expressions
pickle across the worker process that simplifies them.
"""
from __future__ import annotations

import sympy as sp
from sympy import Function, S
from sympy.codegen import cfunctions
from sympy.core.function import ArgumentIndexError

from .. import core

ORDERS = 3  # f, f', f'': the formula and its two derivatives


def _with_power(latex: str, exp: str | None) -> str:
    return latex if exp is None else rf"{{{latex}}}^{{{exp}}}"


class sigmoid(Function):  # noqa: N801 - SymPy prints functions by class name
    nargs = 1

    @classmethod
    def eval(cls, u):
        if u.is_zero:
            return S.Half

    def fdiff(self, argindex=1):
        u = self.args[0]
        return sigmoid(u) * sigmoid(-u)  # not s(1 - s): 1 - s cancels for large u

    def _eval_is_real(self):
        return self.args[0].is_real

    def _eval_is_positive(self):
        return self.args[0].is_real

    def _eval_evalf(self, prec):
        return (1 / (1 + sp.exp(-self.args[0])))._eval_evalf(prec)

    def _latex(self, printer, exp=None):
        return _with_power(rf"\sigma\left({printer._print(self.args[0])}\right)", exp)


class softplus(Function):  # noqa: N801
    nargs = 1

    @classmethod
    def eval(cls, u):
        if u.is_zero:
            return sp.log(2)

    def fdiff(self, argindex=1):
        return sigmoid(self.args[0])

    def _eval_is_real(self):
        return self.args[0].is_real

    def _eval_is_positive(self):
        return self.args[0].is_real

    def _eval_evalf(self, prec):
        return sp.log(1 + sp.exp(self.args[0]))._eval_evalf(prec)

    def _latex(self, printer, exp=None):
        return _with_power(rf"\operatorname{{softplus}}\left({printer._print(self.args[0])}\right)", exp)


class log1p(cfunctions.log1p):  # noqa: N801 - accurate log(1 + u) near u = 0, printed as such
    def _latex(self, printer, exp=None):
        return _with_power(rf"\ln\left(1 + {printer._print(self.args[0])}\right)", exp)


class expm1(cfunctions.expm1):  # noqa: N801
    def _latex(self, printer, exp=None):
        return _with_power(rf"\left(e^{{{printer._print(self.args[0])}}} - 1\right)", exp)


class RegistryFunctionBase(Function):
    """Base of `R<order>_<key>`: the registry's f, df or d2f; extra arguments are its parameters."""

    key = ""
    order = 0

    @classmethod
    def activation(cls) -> core.Activation:
        return core.get(cls.key)

    def fdiff(self, argindex=1):
        if argindex != 1 or self.order + 1 >= ORDERS:
            raise ArgumentIndexError(self, argindex)
        return registry_function(self.key, self.order + 1)(*self.args)

    def _eval_is_real(self):
        return all(a.is_real for a in self.args) or None

    def _eval_evalf(self, prec):
        if any(a.free_symbols for a in self.args):
            return None
        values = [float(a.evalf(prec)) for a in self.args]
        return sp.Float(call_registry(self.key, self.order, *values), prec)

    def _latex(self, printer, exp=None):
        name = self.key.replace("_", r"\_")
        args = ", ".join(printer._print(a) for a in self.args)
        return _with_power(rf"\operatorname{{{name}}}{chr(39) * self.order}\left({args}\right)", exp)


_CLASSES: dict[tuple[str, int], type] = {}


def registry_function(key: str, order: int = 0) -> type:
    """The cached SymPy function class for registry `key`'s derivative of this order."""
    cls = _CLASSES.get((key, order))
    if cls is None:
        act = core.get(key)
        name = f"R{order}_{key}"
        cls = type(name, (RegistryFunctionBase,), {
            "key": key, "order": order, "nargs": tuple(range(1, len(act.params) + 2)),
            "__module__": __name__,
        })
        _CLASSES[(key, order)] = cls
    return cls


def call_registry(key: str, order: int, u, *param_values):
    """Evaluate the registry's f/df/d2f at `u`, positional extra values filling its parameters."""
    act = core.get(key)
    params = dict(zip((p.name for p in act.params), (float(v) for v in param_values)))
    return (act.f, act.df, act.d2f)[order](u, **params)


def __getattr__(name: str):
    # Unpickling looks classes up by name: R<order>_<key>.
    if name.startswith("R") and name[1:2].isdigit() and name[2:3] == "_":
        try:
            return registry_function(name[3:], int(name[1]))
        except core.UnknownActivationError:
            pass
    raise AttributeError(name)
