"""Smooth rectifiers and self-gated activations: GELU, SiLU, Mish, softplus, ..."""
from __future__ import annotations

import functools

import numpy as np
from scipy.special import erfcx, ndtr

from . import _dd
from ._util import GAP_SERIES_RADIUS, exp_gap, exp_gap_ratio, logistic, logistic_d, on_finite
from .core import Activation, Param, register
from .sigmoidal import _sech2

FAMILY = "Smooth rectifiers and self-gated"
INV_SQRT2 = 0.7071067811865476
INV_SQRT_2PI = 0.3989422804014327
SQRT_HALF_PI = 1.2533141373155003  # √(π/2)
TWO_SQRT_2_OVER_PI = _dd.const("1.5957691216057307117597842397375274738034345246597386306637033186826317035972")
GELU_CUBIC = _dd.const("0.044715")
_BIG = 1e5  # |x| beyond which e^{-x^2/2} is 0 in any precision used here
# Exponents below this carry their rounding into e^t as a relative error of more than
# 2e-15 (|t| · 1.1e-16): there the exponent is formed exactly (hi + lo) first.
EXACT_EXPONENT_BELOW = -20.0


# -- Gaussian pieces --------------------------------------------------------------
# ndtr(x) is accurate to 2e-14 for x >= -10 but 2e-13 near -37 (it rounds x/√2 before
# squaring inside erfc). Below GAUSS_LEFT, Φ(x) = ½ erfcx(-x/√2) e^{-x²/2} with x²
# formed exactly: erfcx is insensitive to the rounding of its argument.
GAUSS_LEFT = -10.0
GAUSS_MID = 6.0  # |x| above it: e^{-x²/2} from the exact square


def _half_square(x):
    """-x²/2 as hi + lo (x clipped to ±_BIG first)."""
    xc = np.clip(x, -_BIG, _BIG)
    p, e = _dd.two_prod(xc, xc)
    return -0.5 * p, -0.5 * e


def _pdf(x):
    """φ(x) = e^{-x²/2}/√(2π), with the square exact where it matters (|x| > 6)."""
    out = np.square(x)
    out *= -0.5
    np.exp(out, out=out)
    out *= INV_SQRT_2PI
    far = np.abs(x) > GAUSS_MID
    if far.any():
        xf = x[far]
        hi, lo = _half_square(xf)
        out[far] = _dd.exp_times(hi, lo, INV_SQRT_2PI)
    return out


def _left_cdf_factor(x):
    """½ erfcx(-x/√2): Φ(x) = that · e^{-x²/2}."""
    return 0.5 * erfcx(np.minimum(-x, _BIG) * INV_SQRT2)


# -- GELU (exact) -------------------------------------------------------------
# GELU' = Φ(x) + x φ(x) cancels to nothing at its root x0 = -0.7518 (mpmath, 60 digits).
_GELU_D_ROOT = _dd.RootSeries(-0.7517915246935645, 1.4956759177009883e-17, (
    0.4314939923140469, 0.388284982990552, -0.018199676398671087, -0.1140082332972217,
    -0.014771522148244337, 0.019421679838189067, 0.004539228379125415, -0.002239538068073497,
    -0.0007448268386746817, 0.00018633974623233514, 8.615947861116571e-05, -1.121438018842664e-05,
    -7.74846130700372e-06))


def _gelu(x):
    out = ndtr(x)
    out *= x
    left = x < GAUSS_LEFT
    if left.any():
        xl = x[left]
        hi, lo = _half_square(xl)
        out[left] = _dd.exp_times(hi, lo, xl * _left_cdf_factor(xl))  # subnormal near -38: rounded once
    return out


def _gelu_d(x):
    # φ in plain double: its rounding of x² matters only below GAUSS_LEFT (replaced there);
    # above 6, x φ(x) < 1e-7 next to Φ ≈ 1.
    out = ndtr(x)
    xc = np.clip(x, -40.0, 40.0)
    pdf = np.square(xc)
    pdf *= -0.5
    np.exp(pdf, out=pdf)
    pdf *= INV_SQRT_2PI
    pdf *= xc
    out += pdf
    left = x < GAUSS_LEFT
    if left.any():
        # Φ + x φ = φ (√(π/2) erfcx(-x/√2) + x): about φ (1/|x| - |x|), no cancellation.
        xl = xc[left]
        hi, lo = _half_square(xl)
        out[left] = _dd.exp_times(hi, lo, INV_SQRT_2PI * (SQRT_HALF_PI * erfcx(-xl * INV_SQRT2) + xl))
    return _GELU_D_ROOT.patch(out, x)


def _gelu_d2(x):
    xc = np.clip(x, -_BIG, _BIG)
    return _pdf(xc) * (2.0 - xc * xc)


register(Activation(
    key="gelu", label="GELU", family=FAMILY,
    fn=lambda x: on_finite(x, _gelu, -0.0, np.inf),
    dfn=lambda x: on_finite(x, _gelu_d, 0.0, 1.0),
    d2fn=lambda x: on_finite(x, _gelu_d2, 0.0, 0.0),
    latex=r"\operatorname{GELU}(x) = x\,\Phi(x) = \frac{x}{2}\left(1 + \operatorname{erf}\frac{x}{\sqrt 2}\right)",
    dlatex=r"\operatorname{GELU}'(x) = \Phi(x) + x\,\varphi(x), \quad \varphi(x) = \frac{e^{-x^2/2}}{\sqrt{2\pi}}",
    tags={"smooth", "rectifier", "non_monotonic", "through_origin"},
    summary="Gaussian error linear unit: weights x by the probability that a standard normal variable is below it. "
            "Near ReLU for large |x|, with a small dip (minimum about -0.17) for negative inputs; standard in Transformers (BERT, GPT).",
    reference="Hendrycks & Gimpel, 'Gaussian Error Linear Units (GELUs)', arXiv 2016",
    year=2016,
    numpy_expr="x * 0.5 * sp.erfc(-x / np.sqrt(2))",
    torch_expr="torch.nn.functional.gelu(x)",
))


# -- GELU (tanh approximation) --------------------------------------------------
# 0.5(1 + tanh u) = σ(t) with t = 2u = 2√(2/π)(x + 0.044715 x³). Near x = -20, t ≈ -600 and
# the few roundings in t would cost ~1e-13 relatively in e^t: below EXACT_EXPONENT_BELOW,
# t is formed as a double-double and the result scaled once (_dd.exp_times).
_GELU_TANH_D_ROOT = _dd.RootSeries(-0.7524614220710163, 3.635560509207687e-17, (
    0.4304000910248585, 0.38751844613578895, -0.01578285352184803, -0.11394448308095899,
    -0.01661932834305256, 0.019682309459833118, 0.005261059254921912, -0.0024227318458750974,
    -0.0009274420230205449, 0.00026392764052681053, 0.00012425227802639782, -3.4956171694436116e-05,
    -1.5950896871645105e-05, 5.918611710894005e-06))
_GELU_TANH_CLIP = 1e3  # |x| beyond it: σ(t) is 0 or 1 and σ'(t) is 0 in double precision
# t's five roundings cost at most |t| 4e-16 relatively in e^t: 2.4e-14 down to t = -60
# (x = -8.7); below, t is formed as a double-double.
_GELU_TANH_EXACT_BELOW = -60.0


def _gelu_tanh_t(xc):
    """t = 2√(2/π)(x + 0.044715 x³) in double, and its derivative dt/dx."""
    x2 = np.square(xc)
    t = x2 * GELU_CUBIC[0]
    t += 1.0
    t *= xc
    t *= TWO_SQRT_2_OVER_PI[0]
    x2 *= 3.0 * GELU_CUBIC[0]
    x2 += 1.0
    x2 *= TWO_SQRT_2_OVER_PI[0]
    return t, x2


def _gelu_tanh_t_exact(x):
    """t as hi + lo, for the left tail."""
    hi, lo = _dd.two_prod(x, x)
    hi, lo = _dd.dd_mul(hi, lo, *GELU_CUBIC)
    hi, lo = _dd.dd_add(hi, lo, 1.0, 0.0)
    hi, lo = _dd.dd_mul(hi, lo, x, 0.0)
    return _dd.dd_mul(hi, lo, *TWO_SQRT_2_OVER_PI)


def _gelu_tanh(x):
    xc = np.clip(x, -_GELU_TANH_CLIP, _GELU_TANH_CLIP)
    t, _ = _gelu_tanh_t(xc)
    out = logistic(t)
    out *= x
    tail = t < _GELU_TANH_EXACT_BELOW
    if tail.any():
        xt = xc[tail]
        hi, lo = _gelu_tanh_t_exact(xt)
        out[tail] = _dd.exp_times(hi, lo, x[tail] / (1.0 + np.exp(hi)))  # x e^t/(1 + e^t)
    return out


def _gelu_tanh_d(x):
    xc = np.clip(x, -_GELU_TANH_CLIP, _GELU_TANH_CLIP)
    t, dt = _gelu_tanh_t(xc)
    # σ(t) (1 + x t' σ(-t))
    out = logistic(t, -1.0)
    out *= dt
    out *= xc
    out += 1.0
    out *= logistic(t)
    tail = t < _GELU_TANH_EXACT_BELOW
    if tail.any():
        xt = xc[tail]
        hi, lo = _gelu_tanh_t_exact(xt)
        r = 1.0 / (1.0 + np.exp(hi))  # σ(-t)
        out[tail] = _dd.exp_times(hi, lo, r * (1.0 + xt * dt[tail] * r))
    return _GELU_TANH_D_ROOT.patch(out, x)


def _gelu_tanh_d2(x):
    xc = np.clip(x, -_GELU_TANH_CLIP, _GELU_TANH_CLIP)
    t, dt = _gelu_tanh_t(xc)
    s, s_neg = logistic(t), logistic(t, -1.0)
    d2t = 6.0 * TWO_SQRT_2_OVER_PI[0] * GELU_CUBIC[0] * xc
    return s * s_neg * (2.0 * dt + xc * d2t + xc * dt * dt * (s_neg - s))


register(Activation(
    key="gelu_tanh", label="GELU (tanh approximation)", family=FAMILY,
    fn=lambda x: on_finite(x, _gelu_tanh, -0.0, np.inf),
    dfn=lambda x: on_finite(x, _gelu_tanh_d, 0.0, 1.0),
    d2fn=lambda x: on_finite(x, _gelu_tanh_d2, 0.0, 0.0),
    latex=r"f(x) = \frac{x}{2}\left(1 + \tanh u\right), \quad u = \sqrt{2/\pi}\,\left(x + 0.044715\,x^3\right)",
    dlatex=r"f'(x) = \frac{1 + \tanh u}{2} + \frac{x}{2}\,\operatorname{sech}^2 u \cdot \sqrt{2/\pi}\left(1 + 0.134145\,x^2\right)",
    tags={"smooth", "rectifier", "non_monotonic", "through_origin"},
    summary="The tanh-based approximation of GELU used by GPT-2 and BERT's original code; it differs from exact GELU by less than 0.0005.",
    reference="Hendrycks & Gimpel, 'Gaussian Error Linear Units (GELUs)', arXiv 2016",
    year=2016,
    numpy_expr="0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x**3)))",
    torch_expr="torch.nn.functional.gelu(x, approximate='tanh')",
))


# -- SiLU / Swish ---------------------------------------------------------------
# In terms of t = βx: f = x σ(t), f' = σ(t)(1 + t σ(-t)). Where e^t carries the rounding
# of βx (t < EXACT_EXPONENT_BELOW, or only t < -700 when β = 1 and t = x is exact), the
# exponent is re-formed exactly and the result scaled once.
_SILU_D_ROOT = _dd.RootSeries(-1.2784645427610737, -1.0946994183093437e-16, (
    0.2178117057198001, 0.1466487969969469, 0.018874814223782312, -0.015222655223188032,
    -0.006606589138356696, 0.000126627410081122, 0.0007985218818397998, 0.00018570724361186496,
    -4.090534237428612e-05, -2.9733542213263917e-05, -2.942631888842464e-06, 2.346029682463866e-06,
    8.599695028268575e-07, -3.051244750055421e-08))


def _gate_tail(x, t, beta):
    """(mask, t_hi, t_lo) of the elements whose e^t needs an exact exponent."""
    tail = t < (-700.0 if beta == 1.0 else EXACT_EXPONENT_BELOW)
    if not tail.any():
        return tail, None, None
    xt = np.maximum(x[tail], _SILU_CLIP / beta)  # e^t is 0 long before: keeps two_prod finite
    if beta == 1.0:
        return tail, xt, 0.0
    return (tail, *_dd.two_prod(beta, xt))


_SILU_CLIP = -1e4  # |t| beyond it: σ(t) is 0 or 1, σ'(t) is 0


def _silu_t(x, beta):
    if beta == 1.0:
        return x  # finite (on_finite): t σ(-t) is never inf * 0
    t = np.multiply(x, beta)
    return np.clip(t, _SILU_CLIP, -_SILU_CLIP, out=t)


def _silu(x, beta):
    t = _silu_t(x, beta)
    out = logistic(t)
    out *= x
    tail, hi, lo = _gate_tail(x, t, beta)
    if hi is not None:
        out[tail] = _dd.exp_times(hi, lo, x[tail] / (1.0 + np.exp(hi)))
    return out


def _silu_d(x, beta):
    t = _silu_t(x, beta)
    # σ(t)(1 + t σ(-t)) = p (1 + t E p) with E = e^{-t}, p = 1/(1 + E): one exponential.
    # E overflows below t = -709.78, where the tail below replaces the NaN of inf * 0.
    e = np.negative(t)
    with np.errstate(over="ignore", invalid="ignore"):
        np.exp(e, out=e)
        out = e + 1.0
        np.divide(1.0, out, out=out)
        e *= out
        e *= t
        e += 1.0
        out *= e
    tail, hi, lo = _gate_tail(x, t, beta)
    if hi is not None:
        r = 1.0 / (1.0 + np.exp(hi))  # σ(-t)
        out[tail] = _dd.exp_times(hi, lo, r * (1.0 + hi * r))
    return _SILU_D_ROOT.patch(out, t, beta, x)


def _silu_d2(x, beta):
    t = _silu_t(x, beta)
    s, s_neg = logistic(t), logistic(t, -1.0)
    return beta * s * s_neg * (2.0 + t * (s_neg - s))


def _gate_parts(x, beta):
    """(t, |t| beyond which e^{-|t|} needs an exact exponent, and x clipped where t is)."""
    t = np.multiply(x, beta)
    np.clip(t, _SILU_CLIP, -_SILU_CLIP, out=t)
    xc = np.clip(x, _SILU_CLIP / beta, -_SILU_CLIP / beta)  # keeps xc² finite; the result is 0 long before
    return t, (700.0 if beta == 1.0 else -EXACT_EXPONENT_BELOW), xc


def _exact_tail(x, beta, far):
    """-|βx| as hi + lo for the elements `far`, clipped as in _gate_parts."""
    xf = np.minimum(np.abs(x[far]), -_SILU_CLIP / beta)
    return (-xf, 0.0) if beta == 1.0 else _dd.two_prod(-beta, xf)


def _silu_dbeta(x, beta):
    """x² σ'(βx) = x² e/(1 + e)² with e = e^{-|βx|}, rounded once where it is subnormal."""
    t, far_at, xc = _gate_parts(x, beta)
    out = logistic_d(t)
    out *= xc
    out *= xc
    far = np.abs(t) > far_at
    if far.any():
        hi, lo = _exact_tail(x, beta, far)
        out[far] = _dd.exp_times(hi, lo, np.square(xc[far]) / np.square(1.0 + np.exp(hi)))
    return out


def _softplus_dbeta(x, beta):
    """(βx σ(βx) - ln(1 + e^{βx}))/β², even in βx: -(u e/(1 + e) + ln(1 + e))/β² with u = |βx|,
    e = e^{-u}; a sum of two positive terms where the textbook form cancels for large βx."""
    t, far_at, _ = _gate_parts(x, beta)
    u = np.abs(t)
    e = np.negative(u)
    np.exp(e, out=e)
    out = u * e
    out /= 1.0 + e
    out += np.log1p(e)
    out /= -beta * beta
    far = u > far_at
    if far.any():  # e^{-u} (u/(1 + e) + ln(1 + e)/e), and ln(1 + e)/e = 1 - e/2 + e²/3 - ...
        hi, lo = _exact_tail(x, beta, far)
        e = np.exp(hi)
        out[far] = _dd.exp_times(hi, lo, (-hi / (1.0 + e) + (1.0 - e / 2.0 + e * e / 3.0)) / (-beta * beta))
    return out


_BETA = Param("beta", 1.0, 0.1, 5.0, 0.05, "beta", "Gate sharpness: large beta approaches ReLU, small beta approaches x/2.",
              symbol=r"\beta")

register(Activation(
    key="silu", label="SiLU / Swish", family=FAMILY,
    params=(_BETA,),
    fn=lambda x, beta: on_finite(x, lambda t: _silu(t, beta), -0.0, np.inf),
    dfn=lambda x, beta: on_finite(x, lambda t: _silu_d(t, beta), 0.0, 1.0),
    d2fn=lambda x, beta: on_finite(x, lambda t: _silu_d2(t, beta), 0.0, 0.0),
    dparams={"beta": _silu_dbeta},
    dparam_latex={"beta": r"\frac{\partial f}{\partial \beta} = x^{2}\,\sigma(\beta x)\bigl(1 - \sigma(\beta x)\bigr)"},
    latex=r"\operatorname{SiLU}(x) = x\,\sigma(\beta x) = \frac{x}{1 + e^{-\beta x}}",
    dlatex=r"\operatorname{SiLU}'(x) = \sigma(\beta x)\bigl(1 + \beta x\,(1 - \sigma(\beta x))\bigr)",
    tags={"smooth", "rectifier", "non_monotonic", "through_origin"},
    summary="The input gated by its own sigmoid. Unbounded above, bounded below with a shallow dip; "
            "found by automated search (Swish) and used in EfficientNet and many LLMs.",
    reference="Elfwing, Uchibe & Doya, 'Sigmoid-Weighted Linear Units for Neural Network Function Approximation', 2017; "
              "Ramachandran, Zoph & Le, 'Searching for Activation Functions', 2017",
    year=2017,
    numpy_expr="x / (1 + np.exp(-beta * x))",
    torch_expr="x * torch.sigmoid(beta * x)",
))


# -- Mish -------------------------------------------------------------------------
# With E = e^x and n = E(E + 2) = (1 + E)² - 1: tanh(softplus x) = n/(n + 2), sech² = 4(1 + E)²/(n + 2)²,
# so f = x n/(n + 2) and f' = n/(n + 2) + 4 x E (1 + E)/(n + 2)²: sums of positive terms, nothing
# cancels (except at f''s root, taken by a series). E is clamped at e^30, past which f = x and
# f' = 1 in double precision. Below x = -700, E is subnormal: f = x e^x, f' = (1 + x) e^x, scaled.
_MISH_CLAMP = 30.0
_MISH_D_ROOT = _dd.RootSeries(-1.1924312145154952, -4.8484829848031044e-17, (
    0.2669479140495345, 0.20473126408010586, 0.04190782104360987, -0.020271822716684245,
    -0.01582112656173338, -0.0033606849270232685, 0.0010924055409445854, 0.0009898181021289196,
    0.00025412936386191073, -4.1961496031696126e-05, -5.582891567360688e-05, -1.72992708103044e-05,
    9.427361327376651e-07, 2.9088199364912223e-06))


def _mish_parts(x):
    """(E, n, n + 2) for x clamped at 30."""
    e = np.minimum(x, _MISH_CLAMP)
    np.exp(e, out=e)
    n = e + 2.0
    n *= e
    return e, n, n + 2.0


def _mish_tail(x, out, factor):
    tail = x < -700.0
    if tail.any():
        xt = x[tail]
        out[tail] = _dd.exp_times(xt, 0.0, factor(xt))
    return out


def _mish(x):
    _, n, n2 = _mish_parts(x)
    n /= n2
    n *= x
    return _mish_tail(x, n, lambda xt: xt)


def _mish_d(x):
    e, n, n2 = _mish_parts(x)
    n /= n2
    e1 = e + 1.0
    e1 *= e
    e1 *= 4.0
    e1 *= np.minimum(x, _MISH_CLAMP)
    n2 *= n2
    e1 /= n2
    n += e1
    _mish_tail(x, n, lambda xt: 1.0 + xt)
    return _MISH_D_ROOT.patch(n, x)


def _mish_d2(x):
    e, n, n2 = _mish_parts(x)
    xc = np.minimum(x, _MISH_CLAMP)
    th = n / n2
    sech2 = 4.0 * (n + 1.0) / (n2 * n2)
    g = e / (1.0 + e)
    return sech2 * g * (2.0 - 2.0 * xc * th * g + xc * (1.0 - g))


register(Activation(
    key="mish", label="Mish", family=FAMILY,
    fn=lambda x: on_finite(x, _mish, -0.0, np.inf),
    dfn=lambda x: on_finite(x, _mish_d, 0.0, 1.0),
    d2fn=lambda x: on_finite(x, _mish_d2, 0.0, 0.0),
    latex=r"\operatorname{Mish}(x) = x\,\tanh\bigl(\operatorname{softplus}(x)\bigr)",
    dlatex=r"\operatorname{Mish}'(x) = \tanh(s) + x\,\operatorname{sech}^2(s)\,\sigma(x), \quad s = \ln(1 + e^{x})",
    tags={"smooth", "rectifier", "non_monotonic", "through_origin"},
    summary="A self-gated rectifier close to SiLU with a slightly deeper negative dip (minimum about -0.31); popular in YOLOv4.",
    reference="Misra, 'Mish: A Self Regularized Non-Monotonic Activation Function', BMVC 2020 (arXiv 2019)",
    year=2019,
    numpy_expr="x * np.tanh(np.logaddexp(0, x))",
    torch_expr="torch.nn.functional.mish(x)",
))


# -- softplus and log-sigmoid -------------------------------------------------------
def _softplus(x, beta):
    # max(x, 0) + log1p(e^{-|βx|})/β: the log term is a small correction where x > 0.
    t = np.multiply(x, beta) if beta != 1.0 else x
    out = np.abs(t)
    np.negative(out, out=out)
    np.exp(out, out=out)
    np.log1p(out, out=out)
    if beta != 1.0:
        out /= beta
    out += np.maximum(x, 0.0)
    tail, hi, lo = _gate_tail(x, t, beta)
    if hi is not None:
        # log1p(e^t)/β = e^t (1 - e^t/2 + ...)/β: exact exponent, one rounding into subnormals.
        out[tail] = _dd.exp_times(hi, lo, (1.0 - 0.5 * np.exp(hi)) / beta)
    return out


def _softplus_d(x, beta):
    t = np.multiply(x, beta) if beta != 1.0 else x
    out = logistic(t)
    tail, hi, lo = _gate_tail(x, t, beta)
    if hi is not None:
        out[tail] = _dd.exp_times(hi, lo, 1.0 / (1.0 + np.exp(hi)))
    return out


def _softplus_d2(x, beta):
    t = np.multiply(x, beta) if beta != 1.0 else x
    out = logistic_d(t)
    out *= beta
    return out


def _log_sigmoid(x):
    # min(x, 0) - log1p(e^{-|x|}); for x > 709 e^{-x} is subnormal and log1p returns it exactly.
    out = np.abs(x)
    np.negative(out, out=out)
    np.exp(out, out=out)
    np.log1p(out, out=out)
    np.subtract(np.minimum(x, 0.0), out, out=out)
    return out


register(Activation(
    key="softplus", label="Softplus", family=FAMILY,
    params=(Param("beta", 1.0, 0.1, 5.0, 0.05, "beta", "Sharpness: large beta hugs ReLU, small beta is a gentle curve.",
                  symbol=r"\beta"),),
    fn=_softplus,  # exact everywhere: no PyTorch-style switch to x above a threshold
    dfn=_softplus_d,
    d2fn=_softplus_d2,
    dparams={"beta": _softplus_dbeta},
    dparam_latex={"beta": r"\frac{\partial f}{\partial \beta} = \frac{x\,\sigma(\beta x)}{\beta} - \frac{\ln\left(1 + e^{\beta x}\right)}{\beta^{2}}"},
    latex=r"\operatorname{softplus}(x) = \frac{1}{\beta}\ln\left(1 + e^{\beta x}\right)",
    dlatex=r"\operatorname{softplus}'(x) = \sigma(\beta x) = \frac{1}{1 + e^{-\beta x}}",
    tags={"smooth", "rectifier", "monotonic"},
    summary="A smooth ReLU: always positive, approaches 0 for very negative inputs and x for large ones; its derivative is the sigmoid.",
    reference="Dugas, Bengio, Bélisle, Nadeau & Garcia, 'Incorporating Second-Order Functional Knowledge for Better Option Pricing', NIPS 2000",
    year=2000,
    numpy_expr="np.logaddexp(0, beta * x) / beta",
    torch_expr="torch.nn.functional.softplus(x, beta=beta)",
))

register(Activation(
    key="log_sigmoid", label="Log-sigmoid", family=FAMILY,
    # scipy's log_expit is as exact but 3x slower than this.
    fn=_log_sigmoid,
    dfn=lambda x: logistic(x, -1.0),  # σ(-x), a correct subnormal past x = 709.78
    d2fn=lambda x: np.negative(logistic_d(x)),
    latex=r"f(x) = \ln \sigma(x) = -\ln\left(1 + e^{-x}\right)",
    dlatex=r"f'(x) = 1 - \sigma(x) = \sigma(-x)",
    tags={"smooth", "monotonic"},
    summary="The logarithm of the sigmoid: softplus mirrored, always negative, close to x for very negative inputs and to 0 for large ones; "
            "the log-probability used in logistic losses.",
    reference="",
    numpy_expr="-np.logaddexp(0, -x)",
    torch_expr="torch.nn.functional.logsigmoid(x)",
))


# -- squareplus ---------------------------------------------------------------------
def _squareplus(x, b):
    h = np.hypot(x, np.sqrt(b))
    left = h / 2 - x / 2  # halves: h - x itself may overflow
    left = np.where(left > 0, left, 1.0)  # 0 only for b = 0 at x = -0 or tiny x
    # x < 0: (x + h)/2 = b / (2(h - x)), which does not cancel. A subnormal b/4 keeps too few digits
    # (b = 5e-324 gave 0 for 1.1e-162): then √b/2 · (√b/2)/(h/2 - x/2), as the derivative does.
    half_r = np.sqrt(b) / 2
    tiny = np.asarray(b) < 4 * np.finfo(np.float64).tiny
    return np.where(x >= 0, x / 2 + h / 2, np.where(tiny, half_r * (half_r / left), (b / 4) / left))


def _squareplus_d(x, b):
    r = np.sqrt(b)
    h = np.hypot(x, r)
    safe_h = np.where(h > 0, h, 1.0)
    left = h / 2 - x / 2
    left = np.where(left > 0, left, 1.0)
    right = np.where(h > 0, 0.5 * (1.0 + x / safe_h), 0.0)  # b = 0, x = 0: ReLU's 0 (PyTorch relu'(0))
    # x < 0: (1 + x/h)/2 = b / (2h(h - x)), split so that no product overflows.
    return np.where(x >= 0, right, 0.5 * (r / safe_h) * ((r / 2) / left))


def _squareplus_d2(x, b):
    h = np.hypot(x, np.sqrt(b))
    safe_h = np.where(h > 0, h, 1.0)
    return np.where(h > 0, 0.5 * (np.sqrt(b) / safe_h) ** 2 / safe_h, 0.0)


def _squareplus_db(x, b):
    # 1/(4 √(x² + b)); +inf at x = 0 when b = 0, the one-sided slope of √b/2 there, and
    # beyond the double range for subnormal x.
    out = np.hypot(x, np.sqrt(b))
    out *= 4.0
    with np.errstate(divide="ignore", over="ignore"):
        return np.divide(1.0, out, out=out)


register(Activation(
    key="squareplus", label="Squareplus", family=FAMILY,
    params=(Param("b", 4.0, 0.0, 10.0, 0.1, "b", "Curvature near 0: b = 0 gives ReLU exactly, larger b a wider bend.",
                  symbol="b"),),
    fn=lambda x, b: on_finite(x, lambda t: _squareplus(t, b), 0.0, np.inf),
    dfn=lambda x, b: on_finite(x, lambda t: _squareplus_d(t, b), 0.0, 1.0),
    d2fn=lambda x, b: on_finite(x, lambda t: _squareplus_d2(t, b), 0.0, 0.0),
    dparams={"b": _squareplus_db},
    dparam_latex={"b": r"\frac{\partial f}{\partial b} = \frac{1}{4\sqrt{x^2 + b}}"},
    kinks_fn=lambda b: (0.0,) if b == 0 else (),  # b = 0 is ReLU
    latex=r"\operatorname{squareplus}(x) = \frac{x + \sqrt{x^2 + b}}{2}",
    dlatex=r"\operatorname{squareplus}'(x) = \frac{1}{2}\left(1 + \frac{x}{\sqrt{x^2 + b}}\right)",
    tags={"smooth", "rectifier", "monotonic"},
    summary="A softplus look-alike built from a square root instead of exp and log: positive, tends to 0 like b/(4|x|) on the left "
            "and to x on the right; cheap to compute.",
    reference="Barron, 'Squareplus: A Softplus-Like Algebraic Rectifier', arXiv 2021",
    year=2021,
    numpy_expr="(x + np.sqrt(x**2 + b)) / 2",
    torch_expr="(x + torch.sqrt(x**2 + b)) / 2",
))


# -- bent identity ------------------------------------------------------------------
def _bent(x):
    h = np.hypot(x, 1.0)
    # (h - 1)/2 = x²/(2(h + 1)) avoids cancellation near 0; x/(h + 1) keeps x² from overflowing.
    with np.errstate(over="ignore"):  # only x > ~1.2e308, where the true value exceeds the double range
        return x + x * (x / (h + 1.0)) / 2


register(Activation(
    key="bent_identity", label="Bent identity", family=FAMILY,
    fn=lambda x: on_finite(x, _bent, -np.inf, np.inf),
    dfn=lambda x: on_finite(x, lambda t: 1.0 + 0.5 * t / np.hypot(t, 1.0), 0.5, 1.5),
    d2fn=lambda x: on_finite(x, lambda t: 0.5 * (1.0 / np.hypot(t, 1.0)) ** 3, 0.0, 0.0),
    latex=r"f(x) = \frac{\sqrt{x^2 + 1} - 1}{2} + x",
    dlatex=r"f'(x) = 1 + \frac{x}{2\sqrt{x^2 + 1}}",
    tags={"smooth", "monotonic", "through_origin"},
    summary="The identity bent by a hyperbola: slope 1/2 far left, 3/2 far right, 1 at the origin; unbounded both ways, never saturates.",
    reference="",
    numpy_expr="(np.sqrt(x**2 + 1) - 1) / 2 + x",
    torch_expr="(torch.sqrt(x**2 + 1) - 1) / 2 + x",
))


# -- soft exponential -----------------------------------------------------------------
def _soft_exp_t(x, alpha):
    """(t, tail, t_hi, t_lo): t = αx, and where |t| > 20 (α != 1) t exactly as hi + lo."""
    if alpha == 1.0:
        return x, None, None, None
    t = np.multiply(x, alpha)
    tail = np.abs(t) > -EXACT_EXPONENT_BELOW
    if not tail.any():
        return t, None, None, None
    xt = np.clip(x[tail], -1e4, 1e4)  # e^t is 0 or inf long before: keeps two_prod finite
    return (t, tail, *_dd.two_prod(alpha, xt))


@functools.lru_cache(maxsize=64)
def _log_one_minus_square(alpha: float):
    """(c, ln c) for c = 1 - α², both as double-double pairs (scalars; cached per α)."""
    a2h, a2l = _dd.two_prod(alpha, alpha)
    ch, cl = _dd.two_sum(1.0, -a2h)
    ch, cl = _dd.fast_two_sum(ch, cl - a2l)
    first = np.log(ch)
    # Newton: ln c = L1 + ln(c e^{-L1}), and c e^{-L1} - 1 is below 1e-15.
    eh, el = _dd.exp_dd(np.array([-first]))
    mh, ml = _dd.dd_mul(ch, cl, eh[0], el[0])
    lh, ll = _dd.fast_two_sum(first, (mh - 1.0) + ml)
    return (float(ch), float(cl)), (float(lh), float(ll))


def _soft_exp(x, alpha):
    if alpha == 0:
        return x.copy()
    if abs(alpha) < 1e-150:  # α² underflows: α f = expm1(αx) + α² would lose the + α (f(0) = α)
        t = np.multiply(x, alpha)
        with np.errstate(over="ignore"):  # e^{αx} beyond the float range: f is inf there
            # expm1(t)/α is x(1 + t/2) to 1e-17 where t is small, and αx may have underflowed there
            return np.where(np.abs(t) < 1e-8, x * (1.0 + t / 2.0), np.expm1(t) / alpha) + alpha
    # α f = e^{αx} - 1 + α². Written as expm1(αx) + α² it cancels where e^{αx} < α²
    # (α near 1, x very negative); there e^{αx} - (1-α)(1+α) is exact-relative instead,
    # and next to its root, where even that cancels, c expm1(αx - ln c) with c = 1 - α².
    t, tail, th, tl = _soft_exp_t(x, alpha)
    with np.errstate(over="ignore"):
        out = np.expm1(t)
        out += alpha * alpha
        low = t < 2.0 * np.log(alpha)
        if low.any():
            out[low] = np.exp(t[low]) - (1.0 - alpha) * (1.0 + alpha)
        if tail is not None:
            out[tail] = _dd.exp_times(th, tl, 1.0) - np.where(th > 0, 1.0 - alpha * alpha, (1.0 - alpha) * (1.0 + alpha))
        if alpha < 1.0:
            (ch, cl), (lh, ll) = _log_one_minus_square(alpha)
            near = np.abs(t - lh) < 0.5
            if near.any():
                ph, pl = _dd.two_prod(alpha, x[near])
                out[near] = ch * np.expm1((ph - lh) + (pl - ll))
        out /= alpha
    return out


def _soft_exp_d(x, alpha, scale=1.0):
    if alpha == 0:
        return np.full_like(x, 0.0 if scale == 0 else 1.0)
    t, tail, th, tl = _soft_exp_t(x, alpha)
    with np.errstate(over="ignore"):
        out = np.exp(t)
        if scale != 1.0:
            out *= scale
        if tail is not None:
            out[tail] = _dd.exp_times(th, tl, scale)
    return out


def _soft_exp_dalpha(x, alpha):
    """1 + (1 + (t - 1) e^t)/α² with t = αx: two non-negative terms. Near t = 0 the gap is
    x² times its series (no division by a tiny α², and α = 0 gives 1 + x²/2); where t > 20
    e^t is taken from the exact exponent. Beyond the double range inf is the right rounding."""
    with np.errstate(over="ignore"):
        if alpha == 0:
            return 1.0 + x * (x / 2.0)
        t, tail, th, tl = _soft_exp_t(x, alpha)
        out = exp_gap(t)
        if tail is not None:
            out[tail] = np.where(th > 0, _dd.exp_times(th, tl, th - 1.0) + 1.0, out[tail])
        out /= alpha
        out /= alpha
        small = np.abs(t) < GAP_SERIES_RADIUS
        if small.any():
            xs = x[small]
            out[small] = xs * (xs * exp_gap_ratio(t[small]))
    out += 1.0
    return out


def _soft_exp_dalpha_at_neg_inf(alpha: float) -> float:
    """1 + 1/α² (the gap tends to 1); inf for α = 0 (1 + x²/2) and wherever 1/α² is beyond the doubles."""
    with np.errstate(over="ignore", divide="ignore", under="ignore"):
        return float(1.0 + 1.0 / np.square(np.float64(alpha)))


register(Activation(
    key="soft_exponential", label="Soft exponential", family=FAMILY,
    params=(Param("alpha", 0.5, 0.0, 1.0, 0.05, "alpha", "0 is the identity; 1 is e^x. Between, an exponential shifted to pass near the origin.",
                  symbol=r"\alpha"),),
    fn=_soft_exp,
    dfn=_soft_exp_d,
    d2fn=lambda x, alpha: _soft_exp_d(x, alpha, alpha),
    dparams={"alpha": lambda x, alpha: on_finite(x, lambda t: _soft_exp_dalpha(t, alpha),
                                                 _soft_exp_dalpha_at_neg_inf(alpha), np.inf)},
    dparam_latex={"alpha": r"\frac{\partial f}{\partial \alpha} = \begin{cases} 1 + \tfrac{x^{2}}{2} & \alpha = 0 \\ 1 + \dfrac{(\alpha x - 1)\,e^{\alpha x} + 1}{\alpha^{2}} & \alpha > 0 \end{cases}"},
    latex=r"f(x) = \begin{cases} x & \alpha = 0 \\ \dfrac{e^{\alpha x} - 1}{\alpha} + \alpha & \alpha > 0 \end{cases}",
    dlatex=r"f'(x) = e^{\alpha x}",
    tags={"smooth", "monotonic"},
    summary="A trainable family sliding from the identity (α = 0) to the exponential (α = 1). Only α in [0, 1] is offered here: "
            "the original's logarithmic branch for α < 0 is defined on a half-line only.",
    reference="Godfrey & Gashler, 'A continuum among logarithmic, linear, and exponential functions, "
              "and its potential to improve generalization in neural networks', 2015",
    year=2015,
    numpy_expr="(np.expm1(alpha * x) / alpha + alpha) if alpha > 0 else x",
    torch_expr="(torch.expm1(alpha * x) / alpha + alpha) if alpha > 0 else x",
))


# -- ELiSH ------------------------------------------------------------------------------
# logistic, not scipy's expit: expit is 0 below -709.78 where σ is still subnormal
# (ELiSH(-710) = (e^-710 - 1) σ(-710) is -4.5e-309, not 0).
_ELISH_D_ROOT = _dd.RootSeries(-0.881373587019543, 2.250545892825866e-17, (
    0.24264068711928516, 0.25735931288071484, 0.1115079263853561, 0.018398282201787134,
    -0.002288979949781707, -0.0006860019209835383, 0.0005621798192762837, 0.00025202982670989913,
    -1.0734536229155677e-05, -2.9803051544850405e-05, -4.054857466806237e-06, 2.5926802313549836e-06,
    9.076894581839834e-07, -1.1988220839191796e-07))


def _elish_pieces(x):
    pos = x >= 0
    return pos, np.where(pos, x, 0.0), np.where(pos, 0.0, x)


def _elish(x):
    pos, xp, xn = _elish_pieces(x)
    return np.where(pos, xp * logistic(xp), np.expm1(xn) * logistic(xn))


def _elish_d(x):
    pos, xp, xn = _elish_pieces(x)
    right = logistic(xp) * (1.0 + xp * logistic(xp, -1.0))
    left = logistic(xn) * (np.exp(xn) + np.expm1(xn) * logistic(xn, -1.0))
    return _ELISH_D_ROOT.patch(np.where(pos, right, left), x)


def _elish_d2(x):
    pos, xp, xn = _elish_pieces(x)
    sp, sp_neg = logistic(xp), logistic(xp, -1.0)
    sn, sn_neg = logistic(xn), logistic(xn, -1.0)
    right = sp * sp_neg * (2.0 + xp * (sp_neg - sp))
    left = np.exp(xn) * sn * (1.0 + 2.0 * sn_neg) + np.expm1(xn) * sn * sn_neg * (sn_neg - sn)
    return np.where(pos, right, left)


register(Activation(
    key="elish", label="ELiSH", family=FAMILY,
    fn=_elish,
    # f' is continuous (1/2 from both sides at 0), so no kink convention is needed.
    dfn=lambda x: on_finite(x, _elish_d, 0.0, 1.0),
    d2fn=lambda x: on_finite(x, _elish_d2, 0.0, 0.0),
    kinks_fn=lambda: (0.0,),  # f'' jumps from 1 to 1/2 there
    latex=r"\operatorname{ELiSH}(x) = \begin{cases} x\,\sigma(x) & x \ge 0 \\ (e^{x} - 1)\,\sigma(x) & x < 0 \end{cases}",
    dlatex=r"\operatorname{ELiSH}'(x) = \begin{cases} \sigma(x)\bigl(1 + x\,\sigma(-x)\bigr) & x \ge 0 \\ \sigma(x)\bigl(e^{x} + (e^{x} - 1)\,\sigma(-x)\bigr) & x < 0 \end{cases}",
    tags={"rectifier", "non_monotonic", "through_origin"},
    summary="SiLU on the right, an ELU-like curve gated by the sigmoid on the left: dips to about -0.17 and returns to 0 for very negative inputs.",
    reference="Basirat & Roth, 'The Quest for the Golden Activation Function', arXiv 2018",
    year=2018,
    numpy_expr="np.where(x >= 0, x, np.expm1(np.minimum(x, 0))) / (1 + np.exp(-x))",
    torch_expr="torch.where(x >= 0, x, torch.expm1(x)) * torch.sigmoid(x)",
))


# -- tanhshrink ---------------------------------------------------------------------------
# Below |x| = 0.6, x - tanh x cancels (by 1/x² ulps); there it is x q/(1 + q) from Lambert's
# continued fraction tanh x = x/(1 + q), q = x²/(3 + x²/(5 + x²/(7 + ...))): all terms positive,
# no cancellation. Nine levels leave a truncation error below 1e-21 at |x| = 0.6.
_TANHSHRINK_CF_BELOW = 0.6
_TANHSHRINK_CF_DEPTH = 9


def _tanhshrink(x):
    out = np.tanh(x)
    np.subtract(x, out, out=out)
    small = np.abs(x) < _TANHSHRINK_CF_BELOW
    if small.any():
        xs = x[small]
        x2 = xs * xs
        q = np.full_like(xs, 2.0 * _TANHSHRINK_CF_DEPTH + 3.0)
        for k in range(_TANHSHRINK_CF_DEPTH, 0, -1):
            q = (2.0 * k + 1.0) + x2 / q
        q = x2 / q
        out[small] = xs * q / (1.0 + q)
    return out


def _tanhshrink_d(x):
    out = np.tanh(x)
    out *= out  # 1 - sech² x, without the cancellation
    return out


register(Activation(
    key="tanhshrink", label="Tanhshrink", family="Shrinkage",
    fn=_tanhshrink,
    dfn=_tanhshrink_d,
    d2fn=lambda x: 2.0 * np.tanh(x) * _sech2(x),
    latex=r"\operatorname{tanhshrink}(x) = x - \tanh x",
    dlatex=r"\operatorname{tanhshrink}'(x) = \tanh^2 x",
    tags={"smooth", "monotonic", "through_origin"},
    summary="What is left of x after tanh: flat like x³/3 near 0 and close to x ∓ 1 for large |x|, so it shrinks small inputs towards zero.",
    reference="PyTorch's torch.nn.Tanhshrink",
    numpy_expr="x - np.tanh(x)",
    torch_expr="torch.nn.functional.tanhshrink(x)",
))
