"""The Explorer's curves and shape notes: cached for built-ins, computed each time for a session's
custom functions (which no other session has), and a notice instead of a curve that cannot be drawn.

The built-ins' caches are functools' LRU caches, shared by every session: a look-up costs
microseconds, where st.cache_data hashes its arguments through `inspect.signature` and unpickles a
copy (about 5 ms a call, 12 calls a rerun of the default view). Sharing is safe because a cached
curve's arrays are made read-only: no session can change what another one draws.
"""
from __future__ import annotations

import functools

import numpy as np
import streamlit as st

import activations
from figures import explorer as fx
from ui import i18n
from ui.i18n import act_label, explain, t
from ui.pure import export
from ui.pure.shape_notes import shape_note


def _shared(key: str, params: tuple, lo: float, hi: float, n: int, colour: str, second: bool,
            label: str) -> fx.Curve:
    got = fx.compute_curve(activations.get(key), dict(params), lo, hi, n, colour, second, label)
    for a in (got.grid, got.x, *got.values.values(), *(got.band or ())):
        a.flags.writeable = False
    return got


@functools.lru_cache(maxsize=256)   # ~200 kB each at most (4,000 points with f″): 50 MB at worst
def _builtin_curve(*args) -> fx.Curve:
    return _shared(*args)


@functools.lru_cache(maxsize=1024)   # a slider's frames: ~250 values at ~400 points, ~16 kB each
def _frame_curve(*args) -> fx.Curve:
    return _shared(*args)


def curve(act, params: dict, lo: float, hi: float, n: int, colour: str, second: bool, *,
          frame: bool = False) -> fx.Curve:
    """`frame`: one of a slider's frames, cached apart so that a sweep evicts no curve a rerun draws."""
    if act.key in activations.names():
        cached = _frame_curve if frame else _builtin_curve
        return cached(act.key, tuple(sorted(params.items())), lo, hi, n, colour, second, act_label(act))
    return fx.compute_curve(act, params, lo, hi, n, colour, second, act_label(act))


@functools.lru_cache(maxsize=512)
def _builtin_note(key: str, params: tuple, lang: str) -> str:
    return shape_note(activations.get(key), dict(params), lambda k, **v: i18n.translate(k, lang, **v))


def note(act, params: dict) -> str:
    if act.key in activations.names():
        return _builtin_note(act.key, tuple(sorted(params.items())), i18n.current())
    return shape_note(act, params, t)


@functools.lru_cache(maxsize=64)   # ~200 kB each (six functions at 1,000 points)
def _builtin_csv(chosen: tuple, lo: float, hi: float, n: int, second: bool) -> str:
    return export.curves_csv([(activations.get(k), dict(p)) for k, p in chosen], lo, hi, n, second)


def curves_csv(selection: list, lo: float, hi: float, n: int, second: bool) -> str:
    """The CSV built during the run, not on click: a deferred download's file belongs to no session,
    and Streamlit deletes it once other sessions have run twice (a 404 on a busy server)."""
    if all(act.key in activations.names() for act, _ in selection):
        return _builtin_csv(tuple((act.key, tuple(sorted(p.items()))) for act, p in selection), lo, hi, n, second)
    return export.curves_csv(selection, lo, hi, n, second)


def drawable(act, params: dict, lo: float, hi: float, n: int, colour: str, second: bool) -> fx.Curve | None:
    """A chosen function's curve, or None with a notice saying why it is left out."""
    try:
        got = curve(act, params, lo, hi, n, colour, second)
    except activations.ActivationError as err:
        st.warning(t("explorer.left_out", name=act_label(act), error=explain(err)), icon=":material/warning:")
        return None
    except Exception as err:  # a custom formula may fail in any way; say so instead of crashing
        st.warning(t("explorer.failed", name=act_label(act), error=f"{type(err).__name__}: {err}"))
        return None
    if not np.isfinite(got.f).any():
        st.warning(t("explorer.no_finite", name=act_label(act), lo=f"{lo:g}", hi=f"{hi:g}"))
        return None
    return got
