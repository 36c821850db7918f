"""The computed catalogue facts against known ones (Wikipedia's table, mpmath), and sanity over the registry."""
from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from mpmath import mp
from scipy.special import erf, expit

import activations
from activations import Activation, Param
from activations.analysis import Range, analyse, fmt
from tests.core.reference import param_sets
from tests.core.shape_facts import SHAPES, B, K, M, N, S, U

mp.dps = 30
g = activations.get


def local(key, fn, dfn, kinks=(), params=(), d2fn=None) -> Activation:
    """An activation defined here, so the analyser is tested even before the registry has it."""
    return Activation(key=key, label=key, fn=fn, dfn=dfn, latex="f", dlatex="f'", family="Rectifiers",
                      kinks_fn=(lambda **p: kinks) if not callable(kinks) else kinks, params=params, d2fn=d2fn)


def _softplus(x):
    return np.logaddexp(0.0, x)


ARCTAN = local("arctan", np.arctan, lambda x: 1 / (1 + x * x))
MISH = local("mish", lambda x: x * np.tanh(_softplus(x)),
             lambda x: np.tanh(_softplus(x)) + x * expit(x) * (1 - np.tanh(_softplus(x)) ** 2))
SWISH = local("swish", lambda x: x * expit(x), lambda x: expit(x) * (1 + x * expit(-x)))
GELU = local("gelu", lambda x: 0.5 * x * (1 + erf(x / math.sqrt(2))),
             lambda x: 0.5 * (1 + erf(x / math.sqrt(2))) + x * np.exp(-x * x / 2) / math.sqrt(2 * math.pi))
ELU = local("elu", lambda x, alpha: np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0))),
            lambda x, alpha: np.where(x > 0, 1.0, alpha * np.exp(np.minimum(x, 0))), kinks=(0.0,),
            params=(Param("alpha", 1.0, 0.0, 5.0, 0.1, "alpha"),),
            d2fn=lambda x, alpha: np.where(x > 0, 0.0, alpha * np.exp(np.minimum(x, 0))))
SELU_L, SELU_A = 1.0507009873554804934193349852946, 1.6732632423543772848170429916717
SELU = local("selu", lambda x: SELU_L * np.where(x > 0, x, SELU_A * np.expm1(np.minimum(x, 0))),
             lambda x: SELU_L * np.where(x > 0, 1.0, SELU_A * np.exp(np.minimum(x, 0))), kinks=(0.0,))
SOFTPLUS = local("softplus", _softplus, expit)
GAUSSIAN = local("gaussian", lambda x: np.exp(-x * x), lambda x: -2 * x * np.exp(-x * x))
STEP = local("binary_step", lambda x: (x >= 0).astype(float), lambda x: np.zeros_like(x), kinks=(0.0,))
HARDSHRINK = local("hardshrink", lambda x: np.where(np.abs(x) > 0.5, x, 0.0),
                   lambda x: np.where(np.abs(x) > 0.5, 1.0, 0.0), kinks=(-0.5, 0.5))
SIGN = local("sign", np.sign, np.zeros_like, kinks=(0.0,))
IDENTITY = local("identity", lambda x: x.copy(), lambda x: np.ones_like(x))


def mp_minimum(f, guess):
    """Minimum of f found by mpmath: root of a 30-digit numerical derivative."""
    x0 = mp.findroot(lambda t: mp.diff(f, t), guess)
    return x0, f(x0)


def mp_mish(x):
    return x * mp.tanh(mp.log(1 + mp.exp(x)))


def test_sigmoid():
    p = analyse(g("sigmoid"))
    assert p.range.text() == "(0, 1)" and p.bounded
    assert p.max_slope == 0.25 and p.max_slope_at == "0" and abs(p.max_slope_x) < 1e-6
    assert (p.f0, p.df0) == (0.5, 0.25)
    assert p.monotonicity == "increasing" and p.smoothness == "C∞" and p.saturation == "both"
    assert not p.zero_centred and p.mean_normal == pytest.approx(0.5, abs=1e-9)


def test_tanh():
    p = analyse(g("tanh"))
    assert p.range.text() == "(-1, 1)"  # not (-1, -1) as in a typed table
    assert p.df0 == 1.0 and p.max_slope == 1.0 and p.max_slope_at == "0"
    assert p.zero_centred and p.monotonicity == "increasing" and p.saturating


def test_relu():
    p = analyse(g("relu"))
    assert p.range.text() == "[0, ∞)" and not p.bounded
    assert p.smoothness == "C0" and not p.differentiable
    assert p.df0_sides == (0.0, 1.0)  # not differentiable at 0: one-sided slopes differ
    assert p.monotonicity == "non-decreasing" and p.saturation == "left (hard)"
    assert p.max_slope == 1.0 and p.max_slope_at == "(0, ∞)"
    assert not p.zero_centred and p.mean_normal == pytest.approx(1 / math.sqrt(2 * math.pi), rel=1e-6)


def test_leaky_relu_slopes_follow_parameter():
    p = analyse(g("leaky_relu"), k=0.2)
    assert p.range.text() == "(-∞, ∞)" and p.df0_sides == (0.2, 1.0) and p.saturation == "none"
    assert p.monotonicity == "increasing" and p.smoothness == "C0"
    # E[f(Z)] = (1 - k) / sqrt(2 pi)
    assert p.mean_normal == pytest.approx(0.8 / math.sqrt(2 * math.pi), rel=1e-6)


def test_hardtanh_and_softsign():
    h = analyse(g("hardtanh"))
    assert h.range.text() == "[-1, 1]" and h.smoothness == "C0" and h.saturation == "both (hard)"
    assert h.max_slope_at == "(-1, 1)"
    assert analyse(g("hardtanh"), min_val=-2.0, max_val=0.5).range.text() == "[-2, 0.5]"
    s = analyse(g("softsign"))
    assert s.range.text() == "(-1, 1)"  # not (0, ∞)
    assert s.smoothness == "C1"  # f'' jumps from 2 to -2 at 0
    assert s.max_slope == 1.0 and s.zero_centred and s.monotonicity == "increasing"


def test_sin_and_decreasing():
    s = analyse(g("sin"))
    assert s.range.text() == "[-1, 1]" and s.monotonicity == "non-monotonic"
    assert s.smoothness == "C∞" and s.saturation == "none" and s.zero_centred
    assert s.df0 == 1.0 and s.max_slope == 1.0
    d = analyse(g("neg_sigmoid"))
    assert d.monotonicity == "decreasing" and d.range.text() == "(0, 1)" and d.df0 == -0.25
    assert d.max_slope == 0.25


def test_arctan_is_monotonic():
    p = analyse(ARCTAN)
    assert p.monotonicity == "increasing"  # not "non-monotonic"
    assert p.range.low.value == pytest.approx(-math.pi / 2, rel=1e-12) and not p.range.low.attained
    assert p.range.high.value == pytest.approx(math.pi / 2, rel=1e-12) and not p.range.high.attained


def test_mish_minimum_matches_mpmath():
    x_min, f_min = mp_minimum(mp_mish, -1.2)
    p = analyse(MISH)
    assert p.range.low.attained and not p.bounded
    assert p.range.low.value == pytest.approx(float(f_min), rel=1e-12)
    assert p.range.text() == "[-0.3088, ∞)"  # not (-∞, ∞)
    assert p.monotonicity == "non-monotonic" and p.smoothness == "C∞"
    assert p.df0 == pytest.approx(0.6, rel=1e-12)  # tanh(log 2) = 3/5
    assert p.saturation == "left"


def test_swish_and_gelu_minima_match_mpmath():
    _, swish_min = mp_minimum(lambda x: x / (1 + mp.exp(-x)), -1.3)
    _, gelu_min = mp_minimum(lambda x: x * (1 + mp.erf(x / mp.sqrt(2))) / 2, -0.75)
    assert analyse(SWISH).range.low.value == pytest.approx(float(swish_min), rel=1e-12)
    assert analyse(GELU).range.low.value == pytest.approx(float(gelu_min), rel=1e-12)


def test_elu_smoothness_depends_on_alpha():
    assert analyse(ELU, alpha=1.0).smoothness == "C1"  # slopes match at 0 only when alpha = 1
    p = analyse(ELU, alpha=2.0)
    assert p.smoothness == "C0" and p.range.text() == "(-2, ∞)" and p.df0_sides == (2.0, 1.0)


def test_selu_is_zero_centred_by_design():
    p = analyse(SELU)
    assert p.zero_centred and abs(p.mean_normal) < 1e-6  # its constants make E[selu(Z)] = 0
    assert p.range.low.value == pytest.approx(-SELU_L * SELU_A, rel=1e-12) and not p.range.low.attained
    assert not analyse(ELU).zero_centred


def test_softplus_slope_only_approached_at_infinity():
    p = analyse(SOFTPLUS)
    assert p.range.text() == "(0, ∞)" and p.df0 == 0.5
    assert p.max_slope == 1.0 and p.max_slope_at == "x → ∞" and p.saturation == "left"


def test_gaussian_max_slope_and_range():
    p = analyse(GAUSSIAN)
    assert p.range.text() == "(0, 1]" and p.monotonicity == "non-monotonic"
    assert p.max_slope == pytest.approx(math.sqrt(2 / math.e), rel=1e-12)
    assert abs(p.max_slope_x) == pytest.approx(1 / math.sqrt(2), abs=1e-6)


def test_step_and_identity():
    s = analyse(STEP)
    assert s.smoothness == "discontinuous" and s.range.text() == "{0, 1}" and s.monotonicity == "non-decreasing"
    assert s.bounded and 0.5 not in s.range and 1.0 in s.range
    i = analyse(IDENTITY)
    assert i.range.text() == "(-∞, ∞)" and i.smoothness == "C∞" and i.zero_centred
    assert i.saturation == "none" and i.max_slope == 1.0


def test_a_jump_leaves_gaps_in_the_range():
    h = analyse(HARDSHRINK)
    assert h.range.text() == "(-∞, -0.5) ∪ {0} ∪ (0.5, ∞)"  # not (-∞, ∞)
    assert 0.0 in h.range and 0.25 not in h.range and 0.5 not in h.range and 0.5000001 in h.range
    assert h.max_slope == 1.0 and h.max_slope_at == "(-∞, -0.5) ∪ (0.5, ∞)"  # both sides named
    assert not h.bounded and h.smoothness == "discontinuous"
    assert analyse(SIGN).range.text() == "{-1, 0, 1}"


def test_range_membership_and_formatting():
    r = analyse(g("relu")).range
    assert 0.0 in r and -1e-300 not in r and 1e300 in r and isinstance(r, Range)
    assert fmt(-0.0) == "0" and fmt(math.inf) == "∞" and fmt(1234567.0) == "1.235e6"


ALL_CASES = [(act.key, params) for act in activations.all_activations() for params in param_sets(act)]


@pytest.mark.parametrize("key,params", ALL_CASES, ids=[f"{k}-{p}" for k, p in ALL_CASES])
def test_every_registry_entry_is_analysed_consistently(key, params):
    act = g(key)
    p = analyse(act, **params)
    rng = np.random.default_rng(7)
    x = np.concatenate([rng.uniform(-30, 30, 4000), rng.normal(0, 2, 2000), act.kinks(**params)])
    y, dy = act.f(x, **params), act.df(x, **params)
    assert p.range.low.value <= p.range.high.value
    finite = np.isfinite(y)
    assert np.all((y[finite] >= p.range.low.value) & (y[finite] <= p.range.high.value))
    # an open end may be reached only by rounding, where f has all but stopped moving
    # (tanh(25) == 1.0 and celu(-10, alpha=0.1) == -0.1 in float64)
    near = finite & (np.abs(dy) > 1e-12)
    assert all(v in p.range for v in y[near]), "sampled value outside the computed range"
    assert p.f0 in p.range
    assert p.bounded == (p.range.low.finite and p.range.high.finite)
    ok = np.isfinite(dy)
    assert np.max(np.abs(dy[ok])) <= p.max_slope * (1 + 1e-9)
    if not p.max_slope_at.startswith("x → "):
        assert np.max(np.abs(dy[ok])) >= p.max_slope * 0.99  # the sup is where we sampled
    steps = np.diff(act.f(np.sort(x), **params))
    if p.monotonicity in ("increasing", "non-decreasing"):
        assert np.all(steps >= -1e-12)
    if p.monotonicity in ("decreasing", "non-increasing"):
        assert np.all(steps <= 1e-12)


TAG_FACTS = {
    "bounded": lambda p: p.bounded,
    "smooth": lambda p: p.smooth,
    "discontinuous": lambda p: p.smoothness == "discontinuous",
    "non_monotonic": lambda p: p.monotonicity == "non-monotonic",
    "monotonic": lambda p: p.monotonicity in ("increasing", "non-decreasing", "constant"),
    "decreasing": lambda p: p.monotonicity in ("decreasing", "non-increasing", "constant"),
    "through_origin": lambda p: p.f0 == 0.0,  # the tag's meaning: f(0) = 0
}


@pytest.mark.parametrize("key", activations.names())
def test_computed_facts_agree_with_the_hand_typed_tags(key):
    """A tag holds at the defaults; a missing tag fails for at least one parameter set tried.

    (Special parameters may lose a tag: threshold with threshold = value = 0 is ReLU, continuous.)
    """
    act = g(key)
    rows = [analyse(act, **params) for params in param_sets(act)]
    for tag, fact in TAG_FACTS.items():
        held = [fact(p) for p in rows]
        if tag in act.tags:
            assert held[0], (tag, rows[0].params)  # param_sets starts with the defaults
        elif tag not in ("monotonic", "decreasing", "through_origin"):  # optional tags
            assert not all(held), f"{key} should be tagged {tag!r}: it holds for every parameter set"


def test_essay_six_plus_sin_table():
    """The issue's acceptance: the essay's six and sin, each fact computed."""
    rows = {k: analyse(g(k)) for k in ("sigmoid", "tanh", "hardtanh", "softsign", "relu", "leaky_relu", "sin")}
    assert {k: r.range.text() for k, r in rows.items()} == {
        "sigmoid": "(0, 1)", "tanh": "(-1, 1)", "hardtanh": "[-1, 1]", "softsign": "(-1, 1)",
        "relu": "[0, ∞)", "leaky_relu": "(-∞, ∞)", "sin": "[-1, 1]"}
    assert {k: r.smoothness for k, r in rows.items()} == {
        "sigmoid": "C∞", "tanh": "C∞", "hardtanh": "C0", "softsign": "C1", "relu": "C0",
        "leaky_relu": "C0", "sin": "C∞"}
    assert [k for k, r in rows.items() if r.monotonic] == ["sigmoid", "tanh", "hardtanh", "softsign",
                                                            "relu", "leaky_relu"]


def _mp_min(f, guess):
    return float(mp_minimum(f, guess)[1])


# Known facts (Wikipedia's table of activation functions, or mpmath) for registry entries;
# each checks the computed row, with the function's default parameters.
KNOWN = {
    "arctan": lambda p: (p.range.text() == "(-1.571, 1.571)" and p.monotonicity == "increasing"
                         and p.df0 == 1.0 and p.smooth),
    "mish": lambda p: (p.range.low.value == pytest.approx(_mp_min(mp_mish, -1.2), rel=1e-12)
                       and p.range.text() == "[-0.3088, ∞)" and p.df0 == pytest.approx(0.6)),
    "silu": lambda p: (p.range.low.value == pytest.approx(_mp_min(lambda x: x / (1 + mp.exp(-x)), -1.3), rel=1e-12)
                       and p.df0 == 0.5 and p.monotonicity == "non-monotonic"),
    "gelu": lambda p: (p.range.low.value == pytest.approx(
        _mp_min(lambda x: x * (1 + mp.erf(x / mp.sqrt(2))) / 2, -0.75), rel=1e-12) and p.df0 == 0.5),
    "softplus": lambda p: (p.range.text() == "(0, ∞)" and p.df0 == 0.5 and p.max_slope_at == "x → ∞" and p.smooth),
    "log_sigmoid": lambda p: p.range.text() == "(-∞, 0)" and p.df0 == 0.5 and p.monotonicity == "increasing",
    "elu": lambda p: p.range.text() == "(-1, ∞)" and p.smoothness == "C1",
    "celu": lambda p: p.range.text() == "(-1, ∞)" and p.smoothness == "C1",
    "selu": lambda p: (p.range.low.value == pytest.approx(-SELU_L * SELU_A, rel=1e-9) and p.smoothness == "C0"
                       and p.zero_centred),
    "gaussian": lambda p: p.range.text() == "(0, 1]" and p.max_slope == pytest.approx(math.sqrt(2 / math.e)),
    "sinc": lambda p: (p.range.high.value == 1.0 and p.range.high.attained and p.range.low.value == pytest.approx(
        _mp_min(lambda x: mp.sin(x) / x, 4.49), rel=1e-10) and p.smooth),
    "cos": lambda p: p.range.text() == "[-1, 1]" and p.monotonicity == "non-monotonic" and p.df0 == 0.0,
    "isru": lambda p: p.range.text() == "(-1, 1)" and p.monotonicity == "increasing",
    "sqnl": lambda p: p.range.text() == "[-1, 1]" and p.smoothness == "C1" and p.saturation == "both (hard)",
    "bent_identity": lambda p: p.range.text() == "(-∞, ∞)" and p.monotonicity == "increasing" and p.df0 == 1.0,
    "lecun_tanh": lambda p: p.range.text() == "(-1.716, 1.716)" and p.df0 == pytest.approx(1.7159 * 2 / 3),
    "tanhshrink": lambda p: p.range.text() == "(-∞, ∞)" and p.df0 == 0.0 and p.monotonicity == "increasing",
    "squareplus": lambda p: p.range.text() == "(0, ∞)" and p.f0 == 1.0,
    "relu6": lambda p: p.range.text() == "[0, 6]" and p.smoothness == "C0",
    "hardswish": lambda p: p.range.text() == "[-0.375, ∞)" and p.monotonicity == "non-monotonic",
    "hardsigmoid": lambda p: p.range.text() == "[0, 1]" and p.saturation == "both (hard)",
    # f'' jumps from 1 to 1/2 at 0, so 0 must be declared a kink and the order is C1
    "elish": lambda p: (p.smoothness == "C1" and p.range.low.value == pytest.approx(
        _mp_min(lambda x: (mp.exp(x) - 1) / (1 + mp.exp(-x)), -1.0), rel=1e-12)),
    "loglog": lambda p: p.range.text() == "(0, 1)" and p.monotonicity == "increasing",
    "binary_step": lambda p: p.range.text() == "{0, 1}" and p.smoothness == "discontinuous",
    "sign": lambda p: p.range.text() == "{-1, 0, 1}",
    "abs": lambda p: p.range.text() == "[0, ∞)" and p.df0_sides == (-1.0, 1.0),
    "identity": lambda p: p.range.text() == "(-∞, ∞)" and p.smooth and p.max_slope == 1.0,
}


@pytest.mark.parametrize("key", sorted(KNOWN))
def test_known_facts_for_registry_entries(key):
    p = analyse(g(key))
    assert KNOWN[key](p), (p.range.text(), p.monotonicity, p.smoothness, p.df0, p.max_slope, p.max_slope_at)


NASTY = {  # what a user's own formula may do: poles, NaN half-lines, overflow, polynomial growth
    "log": local("log", np.log, lambda x: 1 / x),
    "reciprocal": local("reciprocal", lambda x: 1 / x, lambda x: -1 / x**2),
    "exp": local("exp", np.exp, np.exp),
    "square": local("square", lambda x: x * x, lambda x: 2 * x),
    "tan": local("tan", np.tan, lambda x: 1 / np.cos(x) ** 2),
    "sqrt": local("sqrt", np.sqrt, lambda x: 0.5 / np.sqrt(x)),
    "nan": local("nan", lambda x: np.full_like(x, np.nan), lambda x: np.full_like(x, np.nan)),
}


@pytest.mark.parametrize("key", sorted(NASTY))
def test_analysis_survives_hostile_functions(key):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        p = analyse(NASTY[key])
    assert isinstance(p.range.text(), str) and p.smoothness in ("discontinuous", "C0", "C1", "C2", "C∞")


def test_hostile_functions_still_get_their_facts_right():
    sq = analyse(NASTY["square"])
    assert sq.range.text() == "[0, ∞)" and sq.monotonicity == "non-monotonic" and sq.max_slope_at == "x → ±∞"
    ex = analyse(NASTY["exp"])
    assert ex.range.text() == "(0, ∞)" and ex.monotonicity == "increasing" and ex.f0 == 1.0
    assert analyse(NASTY["log"]).range.high.value == math.inf


# -- smoothness from what jumps, the steepest point nearest 0 (issue 12) ------------------------
_S = __import__("sympy")
_X = _S.Symbol("x", real=True)


def sympy_order(pieces, kinks) -> str:
    """Continuity order of a piecewise function, by SymPy: `pieces` are (expression, left end) in
    order, piece i holding on (kinks[i-1], kinks[i]). The first derivative whose one-sided limits
    differ at some kink decides; none up to order 8 counts as C∞."""
    names = ("discontinuous", "C0", "C1", "C2")
    for n in range(9):
        for k, (left, right) in zip(kinks, zip(pieces[:-1], pieces[1:])):
            a = _S.limit(_S.diff(left, _X, n), _X, k, "-")
            b = _S.limit(_S.diff(right, _X, n), _X, k, "+")
            if _S.simplify(a - b) != 0:
                return names[n] if n < len(names) else f"C{n - 1}"
    return "C∞"


def _shrink_pieces(lam, hard):
    lam = _S.nsimplify(lam)
    left, right = (_X, _X) if hard else (_X + lam, _X - lam)
    if lam == 0:  # the middle piece (-λ, λ) is empty
        return [left, right], [0]
    return [left, _S.Integer(0), right], [-lam, lam]


SMOOTHNESS_CASES = [
    ("softshrink", {"lambd": 0.0}, *_shrink_pieces(0, hard=False)),      # the identity
    ("softshrink", {"lambd": 0.5}, *_shrink_pieces(0.5, hard=False)),
    ("hardshrink", {"lambd": 0.0}, *_shrink_pieces(0, hard=True)),       # the identity
    ("hardshrink", {"lambd": 0.5}, *_shrink_pieces(0.5, hard=True)),
    ("prelu", {"init": 1.0}, [_X, _X], [0]),                             # the identity
    ("prelu", {"init": 0.25}, [_X / 4, _X], [0]),
    ("isrlu", {"alpha": 1.0}, [_X / _S.sqrt(1 + _X**2), _X], [0]),      # f‴ jumps: C2, not C∞
    ("isrlu", {"alpha": 3.0}, [_X / _S.sqrt(1 + 3 * _X**2), _X], [0]),
    ("celu", {"alpha": 1.0}, [_S.exp(_X) - 1, _X], [0]),
    ("elu", {"alpha": 2.0}, [2 * (_S.exp(_X) - 1), _X], [0]),
]


@pytest.mark.parametrize("key,params,pieces,kinks", SMOOTHNESS_CASES,
                         ids=[f"{k}-{p}" for k, p, *_ in SMOOTHNESS_CASES])
def test_smoothness_is_what_actually_jumps_not_that_kinks_are_declared(key, params, pieces, kinks):
    p = analyse(g(key), **params)
    assert g(key).kinks(**params)  # kinks are declared in every case, even where nothing jumps
    assert p.smoothness == sympy_order(pieces, kinks), (key, params)


def test_identity_cases_are_the_identity():
    x = np.random.default_rng(3).normal(0, 3, 1000)
    for key, params in (("softshrink", {"lambd": 0.0}), ("hardshrink", {"lambd": 0.0}), ("prelu", {"init": 1.0})):
        assert np.array_equal(g(key).f(x, **params), x), key
        assert analyse(g(key), **params).smooth


def test_a_declared_kink_where_nothing_jumps_is_smooth_and_a_cubic_corner_is_c2():
    sine = local("sine_kinked", np.sin, np.cos, kinks=(0.0, 1.0))
    assert analyse(sine).smoothness == sympy_order([_S.sin(_X)] * 3, [0, 1]) == "C∞"
    cube = local("abs_cubed", lambda x: np.abs(x) ** 3, lambda x: 3 * x * np.abs(x), kinks=(0.0,))
    assert analyse(cube).smoothness == sympy_order([-_X**3, _X**3], [0]) == "C2"


def _mp_steepest(f, guesses):
    """Points where |f′| peaks: roots of f″ by mpmath, from each guess."""
    return [float(mp.findroot(lambda t: mp.diff(f, t, 2), g0)) for g0 in guesses]


def test_steepest_point_named_is_the_one_nearest_zero():
    cos = analyse(g("cos"))
    assert cos.max_slope == pytest.approx(1.0, rel=1e-12)
    assert cos.max_slope_x == pytest.approx(float(mp.pi / 2), abs=1e-7) and cos.max_slope_at == "±1.571"
    sinc = analyse(g("sinc"))
    left, right = _mp_steepest(lambda t: mp.sin(t) / t, (-2.1, 2.1))
    assert left == pytest.approx(-right, abs=1e-12)
    assert sinc.max_slope_x == pytest.approx(right, abs=1e-7) and sinc.max_slope_at == "±" + fmt(right)
    slope = abs(float(mp.diff(lambda t: mp.sin(t) / t, right)))
    assert sinc.max_slope == pytest.approx(slope, rel=1e-10)
    assert analyse(GAUSSIAN).max_slope_at == "±" + fmt(1 / math.sqrt(2))
    # one point, no mirror: no ±
    assert analyse(g("hardswish")).max_slope_at == "3" and analyse(g("tanh")).max_slope_at == "0"


def test_every_function_has_a_hand_read_shape():
    assert set(SHAPES) == set(activations.names())


@pytest.mark.parametrize("key", sorted(SHAPES))
def test_bounds_smoothness_and_monotonicity_at_the_defaults_match_the_definitions(key):
    p = analyse(g(key))
    assert (B if p.bounded else U, S if p.smooth else K, N if p.monotonicity == "non-monotonic" else M) == SHAPES[key]
