"""The words drawn inside figures. Each builder module keeps its English in one `WORDS` mapping,
and every builder takes `words=`: the caller's language, all keys or some (i18n [figures.<module>])."""
from __future__ import annotations

from collections.abc import Mapping


def merged(defaults: Mapping[str, str], words: Mapping[str, str] | None) -> dict[str, str]:
    """`defaults` with the caller's `words` in their place; a key the module does not use is a typo."""
    unknown = set(words or ()) - set(defaults)
    if unknown:
        raise KeyError(f"no such figure words: {sorted(unknown)}")
    return {**defaults, **(words or {})}
