"""A formula's first and second derivatives, computed in a worker process under a time limit.

`sympy.simplify` has no upper bound on its running time, and a thread cannot
be stopped; a process can. The worker (`worker`, a plain `python -c`
child kept warm as a spare) re-parses the already accepted text, then sends
f', f'', f' in readable words (sigmoid, softplus, 1/cosh²) and finally the
simplified f' as each is ready; the parent keeps whatever arrived before the
deadline and kills the worker.
"""
from __future__ import annotations

import itertools
import threading
import time
from dataclasses import dataclass

import sympy as sp

from ..child import Child
from . import functions
from .parser import HINTS, ExpressionError, X, build
from .stable import readable

SIMPLIFY_SECONDS = 3.0
STARTUP_SECONDS = 60.0  # a cold worker imports SymPy first; not part of the formula's time limit

# What the NumPy code generator can evaluate; anything else from simplify is discarded.
SUPPORTED = (sp.exp, sp.log, sp.Abs, sp.sin, sp.cos, sp.tan, sp.tanh, sp.sinh, sp.cosh, sp.atan, sp.erf,
             sp.Min, sp.Max, sp.Piecewise, sp.Heaviside, sp.sign, functions.sigmoid, functions.softplus,
             functions.log1p, functions.expm1, functions.RegistryFunctionBase)


@dataclass(frozen=True)
class Derived:
    df: sp.Expr
    d2f: sp.Expr | None  # None: the deadline came first
    simplified: bool


def tidy(expr: sp.Expr) -> sp.Expr:
    """PyTorch's autograd values at kinks: a step (from max/min) is 1/2 at a tie, as torch.maximum
    splits the gradient there (right on intervals where both sides agree); sign(0) = 0 as for
    torch.abs; a Dirac spike (f'' of a kink) is 0, its value everywhere but the kink itself, and so
    is the derivative of sign(u), which SymPy leaves unevaluated when u is not a bare symbol."""
    return expr.replace(lambda e: isinstance(e, sp.DiracDelta) or _is_sign_derivative(e), lambda e: sp.S.Zero)


def _is_sign_derivative(e: sp.Basic) -> bool:
    return isinstance(e, sp.Derivative) and isinstance(e.expr, sp.sign)


def supported(expr: sp.Expr) -> bool:
    if expr.has(sp.zoo, sp.nan, sp.oo, -sp.oo, sp.I, sp.Derivative, sp.Subs):
        return False
    return all(isinstance(fn, SUPPORTED) for fn in expr.atoms(sp.Function))


def stages(text: str):
    """(name, expression) pairs, cheapest first: f', f'', f' in readable words (sigmoid, softplus,
    1/cosh**2: a quick rewrite, in case simplify runs out of time), then the shortest of f'
    simplified and its readable form."""
    df = tidy(sp.diff(build(text).expr, X))
    if not supported(df):
        raise not_differentiable()
    yield "df", df
    d2f = tidy(sp.diff(df, X))
    if supported(d2f):  # else the page simply offers no f''
        yield "d2f", d2f
    quick = readable(df)
    if quick != df and supported(quick) and _size(quick) <= _size(df):
        yield "readable", quick
    simple = tidy(sp.simplify(df, ratio=1))
    candidates = [e for e in (readable(simple), simple, quick) if e != df and supported(e)]
    if candidates:
        yield "simple", min(candidates, key=_size)  # the first of equals: readable words win


def _size(expr: sp.Expr) -> tuple[int, int]:
    """How long it reads: operations, then characters of LaTeX."""
    return sp.count_ops(expr), len(sp.latex(expr))


def not_differentiable() -> ExpressionError:
    return ExpressionError("not_differentiable", "could not differentiate the formula")


def work(text: str, conn, steps) -> None:
    try:
        for item in steps(text):
            conn.send(item)
    except ExpressionError as exc:
        conn.send(("error", exc))
    except Exception:  # noqa: BLE001 - a SymPy failure in the worker must reach the user as a message
        conn.send(("error", not_differentiable()))
    conn.send(("done", None))


MAX_IDLE = 2
_LOCK = threading.Lock()
_IDLE: list[_Worker] = []


class _Worker(Child):
    """A `python -c` child running `worker.main`: one request at a time, kept while it keeps time."""

    def __init__(self):
        super().__init__("from activations.formula.worker import main; main()")
        self.ready = False

    def wait_ready(self) -> bool:
        if not self.ready and self.replies.poll(STARTUP_SECONDS):
            self.ready = self.replies.recv()[0] == "ready"
        return self.ready


def _take_worker() -> _Worker:
    """An idle warm worker, else a new one; a spare starts warming whenever none is left idle."""
    with _LOCK:
        while _IDLE:
            worker = _IDLE.pop()
            if worker.proc.poll() is None:
                break
            worker.stop()
        else:
            worker = _Worker()
        if not _IDLE:
            _IDLE.append(_Worker())
    return worker


def _give_back(worker: _Worker) -> None:
    with _LOCK:
        if len(_IDLE) < MAX_IDLE:
            _IDLE.append(worker)
            return
    worker.stop()


def derive(text: str, timeout: float = SIMPLIFY_SECONDS, steps=stages) -> Derived:
    """Derivatives of an accepted formula; `ExpressionError` if not even f' arrives in `timeout` s.

    `steps` (a picklable generator function like `stages`) lets tests stand in a slow worker.
    """
    got = _collect(text, timeout, steps)
    if "error" in got:
        raise got["error"]
    if "df" not in got:
        raise ExpressionError("too_slow", "the derivative took longer than {seconds:g} s", hint=HINTS["simpler"],
                              seconds=timeout)
    simple = got.get("simple", got.get("readable"))
    return Derived(df=simple if simple is not None else got["df"], d2f=got.get("d2f"),
                   simplified=simple is not None)


def _collect(text: str, timeout: float, steps) -> dict:
    try:
        worker = _take_worker()
    except OSError:  # no processes allowed here: derive without simplifying, in-process
        return dict(itertools.islice(steps(text), 2))
    got: dict = {}
    try:
        if not worker.wait_ready():
            worker.stop()
            return got
        worker.requests.send((text, f"{steps.__module__}:{steps.__qualname__}"))
        deadline = time.monotonic() + timeout
        while "done" not in got:
            left = deadline - time.monotonic()
            if left <= 0 or not worker.replies.poll(left):
                break
            name, value = worker.replies.recv()
            got[name] = value
    except (EOFError, OSError):
        pass  # the worker died: keep what arrived
    if "done" in got:
        _give_back(worker)
    else:
        worker.stop()  # still busy past the deadline (or dead)
    return got
