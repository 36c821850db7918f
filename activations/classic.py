"""The essay's six activations, and its question: non-monotonic (sin) and decreasing ones."""
from __future__ import annotations

import numpy as np

from . import _trig
from ._util import indicator, leaky, logistic, logistic_d, on_finite, step
from .core import Activation, Param, register


def _sech2(x):
    # 4e/(1+e)^2 with e = exp(-2|x|): exact-relative everywhere, no cosh overflow.
    e = np.exp(-2.0 * np.minimum(np.abs(x), 400.0))  # clamp: 2|x| must not overflow
    return 4.0 * e / (1.0 + e) ** 2


register(Activation(
    key="sigmoid", label="Sigmoid", family="Sigmoid-shaped",
    # scipy's expit returns 0 where σ is subnormal (x < -709.78) and is 4x slower.
    fn=logistic,
    dfn=logistic_d,  # not s(1-s): 1-s cancels for large x
    d2fn=lambda x: -logistic_d(x) * np.tanh(x / 2),
    latex=r"\sigma(x) = \frac{1}{1 + e^{-x}}",
    dlatex=r"\sigma'(x) = \sigma(x)\,\bigl(1 - \sigma(x)\bigr)",
    tags={"seed", "smooth", "bounded", "monotonic"},
    summary="The logistic curve: squashes any input into (0, 1); the classic 'firing rate' neuron.",
    reference="Logistic function (Verhulst 1838); used in neural networks since Rumelhart, Hinton & Williams 1986",
    year=1986,
    numpy_expr="1 / (1 + np.exp(-x))",
    torch_expr="torch.sigmoid(x)",
))

register(Activation(
    key="tanh", label="Tanh", family="Sigmoid-shaped",
    fn=lambda x: np.tanh(x),
    dfn=_sech2,  # not 1 - tanh^2, which is 0 for |x| > 19
    d2fn=lambda x: -2.0 * np.tanh(x) * _sech2(x),
    latex=r"\tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}",
    dlatex=r"\tanh'(x) = 1 - \tanh^2(x) = \operatorname{sech}^2(x)",
    tags={"seed", "smooth", "bounded", "monotonic", "through_origin"},
    summary="A zero-centred sigmoid with range (-1, 1); tanh(x) = 2σ(2x) - 1.",
    reference="LeCun, Bottou, Orr & Müller, 'Efficient BackProp', 1998",
    year=1998,
    numpy_expr="np.tanh(x)",
    torch_expr="torch.tanh(x)",
))

register(Activation(
    key="hardtanh", label="Hard tanh", family="Sigmoid-shaped",
    params=(
        Param("min_val", -1.0, -3.0, 0.0, 0.05, "lower clip", "Output floor; inputs below it are clipped.",
              symbol=r"a", high_open=True),
        Param("max_val", 1.0, 0.0, 3.0, 0.05, "upper clip", "Output ceiling; inputs above it are clipped.",
              symbol=r"b", low_open=True),
    ),
    fn=lambda x, min_val, max_val: np.clip(x, min_val, max_val),
    # PyTorch's autograd: 0 at both clip points.
    dfn=lambda x, min_val, max_val: step((x > min_val) & (x < max_val)),
    d2fn=lambda x, min_val, max_val: np.zeros_like(x),
    # At a clip point the flat piece, as for f': f' + ∂f/∂a + ∂f/∂b = 1 everywhere.
    dparams={"min_val": lambda x, min_val, max_val: step(x <= min_val),
             "max_val": lambda x, min_val, max_val: step(x >= max_val)},
    dparam_latex={"min_val": r"\frac{\partial f}{\partial a} = \begin{cases} 1 & x \le a \\ 0 & x > a \end{cases}",
                  "max_val": r"\frac{\partial f}{\partial b} = \begin{cases} 1 & x \ge b \\ 0 & x < b \end{cases}"},
    kinks_fn=lambda min_val, max_val: (min_val, max_val),
    latex=r"\operatorname{hardtanh}(x) = \begin{cases} a & x < a \\ x & a \le x \le b \\ b & x > b \end{cases}",
    dlatex=r"\operatorname{hardtanh}'(x) = \begin{cases} 1 & a < x < b \\ 0 & \text{otherwise} \end{cases}",
    tags={"seed", "piecewise_linear", "bounded", "monotonic", "through_origin"},
    summary="Tanh's piecewise-linear cousin: the identity between two clip points, flat outside.",
    reference="Collobert, 'Large Scale Machine Learning', PhD thesis, 2004",
    year=2004,
    numpy_expr="np.clip(x, min_val, max_val)",
    torch_expr="torch.nn.functional.hardtanh(x, min_val=min_val, max_val=max_val)",
))


def _softsign(x):
    ax = np.abs(x)
    with np.errstate(invalid="ignore"):  # inf/inf at ±inf, replaced below
        mag = np.where(np.isinf(ax), 1.0, ax / (1.0 + ax))
    return np.copysign(mag, x)


def _softsign_d(x):
    t = 1.0 / (1.0 + np.abs(x))
    return t * t


register(Activation(
    key="softsign", label="Softsign", family="Sigmoid-shaped",
    fn=_softsign,
    dfn=_softsign_d,
    d2fn=lambda x: -2.0 * np.sign(x) * (1.0 / (1.0 + np.abs(x))) ** 3,
    kinks_fn=lambda: (0.0,),  # f' has a corner at 0 (f'' jumps from 2 to -2)
    latex=r"\operatorname{softsign}(x) = \frac{x}{1 + |x|}",
    dlatex=r"\operatorname{softsign}'(x) = \frac{1}{(1 + |x|)^2}",
    tags={"seed", "bounded", "monotonic", "through_origin"},
    summary="A sigmoid with polynomial rather than exponential tails: range (-1, 1), saturates slowly.",
    reference="Bergstra, Desjardins, Lamblin & Bengio, 'Quadratic polynomials learn better image features', 2009",
    year=2009,
    numpy_expr="x / (1 + np.abs(x))",
    torch_expr="torch.nn.functional.softsign(x)",
))

register(Activation(
    key="relu", label="ReLU", family="Rectifiers",
    fn=lambda x: np.maximum(x, 0.0),
    dfn=lambda x: step(x > 0),  # PyTorch: relu'(0) = 0
    d2fn=lambda x: np.zeros_like(x),
    kinks_fn=lambda: (0.0,),
    latex=r"\operatorname{ReLU}(x) = \max(0, x)",
    dlatex=r"\operatorname{ReLU}'(x) = \begin{cases} 1 & x > 0 \\ 0 & x \le 0 \end{cases}",
    tags={"seed", "rectifier", "piecewise_linear", "monotonic", "through_origin"},
    summary="Rectified linear unit: passes positive inputs, blocks negative ones. Cheap, and its gradient does not vanish for x > 0.",
    reference="Nair & Hinton, 'Rectified Linear Units Improve Restricted Boltzmann Machines', ICML 2010",
    year=2010,
    numpy_expr="np.maximum(x, 0)",
    torch_expr="torch.relu(x)",
))

register(Activation(
    key="leaky_relu", label="Leaky ReLU", family="Rectifiers",
    params=(Param("k", 0.01, 0.0, 1.0, 0.001, "slope k", "Slope for negative inputs (PyTorch's negative_slope).",
                  symbol="k", low_open=True, high_open=True),),
    fn=lambda x, k: leaky(x, k),
    dfn=lambda x, k: indicator(x > 0, 1.0, k),  # PyTorch: leaky_relu'(0) = k
    d2fn=lambda x, k: np.zeros_like(x),
    dparams={"k": lambda x, k: np.minimum(x, 0.0)},
    dparam_latex={"k": r"\frac{\partial f}{\partial k} = \min(x, 0)"},
    kinks_fn=lambda k: (0.0,),
    latex=r"\operatorname{LeakyReLU}(x) = \begin{cases} x & x \ge 0 \\ k\,x & x < 0 \end{cases}",
    dlatex=r"\operatorname{LeakyReLU}'(x) = \begin{cases} 1 & x > 0 \\ k & x \le 0 \end{cases}",
    tags={"seed", "rectifier", "piecewise_linear", "monotonic", "through_origin"},
    summary="ReLU with a small slope k for negative inputs, so no unit is ever completely 'dead'.",
    reference="Maas, Hannun & Ng, 'Rectifier Nonlinearities Improve Neural Network Acoustic Models', 2013",
    year=2013,
    numpy_expr="np.where(x >= 0, x, k * x)",
    torch_expr="torch.nn.functional.leaky_relu(x, negative_slope=k)",
))

register(Activation(
    key="sin", label="Sine", family="Non-monotonic and decreasing",
    fn=lambda x: on_finite(x, _trig.sin, np.nan, np.nan),  # no limit at ±inf
    dfn=lambda x: on_finite(x, _trig.cos, np.nan, np.nan),
    d2fn=lambda x: on_finite(x, lambda t: _trig.negated(_trig.sin(t)), np.nan, np.nan),
    latex=r"f(x) = \sin x",
    dlatex=r"f'(x) = \cos x",
    tags={"smooth", "bounded", "non_monotonic", "periodic", "through_origin"},
    summary="Periodic and non-monotonic: the essay asks whether such a converter can work. It can (SIREN networks use it).",
    reference="Sitzmann et al., 'Implicit Neural Representations with Periodic Activation Functions' (SIREN), 2020",
    year=2020,
    numpy_expr="np.sin(x)",
    torch_expr="torch.sin(x)",
))

def _neg_logistic_d(x):
    out = logistic_d(x)
    return np.negative(out, out=out)


register(Activation(
    key="neg_sigmoid", label="Decreasing sigmoid σ(−x)", family="Non-monotonic and decreasing",
    fn=lambda x: logistic(x, -1.0),
    dfn=lambda x: _neg_logistic_d(x),
    d2fn=lambda x: logistic_d(x) * np.tanh(x / 2),
    latex=r"f(x) = \sigma(-x) = \frac{1}{1 + e^{x}}",
    dlatex=r"f'(x) = -\sigma(x)\,\sigma(-x)",
    tags={"smooth", "bounded", "decreasing"},
    summary="A monotonically decreasing activation, for the essay's question: the next layer's weights can flip its sign, so it is as expressive as the sigmoid.",
    reference="",
    year=None,
    numpy_expr="1 / (1 + np.exp(x))",
    torch_expr="torch.sigmoid(-x)",
))
