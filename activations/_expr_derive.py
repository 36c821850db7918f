"""A formula's first and second derivatives, computed in a worker process under a time limit.

`sympy.simplify` has no upper bound on its running time, and a thread cannot
be stopped; a process can. The worker re-parses the (already accepted) text,
then sends f', f'' and finally the simplified f' as each is ready; the parent
keeps whatever arrived before the deadline and kills the worker.
"""
from __future__ import annotations

import itertools
import multiprocessing
import threading
import time
from dataclasses import dataclass

import sympy as sp

from . import _expr_funcs
from ._expr_parse import ExpressionError, X, build

SIMPLIFY_SECONDS = 3.0

# What the NumPy code generator can evaluate; anything else from simplify is discarded.
SUPPORTED = (sp.exp, sp.log, sp.Abs, sp.sin, sp.cos, sp.tan, sp.tanh, sp.sinh, sp.cosh, sp.atan, sp.erf,
             sp.Min, sp.Max, sp.Piecewise, sp.Heaviside, sp.sign, _expr_funcs.sigmoid, _expr_funcs.softplus,
             _expr_funcs.log1p, _expr_funcs.expm1, _expr_funcs.RegistryFunctionBase)


@dataclass(frozen=True)
class Derived:
    df: sp.Expr
    d2f: sp.Expr | None  # None: the deadline came first
    simplified: bool


def tidy(expr: sp.Expr) -> sp.Expr:
    """PyTorch's autograd values at kinks: a step (from max/min) is 1/2 at a tie, as torch.maximum
    splits the gradient there (right on intervals where both sides agree); sign(0) = 0 as for
    torch.abs; a Dirac spike (f'' of a kink) is 0, its value everywhere but the kink itself."""
    return expr.replace(lambda e: isinstance(e, sp.DiracDelta), lambda e: sp.S.Zero)


def supported(expr: sp.Expr) -> bool:
    if expr.has(sp.zoo, sp.nan, sp.oo, -sp.oo, sp.I, sp.Derivative, sp.Subs):
        return False
    return all(isinstance(fn, SUPPORTED) for fn in expr.atoms(sp.Function))


def stages(text: str):
    """(name, expression) pairs, cheapest first: f', f'', then f' simplified if that is shorter."""
    df = tidy(sp.diff(build(text).expr, X))
    if not supported(df):
        raise ExpressionError("could not differentiate the formula")
    yield "df", df
    yield "d2f", tidy(sp.diff(df, X))
    simple = tidy(sp.simplify(df, ratio=1))
    if simple != df and supported(simple):
        yield "simple", simple


def _work(text: str, conn, steps) -> None:
    try:
        for item in steps(text):
            conn.send(item)
    except ExpressionError as exc:
        conn.send(("error", str(exc)))
    except Exception:  # noqa: BLE001 - a SymPy failure in the worker must reach the user as a message
        conn.send(("error", "could not differentiate the formula"))
    finally:
        conn.close()


_LOCK = threading.Lock()
_CONTEXT = None


def _context():
    global _CONTEXT
    with _LOCK:
        if _CONTEXT is None:
            methods = multiprocessing.get_all_start_methods()
            if "forkserver" in methods:  # forks from a clean process with SymPy already imported
                _CONTEXT = multiprocessing.get_context("forkserver")
                _CONTEXT.set_forkserver_preload([__name__])
            else:
                _CONTEXT = multiprocessing.get_context("spawn")
        return _CONTEXT


def derive(text: str, timeout: float = SIMPLIFY_SECONDS, steps=stages) -> Derived:
    """Derivatives of an accepted formula; `ExpressionError` if not even f' arrives in `timeout` s.

    `steps` (a picklable generator function like `stages`) lets tests stand in a slow worker.
    """
    got = _collect(text, timeout, steps)
    if "error" in got:
        raise ExpressionError(got["error"])
    if "df" not in got:
        raise ExpressionError(f"the derivative took longer than {timeout:g} s", hint="try a simpler formula")
    simple = got.get("simple")
    return Derived(df=simple if simple is not None else got["df"], d2f=got.get("d2f"),
                   simplified=simple is not None)


def _collect(text: str, timeout: float, steps) -> dict:
    ctx = _context()
    receiver, sender = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_work, args=(text, sender, steps), daemon=True)
    try:
        proc.start()
    except OSError:  # no processes allowed here: derive without simplifying, in-process
        receiver.close()
        return dict(itertools.islice(steps(text), 2))
    finally:
        sender.close()
    got: dict = {}
    deadline = time.monotonic() + timeout
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not receiver.poll(left):
                break
            name, value = receiver.recv()
            got[name] = value
    except (EOFError, OSError):
        pass  # the worker finished (or died): keep what arrived
    finally:
        proc.kill()
        proc.join(5)
        receiver.close()
    return got
