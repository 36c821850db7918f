"""Rectifier variants: exponential (ELU family), clipped, learnable or random slopes."""
from __future__ import annotations

import numpy as np

from . import _dd
from ._util import exp_gap, indicator, leaky, step
from .core import Activation, Param, Term, register

# PyTorch's SELU constants (Klambauer et al., eq. 14), rounded to float64 as torch does.
SELU_SCALE = 1.0507009873554804934193349852946
SELU_ALPHA = 1.6732632423543772848170429916717


def _times(k: float, x):
    """k * x, with a zero slope giving 0 (not NaN) at infinite x."""
    return k * x if k != 0 else np.zeros_like(x)


def _alpha(default: float = 1.0) -> Param:
    return Param("alpha", default, 0.1, 3.0, 0.05, "alpha",
                 "Scale of the negative saturation: outputs approach -alpha as x goes to -infinity.",
                 symbol=r"\alpha")


def _elu(x, alpha, scale=1.0):
    # max(x, 0) + alpha expm1(min(x, 0)): one of the two terms is 0, so the sum is exact;
    # min keeps expm1 from overflowing, and no array is built that np.where would discard.
    out = np.minimum(x, 0.0)
    np.expm1(out, out=out)
    out *= alpha * scale
    right = np.maximum(x, 0.0)
    if scale != 1.0:
        right *= scale
    out += right
    return out


def _elu_d(x, alpha, scale=1.0):
    # PyTorch: elu'(0) = alpha. scale alpha e^min(x, 0) below 0, scale above.
    out = np.minimum(x, 0.0)
    np.exp(out, out=out)
    out *= alpha * scale
    # Blend by 0/1 factors instead of a masked store (3x faster): v·1 + 0 and 0 + scale are exact.
    np.multiply(out, x <= 0, out=out)
    out += indicator(x > 0, scale)
    tail = x < -700.0
    if tail.any():  # e^x subnormal: scale alpha e^x rounded once, not twice
        out[tail] = _dd.exp_times(np.maximum(x[tail], -1e4), 0.0, alpha * scale)
    return out


register(Activation(
    key="elu", label="ELU", family="Rectifiers",
    params=(_alpha(),),
    fn=_elu,
    dfn=_elu_d,
    d2fn=lambda x, alpha: np.where(x > 0, 0.0, alpha * np.exp(np.minimum(x, 0.0))),
    dparams={"alpha": lambda x, alpha: np.expm1(np.minimum(x, 0.0))},
    dparam_latex={"alpha": r"\frac{\partial f}{\partial \alpha} = \begin{cases} 0 & x > 0 \\ e^{x} - 1 & x \le 0 \end{cases}"},
    kinks_fn=lambda alpha: (0.0,),  # f' jumps from alpha to 1 (only f'' when alpha = 1)
    latex=r"\operatorname{ELU}(x) = \begin{cases} x & x > 0 \\ \alpha\,(e^{x} - 1) & x \le 0 \end{cases}",
    dlatex=r"\operatorname{ELU}'(x) = \begin{cases} 1 & x > 0 \\ \alpha\,e^{x} & x \le 0 \end{cases}",
    tags={"rectifier", "monotonic", "through_origin"},
    summary="Identity for positive inputs, a smooth exponential curve that levels off at -α for negative "
            "ones; negative outputs pull mean activations towards zero.",
    reference="Clevert, Unterthiner & Hochreiter, 'Fast and Accurate Deep Network Learning by "
              "Exponential Linear Units (ELUs)', ICLR 2016",
    year=2016,
    numpy_expr="np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0)))",
    torch_expr="torch.nn.functional.elu(x, alpha=alpha)",
))

def _selu(x):
    # scale > 1: for x above max_float / scale the true value is beyond the float
    # range, and inf is its correct rounding, not an error.
    with np.errstate(over="ignore"):
        return _elu(x, SELU_ALPHA, SELU_SCALE)


register(Activation(
    key="selu", label="SELU", family="Rectifiers",
    fn=_selu,
    dfn=lambda x: _elu_d(x, SELU_ALPHA, SELU_SCALE),  # PyTorch: selu'(0) = scale * alpha
    d2fn=lambda x: np.where(x > 0, 0.0, SELU_SCALE * SELU_ALPHA * np.exp(np.minimum(x, 0.0))),
    kinks_fn=lambda: (0.0,),
    latex=r"\operatorname{SELU}(x) = \lambda \begin{cases} x & x > 0 \\ \alpha\,(e^{x} - 1) & x \le 0 "
          r"\end{cases},\ \lambda \approx 1.0507,\ \alpha \approx 1.6733",
    dlatex=r"\operatorname{SELU}'(x) = \lambda \begin{cases} 1 & x > 0 \\ \alpha\,e^{x} & x \le 0 \end{cases}",
    tags={"rectifier", "monotonic", "through_origin", "self_normalising"},
    summary="A scaled ELU whose two constants are chosen so that activations drift towards zero mean "
            "and unit variance layer after layer; range (-1.758, ∞).",
    reference="Klambauer, Unterthiner, Mayr & Hochreiter, 'Self-Normalizing Neural Networks', NeurIPS 2017",
    year=2017,
    numpy_expr="1.0507009873554805 * np.where(x > 0, x, 1.6732632423543772 * np.expm1(np.minimum(x, 0)))",
    torch_expr="torch.nn.functional.selu(x)",
))

register(Activation(
    key="relu6", label="ReLU6", family="Rectifiers",
    fn=lambda x: np.clip(x, 0.0, 6.0),
    dfn=lambda x: step((x > 0) & (x < 6)),  # PyTorch: relu6'(0) = relu6'(6) = 0
    d2fn=lambda x: np.zeros_like(x),
    kinks_fn=lambda: (0.0, 6.0),
    latex=r"\operatorname{ReLU6}(x) = \min\bigl(\max(0, x),\, 6\bigr)",
    dlatex=r"\operatorname{ReLU6}'(x) = \begin{cases} 1 & 0 < x < 6 \\ 0 & \text{otherwise} \end{cases}",
    tags={"rectifier", "piecewise_linear", "bounded", "monotonic", "through_origin"},
    summary="ReLU capped at 6: the bounded range keeps activations small enough for low-precision "
            "arithmetic, which is why mobile networks (MobileNet) use it.",
    reference="Krizhevsky, 'Convolutional Deep Belief Networks on CIFAR-10', 2010",
    year=2010,
    numpy_expr="np.clip(x, 0, 6)",
    torch_expr="torch.nn.functional.relu6(x)",
))

register(Activation(
    key="prelu", label="PReLU", family="Rectifiers",
    params=(Param("init", 0.25, 0.0, 1.0, 0.01, "slope a",
                  "Negative-side slope. It is learned during training; shown here at a fixed value "
                  "(PyTorch initialises it to 0.25).", symbol="a"),),
    fn=lambda x, init: leaky(x, init),
    dfn=lambda x, init: indicator(x > 0, 1.0, init),  # PyTorch: prelu'(0) = a
    d2fn=lambda x, init: np.zeros_like(x),
    dparams={"init": lambda x, init: np.minimum(x, 0.0)},
    dparam_latex={"init": r"\frac{\partial f}{\partial a} = \min(x, 0)"},
    kinks_fn=lambda init: (0.0,),
    latex=r"\operatorname{PReLU}(x) = \begin{cases} x & x \ge 0 \\ a\,x & x < 0 \end{cases}",
    dlatex=r"\operatorname{PReLU}'(x) = \begin{cases} 1 & x > 0 \\ a & x \le 0 \end{cases}",
    tags={"rectifier", "piecewise_linear", "monotonic", "through_origin"},
    summary="Leaky ReLU whose negative slope a is a trainable parameter (one per channel or shared), "
            "so the network decides how much of the negative side to let through.",
    reference="He, Zhang, Ren & Sun, 'Delving Deep into Rectifiers: Surpassing Human-Level Performance "
              "on ImageNet Classification', ICCV 2015",
    year=2015,
    numpy_expr="np.where(x >= 0, x, init * x)",
    torch_expr="torch.nn.functional.prelu(x, torch.tensor([init], dtype=x.dtype))",
))

def _celu_arg(x, alpha):
    """x/alpha for x <= 0, floored at -1000: exp is already 0 there, and x/alpha cannot overflow."""
    out = np.minimum(x, 0.0)
    np.maximum(out, -1000.0 * alpha, out=out)
    out /= alpha
    return out


def _celu(x, alpha):
    out = _celu_arg(x, alpha)
    np.expm1(out, out=out)
    out *= alpha
    out += np.maximum(x, 0.0)  # one of the two terms is 0: exact
    return out


def _celu_d(x, alpha):
    out = _celu_arg(x, alpha)
    np.exp(out, out=out)  # 1 at x >= 0: exactly the right piece's slope
    return out


def _celu_dalpha(x, alpha):
    """expm1(t) - t e^t = -(1 + (t - 1) e^t) with t = x/alpha (0 for x >= 0, -1 at -inf)."""
    out = exp_gap(_celu_arg(x, alpha))
    return np.negative(out, out=out)


register(Activation(
    key="celu", label="CELU", family="Rectifiers",
    params=(_alpha(),),
    fn=lambda x, alpha: _celu(x, alpha),
    # Both sides have slope 1 at 0, and PyTorch's autograd agrees: celu'(0) = 1.
    dfn=lambda x, alpha: _celu_d(x, alpha),
    d2fn=lambda x, alpha: np.where(x > 0, 0.0, np.exp(_celu_arg(x, alpha)) / alpha),
    dparams={"alpha": _celu_dalpha},
    dparam_latex={"alpha": r"\frac{\partial f}{\partial \alpha} = \begin{cases} 0 & x > 0 \\ \left(1 - \tfrac{x}{\alpha}\right) e^{x/\alpha} - 1 & x \le 0 \end{cases}"},
    kinks_fn=lambda alpha: (0.0,),  # f'' jumps from 1/alpha to 0
    latex=r"\operatorname{CELU}(x) = \max(0, x) + \min\bigl(0,\ \alpha\,(e^{x/\alpha} - 1)\bigr)",
    dlatex=r"\operatorname{CELU}'(x) = \begin{cases} 1 & x > 0 \\ e^{x/\alpha} & x \le 0 \end{cases}",
    tags={"rectifier", "monotonic", "through_origin"},
    summary="ELU rescaled so that its slope is 1 on both sides of 0 for every α: the derivative is "
            "continuous, and the curve still saturates at -α.",
    reference="Barron, 'Continuously Differentiable Exponential Linear Units', arXiv 2017",
    year=2017,
    numpy_expr="np.maximum(0, x) + np.minimum(0, alpha * np.expm1(np.minimum(x, 0) / alpha))",
    torch_expr="torch.nn.functional.celu(x, alpha=alpha)",
))


def _rrelu_band(x, lower, upper):
    """Envelope of the training-time output: a slope drawn uniformly from [lower, upper]."""
    with np.errstate(under="ignore"):  # Activation.band, unlike f, does not ignore underflow
        return np.where(x >= 0, x, _times(upper, x)), np.where(x >= 0, x, _times(lower, x))


register(Activation(
    key="rrelu", label="RReLU", family="Rectifiers",
    params=(
        Param("lower", 1 / 8, 0.0, 1.0, 0.01, "lower slope l",
              "Smallest negative-side slope drawn during training.", symbol="l"),
        Param("upper", 1 / 3, 0.0, 1.0, 0.01, "upper slope u",
              "Largest negative-side slope drawn during training.", symbol="u"),
    ),
    constraint=lambda lower, upper: (
        Term("slopes_crossed", "the lower slope ({lower:g}) must not exceed the upper slope ({upper:g})")
        if lower > upper else None
    ),
    # Eval mode, as PyTorch: the mean slope. PyTorch: rrelu'(0) = (l + u) / 2.
    fn=lambda x, lower, upper: leaky(x, (lower + upper) / 2),
    dfn=lambda x, lower, upper: indicator(x > 0, 1.0, (lower + upper) / 2),
    d2fn=lambda x, lower, upper: np.zeros_like(x),
    # Of the eval-mode function: each slope counts half in the mean.
    dparams={"lower": lambda x, lower, upper: 0.5 * np.minimum(x, 0.0),
             "upper": lambda x, lower, upper: 0.5 * np.minimum(x, 0.0)},
    dparam_latex={"lower": r"\frac{\partial f}{\partial l} = \tfrac{1}{2} \min(x, 0)",
                  "upper": r"\frac{\partial f}{\partial u} = \tfrac{1}{2} \min(x, 0)"},
    band_fn=_rrelu_band,
    kinks_fn=lambda lower, upper: (0.0,),
    latex=r"\operatorname{RReLU}(x) = \begin{cases} x & x \ge 0 \\ \tfrac{l + u}{2}\,x & x < 0 "
          r"\end{cases}\quad\text{(training: slope} \sim U(l, u))",
    dlatex=r"\operatorname{RReLU}'(x) = \begin{cases} 1 & x > 0 \\ \tfrac{l + u}{2} & x \le 0 \end{cases}",
    tags={"rectifier", "piecewise_linear", "monotonic", "through_origin", "randomised"},
    summary="Leaky ReLU whose negative slope is drawn at random from [l, u] for every unit during "
            "training (a regulariser) and fixed at the mean (l + u)/2 at test time.",
    reference="Xu, Wang, Chen & Li, 'Empirical Evaluation of Rectified Activations in Convolutional "
              "Network', ICML Deep Learning Workshop 2015",
    year=2015,
    numpy_expr="np.where(x >= 0, x, (lower + upper) / 2 * x)",
    torch_expr="torch.nn.functional.rrelu(x, lower=lower, upper=upper, training=False)",
))

def _threshold(x, threshold, value):
    # x (x > θ) + v (x <= θ), with x floored at θ first so that -inf never meets a 0 factor.
    out = np.maximum(x, threshold)
    np.multiply(out, x > threshold, out=out)
    if value != 0.0:
        out += indicator(x <= threshold, value)
    return out


register(Activation(
    key="threshold", label="Threshold", family="Rectifiers",
    params=(
        Param("threshold", 1.0, -3.0, 3.0, 0.05, "threshold θ",
              "Inputs at or below it are replaced.", symbol=r"\theta"),
        Param("value", 0.0, -3.0, 3.0, 0.05, "replacement v",
              "Output for inputs at or below the threshold.", symbol="v"),
    ),
    fn=lambda x, threshold, value: _threshold(x, threshold, value),
    dfn=lambda x, threshold, value: step(x > threshold),  # PyTorch: 0 at the threshold itself
    d2fn=lambda x, threshold, value: np.zeros_like(x),
    # None for threshold: moving it only moves the jump, so ∂f/∂θ is 0 wherever it exists.
    dparams={"value": lambda x, threshold, value: step(x <= threshold)},
    dparam_latex={"value": r"\frac{\partial f}{\partial v} = \begin{cases} 1 & x \le \theta \\ 0 & x > \theta \end{cases}"},
    kinks_fn=lambda threshold, value: (threshold,),  # a jump unless value == threshold
    latex=r"\operatorname{Threshold}(x) = \begin{cases} x & x > \theta \\ v & x \le \theta \end{cases}",
    dlatex=r"\operatorname{Threshold}'(x) = \begin{cases} 1 & x > \theta \\ 0 & x < \theta \end{cases}",
    tags={"rectifier", "piecewise_linear", "discontinuous"},
    summary="Passes inputs above θ unchanged and replaces the rest by a constant v; with θ = v = 0 it is "
            "ReLU, otherwise the output jumps at θ.",
    reference="PyTorch, torch.nn.Threshold",
    year=None,
    numpy_expr="np.where(x > threshold, x, value)",
    torch_expr="torch.nn.functional.threshold(x, threshold, value)",
))


def _isrlu_parts(x, alpha):
    """(f for x < 0, t = 1/sqrt(1 + alpha x^2)), without overflowing alpha x^2.

    For |x| > 1 both are rewritten in r = 1/|x|: t = r/sqrt(r^2 + alpha) and
    x t = -1/sqrt(r^2 + alpha), which also give the right limits at -inf.
    """
    small = np.abs(x) <= 1.0
    xs = np.clip(x, -1.0, 1.0)
    r = 1.0 / np.maximum(np.abs(x), 1.0)
    root_small = np.sqrt(1.0 + alpha * xs * xs)
    root_big = np.sqrt(r * r + alpha)
    neg = np.where(small, xs / root_small, -1.0 / root_big)
    t = np.where(small, 1.0 / root_small, r / root_big)
    return neg, t


def _isrlu(x, alpha):
    neg, _ = _isrlu_parts(x, alpha)
    return np.where(x >= 0, x, neg)


def _isrlu_d(x, alpha):
    _, t = _isrlu_parts(x, alpha)
    return np.where(x >= 0, 1.0, t * t * t)  # t^3, not (1 + a x^2)^-1.5: no early underflow


def _isrlu_d2(x, alpha):
    neg, t = _isrlu_parts(x, alpha)  # d/dx t^3 = -3 alpha x t^5 = -3 alpha (x t) t^4
    return np.where(x >= 0, 0.0, -3.0 * alpha * neg * (t * t) * (t * t))


def _isrlu_dalpha(x, alpha):
    neg, _ = _isrlu_parts(x, alpha)  # ∂/∂alpha x (1 + alpha x²)^-1/2 = -(x t)³/2
    return np.where(x >= 0, 0.0, -0.5 * neg * neg * neg)


register(Activation(
    key="isrlu", label="ISRLU", family="Rectifiers",
    params=(_alpha(),),
    fn=_isrlu,
    dfn=_isrlu_d,
    d2fn=_isrlu_d2,
    dparams={"alpha": _isrlu_dalpha},
    dparam_latex={"alpha": r"\frac{\partial f}{\partial \alpha} = \begin{cases} 0 & x \ge 0 \\ -\dfrac{x^{3}}{2\,(1 + \alpha x^{2})^{3/2}} & x < 0 \end{cases}"},
    kinks_fn=lambda alpha: (0.0,),  # f and f' are continuous; f''' jumps, so f' is not smooth there
    latex=r"\operatorname{ISRLU}(x) = \begin{cases} x & x \ge 0 \\ \dfrac{x}{\sqrt{1 + \alpha x^{2}}} "
          r"& x < 0 \end{cases}",
    dlatex=r"\operatorname{ISRLU}'(x) = \begin{cases} 1 & x \ge 0 \\ \Bigl(\dfrac{1}{\sqrt{1 + \alpha x^{2}}}"
           r"\Bigr)^{3} & x < 0 \end{cases}",
    tags={"rectifier", "monotonic", "through_origin"},
    summary="An ELU look-alike built from an inverse square root instead of an exponential (cheaper in "
            "hardware); negative outputs level off at -1/√α.",
    reference="Carlile, Delamarter, Kinney, Marti & Whitney, 'Improving Deep Learning by Inverse Square "
              "Root Linear Units (ISRLUs)', arXiv 2017",
    year=2017,
    numpy_expr="np.where(x >= 0, x, x / np.sqrt(1 + alpha * x**2))",
    torch_expr="torch.where(x >= 0, x, x / torch.sqrt(1 + alpha * x**2))",
))


def _srelu(x, t_l, a_l, t_r, a_r):
    return np.where(x >= t_r, t_r + _times(a_r, x - t_r),
                    np.where(x <= t_l, t_l + _times(a_l, x - t_l), x))


def _srelu_d(x, t_l, a_l, t_r, a_r):
    # At a threshold the outer piece's slope, as PyTorch's hardtanh (SReLU with a_l = a_r = 0)
    # and leaky_relu do; if t_l = t_r = 0, the right piece wins at 0.
    return np.where(x >= t_r, a_r, np.where(x <= t_l, a_l, 1.0))


def _srelu_outer(left, right):
    """A parameter derivative that is `left(x)` on the left piece, `right(x)` on the right one, 0 between
    (the pieces chosen as in _srelu_d)."""
    def dparam(x, t_l, a_l, t_r, a_r):
        return np.where(x >= t_r, right(x, t_r, a_r), np.where(x <= t_l, left(x, t_l, a_l), 0.0))
    return dparam


_SRELU_DPARAMS = {
    "t_l": _srelu_outer(lambda x, t, a: 1.0 - a, lambda x, t, a: 0.0),
    "a_l": _srelu_outer(lambda x, t, a: x - t, lambda x, t, a: 0.0),
    "t_r": _srelu_outer(lambda x, t, a: 0.0, lambda x, t, a: 1.0 - a),
    "a_r": _srelu_outer(lambda x, t, a: 0.0, lambda x, t, a: x - t),
}


register(Activation(
    key="srelu", label="SReLU", family="Rectifiers",
    params=(
        Param("t_l", -1.0, -3.0, 0.0, 0.05, "left threshold", "Where the left piece starts.", symbol=r"t_l"),
        Param("a_l", 0.2, 0.0, 1.0, 0.01, "left slope", "Slope left of the left threshold.", symbol=r"a_l"),
        Param("t_r", 1.0, 0.0, 3.0, 0.05, "right threshold", "Where the right piece starts.", symbol=r"t_r"),
        Param("a_r", 0.2, 0.0, 1.0, 0.01, "right slope", "Slope right of the right threshold.", symbol=r"a_r"),
    ),
    fn=_srelu,
    dfn=_srelu_d,
    d2fn=lambda x, t_l, a_l, t_r, a_r: np.zeros_like(x),
    dparams=_SRELU_DPARAMS,
    dparam_latex={"t_l": r"\frac{\partial f}{\partial t_l} = \begin{cases} 1 - a_l & x \le t_l \\ 0 & x > t_l \end{cases}",
                  "a_l": r"\frac{\partial f}{\partial a_l} = \begin{cases} x - t_l & x \le t_l \\ 0 & x > t_l \end{cases}",
                  "t_r": r"\frac{\partial f}{\partial t_r} = \begin{cases} 1 - a_r & x \ge t_r \\ 0 & x < t_r \end{cases}",
                  "a_r": r"\frac{\partial f}{\partial a_r} = \begin{cases} x - t_r & x \ge t_r \\ 0 & x < t_r \end{cases}"},
    kinks_fn=lambda t_l, a_l, t_r, a_r: (t_l, t_r),
    latex=r"\operatorname{SReLU}(x) = \begin{cases} t_r + a_r (x - t_r) & x \ge t_r \\ x & t_l < x < t_r \\ "
          r"t_l + a_l (x - t_l) & x \le t_l \end{cases}",
    dlatex=r"\operatorname{SReLU}'(x) = \begin{cases} a_r & x \ge t_r \\ 1 & t_l < x < t_r \\ a_l & x \le t_l "
           r"\end{cases}",
    tags={"piecewise_linear", "monotonic", "through_origin"},
    summary="Three linear pieces forming an S: identity in the middle, learnable thresholds and slopes "
            "on both sides, so it can mimic both convex and concave responses.",
    reference="Jin, Xu, Feng, Wei, Xiong & Yan, 'Deep Learning with S-shaped Rectified Linear Activation "
              "Units', AAAI 2016",
    year=2016,
    numpy_expr="np.where(x >= t_r, t_r + a_r * (x - t_r), np.where(x <= t_l, t_l + a_l * (x - t_l), x))",
    torch_expr="torch.where(x >= t_r, t_r + a_r * (x - t_r), torch.where(x <= t_l, t_l + a_l * (x - t_l), x))",
))
