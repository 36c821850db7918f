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

from .. import core
from .functions import expm1, log1p, registry_function, sigmoid, softplus

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
Term = core.Term
REFUSED = {  # friendlier words for node types people may try
    ast.Attribute: Term("attribute", "attribute access (`.name`)"),
    ast.Subscript: Term("subscript", "subscripts (`[...]`)"),
    ast.Lambda: Term("lambda", "lambda"), ast.IfExp: Term("if_else", "`a if c else b` (use where(c, a, b))"),
    ast.NamedExpr: Term("walrus", "assignment (`:=`)"), ast.JoinedStr: Term("strings", "strings"),
    ast.BoolOp: Term("and_or", "`and`/`or`"), ast.FloorDiv: Term("floor_div", "floor division `//`"),
    ast.Mod: Term("mod", "`%`"), ast.BitXor: Term("xor", "`^` (use ** for powers)"),
    ast.Eq: Term("eq", "`==` (use <, <=, > or >=)"), ast.NotEq: Term("not_eq", "`!=`"), ast.Not: Term("not", "`not`"),
}
HINTS = {  # suggestions that follow a refusal
    "example": Term("example", "it must use x, e.g. x * sigmoid(x)"),
    "type_formula": Term("type_formula", "type a formula in x, e.g. x * sigmoid(x)"),
    "power": Term("power", "use ** for powers"),
    "grouping": Term("grouping", "use ( ) for grouping"),
    "ascii": Term("ascii", "formulas use plain ASCII letters, digits and + - * / ** ( ) , < > ="),
    "product": Term("product", "write 2*x for a product"),
    "call": Term("call", "call it as {name}(...)"),
    "times": Term("times", "write {name}*(...) for a product"),
    "did_you_mean": Term("did_you_mean", "did you mean `{suggestion}`?"),
    "functions": Term("functions", "use one of {functions} or a built-in activation's key"),
    "single_letters": Term("single_letters", "parameters must be single letters"),
    "simpler": Term("simpler", "try a simpler formula"),
}


class ExpressionError(core.ActivationError, ValueError):
    """A formula refused by the parser: `column` (1-based) points at the culprit when known."""

    @classmethod
    def at(cls, err: core.CodedError, column: int | None) -> ExpressionError:
        """Another coded error (a parameter out of bounds, say) as a refusal at `column`."""
        return cls(err.code, err.template, column, err.hint, **err.fields)


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
    inner: dict[str, tuple[core.Param, ...]] = field(default_factory=dict)  # see _Builder


def build(text: object) -> Formula:
    """Parse `text` into a SymPy expression in x; raise `ExpressionError` for anything refused."""
    tree = _parse_tree(_check_text(text))
    _check_tree(tree)
    builder = _Builder()
    try:
        expr = builder.visit(tree.body).expr
    except ExpressionError:
        raise
    except (ArithmeticError, ValueError, TypeError, RecursionError, MemoryError) as exc:
        raise ExpressionError("not_understood", "could not understand the formula ({kind})",
                              kind=type(exc).__name__) from None
    if not isinstance(expr, sp.Expr) or X not in expr.free_symbols:
        raise ExpressionError("no_x", "the formula is not a function of x", hint=HINTS["example"])
    params = tuple(sorted(s.name for s in expr.free_symbols if s != X))
    if len(params) > MAX_PARAMS:
        raise ExpressionError("too_many_params", "too many parameters ({names}); at most {limit}",
                              names=", ".join(params), limit=MAX_PARAMS)
    return Formula(text=str(text), expr=expr, params=params,
                   inner={name: tuple(ps) for name, ps in builder.inner.items() if name in params})


def _check_text(text: object) -> str:
    if not isinstance(text, str):
        raise not_text(text)
    if len(text) > MAX_LENGTH:
        raise ExpressionError("too_long", "the formula is too long ({length} characters; at most {limit})",
                              length=len(text), limit=MAX_LENGTH)
    if not text.strip():
        raise ExpressionError("empty", "the formula is empty", hint=HINTS["type_formula"])
    for i, ch in enumerate(text):
        if ch not in ALLOWED_CHARS:
            shown = f"`{ch}`" if ch.isprintable() and ch.isascii() else f"U+{ord(ch):04X}"
            hint = HINTS[{"^": "power", "[": "grouping", "{": "grouping"}.get(ch, "ascii")]
            raise ExpressionError("bad_character", "character {char} is not allowed", i + 1, hint, char=shown)
    depth = 0
    for i, ch in enumerate(text):
        depth += (ch == "(") - (ch == ")")
        if depth > MAX_DEPTH:
            raise ExpressionError("deep_parentheses", "parentheses are nested too deeply (at most {limit})", i + 1,
                                  limit=MAX_DEPTH)
    return text


def _parse_tree(text: str) -> ast.Expression:
    lead = len(text) - len(text.lstrip())  # eval mode refuses leading blanks; columns count them
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        column = (exc.offset or 0) + lead or None
        raise _syntax_error(str(exc.msg), column) from None
    except (ValueError, RecursionError, MemoryError, OverflowError):
        raise ExpressionError("unreadable", "the formula could not be read") from None
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
            raise ExpressionError("too_large", "the formula is too large (more than {limit} parts)", limit=MAX_NODES)
        if depth > MAX_DEPTH:
            raise ExpressionError("too_deep", "the formula is nested too deeply (at most {limit} levels)",
                                  _column(node), limit=MAX_DEPTH)
        if not isinstance(node, NODE_TYPES):
            what = REFUSED.get(type(node), f"`{type(node).__name__}`")
            raise ExpressionError("not_allowed", "{what} is not allowed", _column(node), what=what)
        if isinstance(node, ast.Name) and node.id.startswith("_"):
            raise ExpressionError("underscore", "names may not start with an underscore (`{name}`)", _column(node),
                                  name=node.id)
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))


class _Builder:
    """Builds `Built` values bottom-up; every method checks its own node. `inner` collects, for a
    formula parameter passed straight to a built-in (`leaky_relu(x, a)`), that built-in's Param."""

    def __init__(self):
        self.inner: dict[str, list[core.Param]] = {}

    def visit(self, node: ast.AST) -> Built:
        method = getattr(self, "visit_" + type(node).__name__, None)
        if method is None:
            raise ExpressionError("not_allowed", "{what} is not allowed", _column(node),
                                  what=f"`{type(node).__name__}`")
        out = method(node)
        _check_result(out, node)
        return out

    def visit_Constant(self, node: ast.Constant) -> Built:
        v = node.value
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise ExpressionError("only_numbers", "only numbers are allowed, not {kind}", _column(node),
                                  kind=type(v).__name__)
        if (isinstance(v, float) and not math.isfinite(v)) or abs(v) > MAX_MAGNITUDE:
            raise ExpressionError("number_too_large", "number too large", _column(node))
        return Built(sp.Integer(v) if isinstance(v, int) else sp.Float(v), float(v))

    def visit_Name(self, node: ast.Name) -> Built:
        name = node.id
        if name == "x":
            return Built(X)
        if name in CONSTANTS:
            sym, value = CONSTANTS[name]
            return Built(sym, value)
        if name in FUNCS or name in registry_names():
            raise ExpressionError("is_function", "`{name}` is a function", _column(node), HINTS["call"], name=name)
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
            raise ExpressionError("division_by_zero", "division by zero", _column(node))
        sym = {ast.Add: sp.Add, ast.Sub: lambda a, b: a - b, ast.Mult: sp.Mul, ast.Div: lambda a, b: a / b}[op]
        num = {ast.Add: float.__add__, ast.Sub: float.__sub__, ast.Mult: float.__mul__,
               ast.Div: float.__truediv__}[op]
        const = None if left.value is None or right.value is None else num(left.value, right.value)
        return Built(sym(left.expr, right.expr), const)

    def visit_Compare(self, node: ast.Compare) -> Built:
        raise ExpressionError("comparison_outside_where",
                              "comparisons are only allowed as the first argument of where(...)", _column(node))

    def visit_Call(self, node: ast.Call) -> Built:
        if not isinstance(node.func, ast.Name):
            raise ExpressionError("call_unnamed", "only named functions can be called", _column(node))
        name = node.func.id
        if node.keywords:
            raise ExpressionError("keywords", "keyword arguments are not allowed in {name}(...)", _column(node),
                                  name=name)
        if name == "x" or name in CONSTANTS or (len(name) == 1 and name not in FUNCS):
            raise ExpressionError("not_function", "`{name}` is not a function", _column(node), HINTS["times"],
                                  name=name)
        if name in FUNCS:
            spec = FUNCS[name]
        elif name in registry_names():
            n = len(core.get(name).params)
            spec = Spec(1, 1 + n, None, None)
        else:
            raise _unknown(name, node.func, call=True)
        if not spec.min_args <= len(node.args) <= spec.max_args:
            want = str(spec.min_args) if spec.min_args == spec.max_args else f"{spec.min_args} to {spec.max_args}"
            raise ExpressionError("argument_count", "{name}(...) takes {want} argument(s), got {count}", _column(node),
                                  name=name, want=want, count=len(node.args))
        if name == "where":
            return self._where(node)
        args = [self.visit(a) for a in node.args]
        if spec.sym is None:
            return _registry_call(name, args, node, self.inner)
        const = None
        if all(a.value is not None for a in args):
            const = _float(spec.num, [a.value for a in args], node)
        return Built(spec.sym(*(a.expr for a in args)), const)

    def _where(self, node: ast.Call) -> Built:
        cond_node = node.args[0]
        if not isinstance(cond_node, ast.Compare):
            raise ExpressionError("where_condition", "the first argument of where(...) must be a comparison such as "
                                  "x > 0", _column(cond_node))
        if len(cond_node.ops) != 1:
            raise ExpressionError("where_chain", "use a single comparison in where(...)", _column(cond_node))
        op = type(cond_node.ops[0])
        if op not in COMPARISONS:
            what = REFUSED.get(op, f"`{op.__name__}`")
            raise ExpressionError("not_allowed_in_where", "{what} is not allowed in where(...)", _column(cond_node),
                                  what=what)
        lhs, rhs = self.visit(cond_node.left), self.visit(cond_node.comparators[0])
        then, other = self.visit(node.args[1]), self.visit(node.args[2])
        cond = COMPARISONS[op](lhs.expr, rhs.expr)
        const = None
        if None not in (lhs.value, rhs.value, then.value, other.value):
            holds = {ast.Lt: lhs.value < rhs.value, ast.LtE: lhs.value <= rhs.value,
                     ast.Gt: lhs.value > rhs.value, ast.GtE: lhs.value >= rhs.value}[op]
            const = then.value if holds else other.value
        return Built(sp.Piecewise((then.expr, cond), (other.expr, True)), const)


def _registry_call(key: str, args: list[Built], node: ast.Call, inner: dict[str, list[core.Param]]) -> Built:
    act = core.get(key)
    for arg, param, arg_node in zip(args[1:], act.params, node.args[1:]):
        if isinstance(arg.expr, sp.Symbol) and arg.expr != X:
            inner.setdefault(arg.expr.name, []).append(param)
        if X in arg.expr.free_symbols:
            raise ExpressionError("param_depends_on_x", "the parameter {name} of {key}(...) cannot depend on x",
                                  _column(arg_node), name=param.name, key=key)
        if arg.value is not None:
            try:
                param.check(arg.value)
            except core.ParameterError as exc:
                raise ExpressionError.at(exc, _column(arg_node)) from None
    given = {p.name: a.value for p, a in zip(act.params, args[1:])}
    if None not in given.values():
        try:
            act.resolve(**given)  # parameters that only fail together (RReLU's lower > upper)
        except core.ParameterError as exc:
            raise ExpressionError.at(exc, _column(node)) from None
    const = None
    if all(a.value is not None for a in args):
        const = _float(lambda *v: float(act.f(v[0], **dict(zip((p.name for p in act.params), v[1:])))),
                       [a.value for a in args], node)
    return Built(registry_function(key)(*(a.expr for a in args)), const)


def _power(base: Built, exponent: Built, node: ast.BinOp) -> Built:
    if exponent.value is not None and abs(exponent.value) > MAX_EXPONENT:
        raise exponent_too_large(node.right)
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
        raise ExpressionError("division_by_zero", "division by zero", _column(node)) from None
    except (OverflowError, FloatingPointError):
        raise ExpressionError("too_big", "a number in the formula is too large", _column(node)) from None
    except (ValueError, core.ActivationError):
        raise ExpressionError("undefined_constant", "a constant in the formula is undefined (e.g. log or sqrt of "
                              "a negative number)", _column(node)) from None
    if isinstance(out, complex):
        raise ExpressionError("not_real", "a constant in the formula is not a real number", _column(node))
    return float(out)


def _check_result(out: Built, node: ast.AST) -> None:
    if out.value is not None:
        if math.isnan(out.value):
            raise ExpressionError("undefined", "a constant in the formula is undefined", _column(node))
        if not abs(out.value) <= MAX_MAGNITUDE:
            raise ExpressionError("too_big", "a number in the formula is too large", _column(node))
    expr = out.expr
    if isinstance(expr, sp.Expr) and expr.has(sp.zoo, sp.nan, sp.oo, -sp.oo, sp.I):
        raise ExpressionError("undefined_part", "part of the formula is undefined (division by zero?)", _column(node))
    if isinstance(node, ast.BinOp):  # SymPy merges powers: (x**100)**100 is x**10000
        for p in expr.atoms(sp.Pow):
            if p.exp.is_Number and abs(p.exp) > MAX_EXPONENT:
                raise exponent_too_large(node)


def _unknown(name: str, node: ast.AST, call: bool = False) -> ExpressionError:
    close = difflib.get_close_matches(name, known_names(), n=1, cutoff=0.6)
    if close:
        return ExpressionError("unknown_name", "unknown name `{name}`", _column(node), HINTS["did_you_mean"],
                               name=name, suggestion=close[0])
    if call:
        return ExpressionError("unknown_function", "unknown function `{name}`", _column(node), HINTS["functions"],
                               name=name, functions=", ".join(FUNCS))
    return ExpressionError("unknown_name", "unknown name `{name}`", _column(node), HINTS["single_letters"], name=name)


def not_text(text: object) -> ExpressionError:
    return ExpressionError("not_text", "a formula must be text, not {kind}", kind=type(text).__name__)


def exponent_too_large(node: ast.AST) -> ExpressionError:
    return ExpressionError("exponent_too_large", "exponent too large (at most {limit})", _column(node),
                           limit=MAX_EXPONENT)


# Python's own words for common slips, said in ours (so they can be translated), with a hint if
# one helps; others are quoted
SYNTAX = (
    ("was never closed", Term("unclosed", "a bracket is never closed"), None),
    ("unmatched", Term("unmatched", "a closing bracket has no opening one"), None),
    ("does not match", Term("mismatched", "the closing bracket does not match the opening one"), None),
    ("decimal literal", Term("number_then_name", "a number runs into a name"), HINTS["product"]),
    ("unexpected EOF", Term("incomplete", "the formula ends too early"), None),
    ("invalid syntax", Term("invalid", "this cannot be read as a formula"), None),
)


def _syntax_error(msg: str, column: int | None) -> ExpressionError:
    problem, hint = next(((term, hint) for words, term, hint in SYNTAX if words in msg), (msg, None))
    return ExpressionError("syntax", "syntax error ({problem})", column, hint, problem=problem)
