"""Non-monotonic and decreasing activations beyond sin: cos, sinc, Gaussian."""
from __future__ import annotations

import numpy as np

from . import _dd, _trig
from ._util import on_finite
from .core import Activation, register

FAMILY = "Non-monotonic and decreasing"

register(Activation(
    key="cos", label="Cosine", family=FAMILY,
    fn=lambda x: on_finite(x, _trig.cos, np.nan, np.nan),  # no limit at ±inf
    dfn=lambda x: on_finite(x, lambda t: _trig.negated(_trig.sin(t)), np.nan, np.nan),
    d2fn=lambda x: on_finite(x, lambda t: _trig.negated(_trig.cos(t)), np.nan, np.nan),
    latex=r"f(x) = \cos x",
    dlatex=r"f'(x) = -\sin x",
    tags={"smooth", "bounded", "non_monotonic", "periodic"},
    summary="Periodic and even: every input and its negative give the same output, so one unit cannot tell them apart. "
            "Used in Fourier-feature and random-feature networks.",
    reference="Rahimi & Recht, 'Random Features for Large-Scale Kernel Machines', NIPS 2007",
    year=2007,
    numpy_expr="np.cos(x)",
    torch_expr="torch.cos(x)",
))


# Taylor coefficients of sinc' and sinc'' (odd and even powers), used for |x| < 0.5 where
# (x cos x - sin x)/x² cancels; the first omitted terms are ~1e-17 (sinc') and ~1e-16 (sinc'')
# relatively there. Coefficients checked against sympy's series.
_SINC_D_SERIES = (-1 / 3, 1 / 30, -1 / 840, 1 / 45360, -1 / 3991680, 1 / 518918400, -1 / 93405312000)
_SINC_D2_SERIES = (-1 / 3, 1 / 10, -1 / 168, 1 / 6480, -1 / 443520, 1 / 47174400, -1 / 7185024000)
_SERIES_RADIUS = 0.5


def _even_poly(coeffs, x2):
    out = np.zeros_like(x2)
    for c in reversed(coeffs):
        out = out * x2 + c
    return out


def _sinc(x):
    safe = np.where(x == 0, 1.0, x)
    return np.where(x == 0, 1.0, _trig.sin(x) / safe)


def _sinc_d(x):
    small = np.abs(x) < _SERIES_RADIUS
    xs = np.where(small, x, 0.0)
    xb = np.where(small, 1.0, x)
    # (x cos x - sin x)/x² as cos x/x - (sin x/x)/x: no x² to overflow.
    first = _trig.cos(xb) / xb
    out = np.where(small, xs * _even_poly(_SINC_D_SERIES, xs * xs), first - _trig.sin(xb) / xb / xb)
    # Next to the roots of tan x = x the two terms cancel: there x cos x - sin x is formed
    # from sin and cos in double-double (_trig.sin_cos_dd) and exact products.
    cancels = ~small & (np.abs(out) < 1e-2 * np.abs(first)) & (np.abs(x) <= _trig.LIMIT)
    if cancels.any():
        xc = x[cancels]
        sh, sl, ch, cl = _trig.sin_cos_dd(xc)
        p, e = _dd.two_prod(xc, ch)
        gh, gl = _dd.dd_add(p, e + xc * cl, -sh, -sl)
        out[cancels] = (gh + gl) / xc / xc
    return out


def _sinc_d2(x):
    small = np.abs(x) < _SERIES_RADIUS
    xs = np.where(small, x, 0.0)
    xb = np.where(small, 1.0, x)
    s, c = np.sin(xb), np.cos(xb)
    return np.where(small, _even_poly(_SINC_D2_SERIES, xs * xs), (-s + (-2.0 * c + 2.0 * s / xb) / xb) / xb)


register(Activation(
    key="sinc", label="Sinc", family=FAMILY,
    fn=lambda x: on_finite(x, _sinc, 0.0, 0.0),
    dfn=lambda x: on_finite(x, _sinc_d, 0.0, 0.0),
    d2fn=lambda x: on_finite(x, _sinc_d2, 0.0, 0.0),
    latex=r"\operatorname{sinc}(x) = \begin{cases} \dfrac{\sin x}{x} & x \ne 0 \\ 1 & x = 0 \end{cases}",
    dlatex=r"\operatorname{sinc}'(x) = \frac{x\cos x - \sin x}{x^2}, \quad \operatorname{sinc}'(0) = 0",
    tags={"smooth", "bounded", "non_monotonic"},
    summary="The unnormalised sinc: a peak of 1 at 0 and ripples that die out like 1/|x|; even, so it responds to |x|, not to x's sign.",
    reference="",
    numpy_expr="np.sinc(x / np.pi)",
    torch_expr="torch.sinc(x / math.pi)",
))


# e^{-x²} turns the rounding of x² into a relative error of x²·1.1e-16 (8e-14 near the
# underflow at |x| = 26.6): past |x| = 4.5 the square is formed exactly (hi + lo) and the
# result scaled once into the subnormal range. Past |x| = 1e5 everything is 0.
_GAUSS_EXACT_ABOVE = 4.5


def _gaussian_times(x, factor):
    """factor(x) · e^{-x²}."""
    xc = np.clip(x, -1e5, 1e5)
    out = np.square(xc)
    np.negative(out, out=out)
    np.exp(out, out=out)
    if factor is not None:
        out *= factor(xc)
    far = np.abs(x) > _GAUSS_EXACT_ABOVE
    if far.any():
        xf = xc[far]
        p, e = _dd.two_prod(xf, xf)
        out[far] = _dd.exp_times(-p, -e, 1.0 if factor is None else factor(xf))
    return out


register(Activation(
    key="gaussian", label="Gaussian", family=FAMILY,
    fn=lambda x: _gaussian_times(x, None),
    dfn=lambda x: _gaussian_times(x, lambda t: -2.0 * t),
    d2fn=lambda x: _gaussian_times(x, lambda t: 4.0 * t * t - 2.0),
    latex=r"f(x) = e^{-x^2}",
    dlatex=r"f'(x) = -2x\,e^{-x^2}",
    tags={"smooth", "bounded", "non_monotonic"},
    summary="A bump: 1 at 0, falling to 0 on both sides, so a unit fires only for inputs near a preferred value; "
            "the radial basis function of RBF networks.",
    reference="Broomhead & Lowe, 'Multivariable Functional Interpolation and Adaptive Networks', Complex Systems 1988",
    year=1988,
    numpy_expr="np.exp(-x**2)",
    torch_expr="torch.exp(-x**2)",
))
