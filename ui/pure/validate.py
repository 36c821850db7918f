"""Checks for anything a link or a user can send, shared by every page. Pure Python (no Streamlit).

A link is untrusted text: it may hold thousands of repeats, 10 kB values,
control characters or markdown meant to look like our own notices. The
structural rules here (`screen_query`) apply to every page before it runs;
each page then checks the meaning of the keys it understands (the Explorer in
`ui.pure.url_state`). Anything shown back to the user goes through `shown()`.
"""
from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

MAX_KEYS = 64             # a link setting every parameter of every built-in uses 31
MAX_VALUES_PER_KEY = 100  # ?fn= may list all 49 built-ins and custom ones; not hundreds
MAX_VALUE_CHARS = 400     # the longest meaningful value is a custom formula (300 characters)
MAX_KEY_CHARS = 40
SHOWN_CHARS = 40          # how much of a bad value a notice repeats
MIN_WIDTH = 1e-6          # narrowest x range drawn as asked; float64 resolves it anywhere in [-20, 20]
GLOBAL_KEYS = frozenset({"embed", "embed_options", "lang"})  # read on every page: by Streamlit, by app.py


def shown(text: object, limit: int = SHOWN_CHARS) -> str:
    """`text` made safe to quote inside a markdown code span in a notice: short, printable, no backticks."""
    s = "".join(c if unicodedata.category(c)[0] not in "CZ" or c == " " else "�" for c in str(text))
    s = s.replace("`", "'")
    return s if len(s) <= limit else s[: limit - 1] + "…"


def as_markdown_text(text: object) -> str:
    """`text` to show as itself inside markdown: emphasis, links, headings and $LaTeX$ characters escaped."""
    return re.sub(r"([\\`*_{}\[\]()<>#+\-.!|~$])", r"\\\1", str(text))


def number(text: object, lo: float = -math.inf, hi: float = math.inf) -> float | None:
    """`text` as a finite float in [lo, hi], else None (NaN, inf, overflow, words, empty)."""
    if not isinstance(text, str | int | float) or isinstance(text, bool):
        return None
    if isinstance(text, str) and (len(text) > 64 or not text.strip()):
        return None
    try:
        v = float(text)
    except (TypeError, ValueError, OverflowError):
        return None
    return v if math.isfinite(v) and lo <= v <= hi else None


def drawable_range(lo: float, hi: float, limits: tuple[float, float]) -> tuple[float, float, bool]:
    """A range a plot can show: as asked when at least MIN_WIDTH wide and finite, else a 2-wide
    window at `lo` kept inside `limits`; the flag says it was replaced (the page says so)."""
    a, b = limits
    if math.isfinite(lo) and math.isfinite(hi) and hi - lo >= MIN_WIDTH and a <= lo and hi <= b:
        return lo, hi, False
    centre = min(max(lo if math.isfinite(lo) else 0.0, a + 1.0), b - 1.0)
    return centre - 1.0, centre + 1.0, True


@dataclass
class Screened:
    """What `screen_query` found: keys to drop before the page runs, and why."""

    drop: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def screen_query(query: Mapping[str, list[str]], page_keys: Iterable[str] | None, say) -> Screened:
    """Structural checks on a link for one page.

    `page_keys` are the keys the page reads; None means the page checks its own
    keys (only size and character rules apply here). `say` is ui.i18n.t (message
    key, **fields) -> text, so the notices follow the user's language.
    """
    out = Screened()
    keys = list(query)
    if len(keys) > MAX_KEYS:
        out.drop += keys
        out.notices.append(say("link.too_many_keys", count=len(keys), limit=MAX_KEYS))
        return out
    known = None if page_keys is None else {*page_keys, *GLOBAL_KEYS}
    unused = []
    for key in keys:
        values = list(query[key])
        label = shown(key)
        if len(key) > MAX_KEY_CHARS or not key.isprintable():
            out.drop.append(key)
            out.notices.append(say("link.unreadable_name", name=label))
        elif len(values) > MAX_VALUES_PER_KEY:
            out.drop.append(key)
            out.notices.append(say("link.repeated", name=label, count=len(values), limit=MAX_VALUES_PER_KEY))
        elif any(len(v) > MAX_VALUE_CHARS for v in values):
            out.drop.append(key)
            longest = max(map(len, values))
            out.notices.append(say("link.too_long", name=label, length=f"{longest:,}", limit=MAX_VALUE_CHARS))
        elif any(not v.isprintable() for v in values):
            out.drop.append(key)
            out.notices.append(say("link.control_chars", name=label))
        elif known is not None and key not in known:
            out.drop.append(key)
            unused.append(f"`{label}`")
    if unused:
        out.notices.append(say("link.unused_many" if len(unused) > 1 else "link.unused_one", names=", ".join(unused)))
    return out
