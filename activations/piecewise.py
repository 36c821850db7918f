"""Piecewise functions: hard (clipped) sigmoids and swish, shrinkage, steps and the identity.

At a corner the derivative is PyTorch autograd's value: the flat piece's 0 at
the ends of a clipped ramp (hardtanh, hardsigmoid, relu6 all do this), which
the functions PyTorch lacks (Keras's hard sigmoid, JAX's sparse sigmoid) follow.
"""
from __future__ import annotations

import numpy as np

from ._util import abs_above, indicator, step
from .core import Activation, Param, register


def _zero(x, **_):
    return np.zeros_like(x)


def _ramp(x, shift, width):
    """clip(x + shift, 0, width) / width, in one new array."""
    out = x + shift
    np.clip(out, 0.0, width, out=out)
    out /= width
    return out


def _hardswish(x):
    # The gate is divided by 6 before multiplying, so that x * 6 cannot overflow. One new
    # array only: a second large temporary costs more than the arithmetic on this machine.
    out = _ramp(x, 3.0, 6.0)
    with np.errstate(invalid="ignore"):  # gate 0 times -inf, set right below
        out *= x
    if x.size and not x.min() > -np.inf:  # -inf or NaN somewhere (min is 20x cheaper than isneginf)
        out[np.isneginf(x)] = 0.0
    return out


def _hardswish_d(x):
    out = np.clip(x, -3.0, 3.0)
    out += 1.5  # exact next to the root -1.5 (Sterbenz)
    out /= 3.0  # (x + 1.5)/3 = (2x + 3)/6 inside; -1/2 and 3/2 at the clip points, replaced below
    # 0/1 factors rather than masked stores (3x faster); every term is finite, so exact.
    inside = np.greater(x, -3.0)
    above = np.greater_equal(x, 3.0)
    inside &= ~above
    np.multiply(out, inside, out=out)
    out += above
    return out


register(Activation(
    key="hardswish", label="Hard swish", family="Smooth rectifiers and self-gated",
    # max(x, -3): the gate is 0 there, and -inf * 0 would be NaN; the gate is
    # divided by 6 before multiplying so that x * 6 cannot overflow.
    fn=_hardswish,
    # PyTorch: hardswish'(-3) = 0 and hardswish'(3) = 1 (the outer pieces).
    dfn=_hardswish_d,
    d2fn=lambda x: np.where((x > -3) & (x < 3), 1.0 / 3.0, 0.0),
    kinks_fn=lambda: (-3.0, 3.0),
    latex=r"\operatorname{hardswish}(x) = x\,\frac{\operatorname{ReLU6}(x + 3)}{6}",
    dlatex=r"\operatorname{hardswish}'(x) = \begin{cases} 0 & x \le -3 \\ \frac{2x + 3}{6} & -3 < x < 3 \\ "
           r"1 & x \ge 3 \end{cases}",
    tags={"rectifier", "non_monotonic", "through_origin"},
    summary="Swish with the sigmoid gate replaced by a clipped ramp: 0 below -3, the identity above 3, "
            "a parabola with a small dip (minimum -3/8 at x = -1.5) between; cheap on phones.",
    reference="Howard et al., 'Searching for MobileNetV3', ICCV 2019",
    year=2019,
    numpy_expr="x * np.clip(x + 3, 0, 6) / 6",
    torch_expr="torch.nn.functional.hardswish(x)",
))


def _sparse_plus(x):
    xc = np.clip(x, -1.0, 1.0)  # the parabola only ever sees [-1, 1]: no overflow
    return np.where(x >= 1, x, np.where(x <= -1, 0.0, (xc + 1.0) ** 2 / 4.0))


register(Activation(
    key="sparse_plus", label="Sparse plus", family="Smooth rectifiers and self-gated",
    fn=_sparse_plus,
    dfn=lambda x: (np.clip(x, -1.0, 1.0) + 1.0) / 2.0,  # continuous: no convention needed
    d2fn=lambda x: np.where((x > -1) & (x < 1), 0.5, 0.0),
    kinks_fn=lambda: (-1.0, 1.0),  # f' has corners there (f'' jumps between 0 and 1/2)
    latex=r"\operatorname{sparse\_plus}(x) = \begin{cases} 0 & x \le -1 \\ \frac{(x + 1)^{2}}{4} & "
          r"-1 < x < 1 \\ x & x \ge 1 \end{cases}",
    dlatex=r"\operatorname{sparse\_plus}'(x) = \begin{cases} 0 & x \le -1 \\ \frac{x + 1}{2} & -1 < x < 1 \\ "
           r"1 & x \ge 1 \end{cases}",
    tags={"rectifier", "monotonic"},
    summary="A softplus look-alike that is exactly 0 below -1 and exactly x above 1, joined by a "
            "parabola; its derivative is the sparse sigmoid.",
    reference="JAX, jax.nn.sparse_plus; from Blondel, Martins & Niculae, 'Learning with Fenchel-Young "
              "Losses', JMLR 2020",
    year=2020,
    numpy_expr="np.where(x >= 1, x, np.where(x <= -1, 0.0, (x + 1) ** 2 / 4))",
    torch_expr="torch.where(x >= 1, x, torch.where(x <= -1, torch.zeros_like(x), (x + 1) ** 2 / 4))",
))

register(Activation(
    key="hardsigmoid", label="Hard sigmoid", family="Sigmoid-shaped",
    fn=lambda x: _ramp(x, 3.0, 6.0),
    dfn=lambda x: indicator(np.abs(x) < 3.0, 1.0 / 6.0),  # PyTorch: 0 at ±3
    d2fn=_zero,
    kinks_fn=lambda: (-3.0, 3.0),
    latex=r"\operatorname{hardsigmoid}(x) = \frac{\operatorname{ReLU6}(x + 3)}{6}",
    dlatex=r"\operatorname{hardsigmoid}'(x) = \begin{cases} \frac{1}{6} & -3 < x < 3 \\ 0 & "
           r"\text{otherwise} \end{cases}",
    tags={"piecewise_linear", "bounded", "monotonic"},
    summary="A straight ramp from 0 at x = -3 to 1 at x = 3, flat outside: the sigmoid's shape with "
            "no exponential to compute.",
    reference="Howard et al., 'Searching for MobileNetV3', ICCV 2019",
    year=2019,
    numpy_expr="np.clip(x + 3, 0, 6) / 6",
    torch_expr="torch.nn.functional.hardsigmoid(x)",
))

register(Activation(
    key="hard_sigmoid_keras", label="Hard sigmoid (Keras)", family="Sigmoid-shaped",
    # (x + 2.5) / 5 rather than 0.2 x + 0.5: exact subtraction near the lower corner.
    fn=lambda x: np.clip((x + 2.5) / 5.0, 0.0, 1.0),
    dfn=lambda x: np.where((x > -2.5) & (x < 2.5), 0.2, 0.0),  # 0 at ±2.5, like hardsigmoid
    d2fn=_zero,
    kinks_fn=lambda: (-2.5, 2.5),
    latex=r"\operatorname{hard\_sigmoid}(x) = \max\bigl(0, \min(1,\ 0.2\,x + 0.5)\bigr)",
    dlatex=r"\operatorname{hard\_sigmoid}'(x) = \begin{cases} 0.2 & -2.5 < x < 2.5 \\ 0 & "
           r"\text{otherwise} \end{cases}",
    tags={"piecewise_linear", "bounded", "monotonic"},
    summary="Keras 2's hard sigmoid: a steeper ramp than PyTorch's, from 0 at -2.5 to 1 at 2.5, "
            "matching the logistic curve's slope at 0 more closely. (Keras 3 switched to relu6(x+3)/6.)",
    reference="Chollet et al., Keras 2, keras.activations.hard_sigmoid, 2015",
    year=2015,
    numpy_expr="np.clip(0.2 * x + 0.5, 0, 1)",
    torch_expr="torch.nn.functional.hardtanh(0.2 * x + 0.5, 0.0, 1.0)",
))

register(Activation(
    key="sparse_sigmoid", label="Sparse sigmoid", family="Sigmoid-shaped",
    fn=lambda x: np.clip(x + 1.0, 0.0, 2.0) / 2.0,
    dfn=lambda x: np.where((x > -1) & (x < 1), 0.5, 0.0),  # 0 at ±1, like PyTorch's hardsigmoid
    d2fn=_zero,
    kinks_fn=lambda: (-1.0, 1.0),
    latex=r"\operatorname{sparse\_sigmoid}(x) = \begin{cases} 0 & x \le -1 \\ \frac{x + 1}{2} & -1 < x < 1 "
          r"\\ 1 & x \ge 1 \end{cases}",
    dlatex=r"\operatorname{sparse\_sigmoid}'(x) = \begin{cases} \frac{1}{2} & -1 < x < 1 \\ 0 & "
           r"\text{otherwise} \end{cases}",
    tags={"piecewise_linear", "bounded", "monotonic"},
    summary="Sparsemax over two classes: reaches exactly 0 and 1 (at ∓1), so probabilities can be "
            "truly sparse, with a linear ramp between.",
    reference="Martins & Astudillo, 'From Softmax to Sparsemax', ICML 2016 (jax.nn.sparse_sigmoid)",
    year=2016,
    numpy_expr="np.clip(x + 1, 0, 2) / 2",
    torch_expr="(torch.nn.functional.hardtanh(x) + 1) / 2",
))

def _softshrink(x, lambd):
    out = np.maximum(x, -lambd)
    np.minimum(out, lambd, out=out)
    np.subtract(x, out, out=out)
    return out


def _softshrink_dlambd(x, lambd):
    # -sign(x) outside the band; 0 on its edges, where f' takes the flat piece.
    out = np.sign(x)
    np.negative(out, out=out)
    out *= abs_above(x, lambd)
    return out


_LAMBD = Param("lambd", 0.5, 0.0, 2.0, 0.05, "threshold λ",
               "Inputs with |x| at or below λ are set to 0.", symbol=r"\lambda")

register(Activation(
    key="softshrink", label="Soft shrink", family="Shrinkage",
    params=(_LAMBD,),
    # x - clip(x, -λ, λ): x - λ above λ, x + λ below -λ, 0 between (one rounding each;
    # exact next to λ by Sterbenz, so no cancellation error at the corners).
    fn=_softshrink,
    dfn=lambda x, lambd: abs_above(x, lambd),  # PyTorch: 0 at ±λ
    d2fn=_zero,
    dparams={"lambd": _softshrink_dlambd},
    dparam_latex={"lambd": r"\frac{\partial f}{\partial \lambda} = \begin{cases} -\operatorname{sign}(x) & |x| > \lambda \\ 0 & |x| \le \lambda \end{cases}"},
    kinks_fn=lambda lambd: (-lambd, lambd),
    latex=r"\operatorname{softshrink}(x) = \begin{cases} x - \lambda & x > \lambda \\ 0 & |x| \le \lambda \\ "
          r"x + \lambda & x < -\lambda \end{cases}",
    dlatex=r"\operatorname{softshrink}'(x) = \begin{cases} 1 & |x| > \lambda \\ 0 & |x| \le \lambda \end{cases}",
    tags={"piecewise_linear", "monotonic", "through_origin"},
    summary="Soft thresholding: zeroes the band [-λ, λ] and moves everything else λ towards 0; the "
            "proximal step of L1 regularisation, used in denoising and sparse coding.",
    reference="Donoho, 'De-noising by soft-thresholding', IEEE Trans. Information Theory 1995",
    year=1995,
    numpy_expr="np.sign(x) * np.maximum(np.abs(x) - lambd, 0)",
    torch_expr="torch.nn.functional.softshrink(x, lambd=lambd)",
))

register(Activation(
    key="hardshrink", label="Hard shrink", family="Shrinkage",
    params=(_LAMBD,),
    fn=lambda x, lambd: np.multiply(abs_above(x, lambd), x),  # x * 0 only for finite x
    dfn=lambda x, lambd: abs_above(x, lambd),  # PyTorch: 0 at ±λ
    d2fn=_zero,
    # No ∂f/∂λ: moving λ only moves the jumps, so it is 0 wherever it exists.
    kinks_fn=lambda lambd: (-lambd, lambd),  # jumps of height λ
    latex=r"\operatorname{hardshrink}(x) = \begin{cases} x & |x| > \lambda \\ 0 & |x| \le \lambda \end{cases}",
    dlatex=r"\operatorname{hardshrink}'(x) = \begin{cases} 1 & |x| > \lambda \\ 0 & |x| < \lambda \end{cases}",
    tags={"piecewise_linear", "monotonic", "through_origin", "discontinuous"},
    summary="Hard thresholding: keeps inputs larger than λ in size untouched and sets the rest to 0, "
            "so the output jumps at ±λ.",
    reference="Donoho & Johnstone, 'Ideal spatial adaptation by wavelet shrinkage', Biometrika 1994",
    year=1994,
    numpy_expr="np.where(np.abs(x) > lambd, x, 0)",
    torch_expr="torch.nn.functional.hardshrink(x, lambd=lambd)",
))

register(Activation(
    key="identity", label="Identity (linear)", family="Linear and steps",
    fn=lambda x: x.copy(),
    dfn=lambda x: np.ones_like(x),
    d2fn=_zero,
    latex=r"f(x) = x",
    dlatex=r"f'(x) = 1",
    tags={"smooth", "monotonic", "through_origin"},
    summary="No activation at all: a stack of layers with it collapses into one linear map, which is "
            "why a neuron needs a nonlinearity. Still used on regression outputs.",
    reference="",
    year=None,
    numpy_expr="x",
    torch_expr="torch.nn.Identity()(x)",
))

register(Activation(
    key="binary_step", label="Binary step", family="Linear and steps",
    fn=lambda x: step(x >= 0),
    dfn=_zero,  # 0 everywhere, also at the jump, like torch.sign (torch.heaviside has no backward)
    d2fn=_zero,
    kinks_fn=lambda: (0.0,),
    latex=r"H(x) = \begin{cases} 1 & x \ge 0 \\ 0 & x < 0 \end{cases}",
    dlatex=r"H'(x) = 0 \quad (x \ne 0)",
    tags={"piecewise_linear", "bounded", "monotonic", "discontinuous"},
    summary="The original all-or-nothing neuron: outputs 1 once the input reaches 0. Its derivative "
            "is 0 wherever it exists, so gradient descent cannot train it.",
    reference="McCulloch & Pitts, 'A Logical Calculus of the Ideas Immanent in Nervous Activity', 1943; "
              "Rosenblatt's perceptron, 1958",
    year=1943,
    numpy_expr="np.heaviside(x, 1.0)",
    torch_expr="(x >= 0).to(x.dtype)",
))

register(Activation(
    key="sign", label="Sign", family="Linear and steps",
    fn=np.sign,
    dfn=_zero,  # like torch.sign's gradient: 0 everywhere, also at 0
    d2fn=_zero,
    kinks_fn=lambda: (0.0,),
    latex=r"\operatorname{sign}(x) = \begin{cases} 1 & x > 0 \\ 0 & x = 0 \\ -1 & x < 0 \end{cases}",
    dlatex=r"\operatorname{sign}'(x) = 0 \quad (x \ne 0)",
    tags={"piecewise_linear", "bounded", "monotonic", "through_origin", "discontinuous"},
    summary="Keeps only the sign of the input: ±1 (0 at 0). The zero-centred binary step, used "
            "to binarise weights and activations.",
    reference="Courbariaux, Hubara, Soudry, El-Yaniv & Bengio, 'Binarized Neural Networks', NeurIPS 2016",
    year=2016,
    numpy_expr="np.sign(x)",
    torch_expr="torch.sign(x)",
))

register(Activation(
    key="abs", label="Absolute value", family="Linear and steps",
    fn=np.abs,
    dfn=np.sign,  # PyTorch: abs'(0) = 0, which is sign(0)
    d2fn=_zero,
    kinks_fn=lambda: (0.0,),
    latex=r"f(x) = |x|",
    dlatex=r"f'(x) = \operatorname{sign}(x)",
    tags={"piecewise_linear", "non_monotonic"},
    summary="Folds negative inputs onto positive ones: a V with a corner at 0, even and non-monotonic; "
            "behaves like a ReLU that lets both signs through as magnitude.",
    reference="Jarrett, Kavukcuoglu, Ranzato & LeCun, 'What is the Best Multi-Stage Architecture for "
              "Object Recognition?', ICCV 2009",
    year=2009,
    numpy_expr="np.abs(x)",
    torch_expr="torch.abs(x)",
))
