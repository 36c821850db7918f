"""The `Activation` definition, its parameters, typed errors and the registry.

Each definition pairs a raw vectorised function with its analytic derivative
(TensorFlow Playground's output/derivative pair, scikit-learn's small
registries). The public `f`/`df` wrap the raw functions with one shared
contract: parameters validated against their bounds, float64 arrays of the
input's shape out, NaN in gives NaN out.
"""
from __future__ import annotations

import difflib
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np

Array = np.ndarray


class Term(str):
    """A word or phrase inside an error message that a UI translates too (`code` names it)."""

    code: str

    def __new__(cls, code: str, english: str) -> Term:
        term = super().__new__(cls, english)
        term.code = code
        return term

    def __getnewargs__(self) -> tuple[str, str]:  # pickling (errors cross from the formula worker)
        return self.code, str(self)


class CodedError(Exception):
    """An error whose message is a template with a stable `code` and named `fields`.

    `str(err)` is the English text; a UI can say the same in another language by
    looking the code up in its own catalogue (`ui.i18n.explain`). A field that is
    a `Term` is a template too, filled with the same fields. `hint` is an optional
    suggestion (a `Term`); `column` points into the user's text (1-based) when known.
    """

    def __init__(self, code: str, text: str, /, column: int | None = None, hint: Term | None = None,
                 **fields: object):
        self.code, self.template, self.column, self.hint, self.fields = code, text, column, hint, fields
        filled = fill_terms(fields, lambda term: term)
        where = f" at column {column}" if column else ""
        advice = f"; {hint.format(**filled)}" if hint else ""
        self.message = text.format(**filled) + where + advice
        super().__init__(self.message)

    def __str__(self) -> str:  # KeyError would print the repr of the message
        return self.message

    def __reduce__(self):  # subclasses' own __init__ signatures would not survive pickling
        return _restore, (type(self), self.__dict__)


def _restore(cls: type[CodedError], state: dict) -> CodedError:
    err = cls.__new__(cls)
    Exception.__init__(err, state["message"])
    err.__dict__.update(state)
    return err


def fill_terms(fields: dict[str, object], word: Callable[[Term], str]) -> dict[str, object]:
    """`fields` with every `Term` replaced by `word(term)` (its text in some language), filled."""
    return {k: word(v).format(**fields) if isinstance(v, Term) else v for k, v in fields.items()}


class ActivationError(CodedError):
    """Base class of the core's typed errors."""


class UnknownActivationError(ActivationError, KeyError):
    """An activation key that is not in the registry."""

    def __init__(self, key: object, suggestions: Iterable[str] = ()):
        self.key = key
        self.suggestions = tuple(suggestions)
        if self.suggestions:
            super().__init__("unknown_activation_close", "unknown activation {key!r}; did you mean {suggestions}?",
                             key=key, suggestions=", ".join(map(repr, self.suggestions)))
        else:
            super().__init__("unknown_activation", "unknown activation {key!r}", key=key)


class ParameterError(ActivationError, ValueError):
    """A parameter that is unknown, not a finite number, or out of its bounds."""


@dataclass(frozen=True)
class Param:
    """One numeric parameter: bounds, slider step and what it means.

    `low_open`/`high_open` mark an excluded bound (leaky ReLU's 0 < k < 1).
    `symbol` is its LaTeX symbol, as used in the formulas.
    """

    name: str
    default: float
    low: float
    high: float
    step: float
    label: str
    help: str = ""
    symbol: str = ""
    low_open: bool = False
    high_open: bool = False

    def bounds_text(self) -> str:
        left = "(" if self.low_open else "["
        right = ")" if self.high_open else "]"
        return f"{left}{self.low:g}, {self.high:g}{right}"

    @property
    def slider_low(self) -> float:
        """Lowest value a slider may offer (an open bound is stepped over)."""
        return self.low + self.step if self.low_open else self.low

    @property
    def slider_high(self) -> float:
        return self.high - self.step if self.high_open else self.high

    def check(self, value: object) -> float:
        """Return `value` as a float, or raise `ParameterError` saying why not."""
        if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
            raise ParameterError("param_not_number", "parameter {name!r} must be a number, got {value!r}; "
                                 "allowed {bounds}", name=self.name, value=value, bounds=self.bounds_text())
        v = float(value)
        too_low = v < self.low or (self.low_open and v == self.low)
        too_high = v > self.high or (self.high_open and v == self.high)
        if not math.isfinite(v) or too_low or too_high:
            raise ParameterError("param_out_of_bounds", "parameter {name!r} = {value!r} is outside its bounds {bounds}",
                                 name=self.name, value=value, bounds=self.bounds_text())
        return v


def _no_points(**_: float) -> tuple[float, ...]:
    return ()


@dataclass(frozen=True)
class Activation:
    """One element-wise activation function.

    `fn(x, **params)` and `dfn(x, **params)` receive a float64 array and
    validated float parameters; `d2fn` (optional) is the analytic second
    derivative. `kinks_fn(**params)` lists the points where f or f' is not
    smooth (jumps included), so plots can sample them exactly and draw
    one-sided values. `band_fn(x, **params)` (optional) gives a (low, high)
    envelope, for randomised functions such as RReLU. `numpy_expr` and
    `torch_expr` are expressions in `x`, the parameter names, `np`/`torch`
    (and `scipy.special` as `sp`) used by code export.

    `dparams` maps a parameter's name to the raw ∂f/∂θ, `(x, **params) -> array`
    like `dfn`, for every parameter f is differentiable in (`learnable`). A parameter
    that only moves a jump of f (∂f/∂θ is 0 wherever it exists) or is discrete has none.
    Where f is not differentiable in θ at some x (x on a threshold that θ sets), ∂f/∂θ
    is that of the piece f′ takes there: the piece PyTorch's f′ picks decides both,
    so that identities such as f(x + h; a + h, b + h) = f(x; a, b) + h hold exactly.
    `dparam_latex` gives each of them as LaTeX, ∂f/∂(the parameter's symbol) = ....
    """

    key: str
    label: str
    fn: Callable[..., Array]
    dfn: Callable[..., Array]
    latex: str
    dlatex: str
    family: str
    params: tuple[Param, ...] = ()
    tags: frozenset[str] = frozenset()
    kinks_fn: Callable[..., tuple[float, ...]] = _no_points
    d2fn: Callable[..., Array] | None = None
    band_fn: Callable[..., tuple[Array, Array]] | None = None
    constraint: Callable[..., Term | None] | None = None  # parameter values -> what is wrong, or None
    reference: str = ""
    year: int | None = None
    summary: str = ""
    numpy_expr: str = ""
    torch_expr: str = ""
    dparams: Mapping[str, Callable[..., Array]] = field(default_factory=dict, compare=False)
    dparam_latex: Mapping[str, str] = field(default_factory=dict, compare=False)
    _param_index: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_param_index", {p.name: p for p in self.params})
        object.__setattr__(self, "tags", frozenset(self.tags))
        for what, names, known in (("derivatives for parameters", self.dparams, self._param_index),
                                   ("LaTeX for parameter derivatives", self.dparam_latex, self.dparams)):
            if set(names) - set(known):
                raise ValueError(f"{self.key}: {what} it does not have: {sorted(set(names) - set(known))}")
        object.__setattr__(self, "dparams", dict(self.dparams))  # a copy: the caller's dict stays theirs
        object.__setattr__(self, "dparam_latex", dict(self.dparam_latex))

    def __reduce_ex__(self, protocol):
        # A registry function crosses to a worker process as its key: its raw functions are often
        # lambdas, which do not pickle. Any other (a typed formula) pickles field by field, or fails.
        if _REGISTRY.get(self.key) is self:
            return get, (self.key,)
        return super().__reduce_ex__(protocol)

    # -- parameters ---------------------------------------------------------
    @property
    def defaults(self) -> dict[str, float]:
        return {p.name: p.default for p in self.params}

    @property
    def learnable(self) -> tuple[str, ...]:
        """Names of the parameters that have ∂f/∂θ (`dparam`), in parameter order."""
        return tuple(p.name for p in self.params if p.name in self.dparams)

    def param(self, name: str) -> Param:
        try:
            return self._param_index[name]
        except KeyError:
            raise self._unknown_param(name) from None

    def _unknown_param(self, name: str) -> ParameterError:
        if not self._param_index:
            return ParameterError("no_params", "{label} has no parameters (got {name!r})",
                                  key=self.key, label=self.label, name=name)
        return ParameterError("unknown_param", "{label} has no parameter {name!r} (its parameters: {known})",
                              key=self.key, label=self.label, name=name, known=", ".join(self._param_index))

    def resolve(self, **params: object) -> dict[str, float]:
        """Defaults overridden by `params`, each checked against its bounds."""
        if not params and not self.params:
            return {}  # the common call of a parameterless function: nothing to check
        for name in params:
            if name not in self._param_index:
                raise self._unknown_param(name)
        values = {p.name: p.check(params.get(p.name, p.default)) for p in self.params}
        if self.constraint is not None:
            problem = self.constraint(**values)
            if problem:  # a Term over the parameter values
                raise ParameterError("constraint", "{problem}", key=self.key, problem=problem, **values)
        return values

    # -- evaluation ---------------------------------------------------------
    def _call(self, raw: Callable[..., Array], x: object, params: dict[str, object]) -> Array:
        values = self.resolve(**params)
        arr = np.asarray(x, dtype=np.float64)
        # The raw functions work in place on arrays; a 0-d input is passed as one element.
        flat = arr.reshape(1) if arr.ndim == 0 else arr
        # Underflow to zero or a subnormal is the correctly rounded result of a
        # tiny quantity, not an error; overflow and invalid stay the caller's.
        with np.errstate(under="ignore"):
            out = np.asarray(raw(flat, **values), dtype=np.float64)
        if out.shape != flat.shape:
            out = np.broadcast_to(out, flat.shape).copy()
        nan_in = np.isnan(flat)
        if nan_in.any():
            out = np.where(nan_in, np.nan, out)
        return out.reshape(arr.shape) if arr.ndim == 0 else out

    def f(self, x: object, **params: object) -> Array:
        """Value of the function, float64 array of x's shape."""
        return self._call(self.fn, x, params)

    def df(self, x: object, **params: object) -> Array:
        """Analytic first derivative. At a kink it returns PyTorch autograd's value."""
        return self._call(self.dfn, x, params)

    def dparam(self, name: str, x: object, **params: object) -> Array:
        """∂f/∂θ for the parameter `name`, with `f`'s contract (see the class for kinks)."""
        raw = self.dparams.get(name)
        if raw is None:
            self.param(name)  # an unknown name raises its own error
            raise ParameterError("no_dparam", "{label} has no derivative with respect to {name!r}",
                                 key=self.key, label=self.label, name=name)
        return self._call(raw, x, params)

    def d2f(self, x: object, **params: object) -> Array:
        """Second derivative: analytic where defined, else a central difference of `df`."""
        if self.d2fn is not None:
            return self._call(self.d2fn, x, params)
        arr = np.asarray(x, dtype=np.float64)
        h = np.cbrt(np.finfo(np.float64).eps) * np.maximum(1.0, np.abs(arr))
        with np.errstate(over="ignore", invalid="ignore"):
            return (self.df(arr + h, **params) - self.df(arr - h, **params)) / (2 * h)

    def kinks(self, **params: object) -> tuple[float, ...]:
        """Sorted points where f or f' is not smooth, for these parameters."""
        return tuple(sorted(set(float(p) for p in self.kinks_fn(**self.resolve(**params)))))

    def band(self, x: object, **params: object) -> tuple[Array, Array] | None:
        if self.band_fn is None:
            return None
        values = self.resolve(**params)
        arr = np.asarray(x, dtype=np.float64)
        with np.errstate(under="ignore"):  # as in _call: underflow to 0 is correct rounding
            lo, hi = self.band_fn(arr, **values)
        return np.asarray(lo, dtype=np.float64), np.asarray(hi, dtype=np.float64)


_REGISTRY: dict[str, Activation] = {}


def register(act: Activation) -> Activation:
    if act.key in _REGISTRY:
        raise ValueError(f"activation {act.key!r} registered twice")
    _REGISTRY[act.key] = act
    return act


def names() -> tuple[str, ...]:
    """Registry keys in display order."""
    return tuple(_REGISTRY)


def get(key: str) -> Activation:
    try:
        return _REGISTRY[key]
    except (KeyError, TypeError):
        close = difflib.get_close_matches(str(key).lower(), _REGISTRY, n=3, cutoff=0.5)
        raise UnknownActivationError(key, close) from None


def all_activations() -> tuple[Activation, ...]:
    return tuple(_REGISTRY.values())


def families() -> dict[str, tuple[str, ...]]:
    """Family name -> keys, both in display order."""
    out: dict[str, list[str]] = {}
    for act in _REGISTRY.values():
        out.setdefault(act.family, []).append(act.key)
    return {fam: tuple(keys) for fam, keys in out.items()}

# Families, in display order, and the tag vocabulary every definition draws from.
FAMILIES = (
    "Sigmoid-shaped",
    "Rectifiers",
    "Smooth rectifiers and self-gated",
    "Shrinkage",
    "Linear and steps",
    "Non-monotonic and decreasing",
    "Your own",  # formulas typed by the user (activations.formula)
)
TAGS = frozenset({
    "seed",            # one of the essay's six
    "rectifier",       # zero (or nearly) on one side, linear on the other
    "smooth",          # infinitely differentiable everywhere
    "piecewise_linear",
    "bounded",         # range bounded above and below
    "monotonic",       # non-decreasing
    "decreasing",      # non-increasing
    "non_monotonic",
    "periodic",
    "through_origin",  # f(0) = 0 (not the Catalogue's "zero-centred": mean output 0 for N(0, 1) input)
    "discontinuous",   # f itself jumps
    "randomised",      # training-time noise (RReLU)
    "self_normalising",
})
