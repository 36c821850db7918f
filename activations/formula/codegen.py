"""SymPy expressions of an accepted formula -> vectorised NumPy functions, export text, kinks.

The generated code comes from our own whitelisted expression tree (symbols are
`x` and single letters, functions are SymPy's or ours), never from user text.
"""
from __future__ import annotations

import functools
from collections.abc import Callable

import numpy as np
import sympy as sp
from sympy.printing.numpy import SciPyPrinter

from .. import core
from .functions import RegistryFunctionBase, call_registry
from .parser import X
from .stable import stable


class NotExportable(Exception):
    """A construct the export printers cannot express."""


def _args(printer, expr) -> list[str]:
    return [printer._print(a) for a in expr.args]


def _nested(fn: str, args: list[str]) -> str:
    out = args[-1]
    for a in reversed(args[:-1]):
        out = f"{fn}({a}, {out})"
    return out


def _registry_defaults(expr) -> tuple[list[str], core.Activation]:
    """The call's parameter values: given ones, then the registry's defaults."""
    act = core.get(expr.key)
    given = list(expr.args[1:])
    return [repr(p.default) for p in act.params[len(given):]], act


class NumpyPrinter(SciPyPrinter):
    """SciPy's printer plus our functions; `export=True` prints self-contained `np.`/`sp.` text."""

    def __init__(self, export: bool = False):
        super().__init__({"fully_qualified_modules": export, "inline": True, "allow_unknown_functions": True})
        self.export = export

    def _print_sigmoid(self, e):
        return f"{self._module_format('scipy.special.expit')}({self._print(e.args[0])})"

    def _print_softplus(self, e):
        return f"{self._module_format('numpy.logaddexp')}(0, {self._print(e.args[0])})"

    def _print_Max(self, e):
        return _nested(self._module_format("numpy.maximum"), _args(self, e))

    def _print_Min(self, e):
        return _nested(self._module_format("numpy.minimum"), _args(self, e))

    # SymPy prints And/Or as logical_and.reduce((...)), which fails when a condition on a parameter
    # alone (a < 0, a scalar) meets one on x (an array): pairwise calls broadcast.
    def _print_And(self, e):
        return _nested(self._module_format("numpy.logical_and"), _args(self, e))

    def _print_Or(self, e):
        return _nested(self._module_format("numpy.logical_or"), _args(self, e))

    def _print_Heaviside(self, e):
        h0 = self._print(e.args[1]) if len(e.args) > 1 else "0.5"
        if self.export:
            return f"{self._module_format('numpy.heaviside')}({self._print(e.args[0])}, {h0})"
        u = e.args[0]
        scale = " + ".join(f"abs({self._print(t)})" for t in (u.args if isinstance(u, sp.Add) else (u,)))
        return f"tie_step({self._print(u)}, {scale}, {h0})"

    def _print_Mul(self, e):
        # A step times a term that overflows where the step is 0 (a / max(x, b)^2 for x < b tiny)
        # is 0 there, not 0·inf = NaN: the product is gated by the step.
        steps = [a for a in e.args if _is_step(a)]
        others = [a for a in e.args if not _is_step(a)]
        if self.export or not steps or not others:
            return super()._print_Mul(e)
        step = " * ".join(f"({self._print(a)})" for a in steps)
        return f"gated({step}, {self._print(sp.Mul(*others))})"

    def _print_RegistryFunctionBase(self, e):
        if not self.export:
            return f"{e.func.__name__}({', '.join(_args(self, e))})"
        if e.order != 0:
            raise NotExportable(e.func.__name__)
        defaults, act = _registry_defaults(e)
        names = ", ".join(["x", *(p.name for p in act.params)])
        return f"(lambda {names}: {act.numpy_expr})({', '.join(_args(self, e) + defaults)})"


@functools.lru_cache(maxsize=1)  # the one class
def _torch_printer() -> type:
    """The PyTorch printer, made on first use: SymPy's module imports torch wherever it is installed
    (2 s of CPU), and the formula worker, which imports this module, never prints PyTorch."""
    from sympy.printing.pytorch import TorchPrinter

    class TorchExportPrinter(TorchPrinter):
        """PyTorch text for f; x-free parts (parameters, constants) are printed as plain Python floats."""

        def _print(self, expr, **kwargs):
            if isinstance(expr, sp.Expr) and not expr.is_Atom and X not in expr.free_symbols:
                if expr.free_symbols:
                    raise NotExportable("parameter expression")  # torch functions want tensors
                return repr(float(expr))
            return super()._print(expr, **kwargs)

        def _print_sigmoid(self, e):
            return f"torch.sigmoid({self._print(e.args[0])})"

        def _print_softplus(self, e):
            return f"torch.nn.functional.softplus({self._print(e.args[0])})"

        def _print_log1p(self, e):
            return f"torch.log1p({self._print(e.args[0])})"

        def _print_expm1(self, e):
            return f"torch.expm1({self._print(e.args[0])})"

        def _print_Max(self, e):
            return _nested("torch.maximum", [f"torch.as_tensor({a})" for a in _args(self, e)])

        def _print_Min(self, e):
            return _nested("torch.minimum", [f"torch.as_tensor({a})" for a in _args(self, e)])

        def _print_Heaviside(self, e):
            u = self._print(e.args[0])
            h0 = float(e.args[1]) if len(e.args) > 1 else 0.5
            return f"torch.heaviside({u}, torch.tensor({h0!r}, dtype=torch.float64))"

        def _print_RegistryFunctionBase(self, e):
            if e.order != 0:
                raise NotExportable(e.func.__name__)
            defaults, act = _registry_defaults(e)
            names = ", ".join(["x", *(p.name for p in act.params)])
            return f"(lambda {names}: {act.torch_expr})({', '.join(_args(self, e) + defaults)})"

    return TorchExportPrinter


def _registry_namespace(exprs) -> dict:
    out = {}
    for expr in exprs:
        for fn in expr.atoms(RegistryFunctionBase):
            key, order = fn.key, fn.order
            out[fn.func.__name__] = lambda u, *v, key=key, order=order: call_registry(key, order, u, *v)
    return out


TIE = 16 * np.finfo(np.float64).eps  # relative to the step argument's terms


def tie_step(u, scale, h0):
    """Heaviside(u), with u within rounding of 0 (relative to the sum of its terms' sizes, `scale`)
    taken as a tie. SymPy writes d/dx min(x, |x|, a) with steps of sums such as
    a/2 + x/2 - x - (a - x)/2, which is 0 on a whole interval but rounds to +-1e-16; numpy's step
    would then count one argument twice (f' = 1.5 where it is 1). A one-term u is exact."""
    u = np.asarray(u, dtype=np.float64)
    return np.where(np.abs(u) <= TIE * np.asarray(scale, dtype=np.float64), h0, np.heaviside(u, h0))


def _is_step(factor) -> bool:
    """A piecewise-constant factor, 0 on whole intervals: Heaviside(u); c·(1 ± sign(u)), SymPy's
    d/dx of x ± |x|; the slope of a piecewise-linear built-in (relu); or a positive power of one
    (second derivatives square them)."""
    base, exp = factor.as_base_exp()
    if exp.is_positive is not True:
        return False
    if isinstance(base, RegistryFunctionBase):
        return base.order > 0 and "piecewise_linear" in base.activation().tags
    return isinstance(base, sp.Heaviside) or _is_sign_step(base)


def _is_sign_step(expr) -> bool:
    """c + d·sign(u) with d = ±c: 2c·Heaviside(±u), exactly 0 where sign(u) = ∓1."""
    if not (isinstance(expr, sp.Add) and len(expr.args) == 2):
        return False
    for const, term in (expr.args, expr.args[::-1]):
        signs = [f for f in sp.Mul.make_args(term) if isinstance(f, sp.sign)]
        if len(signs) == 1 and not const.has(sp.sign):
            d = term / signs[0]
            return const.is_zero is False and (sp.expand(d - const) == 0 or sp.expand(d + const) == 0)
    return False


def gated(step, rest):
    """step · rest, and 0 wherever the step is 0 whatever rest is there (inf, NaN)."""
    step = np.asarray(step, dtype=np.float64)
    return np.where(step == 0, 0.0, step * rest)


def numeric(expr: sp.Expr, params: tuple[str, ...]) -> Callable[..., np.ndarray]:
    """`raw(x, **params)`: float64 values; overflow/invalid become inf/NaN quietly, complex becomes NaN."""
    symbols = [X, *(sp.Symbol(p, real=True) for p in params)]
    expr = stable(expr)
    namespace = {**_registry_namespace([expr]), "tie_step": tie_step, "gated": gated}
    compiled = sp.lambdify(symbols, expr, modules=[namespace, "numpy", "scipy"], printer=NumpyPrinter(),
                           docstring_limit=0)

    def raw(x, **values):
        args = [values[p] for p in params]
        try:
            with np.errstate(all="ignore"):
                out = np.asarray(compiled(x, *args))
        except (ArithmeticError, ValueError, core.ActivationError):
            return np.full(np.shape(x), np.nan)  # e.g. a registry parameter out of its bounds
        if np.iscomplexobj(out):
            out = np.where(out.imag == 0, out.real, np.nan)
        return out.astype(np.float64)

    return raw


def export_numpy(expr: sp.Expr) -> str:
    try:
        text = NumpyPrinter(export=True).doprint(stable(expr))
    except NotExportable:
        return ""
    return text.replace("scipy.special.", "sp.").replace("numpy.", "np.")


def export_torch(expr: sp.Expr) -> str:
    try:
        return _torch_printer()().doprint(stable(expr))
    except NotExportable:
        return ""


# -- kinks ---------------------------------------------------------------------------------------
def _kink_arguments(expr: sp.Expr):
    """Expressions g with a kink of f (or f') where g(x) = 0, and registry calls (arg, call)."""
    for node in sp.preorder_traversal(expr):
        if isinstance(node, (sp.Abs, sp.sign, sp.Heaviside)):
            yield node.args[0], None
        elif isinstance(node, (sp.Max, sp.Min)):
            args = node.args
            yield from ((a - b, None) for i, a in enumerate(args) for b in args[i + 1:])
        elif isinstance(node, sp.Piecewise):
            for _, cond in node.args:
                if isinstance(cond, sp.core.relational.Relational):
                    yield cond.lhs - cond.rhs, None
        elif isinstance(node, RegistryFunctionBase):
            yield node.args[0], node


def _linear(g: sp.Expr) -> tuple[sp.Expr, sp.Expr] | None:
    """(c1, c0) with g = c1*x + c0, or None when g is not (cheaply seen to be) linear in x."""
    if X not in g.free_symbols or any(p.exp.is_Number and abs(p.exp) > 4 for p in g.atoms(sp.Pow)):
        return None
    try:
        poly = sp.Poly(g, X)
    except (sp.PolynomialError, sp.GeneratorsNeeded):
        return None
    if poly.degree() != 1:
        return None
    c1, c0 = poly.all_coeffs()
    return c1, c0


def kinks_function(exprs: list[sp.Expr], params: tuple[str, ...]) -> Callable[..., tuple[float, ...]]:
    """`kinks(**params)`: points where a max/min/abs/where/registry kink sits, for linear arguments."""
    symbols = [sp.Symbol(p, real=True) for p in params]
    rules = []  # (c1, c0, registry call's parameter values or None)
    seen = set()
    for expr in exprs:
        for g, call in _kink_arguments(expr):
            lin = _linear(g)
            if lin is None or (lin, call) in seen:
                continue
            seen.add((lin, call))
            pieces = [*lin, *(call.args[1:] if call is not None else ())]
            fn = sp.lambdify(symbols, pieces, modules="numpy", docstring_limit=0)
            rules.append((fn, call))

    def kinks(**values):
        out = []
        args = [values[p] for p in params]
        for fn, call in rules:
            with np.errstate(all="ignore"):
                c1, c0, *pvals = (float(v) for v in fn(*args))
            if c1 == 0 or not np.isfinite(c1):
                continue
            targets = [0.0]
            if call is not None:
                act = core.get(call.key)
                try:
                    targets = list(act.kinks(**dict(zip((p.name for p in act.params), pvals))))
                except core.ParameterError:
                    targets = []
            out += [(t - c0) / c1 for t in targets]
        return tuple(k + 0.0 for k in out if np.isfinite(k))  # + 0.0: no -0.0

    return kinks
