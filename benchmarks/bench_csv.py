"""The Explorer's CSV export on a commit: one function's parameter moved, six functions at 1,000 points.

Against a baseline in the same run: the same file with every column formatted afresh (what each
commit did before the columns were cached by their values). The texts must be equal.
"""
from __future__ import annotations

import statistics
import time
from unittest import mock

import activations
from ui.pure import export

KEYS = ("relu", "leaky_relu", "elu", "gelu", "silu", "tanh")   # the Explorer's default view
COMMITS = 40


def commits(fresh: bool) -> tuple[list[float], list[str]]:
    """Seconds per CSV over COMMITS values of Leaky ReLU's slope, and the texts."""
    selection = [(activations.get(k), {p.name: p.default for p in activations.get(k).params}) for k in KEYS]
    seconds, texts = [], []
    formatter = export._column_text.__wrapped__ if fresh else export._column_text
    with mock.patch.object(export, "_column_text", formatter):
        for i in range(COMMITS):
            selection[1] = (selection[1][0], {"k": round(0.3 + 0.001 * i, 3)})
            t0 = time.perf_counter()
            texts.append(export.curves_csv(selection, -5.0, 5.0, 1000))
            seconds.append(time.perf_counter() - t0)
    return seconds, texts


def main() -> None:
    export.curves_csv([(activations.get(k), {}) for k in ("relu",)], -5.0, 5.0, 1000)   # imports, warm
    before, old = commits(fresh=True)
    after, new = commits(fresh=False)
    assert old == new, "the cached columns changed the text"
    b, a = statistics.median(before), statistics.median(after)
    print(f"CSV per commit: every column formatted {b * 1000:.1f} ms, moved columns only {a * 1000:.1f} ms "
          f"(median of {COMMITS}; {b / a:.1f}x)")


if __name__ == "__main__":
    main()
