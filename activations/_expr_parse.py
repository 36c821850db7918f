"""Formula text -> SymPy expression, through a whitelist over Python's `ast`.

The text is hostile until this module is done with it: plain ASCII only, a
bounded size, no node type or name outside the whitelist. The SymPy
expression is built node by node from the tree (never `eval`, `sympify` or
`parse_expr` on the text). Every constant subexpression is also computed as a
float on the way, so that huge numbers (`9**9**9`, `exp(exp(100))`) are
refused before SymPy would try to hold them exactly.
"""
from __future__ import annotations

import ast
import difflib
import math
import string
from dataclasses import dataclass, field

import numpy as np
import sympy as sp
from scipy import special

from . import core
from ._expr_funcs import expm1, log1p, registry_function, sigmoid, softplus

MAX_LENGTH = 300
MAX_NODES = 150
MAX_DEPTH = 24
MAX_PARAMS = 5
MAX_ARGS = 6  # of min/max
MAX_EXPONENT = 1000
MAX_MAGNITUDE = 1e300
MAX_RATIONAL_BITS = 20_000  # exact constants beyond this become floats

X = sp.Symbol("x", real=True)
ALLOWED_CHARS = frozenset(string.ascii_letters + string.digits + " +-*/().,<>=_")
CONSTANTS = {"pi": (sp.pi, math.pi), "e": (sp.E, math.e)}
COMPARISONS = {ast.Lt: sp.Lt, ast.LtE: sp.Le, ast.Gt: sp.Gt, ast.GtE: sp.Ge}
BINARY = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow)
NODE_TYPES = (ast.Expression, ast.BinOp, ast.UnaryOp, ast.Call, ast.Name, ast.Constant, ast.Compare,
              ast.Load, ast.USub, ast.UAdd, *BINARY, *COMPARISONS)
REFUSED = {  # friendlier words for node types people may try
    ast.Attribute: "attribute access (`.name`)", ast.Subscript: "subscripts (`[...]`)",
    ast.Lambda: "lambda", ast.IfExp: "`a if c else b` (use where(c, a, b))",
    ast.NamedExpr: "assignment (`:=`)", ast.JoinedStr: "strings", ast.BoolOp: "`and`/`or`",
    ast.FloorDiv: "floor division `//`", ast.Mod: "`%`", ast.BitXor: "`^` (use ** for powers)",
    ast.Eq: "`==` (use <, <=, > or >=)", ast.NotEq: "`!=`", ast.Not: "`not`",
}


class ExpressionError(ValueError, core.ActivationError):
    """A formula refused by the parser: `column` (1-based) points at the culprit when known."""

    def __init__(self, what: str, column: int | None = None, hint: str = ""):
        self.what, self.column, self.hint = what, column, hint
        where = f" at column {column}" if column else ""
        self.message = f"{what}{where}" + (f"; {hint}" if hint else "")
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Spec:
    """A callable name: argument count and its symbolic and float versions."""

    min_args: int
    max_args: int
    sym: object
    num: object


def _guarded(fn):
    return lambda *a: float(fn(*a))


FUNCS = {
    "exp": Spec(1, 1, sp.exp, math.exp),
    "log": Spec(1, 1, sp.log, math.log),
    "log1p": Spec(1, 1, log1p, math.log1p),
    "expm1": Spec(1, 1, expm1, math.expm1),
    "sqrt": Spec(1, 1, sp.sqrt, math.sqrt),
    "abs": Spec(1, 1, sp.Abs, abs),
    "sin": Spec(1, 1, sp.sin, math.sin),
    "cos": Spec(1, 1, sp.cos, math.cos),
    "tan": Spec(1, 1, sp.tan, math.tan),
    "tanh": Spec(1, 1, sp.tanh, math.tanh),
    "sinh": Spec(1, 1, sp.sinh, math.sinh),
    "cosh": Spec(1, 1, sp.cosh, math.cosh),
    "arctan": Spec(1, 1, sp.atan, math.atan),
    "erf": Spec(1, 1, sp.erf, math.erf),
    "sigmoid": Spec(1, 1, sigmoid, _guarded(special.expit)),
    "softplus": Spec(1, 1, softplus, _guarded(lambda u: np.logaddexp(0.0, u))),
    "min": Spec(2, MAX_ARGS, sp.Min, min),
    "max": Spec(2, MAX_ARGS, sp.Max, max),
    "where": Spec(3, 3, None, None),
}


def registry_names() -> tuple[str, ...]:
    """Registry keys a formula may call (those not shadowed by a built-in name)."""
    return tuple(k for k in core.names() if k.isidentifier() and k not in FUNCS and k not in CONSTANTS)


def known_names() -> tuple[str, ...]:
    return ("x", *CONSTANTS, *FUNCS, *registry_names())


@dataclass
class Built:
    """A subexpression and, when it is constant, its float value."""

    expr: sp.Basic
    value: float | None = None


@dataclass
class Formula:
    text: str
    expr: sp.Expr
    params: tuple[str, ...] = field(default_factory=tuple)


def build(text: object) -> Formula:
    """Parse `text` into a SymPy expression in x; raise `ExpressionError` for anything refused."""
    tree = _parse_tree(_check_text(text))
    _check_tree(tree)
    try:
        expr = _Builder().visit(tree.body).expr
    except ExpressionError:
        raise
    except (ArithmeticError, ValueError, TypeError, RecursionError, MemoryError) as exc:
        raise ExpressionError(f"could not understand the formula ({type(exc).__name__})") from None
    if not isinstance(expr, sp.Expr) or X not in expr.free_symbols:
        raise ExpressionError("the formula is not a function of x",
                              hint="it must use x, e.g. x * sigmoid(x)")
    params = tuple(sorted(s.name for s in expr.free_symbols if s != X))
    if len(params) > MAX_PARAMS:
        raise ExpressionError(f"too many parameters ({', '.join(params)}); at most {MAX_PARAMS}")
    return Formula(text=str(text), expr=expr, params=params)


def _check_text(text: object) -> str:
    if not isinstance(text, str):
        raise ExpressionError(f"a formula must be text, not {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"the formula is too long ({len(text)} characters; at most {MAX_LENGTH})")
    if not text.strip():
        raise ExpressionError("the formula is empty", hint="type a formula in x, e.g. x * sigmoid(x)")
    for i, ch in enumerate(text):
        if ch not in ALLOWED_CHARS:
            shown = f"`{ch}`" if ch.isprintable() and ch.isascii() else f"U+{ord(ch):04X}"
            hint = {"^": "use ** for powers", "[": "use ( ) for grouping", "{": "use ( ) for grouping"}.get(
                ch, "formulas use plain ASCII letters, digits and + - * / ** ( ) , < > =")
            raise ExpressionError(f"character {shown} is not allowed", i + 1, hint)
    depth = 0
    for i, ch in enumerate(text):
        depth += (ch == "(") - (ch == ")")
        if depth > MAX_DEPTH:
            raise ExpressionError(f"parentheses are nested too deeply (at most {MAX_DEPTH})", i + 1)
    return text


def _parse_tree(text: str) -> ast.Expression:
    lead = len(text) - len(text.lstrip())  # eval mode refuses leading blanks; columns count them
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        column = (exc.offset or 0) + lead or None
        hint = "write 2*x for a product" if "decimal literal" in str(exc.msg) else ""
        raise ExpressionError(f"syntax error ({exc.msg})", column, hint) from None
    except (ValueError, RecursionError, MemoryError, OverflowError):
        raise ExpressionError("the formula could not be read") from None
    for node in ast.walk(tree):
        if hasattr(node, "col_offset"):
            node.col_offset += lead
    return tree


def _column(node: ast.AST) -> int | None:
    offset = getattr(node, "col_offset", None)
    return None if offset is None else offset + 1


def _check_tree(tree: ast.Expression) -> None:
    """Node types, names, size and depth, before anything is built."""
    count = 0
    stack = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        count += 1
        if count > MAX_NODES:
            raise ExpressionError(f"the formula is too large (more than {MAX_NODES} parts)")
        if depth > MAX_DEPTH:
            raise ExpressionError(f"the formula is nested too deeply (at most {MAX_DEPTH} levels)", _column(node))
        if not isinstance(node, NODE_TYPES):
            what = REFUSED.get(type(node), f"`{type(node).__name__}`")
            raise ExpressionError(f"{what} is not allowed", _column(node))
        if isinstance(node, ast.Name) and node.id.startswith("_"):
            raise ExpressionError(f"names may not start with an underscore (`{node.id}`)", _column(node))
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))


class _Builder:
    """Builds `Built` values bottom-up; every method checks its own node."""

    def visit(self, node: ast.AST) -> Built:
        method = getattr(self, "visit_" + type(node).__name__, None)
        if method is None:
            raise ExpressionError(f"`{type(node).__name__}` is not allowed", _column(node))
        out = method(node)
        _check_result(out, node)
        return out

    def visit_Constant(self, node: ast.Constant) -> Built:
        v = node.value
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise ExpressionError(f"only numbers are allowed, not {type(v).__name__}", _column(node))
        if isinstance(v, float) and not math.isfinite(v):
            raise ExpressionError("number too large", _column(node))
        if abs(v) > MAX_MAGNITUDE:
            raise ExpressionError("number too large", _column(node))
        return Built(sp.Integer(v) if isinstance(v, int) else sp.Float(v), float(v))

    def visit_Name(self, node: ast.Name) -> Built:
        name = node.id
        if name == "x":
            return Built(X)
        if name in CONSTANTS:
            sym, value = CONSTANTS[name]
            return Built(sym, value)
        if name in FUNCS or name in registry_names():
            raise ExpressionError(f"`{name}` is a function", _column(node), f"call it as {name}(...)")
        if len(name) == 1:
            return Built(sp.Symbol(name, real=True))
        raise _unknown(name, node)

    def visit_UnaryOp(self, node: ast.UnaryOp) -> Built:
        inner = self.visit(node.operand)
        if isinstance(node.op, ast.UAdd):
            return inner
        return Built(-inner.expr, None if inner.value is None else -inner.value)

    def visit_BinOp(self, node: ast.BinOp) -> Built:
        left, right = self.visit(node.left), self.visit(node.right)
        op = type(node.op)
        if op is ast.Pow:
            return _power(left, right, node)
        if op is ast.Div and right.value == 0.0:
            raise ExpressionError("division by zero", _column(node))
        sym = {ast.Add: sp.Add, ast.Sub: lambda a, b: a - b, ast.Mult: sp.Mul, ast.Div: lambda a, b: a / b}[op]
        num = {ast.Add: float.__add__, ast.Sub: float.__sub__, ast.Mult: float.__mul__,
               ast.Div: float.__truediv__}[op]
        const = None if left.value is None or right.value is None else num(left.value, right.value)
        return Built(sym(left.expr, right.expr), const)

    def visit_Compare(self, node: ast.Compare) -> Built:
        raise ExpressionError("comparisons are only allowed as the first argument of where(...)", _column(node))

    def visit_Call(self, node: ast.Call) -> Built:
        if not isinstance(node.func, ast.Name):
            raise ExpressionError("only named functions can be called", _column(node))
        name = node.func.id
        if node.keywords:
            raise ExpressionError(f"keyword arguments are not allowed in {name}(...)", _column(node))
        if name == "x" or name in CONSTANTS or (len(name) == 1 and name not in FUNCS):
            raise ExpressionError(f"`{name}` is not a function", _column(node), f"write {name}*(...) for a product")
        if name in FUNCS:
            spec = FUNCS[name]
        elif name in registry_names():
            n = len(core.get(name).params)
            spec = Spec(1, 1 + n, None, None)
        else:
            raise _unknown(name, node.func, call=True)
        if not spec.min_args <= len(node.args) <= spec.max_args:
            want = str(spec.min_args) if spec.min_args == spec.max_args else f"{spec.min_args} to {spec.max_args}"
            raise ExpressionError(f"{name}(...) takes {want} argument(s), got {len(node.args)}", _column(node))
        if name == "where":
            return self._where(node)
        args = [self.visit(a) for a in node.args]
        if spec.sym is None:
            return _registry_call(name, args, node)
        const = None
        if all(a.value is not None for a in args):
            const = _float(spec.num, [a.value for a in args], node)
        return Built(spec.sym(*(a.expr for a in args)), const)

    def _where(self, node: ast.Call) -> Built:
        cond_node = node.args[0]
        if not isinstance(cond_node, ast.Compare):
            raise ExpressionError("the first argument of where(...) must be a comparison such as x > 0",
                                  _column(cond_node))
        if len(cond_node.ops) != 1:
            raise ExpressionError("use a single comparison in where(...)", _column(cond_node))
        op = type(cond_node.ops[0])
        if op not in COMPARISONS:
            what = REFUSED.get(op, f"`{op.__name__}`")
            raise ExpressionError(f"{what} is not allowed in where(...)", _column(cond_node))
        lhs, rhs = self.visit(cond_node.left), self.visit(cond_node.comparators[0])
        then, other = self.visit(node.args[1]), self.visit(node.args[2])
        cond = COMPARISONS[op](lhs.expr, rhs.expr)
        const = None
        if None not in (lhs.value, rhs.value, then.value, other.value):
            holds = {ast.Lt: lhs.value < rhs.value, ast.LtE: lhs.value <= rhs.value,
                     ast.Gt: lhs.value > rhs.value, ast.GtE: lhs.value >= rhs.value}[op]
            const = then.value if holds else other.value
        return Built(sp.Piecewise((then.expr, cond), (other.expr, True)), const)


def _registry_call(key: str, args: list[Built], node: ast.Call) -> Built:
    act = core.get(key)
    for arg, param, arg_node in zip(args[1:], act.params, node.args[1:]):
        if X in arg.expr.free_symbols:
            raise ExpressionError(f"the parameter {param.name} of {key}(...) cannot depend on x", _column(arg_node))
        if arg.value is not None:
            try:
                param.check(arg.value)
            except core.ParameterError as exc:
                raise ExpressionError(str(exc), _column(arg_node)) from None
    const = None
    if all(a.value is not None for a in args):
        const = _float(lambda *v: float(act.f(v[0], **dict(zip((p.name for p in act.params), v[1:])))),
                       [a.value for a in args], node)
    return Built(registry_function(key)(*(a.expr for a in args)), const)


def _power(base: Built, exponent: Built, node: ast.BinOp) -> Built:
    if exponent.value is not None and abs(exponent.value) > MAX_EXPONENT:
        raise ExpressionError(f"exponent too large (at most {MAX_EXPONENT})", _column(node.right))
    if base.value is None or exponent.value is None:
        return Built(sp.Pow(base.expr, exponent.expr))
    value = _float(math.pow, [base.value, exponent.value], node)
    b, e = base.expr, exponent.expr
    if isinstance(b, sp.Rational) and isinstance(e, sp.Integer):
        if abs(int(e)) * (b.p.bit_length() + b.q.bit_length()) > MAX_RATIONAL_BITS:
            return Built(sp.Float(value), value)  # exact would be a huge fraction
    return Built(sp.Pow(b, e), value)


def _float(fn, values: list[float], node: ast.AST) -> float:
    """A constant's float value, or an `ExpressionError` saying why there is none."""
    try:
        with np.errstate(all="raise"):
            out = fn(*values)
    except ZeroDivisionError:
        raise ExpressionError("division by zero", _column(node)) from None
    except (OverflowError, FloatingPointError):
        raise ExpressionError("a number in the formula is too large", _column(node)) from None
    except (ValueError, core.ActivationError):
        raise ExpressionError("a constant in the formula is undefined (e.g. log or sqrt of a negative number)",
                              _column(node)) from None
    if isinstance(out, complex):
        raise ExpressionError("a constant in the formula is not a real number", _column(node))
    return float(out)


def _check_result(out: Built, node: ast.AST) -> None:
    if out.value is not None:
        if math.isnan(out.value):
            raise ExpressionError("a constant in the formula is undefined", _column(node))
        if not abs(out.value) <= MAX_MAGNITUDE:
            raise ExpressionError("a number in the formula is too large", _column(node))
    expr = out.expr
    if isinstance(expr, sp.Expr) and expr.has(sp.zoo, sp.nan, sp.oo, -sp.oo, sp.I):
        raise ExpressionError("part of the formula is undefined (division by zero?)", _column(node))
    if isinstance(node, ast.BinOp):  # SymPy merges powers: (x**100)**100 is x**10000
        for p in expr.atoms(sp.Pow):
            if p.exp.is_Number and abs(p.exp) > MAX_EXPONENT:
                raise ExpressionError(f"exponent too large (at most {MAX_EXPONENT})", _column(node))


def _unknown(name: str, node: ast.AST, call: bool = False) -> ExpressionError:
    close = difflib.get_close_matches(name, known_names(), n=1, cutoff=0.6)
    if close:
        return ExpressionError(f"unknown name `{name}`", _column(node), f"did you mean `{close[0]}`?")
    if call:
        return ExpressionError(f"unknown function `{name}`", _column(node),
                               "use one of " + ", ".join(FUNCS) + " or a built-in activation's key")
    return ExpressionError(f"unknown name `{name}`", _column(node), "parameters must be single letters")
