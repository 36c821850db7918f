"""Catalogue cost: analysing every registry function, against plain evaluation of f and f' in the same run.

Also the cache: a warm `ui.catalogue.properties` lookup against a fresh analysis.
Ratios only; absolute times on these shared machines are noise.
"""
from __future__ import annotations

import logging
import time

import numpy as np

import activations
from activations.analysis import analyse
from activations.analysis.properties import GRID_POINTS


def best_of(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    acts = activations.all_activations()
    grid = np.linspace(-20, 20, GRID_POINTS)

    def evaluate_all():
        for a in acts:
            a.f(grid), a.df(grid)

    def analyse_all():
        for a in acts:
            analyse(a)

    base = best_of(evaluate_all)
    full = best_of(analyse_all, repeat=3)
    print(f"{len(acts)} functions")
    print(f"evaluate f and f' on the {GRID_POINTS}-point grid (baseline): {base * 1e3:8.1f} ms")
    print(f"analyse every function (all properties):        {full * 1e3:8.1f} ms   ratio {full / base:6.1f}x")

    logging.getLogger("streamlit").setLevel(logging.ERROR)  # bare-mode cache warnings
    from ui import catalogue

    def cached_all():
        for a in acts:
            catalogue.properties(a)

    cached_all()  # warm
    warm = best_of(cached_all)
    print(f"cached lookup of every function (warm):          {warm * 1e3:8.1f} ms   ratio {warm / full:6.3f}x of analysing")


if __name__ == "__main__":
    main()
