"""The Explorer's link: one state object, read from the URL (`from_query`) and written back (`to_query`).

`?fn=relu&fn=leaky_relu&x=-3&x=3&k=0.2`. A parameter's key is its bare name when exactly one
available activation has a parameter of that name (`k`), else `<fn>.<param>` (`elu.alpha`); the
page's widgets and knobs use the same keys in the session. `from_query` keeps what a link can
use and says, in the caller's language, what it cannot; `to_query` writes only what differs from
the defaults, in a stable order. Pure Python (no Streamlit): the caller passes `say` (ui.i18n.t)
and the label functions.
"""
from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace

from activations import Activation
from ui.pure.validate import GLOBAL_KEYS, number, shown

FN = "fn"
X = "x"
POINTS = "n"
VIEW = "view"
SECOND = "d2"
SHARE_Y = "sharey"     # small multiples: one y range per panel kind across functions
X_LIMITS = (-20.0, 20.0)
X_DEFAULT = (-5.0, 5.0)
POINT_CHOICES = (250, 500, 1000, 2000, 4000)
POINTS_DEFAULT = 1000
VIEWS = ("Overlay", "Small multiples")   # URL values; shown through explorer.sidebar.view_*
FORMULA = "formula"  # a typed activation (views/custom.py): parsed by ui.registry, joins the selection
RESERVED = GLOBAL_KEYS   # Streamlit's keys and the app shell's (the language switch)
NOT_OURS = RESERVED | {FORMULA}   # link keys the state neither reads as settings nor writes

Params = Mapping[tuple[str, str], float]   # (function key, parameter name) -> value
Say = Callable[..., str]    # ui.i18n.t: (message key, **fields) -> text


def param_keys(acts: Iterable[Activation]) -> dict[tuple[str, str], str]:
    """(activation key, parameter name) -> URL and session key, by the bare-name-if-unique rule."""
    acts = list(acts)
    counts = Counter(p.name for act in acts for p in act.params)
    return {(act.key, p.name): (p.name if counts[p.name] == 1 else f"{act.key}.{p.name}")
            for act in acts for p in act.params}


def default_selection(acts: Iterable[Activation]) -> list[str]:
    """The essay's six (tag "seed"), in registry order."""
    return [a.key for a in acts if "seed" in a.tags]


def number_text(v: float) -> str:
    """A value as the URL keeps it: the shortest decimal that reads back the same float."""
    return repr(float(v)).removesuffix(".0") if float(v).is_integer() else repr(float(v))


@dataclass(frozen=True)
class ExplorerState:
    """What the Explorer shows: the functions, the inputs, the layout and every chosen function's parameters."""

    fns: tuple[str, ...]
    x: tuple[float, float] = X_DEFAULT
    points: int = POINTS_DEFAULT
    view: str = VIEWS[0]
    second: bool = False
    share_y: bool = False   # small multiples only
    params: Params = field(default_factory=dict)   # every parameter of every chosen function

    @property
    def grid(self) -> bool:
        return self.view == VIEWS[1]

    def params_of(self, fn: str) -> dict[str, float]:
        return {name: v for (key, name), v in self.params.items() if key == fn}

    def choosing(self, fns: Iterable[str], acts: Mapping[str, Activation], given: Params | None = None) -> ExplorerState:
        """The same settings with these functions (those in `acts`), each parameter as `given`, as
        this state had it, or at its default."""
        fns = tuple(k for k in dict.fromkeys(fns) if k in acts)
        given = {**self.params, **(given or {})}
        return replace(self, fns=fns, params={(k, p.name): float(given.get((k, p.name), p.default))
                                              for k in fns for p in acts[k].params})


def default_state(acts: Mapping[str, Activation]) -> ExplorerState:
    return ExplorerState(fns=()).choosing(default_selection(acts.values()), acts)


def to_query(state: ExplorerState, acts: Mapping[str, Activation]) -> dict[str, list[str]]:
    """The link of `state`: only what differs from the defaults, always in the same order."""
    out: dict[str, list[str]] = {}
    if list(state.fns) != default_selection(acts.values()):
        out[FN] = list(state.fns) or [""]   # `?fn=` is an empty selection; no `fn` is the default one
    if tuple(state.x) != X_DEFAULT:
        out[X] = [number_text(v) for v in state.x]
    if state.points != POINTS_DEFAULT:
        out[POINTS] = [str(state.points)]
    if state.view != VIEWS[0]:
        out[VIEW] = [state.view]
    if state.second:
        out[SECOND] = ["true"]
    if state.share_y and state.grid:
        out[SHARE_Y] = ["true"]
    keys = param_keys(acts.values())
    for fn in state.fns:
        for p in acts[fn].params:
            value = state.params.get((fn, p.name), p.default)
            if value != p.default:
                out[keys[(fn, p.name)]] = [number_text(value)]
    return out


def _english_label(act: Activation) -> str:
    return act.label


def _english_param(act: Activation, p) -> str:
    return p.label


def _fmt(values: list[str]) -> str:
    return shown("&".join(values))  # link text quoted back: short, printable, no backticks


def from_query(query: Mapping[str, list[str]], acts: Mapping[str, Activation], say: Say,
               label: Callable[[Activation], str] = _english_label, param_label: Callable = _english_param,
               joins: str | None = None) -> tuple[ExplorerState, list[str]]:
    """The state a link asks for, and a notice for each part of it that cannot be used, and why.

    `joins` is a function that joins whatever selection the link makes (its ?formula=).
    """
    state = default_state(acts)
    fns, notices = _functions(query.get(FN), acts, say)
    chosen = [*(fns if fns is not None else state.fns), *([joins] if joins else [])]
    by_url_key = {url_key: fn_param for fn_param, url_key in param_keys(acts.values()).items()}
    settings, params = {}, {}
    for key, values in query.items():
        if key == FN or key in NOT_OURS:
            continue
        if key in by_url_key:
            fn, name = by_url_key[key]
            if fn not in chosen:
                notices.append(say("explorer.link.not_selected", setting=key, name=label(acts[fn])))
                continue
            params[(fn, name)], problem = _param(acts[fn], name, key, values, say, label, param_label)
        elif key in _SETTINGS:
            name, reader = _SETTINGS[key]
            settings[name], problem = reader(key, values, say)
        else:
            problem = say("explorer.link.unknown_key", setting=shown(key))
        if problem:
            notices.append(problem)
    settings = {k: v for k, v in settings.items() if v is not None}
    params = {k: v for k, v in params.items() if v is not None}
    state = replace(state, **settings).choosing(chosen, acts, params)
    return replace(state, share_y=state.share_y and state.grid), notices


def _functions(raw: list[str] | None, acts: Mapping[str, Activation], say: Say) -> tuple[list[str] | None, list[str]]:
    """The link's known functions in its order (None: it chose none it could), and notices."""
    if raw is None:
        return None, []
    notices = []
    wanted = list(dict.fromkeys(v for v in raw if v != ""))
    bads = [v for v in wanted if v not in acts]
    if len(bads) > 5:  # name a few, count the rest: a notice, not a wall of text
        notices.append(say("explorer.link.more_unknown", count=len(bads) - 4))
        bads = bads[:4]
    for bad in bads:
        close = difflib.get_close_matches(bad.lower(), list(acts), n=2, cutoff=0.6)
        hint = say("explorer.link.did_you_mean", names=say("explorer.link.or").join(close)) if close else ""
        notices.append(say("explorer.link.unknown_fn", value=shown(bad), hint=hint))
    good = [v for v in wanted if v in acts]
    if good or not wanted:
        return good, notices
    return None, [*notices, say("explorer.link.no_fn")]


def _range(key: str, values: list[str], say: Say):
    lo_lim, hi_lim = X_LIMITS
    nums = [number(v) for v in values]
    if len(values) != 2 or None in nums:
        return None, say("explorer.link.range_format", value=_fmt(values))
    lo, hi = nums
    if not (lo_lim <= lo <= hi_lim and lo_lim <= hi <= hi_lim) or lo > hi:
        return None, say("explorer.link.range_limits", lo=f"{lo:g}", hi=f"{hi:g}", min=f"{lo_lim:g}", max=f"{hi_lim:g}")
    return (lo, hi), None


def _points(key: str, values: list[str], say: Say):
    v = number(values[-1]) if values else None
    if v is None or v != int(v) or int(v) not in POINT_CHOICES:
        return None, say("explorer.link.bad_points", value=_fmt(values), choices=", ".join(map(str, POINT_CHOICES)))
    return int(v), None


def _view(key: str, values: list[str], say: Say):
    if not values or values[-1] not in VIEWS:
        return None, say("explorer.link.bad_view", value=_fmt(values), choices=say("explorer.link.or").join(VIEWS))
    return values[-1], None


def _toggle(key: str, values: list[str], say: Say):
    if not values or values[-1].lower() not in ("true", "false"):
        return None, say("explorer.link.bad_toggle", setting=key, value=_fmt(values))
    return values[-1].lower() == "true", None


_SETTINGS = {X: ("x", _range), POINTS: ("points", _points), VIEW: ("view", _view),   # key -> (state field, reader)
             SECOND: ("second", _toggle), SHARE_Y: ("share_y", _toggle)}


def _param(act: Activation, name: str, key: str, values: list[str], say: Say, label: Callable, param_label: Callable):
    p = act.param(name)
    v = number(values[-1]) if len(values) == 1 else None
    if v is None or not (p.slider_low <= v <= p.slider_high):
        # the slider's own ends: what a link can set (an open bound is a step inside)
        return None, say("explorer.link.bad_param", name=label(act), param=param_label(act, p), setting=key,
                         value=_fmt(values), bounds=f"[{p.slider_low:g}, {p.slider_high:g}]", default=f"{p.default:g}")
    return v, None
