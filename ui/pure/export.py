"""What the Explorer lets a user take away: the curves as CSV, and code that recomputes them.

Pure Python (no Streamlit). The snippets are built from each activation's
`numpy_expr`/`torch_expr`, wrapped in one function per activation so that two
functions with a parameter of the same name cannot clash. The code's comments come
through `say` (ui.i18n.t) in the page's language.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Callable

import numpy as np

from activations import Activation, analysis

from .url_state import POINTS_DEFAULT

Selection = list[tuple[Activation, dict]]   # (activation, resolved parameters)
Say = Callable[..., str]


def common_grid(selection: Selection, lo: float, hi: float, n: int = POINTS_DEFAULT) -> np.ndarray:
    """One x grid for every function: the core sampler's grid, with every function's kinks on it exactly."""
    return analysis.sample_grid(lo, hi, n, [c for act, params in selection for c in act.kinks(**params)])


def column_name(act: Activation, params: dict, what: str) -> str:
    args = ", ".join(f"{k}={v:g}" for k, v in params.items())
    return f"{act.key}({args}) {what}" if args else f"{act.key} {what}"


def curves_csv(selection: Selection, lo: float, hi: float, n: int = POINTS_DEFAULT,
               second: bool = False) -> str:
    """x, then f and f' (and f'') of every function, at its current parameters, one row per x.

    Every number is written so that it reads back bit for bit (`float(text)`), NaN and ±inf included.
    """
    x = common_grid(selection, lo, hi, n)
    names, columns = ["x"], [x]
    for act, params in selection:
        panels = [("f", act.f), ("f'", act.df)] + ([("f''", act.d2f)] if second else [])
        for what, fn in panels:
            with np.errstate(all="ignore"):
                columns.append(fn(x, **params))
            names.append(column_name(act, params, what))
    header = ",".join(_csv_cell(n) for n in names)
    texts = [_column_text(np.asarray(c, dtype=np.float64).tobytes()) for c in columns]
    return header + "\n" + "".join(",".join(row) + "\n" for row in zip(*texts))


@functools.lru_cache(maxsize=128)   # ~70 kB each at 1,000 points (a str per cell)
def _column_text(raw: bytes) -> tuple[str, ...]:
    """A float64 column as CSV text, one cell per value. Cached by its bytes: a slider moves one
    function's columns, and the x and other functions' columns come back as they were.

    repr: the shortest text that reads back as the same float64, so the file holds exactly what
    the core computed (%.10g kept 101 distinct x of 1,000 on 19.999999 … 20)."""
    return tuple(map(repr, np.frombuffer(raw, dtype=np.float64).tolist()))


def _csv_cell(text: str) -> str:
    return '"' + text.replace('"', '""') + '"' if any(c in text for c in ',"\n') else text


def _ident(key: str) -> str:
    name = re.sub(r"\W", "_", key)
    return name if name and not name[0].isdigit() else f"f_{name}"


def _signature(params: dict) -> str:
    return "".join(f", {k}={v!r}" for k, v in params.items())


def _definitions(selection: Selection, expr: str, lines: list[str], missing: Callable[[Activation], str]):
    """Append one `def` per function that has the `expr` export (a comment for those without);
    return (key, function name) of those defined."""
    calls = []
    for act, params in selection:
        name = _ident(act.key)
        if not getattr(act, expr):
            lines += ["# " + missing(act), ""]
            continue
        lines += [f"def {name}(x{_signature(params)}):", f"    return {getattr(act, expr)}", ""]
        calls.append((act.key, name))
    return calls


def numpy_snippet(selection: Selection, lo: float, hi: float, n: int = POINTS_DEFAULT, *, say: Say,
                  label: Callable[[Activation], str] = lambda act: act.label) -> str:
    """Python that recomputes the curves with NumPy: f exactly, f' by central differences."""
    uses_sp = any("sp." in act.numpy_expr for act, _ in selection)
    uses_math = any("math." in act.numpy_expr for act, _ in selection)
    lines = (["import math", ""] if uses_math else []) + ["import numpy as np"]
    lines += (["import scipy.special as sp"] if uses_sp else []) + [""]
    calls = _definitions(selection, "numpy_expr", lines, lambda act: say("explorer.code.no_numpy", name=label(act)))
    lines += [f"x = np.linspace({lo!r}, {hi!r}, {int(n)})",
              "# " + say("explorer.code.numpy_derivative"),
              "curves = {"]
    lines += [f"    {key!r}: ({name}(x), np.gradient({name}(x), x))," for key, name in calls]
    lines += ["}"]
    return "\n".join(lines) + "\n"


def torch_snippet(selection: Selection, lo: float, hi: float, n: int = POINTS_DEFAULT, *, say: Say,
                  label: Callable[[Activation], str] = lambda act: act.label) -> str:
    """Python that recomputes the curves with PyTorch: f, and f' by autograd."""
    uses_math = any("math." in act.torch_expr for act, _ in selection)
    lines = (["import math", ""] if uses_math else []) + ["import torch", ""]
    calls = _definitions(selection, "torch_expr", lines, lambda act: say("explorer.code.no_torch", name=label(act)))
    lines += [
        "def with_derivative(f, x):",
        "    y = f(x)",
        "    # " + say("explorer.code.step_gradient"),
        "    dy = torch.autograd.grad(y.sum(), x)[0] if y.requires_grad else torch.zeros_like(x)",
        "    return y.detach(), dy",
        "",
        f"x = torch.linspace({lo!r}, {hi!r}, {int(n)}, dtype=torch.float64, requires_grad=True)",
        "curves = {  # " + say("explorer.code.torch_curves"),
    ]
    lines += [f"    {key!r}: with_derivative({name}, x)," for key, name in calls]
    lines += ["}"]
    return "\n".join(lines) + "\n"
