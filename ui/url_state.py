"""The Explorer's URL: which keys it uses and how a shared link is checked.

`?fn=relu&fn=leaky_relu&x=-3&x=3&k=0.2`: widget keys double as URL keys. A
parameter's key is its bare name when exactly one available activation has a
parameter of that name (`k`), else `<fn>.<param>` (`elu.alpha`). Streamlit
drops a bound widget's invalid URL value silently; `check_query` finds those
values first so the page can say what it ignored. Pure Python (no Streamlit):
the page passes `say` (ui.i18n.t) and the label functions, so notices come in its language.
"""
from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from activations import Activation
from ui.validate import GLOBAL_KEYS as validate_globals
from ui.validate import number as validate_number
from ui.validate import shown

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
# Keys Streamlit itself reads from the URL, and the app shell's own (the language switch).
RESERVED = validate_globals
FORMULA = "formula"  # a typed activation (pages/custom.py); checked by activations.formula, not here


def param_keys(acts: Iterable[Activation]) -> dict[tuple[str, str], str]:
    """(activation key, parameter name) -> URL and widget key, by the bare-name-if-unique rule."""
    acts = list(acts)
    counts = Counter(p.name for act in acts for p in act.params)
    return {(act.key, p.name): (p.name if counts[p.name] == 1 else f"{act.key}.{p.name}")
            for act in acts for p in act.params}


def default_selection(acts: Iterable[Activation]) -> list[str]:
    """The essay's six (tag "seed"), in registry order."""
    return [a.key for a in acts if "seed" in a.tags]


@dataclass
class QueryCheck:
    """What a shared link asked for, after checking: the usable part and what was ignored."""

    fns: list[str] | None = None          # None: the link chose no functions
    notices: list[str] = field(default_factory=list)


def _number(text: str) -> float | None:
    return validate_number(text)


def _fmt(values: list[str]) -> str:
    return shown("&".join(values))  # link text quoted back: short, printable, no backticks


Say = Callable[..., str]    # ui.i18n.t: (message key, **fields) -> text


def _english_label(act: Activation) -> str:
    return act.label


def _english_param(act: Activation, p) -> str:
    return p.label


def check_query(query: Mapping[str, list[str]], acts: Mapping[str, Activation], say: Say,
                label: Callable[[Activation], str] = _english_label,
                param_label: Callable = _english_param) -> QueryCheck:
    """Check every URL value the Explorer understands; name what cannot be used, and why."""
    out = QueryCheck()
    or_ = say("explorer.link.or")
    keys = param_keys(acts.values())
    by_url_key = {url_key: (fn, name) for (fn, name), url_key in keys.items()}

    raw_fns = query.get(FN)
    if raw_fns is not None:
        wanted = [v for v in raw_fns if v != ""]
        good = [v for v in dict.fromkeys(wanted) if v in acts]
        bads = [v for v in dict.fromkeys(wanted) if v not in acts]
        if len(bads) > 5:  # name a few, count the rest: a notice, not a wall of text
            out.notices.append(say("explorer.link.more_unknown", count=len(bads) - 4))
            bads = bads[:4]
        for bad in bads:
            close = difflib.get_close_matches(bad.lower(), list(acts), n=2, cutoff=0.6)
            hint = say("explorer.link.did_you_mean", names=or_.join(close)) if close else ""
            out.notices.append(say("explorer.link.unknown_fn", value=shown(bad), hint=hint))
        if good or not wanted:
            out.fns = good
        else:
            out.notices.append(say("explorer.link.no_fn"))
    chosen = set(out.fns if out.fns is not None else default_selection(acts.values()))

    for key, values in query.items():
        if key in (FN, FORMULA) or key in RESERVED:
            continue
        if key == X:
            out.notices += _check_range(values, say)
        elif key == POINTS:
            v = _number(values[-1]) if values else None
            if v is None or int(v) not in POINT_CHOICES or v != int(v):
                out.notices.append(say("explorer.link.bad_points", value=_fmt(values),
                                       choices=", ".join(map(str, POINT_CHOICES))))
        elif key == VIEW:
            if not values or values[-1] not in VIEWS:
                out.notices.append(say("explorer.link.bad_view", value=_fmt(values), choices=or_.join(VIEWS)))
        elif key in (SECOND, SHARE_Y):
            if not values or values[-1].lower() not in ("true", "false"):
                out.notices.append(say("explorer.link.bad_toggle", setting=key, value=_fmt(values)))
        elif key in by_url_key:
            fn, name = by_url_key[key]
            act = acts[fn]
            if fn not in chosen:
                out.notices.append(say("explorer.link.not_selected", setting=key, name=label(act)))
                continue
            out.notices += _check_param(act, name, key, values, say, label, param_label)
        else:
            out.notices.append(say("explorer.link.unknown_key", setting=shown(key)))
    return out


def _check_range(values: list[str], say: Say) -> list[str]:
    lo_lim, hi_lim = X_LIMITS
    nums = [_number(v) for v in values]
    if len(values) != 2 or None in nums:
        return [say("explorer.link.range_format", value=_fmt(values))]
    lo, hi = nums
    if not (lo_lim <= lo <= hi_lim and lo_lim <= hi <= hi_lim) or lo > hi:
        return [say("explorer.link.range_limits", lo=f"{lo:g}", hi=f"{hi:g}", min=f"{lo_lim:g}", max=f"{hi_lim:g}")]
    return []


def _check_param(act: Activation, name: str, key: str, values: list[str], say: Say,
                 label: Callable, param_label: Callable) -> list[str]:
    p = act.param(name)
    v = _number(values[-1]) if len(values) == 1 else None
    if v is None or not (p.slider_low <= v <= p.slider_high):
        # the slider's own ends: what a link can set (an open bound is a step inside)
        return [say("explorer.link.bad_param", name=label(act), param=param_label(act, p), setting=key,
                    value=_fmt(values), bounds=f"[{p.slider_low:g}, {p.slider_high:g}]", default=f"{p.default:g}")]
    return []
