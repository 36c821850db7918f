"""Bounded S-shaped activations beyond the essay's: arctan, LeCun tanh, ISRU, SQNL, ..."""
from __future__ import annotations

import numpy as np

from . import _dd
from ._util import on_finite
from .core import Activation, Param, register

FAMILY = "Sigmoid-shaped"
LECUN_SCALE = 1.7159


def _sech2(x, scale=1.0):
    """scale · sech²(x) = 4 scale e/(1 + e)² with e = exp(-2|x|): accurate everywhere, no cosh
    overflow; where e is subnormal, scale · 4e is rounded once (_dd.exp_times)."""
    ax = np.abs(x)
    e = np.minimum(ax, 400.0)
    e *= -2.0
    np.exp(e, out=e)
    d = e + 1.0
    d *= d
    e *= 4.0 * scale
    e /= d
    tail = ax > 350.0
    if tail.any():
        e[tail] = _dd.exp_times(-2.0 * np.minimum(ax[tail], 400.0), 0.0, 4.0 * scale)
    return e


def _arctan_d(x):
    # 1/(1+x^2), rewritten as t^2/(1+t^2) with t = 1/|x| where x^2 could overflow.
    ax = np.abs(x)
    big = ax > 1.0
    t = 1.0 / np.where(big, ax, 1.0)
    small = np.where(big, 0.0, x)
    return np.where(big, t * t / (1.0 + t * t), 1.0 / (1.0 + small * small))


def _arctan_d2(x):
    ax = np.abs(x)
    big = ax > 1.0
    t = 1.0 / np.where(big, ax, 1.0)
    small = np.where(big, 0.0, x)
    return np.where(big, -2.0 * np.sign(x) * t**3 / (1.0 + t * t) ** 2, -2.0 * small / (1.0 + small**2) ** 2)


register(Activation(
    key="arctan", label="Arctan", family=FAMILY,
    fn=np.arctan,
    dfn=_arctan_d,
    d2fn=_arctan_d2,
    latex=r"f(x) = \tan^{-1} x",
    dlatex=r"f'(x) = \frac{1}{1 + x^2}",
    tags={"smooth", "bounded", "monotonic", "through_origin"},
    summary="A sigmoid with range (-π/2, π/2) whose tails approach the bounds only like 1/x, so its gradient fades slowly.",
    reference="",
    numpy_expr="np.arctan(x)",
    torch_expr="torch.atan(x)",
))

register(Activation(
    key="lecun_tanh", label="LeCun tanh", family=FAMILY,
    # x / 1.5 is the correctly rounded 2x/3 and cannot overflow (2 * x can).
    fn=lambda x: LECUN_SCALE * np.tanh(x / 1.5),
    dfn=lambda x: _sech2(x / 1.5, LECUN_SCALE / 1.5),
    d2fn=lambda x: -(LECUN_SCALE / 1.5) * (2.0 / 1.5) * np.tanh(x / 1.5) * _sech2(x / 1.5),
    latex=r"f(x) = 1.7159\,\tanh\!\left(\tfrac{2}{3}x\right)",
    dlatex=r"f'(x) = 1.7159 \cdot \tfrac{2}{3}\,\operatorname{sech}^2\!\left(\tfrac{2}{3}x\right)",
    tags={"smooth", "bounded", "monotonic", "through_origin"},
    summary="A rescaled tanh chosen so that f(±1) = ±1 and unit-variance inputs keep roughly unit variance; range (-1.7159, 1.7159).",
    reference="LeCun, Bottou, Orr & Müller, 'Efficient BackProp', Neural Networks: Tricks of the Trade 1998",
    year=1998,
    numpy_expr="1.7159 * np.tanh(2 * x / 3)",
    torch_expr="1.7159 * torch.tanh(2 * x / 3)",
))

register(Activation(
    key="symmetric_sigmoid", label="Symmetrical sigmoid", family=FAMILY,
    fn=lambda x: np.tanh(x / 2),
    dfn=lambda x: 0.5 * _sech2(x / 2),
    d2fn=lambda x: -0.5 * np.tanh(x / 2) * _sech2(x / 2),
    latex=r"f(x) = \tanh\!\left(\tfrac{x}{2}\right) = 2\sigma(x) - 1",
    dlatex=r"f'(x) = \tfrac{1}{2}\bigl(1 - f(x)^2\bigr)",
    tags={"smooth", "bounded", "monotonic", "through_origin"},
    summary="The logistic sigmoid stretched to range (-1, 1) so that it is centred on zero; a tanh at half the slope.",
    reference="",
    numpy_expr="np.tanh(x / 2)",
    torch_expr="torch.tanh(x / 2)",
))


def _loglog(x):
    # 1 - exp(-e^x) as -expm1(-e^x): no cancellation where e^x is tiny; past 40 it is 1.
    return -np.expm1(-np.exp(np.minimum(x, 40.0)))


def _loglog_parts(x):
    """(e^{x - e^x}, e^x) for x clipped to [-1e5, 40].

    Where e^x > 4 its rounding (an ulp of up to 745) would pass into e^{x - e^x} as a
    relative error of up to 1.6e-13: there e^x is formed in double-double (_dd.exp_dd)
    and x - e^x with it.
    """
    xc = np.clip(x, -1e5, 40.0)
    ex = np.exp(xc)
    out = xc - ex
    np.exp(out, out=out)
    far = xc > 1.4
    if far.any():
        xf = xc[far]
        eh, el = _dd.exp_dd(xf)
        th, tl = _dd.dd_add(xf, 0.0, -eh, -el)
        out[far] = _dd.exp_times(th, tl, 1.0)
    return out, ex


def _loglog_d(x):
    return _loglog_parts(x)[0]


def _loglog_d2(x):
    out, _ = _loglog_parts(x)
    return out * -np.expm1(np.clip(x, -1e5, 40.0))  # 1 - e^x cancels near 0, where f″ is about -x/e


register(Activation(
    key="loglog", label="Log-log", family=FAMILY,
    fn=_loglog,
    dfn=_loglog_d,
    d2fn=_loglog_d2,
    latex=r"f(x) = 1 - e^{-e^{x}}",
    dlatex=r"f'(x) = e^{\,x - e^{x}}",
    tags={"smooth", "bounded", "monotonic"},
    summary="The complementary log-log link: an asymmetric sigmoid in (0, 1) that creeps up like e^x on the left and snaps to 1 on the right.",
    reference="Gomes, Ludermir & Lima, 'Comparison of new activation functions in neural network for forecasting financial time series', Neural Computing and Applications 2011",
    year=2011,
    numpy_expr="-np.expm1(-np.exp(x))",
    torch_expr="-torch.expm1(-torch.exp(x))",
))


def _isru_parts(x, alpha):
    # x/sqrt(1+a x^2) = sign(x)/sqrt(t^2+a) with t = 1/|x| where x^2 could overflow.
    ax = np.abs(x)
    big = ax > 1.0
    t = 1.0 / np.where(big, ax, 1.0)
    small = np.where(big, 0.0, x)
    return big, t, small


def _isru(x, alpha):
    big, t, small = _isru_parts(x, alpha)
    return np.where(big, np.sign(x) / np.sqrt(t * t + alpha), small / np.sqrt(1.0 + alpha * small**2))


def _isru_d(x, alpha):
    big, t, small = _isru_parts(x, alpha)
    return np.where(big, t**3 / (t * t + alpha) ** 1.5, (1.0 + alpha * small**2) ** -1.5)


def _isru_d2(x, alpha):
    big, t, small = _isru_parts(x, alpha)
    return np.where(big, -3.0 * alpha * np.sign(x) * t**4 / (t * t + alpha) ** 2.5,
                    -3.0 * alpha * small * (1.0 + alpha * small**2) ** -2.5)


register(Activation(
    key="isru", label="ISRU", family=FAMILY,
    params=(Param("alpha", 1.0, 0.1, 3.0, 0.05, "alpha", "Larger alpha saturates sooner and lowers the bounds ±1/√α.",
                  symbol=r"\alpha"),),
    fn=lambda x, alpha: on_finite(x, lambda t: _isru(t, alpha), -alpha**-0.5, alpha**-0.5),
    dfn=lambda x, alpha: on_finite(x, lambda t: _isru_d(t, alpha), 0.0, 0.0),
    d2fn=lambda x, alpha: on_finite(x, lambda t: _isru_d2(t, alpha), 0.0, 0.0),
    # ∂/∂α x (1 + α x²)^-1/2 = -f³/2: the limits are ∓α^-3/2 / 2.
    dparams={"alpha": lambda x, alpha: on_finite(x, lambda t: -0.5 * _isru(t, alpha) ** 3,
                                                 0.5 * alpha**-1.5, -0.5 * alpha**-1.5)},
    dparam_latex={"alpha": r"\frac{\partial f}{\partial \alpha} = -\frac{x^{3}}{2\,(1 + \alpha x^{2})^{3/2}}"},
    latex=r"\operatorname{ISRU}(x) = \frac{x}{\sqrt{1 + \alpha x^2}}",
    dlatex=r"\operatorname{ISRU}'(x) = \left(\frac{1}{\sqrt{1 + \alpha x^2}}\right)^{3}",
    tags={"smooth", "bounded", "monotonic", "through_origin"},
    summary="Inverse square root unit: a tanh-like curve with range (-1/√α, 1/√α) built from a square root, cheaper than exponentials.",
    reference="Carlile, Delamarter, Kinney, Marti & Whitney, 'Improving Deep Learning by Inverse Square Root Linear Units (ISRLUs)', arXiv 2017",
    year=2017,
    numpy_expr="x / np.sqrt(1 + alpha * x**2)",
    torch_expr="x / torch.sqrt(1 + alpha * x**2)",
))


def _sqnl(x):
    a = np.minimum(np.abs(x), 2.0)
    return np.sign(x) * a * (1.0 - a / 4.0)  # |x| >= 2 gives 2 * (1 - 1/2) = 1


register(Activation(
    key="sqnl", label="SQNL", family=FAMILY,
    fn=_sqnl,
    # f' = 1 - |x|/2 inside, 0 outside: continuous, so no kink convention is needed.
    dfn=lambda x: 1.0 - np.minimum(np.abs(x), 2.0) / 2.0,
    d2fn=lambda x: np.where(np.abs(x) < 2.0, -0.5 * np.sign(x), 0.0),
    kinks_fn=lambda: (-2.0, 0.0, 2.0),  # f'' jumps there (f' has corners)
    latex=r"\operatorname{SQNL}(x) = \begin{cases} 1 & x > 2 \\ x - \frac{x^2}{4} & 0 \le x \le 2 \\ x + \frac{x^2}{4} & -2 \le x < 0 \\ -1 & x < -2 \end{cases}",
    dlatex=r"\operatorname{SQNL}'(x) = \begin{cases} 1 - \frac{|x|}{2} & |x| \le 2 \\ 0 & |x| > 2 \end{cases}",
    tags={"bounded", "monotonic", "through_origin"},
    summary="Square nonlinearity: two parabola pieces that imitate tanh on [-2, 2] and are exactly ±1 outside; only multiplications, so cheap in hardware.",
    reference="Wuraola & Patel, 'SQNL: A New Computationally Efficient Activation Function', IJCNN 2018",
    year=2018,
    numpy_expr="np.where(np.abs(x) > 2, np.sign(x), x - x * np.abs(x) / 4)",
    torch_expr="torch.where(x.abs() > 2, torch.sign(x), x - x * x.abs() / 4)",
))


def _signed_pieces(x):
    """x >= 0 and x < 0 parts (others zeroed) so that np.where never evaluates a branch
    on inputs where its exponentials would blow up."""
    pos = x >= 0
    return pos, np.where(pos, x, 0.0), np.where(pos, 0.0, x)


def _rate(*terms: float) -> tuple[float, float]:
    """A sum of parameter multiples (a - c, b + d + 2c, ...) exactly, as hi + lo."""
    hi, lo = 0.0, 0.0
    for t in terms:
        hi, lo = _dd.dd_add(hi, lo, t, 0.0)
    return float(hi), float(lo)


def _exp_rate(rate: tuple[float, float], x, factor=None):
    """e^{r x} for r = hi + lo, times `factor` (an array like x) if given. Where |r x| > 20 its
    rounding would cost more than 2e-15 relatively: there the exponent is formed exactly
    (two_prod) first, and a subnormal product rounded once."""
    rh, rl = rate
    t = x * rh
    with np.errstate(over="ignore"):
        out = np.exp(t)
        if factor is not None:
            out *= factor
    far = (np.abs(t) > 20.0) & (np.abs(t) < 1e4)
    if far.any():
        xf = x[far]
        p, e = _dd.two_prod(rh, xf)
        out[far] = _dd.exp_times(p, e + rl * xf, 1.0 if factor is None else factor[far])
    return out


def _expm1_rate(rate, x):
    """e^{r x} - 1, floored at -800 in the exponent (it is -1 long before)."""
    return np.expm1(np.maximum(x * rate[0] + x * rate[1], -800.0))


def _soboleva(x, a, b, c, d):
    # Divide by the dominant denominator term (e^{cx} for x >= 0, e^{-dx} below) and
    # write the numerator as exp * expm1: nothing cancels and only the result may be huge.
    pos, xp, xn = _signed_pieces(x)
    with np.errstate(over="ignore", invalid="ignore"):
        right = -_exp_rate(_rate(a, -c), xp) * _expm1_rate(_rate(-a, -b), xp) / (1.0 + _exp_rate(_rate(-c, -d), xp))
        left = _exp_rate(_rate(d, -b), xn) * _expm1_rate(_rate(a, b), xn) / (1.0 + _exp_rate(_rate(c, d), xn))
    return np.where(pos, right, left)


def _soboleva_d_terms(a, b, c, d):
    """f' = Σ k_i e^{r_i x} / (1 + e^{q x})² on each side, as ((k_i, r_i), ..., q) with every k
    and r an exact hi + lo sum of parameters. Quotient rule expanded into four exponentials
    (the e^{(a+c)x} parts of N'D and ND' cancel analytically), then scaled by the dominant
    denominator term. Coefficients with a minus sign (a-c, b-d) only ever multiply decaying
    exponentials, so no large terms cancel."""
    right = ((_rate(a, -c), _rate(a, -c)), (_rate(a, d), _rate(a, -d, -2 * c)),
             (_rate(b, c), _rate(-b, -c)), (_rate(b, -d), _rate(-b, -d, -2 * c)))
    left = ((_rate(a, -c), _rate(a, c, 2 * d)), (_rate(a, d), _rate(a, d)),
            (_rate(b, c), _rate(c, -b, 2 * d)), (_rate(b, -d), _rate(d, -b)))
    return (right, _rate(-c, -d)), (left, _rate(c, d))


def _exp_rate_dd(rate, x):
    """e^{r x} as hi + lo (relative error ~1e-25) for moderate r x."""
    p, e = _dd.two_prod(rate[0], x)
    e = e + rate[1] * x
    hi, lo = _dd.exp_dd(p)
    return _dd.dd_add(hi, lo, *_dd.two_prod(hi, e))  # e^p (1 + e), e below 1e-13


def _soboleva_d_side(x, terms, q):
    """One side of f' in double, with the numerator re-summed in double-double where it cancels
    (next to a root of f', where the long-double version kept 11 more bits)."""
    with np.errstate(over="ignore", invalid="ignore"):
        parts = [k[0] * _exp_rate(r, x) for k, r in terms]
        num = parts[0] + parts[1] + parts[2] + parts[3]
        size = np.abs(parts[0]) + np.abs(parts[1]) + np.abs(parts[2]) + np.abs(parts[3])
        out = num / (1.0 + _exp_rate(q, x)) ** 2
    cancels = (np.abs(num) < 1e-2 * size) & (np.abs(x) < 300.0)  # only moderate x can cancel
    if cancels.any():
        xc = x[cancels]
        hi = lo = np.zeros_like(xc)
        for k, r in terms:
            eh, el = _exp_rate_dd(r, xc)
            hi, lo = _dd.dd_add(hi, lo, *_dd.dd_mul(k[0], k[1], eh, el))
        out[cancels] = (hi + lo) / (1.0 + _exp_rate(q, xc)) ** 2
    return out


def _soboleva_d(x, a, b, c, d):
    pos, xp, xn = _signed_pieces(x)
    (rt, rq), (lt, lq) = _soboleva_d_terms(a, b, c, d)
    return np.where(pos, _soboleva_d_side(xp, rt, rq), _soboleva_d_side(xn, lt, lq))


def _soboleva_d2(x, a, b, c, d):
    # f' = Σ k_i e^{r_i x} / D²  =>  f'' = Σ k_i [(r_i - 2c) e^{(r_i + c)x} + (r_i + 2d) e^{(r_i - d)x}] / D³,
    # scaled by the dominant e^{3cx} (x >= 0) or e^{-3dx} (x < 0) like f and f'.
    pos, xp, xn = _signed_pieces(x)
    e = _exp_rate
    right = left = 0.0
    with np.errstate(over="ignore", invalid="ignore"):
        for k, r in ((a - c, a + c), (a + d, a - d), (b + c, c - b), (b - d, -(b + d))):
            right = right + k * ((r - 2 * c) * e(_rate(r, -2 * c), xp) + (r + 2 * d) * e(_rate(r, -d, -3 * c), xp))
            left = left + k * ((r - 2 * c) * e(_rate(r, c, 3 * d), xn) + (r + 2 * d) * e(_rate(r, 2 * d), xn))
        right = right / (1.0 + e(_rate(-c, -d), xp)) ** 3
        left = left / (1.0 + e(_rate(c, d), xn)) ** 3
    return np.where(pos, right, left)


def _soboleva_dparam(right, left):
    """∂f/∂θ from one term per side: (sign, rate r, expm1 rate s or None, power p) for
    sign · x e^{r x} g(x) / (1 + e^{q x})^p, with g = expm1(s x) or 1 and q x <= 0
    (q = -(c + d) right of 0, c + d left of it): the denominator's dominant exponential
    divided out as in f, so nothing overflows that the result does not."""
    def side(x, term, q):
        sign, rate, gap, power = term
        factor = x / (1.0 + _exp_rate(q, x)) ** power
        if gap is not None:
            factor *= _expm1_rate(gap, x)
        return _exp_rate(rate, x, sign * factor)

    def limit(term, towards: float) -> float:
        # x e^{r x} grows without bound unless r x -> -inf; g -> -1 at both ends
        sign, (r_hi, r_lo), gap, _ = term
        grows = (r_hi or r_lo) * towards >= 0
        return sign * (-1.0 if gap else 1.0) * towards * np.inf if grows else 0.0

    def dparam(x, a, b, c, d):
        rt, lt = right(a, b, c, d), left(a, b, c, d)

        def finite(t):
            pos, xp, xn = _signed_pieces(t)
            return np.where(pos, side(xp, rt, _rate(-c, -d)), side(xn, lt, _rate(c, d)))
        return on_finite(x, finite, limit(lt, -1.0), limit(rt, 1.0))
    return dparam


# ∂f/∂a = x e^{ax}/D, ∂f/∂b = x e^{-bx}/D, ∂f/∂c = -x f σ((c+d)x), ∂f/∂d = x f σ(-(c+d)x), with
# D = e^{cx} + e^{-dx} and f written per side as in _soboleva.
_SOBOLEVA_DPARAMS = {
    "a": _soboleva_dparam(lambda a, b, c, d: (1.0, _rate(a, -c), None, 1),
                          lambda a, b, c, d: (1.0, _rate(a, d), None, 1)),
    "b": _soboleva_dparam(lambda a, b, c, d: (1.0, _rate(-b, -c), None, 1),
                          lambda a, b, c, d: (1.0, _rate(d, -b), None, 1)),
    "c": _soboleva_dparam(lambda a, b, c, d: (1.0, _rate(a, -c), _rate(-a, -b), 2),
                          lambda a, b, c, d: (-1.0, _rate(c, 2 * d, -b), _rate(a, b), 2)),
    "d": _soboleva_dparam(lambda a, b, c, d: (-1.0, _rate(a, -2 * c, -d), _rate(-a, -b), 2),
                          lambda a, b, c, d: (1.0, _rate(d, -b), _rate(a, b), 2)),
}


def _growth_limit(dominant: float, other: float, level: float) -> float:
    """Limit of a ratio of exponentials: inf, `level` or 0 as dominant >, =, < other."""
    return np.inf if dominant > other else level if dominant == other else 0.0


def _soboleva_limits(a, b, c, d):
    return -_growth_limit(b, d, 1.0), _growth_limit(a, c, 1.0)


def _soboleva_d_limits(a, b, c, d):
    return _growth_limit(b, d, 0.0), _growth_limit(a, c, 0.0)


def _soboleva_d2_limits(a, b, c, d):
    return -_growth_limit(b, d, 0.0), _growth_limit(a, c, 0.0)


_SOBOLEVA_PARAMS = tuple(
    Param(name, 1.0, 0.1, 3.0, 0.05, label, text, symbol=name)
    for name, label, text in (
        ("a", "a (upper rise)", "Rate of the numerator's rising exponential; a > c lets f grow without bound."),
        ("b", "b (lower rise)", "Rate of the numerator's falling exponential; b > d lets f fall without bound."),
        ("c", "c (upper damping)", "Rate of the denominator's rising exponential; c > a makes f fall back to 0 for large x."),
        ("d", "d (lower damping)", "Rate of the denominator's falling exponential; d > b makes f return to 0 for very negative x."),
    )
)

register(Activation(
    key="soboleva_tanh", label="Soboleva modified tanh", family=FAMILY,
    params=_SOBOLEVA_PARAMS,
    fn=lambda x, a, b, c, d: on_finite(x, lambda t: _soboleva(t, a, b, c, d), *_soboleva_limits(a, b, c, d)),
    dfn=lambda x, a, b, c, d: on_finite(x, lambda t: _soboleva_d(t, a, b, c, d), *_soboleva_d_limits(a, b, c, d)),
    d2fn=lambda x, a, b, c, d: on_finite(x, lambda t: _soboleva_d2(t, a, b, c, d), *_soboleva_d2_limits(a, b, c, d)),
    dparams=_SOBOLEVA_DPARAMS,
    dparam_latex={"a": r"\frac{\partial f}{\partial a} = \frac{x\,e^{a x}}{e^{c x} + e^{-d x}}",
                  "b": r"\frac{\partial f}{\partial b} = \frac{x\,e^{-b x}}{e^{c x} + e^{-d x}}",
                  "c": r"\frac{\partial f}{\partial c} = -\frac{x\,e^{c x}\left(e^{a x} - e^{-b x}\right)}{\left(e^{c x} + e^{-d x}\right)^2}",
                  "d": r"\frac{\partial f}{\partial d} = \frac{x\,e^{-d x}\left(e^{a x} - e^{-b x}\right)}{\left(e^{c x} + e^{-d x}\right)^2}"},
    latex=r"f(x) = \frac{e^{a x} - e^{-b x}}{e^{c x} + e^{-d x}}",
    dlatex=r"f'(x) = \frac{(a-c)e^{(a+c)x} + (a+d)e^{(a-d)x} + (b+c)e^{(c-b)x} + (b-d)e^{-(b+d)x}}{\left(e^{c x} + e^{-d x}\right)^2}",
    tags={"smooth", "through_origin"},
    summary="tanh with four separate exponential rates (all 1 gives tanh). Bounded and monotonic only while a ≤ c and b ≤ d; "
            "a > c or b > d makes a tail grow without bound, a < c or d > b makes it fall back towards 0.",
    reference="Soboleva modified hyperbolic tangent, as listed in Wikipedia's table of activation functions",
    numpy_expr="(np.exp(a * x) - np.exp(-b * x)) / (np.exp(c * x) + np.exp(-d * x))",
    torch_expr="(torch.exp(a * x) - torch.exp(-b * x)) / (torch.exp(c * x) + torch.exp(-d * x))",
))
