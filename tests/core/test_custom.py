"""User-typed activations: exact derivatives, the Activation contract, export, kinks, limits.

References are independent of SymPy: a NumPy function composed alongside each
generated formula, central differences of it, scipy closed forms and the
registry's own definitions.
"""
from __future__ import annotations

import math
import os
import re

import mpmath
import numpy as np
import pytest
import scipy.special as ss
import sympy as sp
import torch
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import activations
from activations import formula
from activations.formula import derive, stable
from tests.ci import examples
from tests.core.slow_steps import quick_then_stuck, stuck

# -- a grammar of formulas, each with an independent NumPy evaluation -----------------------------
UNARY = {
    "exp": np.exp, "sin": np.sin, "cos": np.cos, "tanh": np.tanh, "arctan": np.arctan, "sigmoid": ss.expit,
    "softplus": lambda u: np.logaddexp(0.0, u), "erf": ss.erf, "abs": np.abs, "expm1": np.expm1,
    "log1p": np.log1p, "log": np.log, "sqrt": np.sqrt, "sinh": np.sinh, "cosh": np.cosh, "tan": np.tan,
}
REGISTRY = ["relu", "softsign", "elu", "neg_sigmoid", "hardtanh", "selu"]
NUMBERS = ["0.5", "2", "3", "1.5", "0.25"]


# The app gives simplification SIMPLIFY_SECONDS (3 s); tests of what it writes give it ample time, so that
# a loaded machine cannot turn them into tests of the clock (the limit has its own tests below).
AMPLE = 120.0


def _leaf():
    return st.one_of(
        st.just(("x", lambda x, p: x)),
        st.sampled_from("ab").map(lambda n: (n, lambda x, p: np.full_like(x, p[n]))),
        st.sampled_from(NUMBERS).map(lambda s: (s, lambda x, p: np.full_like(x, float(s)))),
    )


def _apply(name, inner):
    text, f = inner
    g = UNARY.get(name) or activations.get(name).f
    return f"{name}({text})", lambda x, p: g(f(x, p))


def _binary(left, op, right):
    ops = {"+": np.add, "-": np.subtract, "*": np.multiply, "/": np.divide}
    return f"({left[0]}) {op} ({right[0]})", lambda x, p: ops[op](left[1](x, p), right[1](x, p))


def _power(inner, n):
    return f"({inner[0]})**{n}", lambda x, p: inner[1](x, p) ** int(n)


def _extreme(name, a, b):
    g = np.maximum if name == "max" else np.minimum
    return f"{name}({a[0]}, {b[0]})", lambda x, p: g(a[1](x, p), b[1](x, p))


def _where(c, d, a, b):
    return (f"where({c[0]} > {d[0]}, {a[0]}, {b[0]})",
            lambda x, p: np.where(c[1](x, p) > d[1](x, p), a[1](x, p), b[1](x, p)))


def _extend(inner):
    return st.one_of(
        st.builds(_apply, st.sampled_from(sorted(UNARY) + REGISTRY), inner),
        st.builds(_binary, inner, st.sampled_from("+-*/"), inner),
        st.builds(_power, inner, st.sampled_from(["2", "3"])),
        st.builds(_extreme, st.sampled_from(["max", "min"]), inner, inner),
        st.builds(_where, inner, inner, inner, inner),
    )


def _in_x(formula):
    """The formula itself if it reads x, else it times x: a formula without x is refused, and
    drawing it only to throw it away cost four draws in ten."""
    if re.search(r"\bx\b", formula[0]):
        return formula
    return _binary(formula, "*", ("x", lambda x, p: x))


FORMULAS = st.recursive(_leaf(), _extend, max_leaves=6).map(_in_x)
PARAMS = st.fixed_dictionaries({"a": st.floats(0.5, 2.0), "b": st.floats(-2.0, 2.0)})
# CUSTOM_EXAMPLES raises it for a deeper search
EXAMPLES = int(os.environ.get("CUSTOM_EXAMPLES", 0)) or examples(dev=40, ci=300)
ACCEPTABLE_REFUSALS = ("not a function of x", "undefined", "too large", "division by zero")


def _parse_or_reject(text: str):
    try:
        return formula.parse(text)
    except formula.ExpressionError as exc:
        assert any(r in exc.message for r in ACCEPTABLE_REFUSALS), (text, exc.message)
        assume(False)


def _central(fn, x, h):
    with np.errstate(all="ignore"):
        return (fn(x + h) - fn(x - h)) / (2 * h)


def _reliable_fd(fn, x):
    """Central differences at h and h/2, and where they agree (f smooth there); NaN elsewhere."""
    h = 1e-5 * np.maximum(1.0, np.abs(x))
    d1, d2 = _central(fn, x, h), _central(fn, x, h / 2)
    ok = np.isfinite(d1) & np.isfinite(d2) & (np.abs(d1 - d2) <= 1e-6 * (1 + np.abs(d2)))
    return np.where(ok, (4 * d2 - d1) / 3, np.nan)  # Richardson: error O(h^4)


@pytest.mark.timeout(3 * 600)  # 300 examples in CI: about a second each when the machine is busy
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(formula=FORMULAS, values=PARAMS)
def test_generated_formula_matches_its_reference_and_derivatives_match_differences(formula, values):
    text, ref = formula
    act = _parse_or_reject(text)
    params = {p.name: values[p.name] for p in act.params}
    x = np.linspace(-3, 3, 121) + 0.0173
    with np.errstate(all="ignore"):
        expected = ref(x, values)
    got = act.f(x, **params)
    finite = np.isfinite(expected) & (np.abs(expected) < 1e12)
    np.testing.assert_allclose(got[finite], expected[finite], rtol=1e-7, atol=1e-7, err_msg=text)

    fd = _reliable_fd(lambda t: ref(t, values), x)
    # where |f| is beyond 1e12 a difference of f cannot resolve a slope of order 1 (x + 1/1e-177)
    checked = np.isfinite(fd) & (np.abs(fd) < 1e8) & finite
    assume(checked.sum() >= 10)
    np.testing.assert_allclose(act.df(x[checked], **params), fd[checked], rtol=1e-5, atol=1e-6, err_msg=text)

    fd2 = _reliable_fd(lambda t: act.df(t, **params), x)
    checked2 = np.isfinite(fd2) & (np.abs(fd2) < 1e8)
    np.testing.assert_allclose(act.d2f(x[checked2], **params), fd2[checked2], rtol=1e-4, atol=1e-5,
                               err_msg=text)


TOKENS = ["x", "a", "b", "e", "pi", "1", "2.5", "0", "(", ")", "+", "-", "*", "/", "**", ",", ">", "<=",
          " ", "exp", "log", "max", "where", "relu", "leaky_relu", "sqrt", "1e308", "__class__", ".", "_",
          "sigmoid", "abs", "9", "x(", "lambda", ":", "'", "[", "]"]


def _refused_or_sound(text: str) -> None:
    """`text` is either refused with an ExpressionError or parses into an activation keeping the contract."""
    try:
        act = formula.parse(text)
    except formula.ExpressionError:
        return
    _assert_contract(act)


def _assert_contract(act):
    x = np.linspace(-4, 4, 33)
    for which in ("f", "df", "d2f"):
        out = getattr(act, which)(x)
        assert out.shape == x.shape and out.dtype == np.float64
    assert act.kinks() == tuple(sorted(set(act.kinks())))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_random_text_raises_nothing_but_expression_error(text):
    _refused_or_sound(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(TOKENS), max_size=30).map("".join))
def test_random_token_soup_raises_nothing_but_expression_error(text):
    _refused_or_sound(text)


# -- custom versions of built-ins agree with the registry and with closed forms -------------------
X_ALL = X = np.concatenate([np.linspace(-30, 30, 601), [0.0, 1e-300, -1e-300, 1e-8, -1e-8]])
SAME_AS = [
    ("max(x, 0)", "relu", lambda x: np.maximum(x, 0), lambda x: (x > 0).astype(float)),
    ("log(1 + exp(x))", "softplus", lambda x: np.logaddexp(0, x), ss.expit),
    ("where(x > 0, x, a*(exp(x) - 1))", "elu", lambda x: np.where(x > 0, x, np.expm1(x)),
     lambda x: np.where(x > 0, 1.0, np.exp(x))),
    ("x * sigmoid(x)", "silu", lambda x: x * ss.expit(x), lambda x: ss.expit(x) * (1 + x * ss.expit(-x))),
]


@pytest.mark.parametrize("text, key, f_ref, df_ref", SAME_AS, ids=[c[0] for c in SAME_AS])
def test_custom_version_of_a_builtin_agrees(text, key, f_ref, df_ref):
    act = formula.parse(text)
    X = X_ALL[np.min(np.abs(X_ALL[:, None] - np.array([[0.0]])), axis=1) > 0]  # conventions differ at kinks
    np.testing.assert_allclose(act.f(X), f_ref(X), rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(act.df(X), df_ref(X), rtol=1e-10, atol=1e-300)
    builtin = activations.get(key)
    np.testing.assert_allclose(act.f(X), builtin.f(X), rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(act.df(X), builtin.df(X), rtol=1e-10, atol=1e-300)


def test_relu_formula_matches_the_registry_exactly_and_splits_the_tie_like_torch_maximum():
    act, relu = formula.parse("max(x, 0)"), activations.get("relu")
    away = X[X != 0]
    assert np.array_equal(act.f(X), relu.f(X)) and np.array_equal(act.df(away), relu.df(away))
    assert act.df(0.0) == 0.5 and act.kinks() == (0.0,)  # torch.maximum(x, 0) gives 1/2 at the tie


def test_ties_on_an_interval_get_the_common_slope():
    act = formula.parse("max(x, abs(x))")  # equal for x >= 0
    assert act.df(np.array([-2.0, 0.5, 3.0])).tolist() == [-1.0, 1.0, 1.0]


def test_registry_functions_inside_a_formula_use_their_own_derivatives():
    act = formula.parse("relu(x - 1) + hardtanh(2*x) + sin(x)")
    relu, ht = activations.get("relu"), activations.get("hardtanh")
    x = np.linspace(-3, 3, 61) + 0.013
    np.testing.assert_allclose(act.f(x), relu.f(x - 1) + ht.f(2 * x) + np.sin(x), rtol=1e-13)
    np.testing.assert_allclose(act.df(x), relu.df(x - 1) + 2 * ht.df(2 * x) + np.cos(x), rtol=1e-13)
    assert act.kinks() == (-0.5, 0.5, 1.0)


def test_registry_parameters_can_be_passed_positionally():
    act = formula.parse("leaky_relu(x, 0.2)")
    x = np.array([-2.0, 3.0])
    assert act.f(x).tolist() == [-0.4, 3.0] and act.df(x).tolist() == [0.2, 1.0]


# -- the Activation contract ---------------------------------------------------------------------
EXAMPLES = ["x * sigmoid(b*x)", "max(x, 0) + a*min(x, 0)", "log(1 + exp(x))", "sin(x) + x/2",
            "x * tanh(log(1 + exp(x)))", "where(x > 0, x, a*(exp(x) - 1))", "erf(x) * log1p(x**2)",
            "abs(x - a)**3", "relu(x) * sigmoid(x)", "x / (1 + abs(x))"]


@pytest.mark.parametrize("text", EXAMPLES)
def test_issue_examples_are_complete_definitions(text):
    act = formula.parse(text)
    assert isinstance(act, activations.Activation) and act.family in activations.FAMILIES
    assert act.key == "custom:" + text and act.label == text and act.formula == text
    assert act.latex.startswith("f(x) = ") and act.dlatex.startswith("f'(x) = ") and act.summary
    for p in act.params:
        assert len(p.name) == 1 and p.default == 1.0 and p.low < 1.0 < p.high and p.step > 0
    _assert_contract(act)
    for shape in [(), (0,), (2, 3)]:
        x = np.linspace(-2, 2, int(np.prod(shape))).reshape(shape)
        assert act.f(x).shape == shape and act.df(x).shape == shape


@pytest.mark.parametrize("text", EXAMPLES)
def test_numpy_and_torch_exports_compute_f(text):
    act = formula.parse(text)
    x = np.linspace(-6, 6, 241)
    with np.errstate(all="ignore"):
        got = eval(act.numpy_expr, {"np": np, "sp": ss, "x": x, **act.defaults})  # noqa: S307 - our generated text
    np.testing.assert_allclose(np.broadcast_to(got, x.shape), act.f(x), rtol=1e-12, atol=1e-14)
    t = torch.tensor(x, dtype=torch.float64)
    got = eval(act.torch_expr, {"torch": torch, "x": t, "math": math, **act.defaults})  # noqa: S307
    np.testing.assert_allclose(np.broadcast_to(got.numpy(), x.shape), act.f(x), rtol=1e-12, atol=1e-14)


def test_evaluation_errors_become_nan_without_warnings():
    # pytest turns RuntimeWarning into an error: overflow/invalid must stay silent
    act = formula.parse("exp(exp(x)) + sqrt(x) + log(x)")
    out = act.f(np.array([-1.0, 0.5, 1000.0, np.nan]))
    assert np.isnan(out[0]) and np.isfinite(out[1]) and out[2] == np.inf and np.isnan(out[3])
    bad_param = formula.parse("leaky_relu(x, a)")  # a = 1 is outside leaky_relu's (0, 1): NaN, no error
    assert np.isnan(bad_param.fn(np.array([1.0, 2.0]), a=1.0)).all()
    assert bad_param.f(np.array([1.0, -2.0]), a=0.5).tolist() == [1.0, -1.0]


def test_latex_names_our_functions():
    act = formula.parse("x * sigmoid(b*x)", timeout=AMPLE)
    assert r"\sigma" in act.latex and r"\sigma" in act.dlatex and "b" in act.dlatex
    assert r"\operatorname{relu}'" in formula.parse("relu(x)**2", timeout=AMPLE).dlatex


@pytest.mark.parametrize("text, params, expected", [
    ("max(x, a)", {"a": 0.5}, (0.5,)),
    ("abs(2*x - 1)", {}, (0.5,)),
    ("where(x > a, x, 0)", {"a": -1.5}, (-1.5,)),
    ("hardtanh(x - 1)", {}, (0.0, 2.0)),
    ("min(x, 1) + max(x, -1)", {}, (-1.0, 1.0)),
    ("sin(x) + x", {}, ()),
    ("abs(sin(x))", {}, ()),  # non-linear argument: a best effort, not attempted
])
def test_kinks_come_from_linear_arguments(text, params, expected):
    assert formula.parse(text).kinks(**params) == expected


def test_parameters_are_single_letters_sorted_and_limited():
    act = formula.parse("c*x + a*sin(b*x)")
    assert [p.name for p in act.params] == ["a", "b", "c"]
    with pytest.raises(formula.ExpressionError, match="too many parameters"):
        formula.parse("a*x + b*x + c*x + d*x + f*x + g*x")


def test_configure_and_rename_keep_the_function():
    act = formula.parse("a * tanh(x)")
    wide = formula.configure(act, bounds={"a": (0.0, 20.0)}, defaults={"a": 30.0})
    p = wide.param("a")
    assert (p.low, p.high, p.default) == (0.0, 20.0, 20.0) and p.step > 0
    assert float(wide.f(1.0, a=15.0)) == pytest.approx(15 * math.tanh(1.0), rel=1e-15)
    with pytest.raises(activations.ParameterError):
        act.f(1.0, a=15.0)  # outside the original bounds
    with pytest.raises(formula.ExpressionError):
        formula.configure(act, bounds={"a": (2.0, 1.0)})
    with pytest.raises(activations.ParameterError):
        formula.configure(act, bounds={"z": (0.0, 1.0)})
    named = formula.rename(wide, "my tanh")
    assert named.key == "custom:my tanh" and named.label == "my tanh" and named.formula == "a * tanh(x)"
    assert named.param("a").high == 20.0


def test_parse_is_cached():
    assert formula.parse("x * exp(-x)") is formula.parse("x * exp(-x)")
    assert formula.parse("x * exp(-x)", name="bump").key == "custom:bump"


# -- a derivative a person can read ------------------------------------------------------------
def _mp_mish(t):
    return t * mpmath.tanh(mpmath.log(1 + mpmath.exp(t)))


def test_a_long_derivative_reads_in_the_words_people_know():
    """Mish typed by hand: f′ in σ, softplus and cosh, not nested exponentials, and still exact."""
    act = formula.parse("x*tanh(log(1+exp(x)))", timeout=AMPLE)
    assert act.simplified
    assert r"\sigma" in act.dlatex and "softplus" in act.dlatex and r"\cosh" in act.dlatex
    assert "e^{x}" not in act.dlatex and r"\log" not in act.dlatex
    for x0 in (-30.0, -3.0, -0.5, 0.0, 0.7, 4.0, 30.0, 600.0):
        with mpmath.workdps(40):
            want = float(mpmath.diff(_mp_mish, mpmath.mpf(x0)))
        assert float(act.df(x0)) == pytest.approx(want, rel=1e-13), x0
    assert formula.parse("log(1 + exp(x))", timeout=AMPLE).dlatex == r"f'(x) = \sigma\left(x\right)"
    assert formula.parse("tanh(x)", timeout=AMPLE).dlatex == r"f'(x) = \frac{1}{\cosh^{2}{\left(x \right)}}"


@pytest.mark.parametrize("text", ["exp(x)/(exp(x) + 1)", "log(1 + exp(2*x))", "1 - tanh(x)**2",
                                  "tanh(x - 1)**2 - 1", "x*exp(x)/(1 + exp(x))**2", "3/(1 + exp(-x))"])
def test_the_readable_rewrite_keeps_the_value(text):
    x = sp.Symbol("x")
    expr = sp.sympify(text, locals={"x": x})
    nicer = stable.readable(expr)
    assert nicer != expr and not nicer.has(sp.exp) and not nicer.has(sp.log)
    for v in ("-7.25", "-0.5", "0", "0.3", "12.5"):
        assert abs(sp.N(nicer.subs(x, sp.Rational(v)), 30) - sp.N(expr.subs(x, sp.Rational(v)), 30)) < sp.Float("1e-25")


# -- the time limit on differentiation and simplification ----------------------------------------
@pytest.mark.timeout(60)
def test_slow_simplification_falls_back_to_the_unsimplified_derivative():
    got = derive.derive("x * tanh(log(1 + exp(x)))", timeout=5.0, steps=quick_then_stuck)
    assert not got.simplified and got.d2f is not None
    assert "tanh" in str(got.df)


@pytest.mark.timeout(60)
def test_a_derivative_that_never_arrives_is_a_friendly_error():
    with pytest.raises(formula.ExpressionError, match="took longer"):
        derive.derive("x", timeout=1.0, steps=stuck)


def test_a_parameter_passed_to_a_built_in_starts_inside_its_bounds():
    x = np.linspace(-3, 3, 61)
    leaky = formula.parse("leaky_relu(x, a)")
    (a,) = leaky.params
    assert 0.0 < a.low < a.default < a.high < 1.0 and a.default == activations.get("leaky_relu").defaults["k"]
    assert np.isfinite(leaky.f(x)).all()  # at the slider's start, not NaN everywhere
    mixed = formula.parse("elu(x, a) + leaky_relu(x, a)")  # both built-ins' bounds hold
    (a,) = mixed.params
    assert activations.get("elu").param("alpha").low <= a.low < a.high < 1.0
    plain = formula.parse("a * tanh(x)")
    assert (plain.params[0].low, plain.params[0].high, plain.params[0].default) == (-5.0, 5.0, 1.0)


def test_built_in_parameters_that_only_fail_together_are_refused():
    with pytest.raises(formula.ExpressionError) as info:
        formula.parse("rrelu(x, 0.5, 0.1)")
    assert info.value.code == "constraint" and info.value.column == 1
    assert "lower slope (0.5) must not exceed the upper slope (0.1)" in str(info.value)
    assert formula.parse("rrelu(x, 0.1, 0.5)").f(-1.0) == -0.3


def test_second_derivative_of_abs_of_a_scaled_x_is_zero_off_the_kink():
    # SymPy leaves d/dx sign(x/a) unevaluated; it used to break compiling f''.
    act = formula.parse("abs(x/a)")
    x = np.array([-2.0, -0.5, 0.5, 2.0])
    assert np.array_equal(act.d2f(x, a=1.5), np.zeros(4))
    h = 1e-5
    assert np.allclose(act.df(x, a=1.5), (act.f(x + h, a=1.5) - act.f(x - h, a=1.5)) / (2 * h), atol=1e-8)


def test_arguments_tied_on_a_whole_interval_are_not_counted_twice():
    # min(x, |x|) ties for every x > 0; SymPy's steps of sums such as a/2 + x/2 - x - (a - x)/2
    # round to +-1e-16 there, and a plain numpy step gave f' = 1.5 (found by hypothesis).
    act = formula.parse("min(abs(x), min(x, a))")
    x = np.linspace(-3, 3, 121) + 0.0173
    for a in (0.5, 1.0, 2.0):
        expected = np.where(x < 0, 0.0, np.where(x < a, 1.0, 0.0))  # f = x below a and above 0, else const
        expected = np.where(x < 0, 1.0, expected)  # f = x for x < 0 as well (x < |x|)
        assert np.array_equal(act.df(x, a=a), expected), a


def test_a_condition_on_a_parameter_alone_broadcasts_against_x():
    # f' of abs(where(x > a, x, a)) holds the condition (x == 0) & (a < 0); SymPy's printed
    # logical_and.reduce could not mix a scalar with an array, and every value came out NaN.
    act = formula.parse("abs(where(x > a, x, a))")
    x = np.array([-1.0, 0.5, 2.0])
    assert np.array_equal(act.df(x, a=1.0), [0.0, 0.0, 1.0])
    assert np.array_equal(act.df(x, a=-2.0), [-1.0, 1.0, 1.0])
    assert np.array_equal(act.d2f(x, a=1.0), np.zeros(3))


def test_a_long_sum_is_set_one_term_per_line_with_its_signs():
    x = sp.Symbol("x")
    terms = [sp.sin(x) * sp.exp(-x**2), -x**3 / 6, sp.cos(3 * x) / (1 + x**2), -sp.log(1 + x**4)]
    expr = sp.Add(*terms)
    tex = formula.display_latex("f'(x)", expr)
    assert tex.startswith(r"f'(x) = \begin{aligned} & ") and tex.endswith(r"\end{aligned}")
    rows = tex.removeprefix(r"f'(x) = \begin{aligned} ").removesuffix(r" \end{aligned}").split(r" \\ ")
    assert len(rows) == len(terms)
    # each row is "& <sign> term", and the signed rows add up to the expression again
    total = 0
    for row in rows:
        body = row.removeprefix("& ")
        sign = -1 if body.startswith("- ") else 1
        body = body.removeprefix("- ").removeprefix("+ ")
        match = [t for t in terms if sp.latex(sign * t) == body]
        assert len(match) == 1, body
        total += match[0]
    assert sp.simplify(total - expr) == 0
    short = sp.sin(x) + x
    assert formula.display_latex("f(x)", short) == "f(x) = " + sp.latex(short)   # short: one line
    long_product = sp.Mul(*[sp.tanh(x + k) for k in range(1, 9)])
    assert "aligned" not in formula.display_latex("f(x)", long_product)          # one term: it scrolls


def test_a_step_times_an_overflowing_term_is_zero_where_the_step_is():
    # Found by the property test: f = a / max(x, b) with b = 3.9e-177 has f' = -a·θ(x - b)/max(x, b)²,
    # whose second factor overflows for x < b, where the step is 0 (so is f' and f'', not NaN).
    act = formula.parse("a / max(x, b)")
    x = np.array([-1.0, -1e-200, 0.5, 2.0])
    params = {"a": 1.0, "b": 3.9142002494265405e-177}
    np.testing.assert_array_equal(act.df(x, **params), [0.0, 0.0, -4.0, -0.25])
    np.testing.assert_allclose(act.d2f(x, **params), [0.0, 0.0, 16.0, 0.25], rtol=1e-12)


def test_the_derivative_of_sqrt_abs_x_is_defined_left_of_zero():
    # Found by the property test: SymPy writes f' of sqrt(|x|) as x/(2|x^(3/2)|), and x^(3/2) is NaN
    # for x < 0 when evaluated as written; |b^e| is taken as |b|^e.
    act = formula.parse("sqrt(abs(x))")
    x = np.array([-2.0, -0.5, 0.5, 2.0])
    np.testing.assert_allclose(act.df(x), np.sign(x) / (2 * np.sqrt(np.abs(x))), rtol=1e-14)
    np.testing.assert_allclose(act.d2f(x), -1 / (4 * np.abs(x) ** 1.5), rtol=1e-12)


# f = g(s·x) on one side of 0 and 0 on the other, with g', g'' in closed form.
ONE_SIDED = [
    ("sqrt(x + abs(x))", 1, lambda t: np.sqrt(2 * t), lambda t: 1 / np.sqrt(2 * t), lambda t: -(2 * t) ** -1.5),
    ("(x + abs(x))**0.5", 1, lambda t: np.sqrt(2 * t), lambda t: 1 / np.sqrt(2 * t), lambda t: -(2 * t) ** -1.5),
    ("sqrt(abs(x) - x)", -1, lambda t: np.sqrt(2 * t), lambda t: 1 / np.sqrt(2 * t), lambda t: -(2 * t) ** -1.5),
    ("sqrt(relu(x))", 1, np.sqrt, lambda t: 0.5 / np.sqrt(t), lambda t: -0.25 * t ** -1.5),
    ("sqrt(max(x, 0))", 1, np.sqrt, lambda t: 0.5 / np.sqrt(t), lambda t: -0.25 * t ** -1.5),
    ("log(1 + x + abs(x))", 1, lambda t: np.log1p(2 * t), lambda t: 2 / (1 + 2 * t), lambda t: -4 / (1 + 2 * t) ** 2),
]


@pytest.mark.parametrize(("text", "side", "g", "dg", "d2g"), ONE_SIDED, ids=[c[0] for c in ONE_SIDED])
def test_a_sqrt_of_a_term_zero_on_a_half_line_has_slope_zero_there(text, side, g, dg, d2g):
    # Found by the property test: f' of sqrt(x + |x|) is (1 + sign x)/(2·sqrt(x + |x|)), 0/0 = NaN
    # on the whole half-line x < 0 where f is 0; the factor 1 + sign(x) is a step, 0 there.
    act = formula.parse(text)
    t = np.array([1e-100, 1e-8, 0.3, 1.0, 25.0])
    x = np.concatenate([-side * t, side * t])
    zero = np.zeros_like(t)
    np.testing.assert_allclose(act.f(x), np.concatenate([zero, g(t)]), rtol=1e-14)
    np.testing.assert_allclose(act.df(x), np.concatenate([zero, side * dg(t)]), rtol=1e-14)
    np.testing.assert_allclose(act.d2f(x), np.concatenate([zero, d2g(t)]), rtol=1e-13)
    assert act.kinks() == (0.0,)
