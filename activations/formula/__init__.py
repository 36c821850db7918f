"""Your own activation: a typed formula becomes an `Activation` with exact symbolic derivatives.

    >>> from activations import formula
    >>> act = formula.parse("x * sigmoid(b*x)")
    >>> act.key, [p.name for p in act.params]
    ('custom:x * sigmoid(b*x)', ['b'])
    >>> float(act.df(0.0))
    0.5

This package is the formula engine's only entrance; its modules are private (tests/test_architecture.py):
`parser` (text -> SymPy through a whitelist over Python's `ast`; anything refused raises
`ExpressionError`, a `ValueError` that knows the column), `functions` (sigmoid, softplus and registry
keys as SymPy functions), `derive` (f', f'' simplified in a `worker` process under a time limit),
`stable` (float-safe and readable rewrites), `codegen` (NumPy functions, export text, kinks) and
`activation` (all of it as a `CustomActivation`). Importing it imports SymPy; `import activations` does not.
"""
from .activation import (
    FAMILY,
    CustomActivation,
    check_name,
    configure,
    display_latex,
    parse,
    rename,
)
from .parser import FUNCS, MAX_LENGTH, MAX_PARAMS, ExpressionError, registry_names

__all__ = [
    "FAMILY", "FUNCS", "MAX_LENGTH", "MAX_PARAMS", "CustomActivation", "ExpressionError",
    "check_name", "configure", "display_latex", "parse", "registry_names", "rename",
]
