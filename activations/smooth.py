"""Smooth rectifiers and self-gated activations: GELU, SiLU, Mish, softplus, ..."""
from __future__ import annotations

import numpy as np
from scipy.special import erfc, erfcx, expit, log_expit

from ._extended import EXP_CLAMP, LD, exp_ld, ld, sigmoid_ld, to_double
from ._util import on_finite
from .core import Activation, Param, register
from .sigmoidal import _sech2

FAMILY = "Smooth rectifiers and self-gated"
INV_SQRT2 = LD("0.70710678118654752440084436210484903928483593768847403658833986899536623923105")
INV_SQRT_2PI = LD("0.39894228040143267793994605993438186847585863116493465766592582967065792589930")
SQRT_2_OVER_PI = LD("0.79788456080286535587989211986876373695171726232986931533185165934131585179860")
GELU_CUBIC = LD("0.044715")
_BIG = 1e5  # |x| beyond which e^{-x^2/2} is 0 in any precision used here


# -- GELU (exact) -------------------------------------------------------------
def _gaussian_parts(x):
    """(Φ(x), φ(x)) as long doubles. For x < 0, Φ = ½ erfcx(-x/√2) e^{-x²/2}: the
    exponential is formed in long double (x² would lose ~x²·1e-16 relatively), and
    erfcx is insensitive to the rounding of its argument."""
    xl = ld(np.clip(x, -_BIG, _BIG))
    pdf = np.exp(-xl * xl / 2) * INV_SQRT_2PI
    w = to_double(-xl * INV_SQRT2)
    neg = xl < 0
    cdf_left = 0.5 * ld(erfcx(np.where(neg, w, 0.0))) * np.exp(-xl * xl / 2)
    cdf_right = 0.5 * ld(erfc(np.where(neg, 0.0, w)))
    return np.where(neg, cdf_left, cdf_right), pdf


def _gelu(x):
    cdf, _ = _gaussian_parts(x)
    return to_double(ld(x) * cdf)


def _gelu_d(x):
    cdf, pdf = _gaussian_parts(x)
    return to_double(cdf + ld(np.clip(x, -_BIG, _BIG)) * pdf)


def _gelu_d2(x):
    _, pdf = _gaussian_parts(x)
    xl = ld(np.clip(x, -_BIG, _BIG))
    return to_double(pdf * (2.0 - xl * xl))


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
def _gelu_tanh_parts(x):
    # 0.5(1 + tanh u) = σ(2u). Near x = -20, 2u ≈ -600: one double rounding in u would cost
    # ~1e-13 relatively in e^{2u}, so u and the sigmoid are long double.
    xl = ld(x)
    u = SQRT_2_OVER_PI * (xl + GELU_CUBIC * xl**3)
    du = SQRT_2_OVER_PI * (1.0 + 3.0 * GELU_CUBIC * xl * xl)
    return xl, u, du, sigmoid_ld(2.0 * u), sigmoid_ld(-2.0 * u)


def _gelu_tanh(x):
    xl, _, _, s, _ = _gelu_tanh_parts(x)
    return to_double(xl * s)


def _gelu_tanh_d(x):
    xl, _, du, s, s_neg = _gelu_tanh_parts(x)
    return to_double(s + 2.0 * xl * du * s * s_neg)


def _gelu_tanh_d2(x):
    xl, _, du, s, s_neg = _gelu_tanh_parts(x)
    d2u = 6.0 * SQRT_2_OVER_PI * GELU_CUBIC * xl
    return to_double(2.0 * s * s_neg * (2.0 * du + xl * d2u + 2.0 * xl * du * du * (s_neg - s)))


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
def _silu_parts(x, beta):
    xl = ld(x)
    t = LD(beta) * xl  # long double: β·x must neither overflow nor round before exp
    return xl, t, sigmoid_ld(t), sigmoid_ld(-t)


def _silu(x, beta):
    xl, _, s, _ = _silu_parts(x, beta)
    return to_double(xl * s)


def _silu_d(x, beta):
    _, t, s, s_neg = _silu_parts(x, beta)
    return to_double(s * (1.0 + t * s_neg))


def _silu_d2(x, beta):
    _, t, s, s_neg = _silu_parts(x, beta)
    return to_double(LD(beta) * s * s_neg * (2.0 + t * (s_neg - s)))


_BETA = Param("beta", 1.0, 0.1, 5.0, 0.05, "beta", "Gate sharpness: large beta approaches ReLU, small beta approaches x/2.",
              symbol=r"\beta")

register(Activation(
    key="silu", label="SiLU / Swish", family=FAMILY,
    params=(_BETA,),
    fn=lambda x, beta: on_finite(x, lambda t: _silu(t, beta), -0.0, np.inf),
    dfn=lambda x, beta: on_finite(x, lambda t: _silu_d(t, beta), 0.0, 1.0),
    d2fn=lambda x, beta: on_finite(x, lambda t: _silu_d2(t, beta), 0.0, 0.0),
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
def _mish_parts(x):
    xl = ld(x)
    sp = np.maximum(xl, 0.0) + np.log1p(np.exp(-np.abs(xl)))  # softplus, no overflow
    e = np.exp(-2.0 * np.minimum(sp, LD(EXP_CLAMP)))
    sech2 = 4.0 * e / (1.0 + e) ** 2  # sech²(sp) without cosh overflow or 1 - tanh² cancellation
    return xl, np.tanh(sp), sech2, sigmoid_ld(xl)


def _mish(x):
    xl, th, _, _ = _mish_parts(x)
    return to_double(xl * th)


def _mish_d(x):
    xl, th, sech2, g = _mish_parts(x)
    return to_double(th + xl * sech2 * g)


def _mish_d2(x):
    xl, th, sech2, g = _mish_parts(x)
    return to_double(sech2 * g * (2.0 - 2.0 * xl * th * g + xl * (1.0 - g)))


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
    t = LD(beta) * ld(x)
    return to_double((np.maximum(t, 0.0) + np.log1p(exp_ld(-np.abs(t)))) / LD(beta))


register(Activation(
    key="softplus", label="Softplus", family=FAMILY,
    params=(Param("beta", 1.0, 0.1, 5.0, 0.05, "beta", "Sharpness: large beta hugs ReLU, small beta is a gentle curve.",
                  symbol=r"\beta"),),
    fn=_softplus,  # exact everywhere: no PyTorch-style switch to x above a threshold
    dfn=lambda x, beta: to_double(sigmoid_ld(LD(beta) * ld(x))),
    d2fn=lambda x, beta: to_double(LD(beta) * sigmoid_ld(LD(beta) * ld(x)) * sigmoid_ld(-LD(beta) * ld(x))),
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
    fn=log_expit,
    dfn=lambda x: expit(-x),
    d2fn=lambda x: -expit(x) * expit(-x),
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
    # x < 0: (x + h)/2 = b / (2(h - x)), which does not cancel.
    return np.where(x >= 0, x / 2 + h / 2, (b / 4) / left)


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


register(Activation(
    key="squareplus", label="Squareplus", family=FAMILY,
    params=(Param("b", 4.0, 0.0, 10.0, 0.1, "b", "Curvature near 0: b = 0 gives ReLU exactly, larger b a wider bend.",
                  symbol="b"),),
    fn=lambda x, b: on_finite(x, lambda t: _squareplus(t, b), 0.0, np.inf),
    dfn=lambda x, b: on_finite(x, lambda t: _squareplus_d(t, b), 0.0, 1.0),
    d2fn=lambda x, b: on_finite(x, lambda t: _squareplus_d2(t, b), 0.0, 0.0),
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
def _soft_exp(x, alpha):
    if alpha == 0:
        return x.copy()
    # α f = e^{αx} - 1 + α². Written as expm1(αx) + α² it cancels where e^{αx} < α²
    # (α near 1, x very negative); there e^{αx} - (1-α)(1+α) is exact-relative instead.
    a = LD(alpha)
    t = np.clip(a * ld(x), -EXP_CLAMP, EXP_CLAMP)
    e = np.exp(t)
    scaled = np.where(e < a * a, e - (1 - a) * (1 + a), np.expm1(t) + a * a)
    return to_double(scaled / a)


def _soft_exp_d(x, alpha):
    if alpha == 0:
        return np.ones_like(x)
    return to_double(exp_ld(LD(alpha) * ld(x)))


def _soft_exp_d2(x, alpha):
    return to_double(LD(alpha) * exp_ld(LD(alpha) * ld(x))) if alpha else np.zeros_like(x)


register(Activation(
    key="soft_exponential", label="Soft exponential", family=FAMILY,
    params=(Param("alpha", 0.5, 0.0, 1.0, 0.05, "alpha", "0 is the identity; 1 is e^x. Between, an exponential shifted to pass near the origin.",
                  symbol=r"\alpha"),),
    fn=_soft_exp,
    dfn=_soft_exp_d,
    d2fn=_soft_exp_d2,
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
def _elish_pieces(x):
    pos = x >= 0
    return pos, np.where(pos, x, 0.0), np.where(pos, 0.0, x)


def _elish(x):
    pos, xp, xn = _elish_pieces(x)
    return np.where(pos, xp * expit(xp), np.expm1(xn) * expit(xn))


def _elish_d(x):
    pos, xp, xn = _elish_pieces(x)
    right = expit(xp) * (1.0 + xp * expit(-xp))
    left = expit(xn) * (np.exp(xn) + np.expm1(xn) * expit(-xn))
    return np.where(pos, right, left)


def _elish_d2(x):
    pos, xp, xn = _elish_pieces(x)
    sp, sp_neg = expit(xp), expit(-xp)
    sn, sn_neg = expit(xn), expit(-xn)
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
# Taylor series of x - tanh x, used for |x| < 0.05 (first omitted term ~1e-18 relatively there).
_TANHSHRINK_SERIES = (1 / 3, -2 / 15, 17 / 315, -62 / 2835, 1382 / 155925, -21844 / 6081075)


def _tanhshrink(x):
    small = np.abs(x) < 0.05
    xs = np.where(small, x, 0.0)
    x2 = xs * xs
    poly = np.zeros_like(xs)
    for c in reversed(_TANHSHRINK_SERIES):
        poly = poly * x2 + c
    # Above 0.05 the subtraction cancels up to ~3/x² ulps of x: long double absorbs that.
    xl = ld(np.where(small, 1.0, x))
    return np.where(small, xs * x2 * poly, to_double(xl - np.tanh(xl)))


register(Activation(
    key="tanhshrink", label="Tanhshrink", family="Shrinkage",
    fn=_tanhshrink,
    dfn=lambda x: np.tanh(x) ** 2,  # 1 - sech² x, without the cancellation
    d2fn=lambda x: 2.0 * np.tanh(x) * _sech2(x),
    latex=r"\operatorname{tanhshrink}(x) = x - \tanh x",
    dlatex=r"\operatorname{tanhshrink}'(x) = \tanh^2 x",
    tags={"smooth", "monotonic", "through_origin"},
    summary="What is left of x after tanh: flat like x³/3 near 0 and close to x ∓ 1 for large |x|, so it shrinks small inputs towards zero.",
    reference="PyTorch's torch.nn.Tanhshrink",
    numpy_expr="x - np.tanh(x)",
    torch_expr="torch.nn.functional.tanhshrink(x)",
))
