"""Activation Lab's core: a registry of element-wise activation functions.

NumPy (and scipy.special) only; no Streamlit or Plotly. Two subpackages build on it and are
imported on their own: `activations.analysis` (the one sampler and the one analysis of any
activation) and `activations.formula` (a typed formula as an activation; imports SymPy).

    >>> import activations
    >>> act = activations.get("leaky_relu")
    >>> float(act.f(-2.0, k=0.1)), float(act.df(-2.0, k=0.1))
    (-0.2, 0.1)
"""
# Importing a catalogue module registers its definitions, in display order.
from . import classic, periodic, piecewise, rectifiers, sigmoidal, smooth  # noqa: F401,E402
from .core import (
    FAMILIES,
    TAGS,
    Activation,
    ActivationError,
    CodedError,
    Param,
    ParameterError,
    Term,
    UnknownActivationError,
    all_activations,
    families,
    get,
    names,
)

__all__ = [
    "FAMILIES", "TAGS", "Activation", "ActivationError", "CodedError", "Param", "ParameterError",
    "Term", "UnknownActivationError", "all_activations", "families", "get", "names",
]
