"""Typed formulas: generated NumPy code against the hand-written built-ins, and the parse pipeline.

Ratios only (this machine is shared): custom f+df time / built-in f+df time on
the same 2,001 points; a full `parse` (worker, derivative, simplify) and a
cached one against the whitelist parser alone.
"""
from __future__ import annotations

import time
import timeit

import numpy as np

import activations
from activations import formula
from activations.formula.parser import build

X = np.linspace(-8, 8, 2001)
PAIRS = [("max(x, 0)", "relu"), ("where(x > 0, x, a*(exp(x) - 1))", "elu"),
         ("x * sigmoid(x)", "sigmoid"), ("hardtanh(x) + relu(x - 1)", "hardtanh")]


def _best(fn, number: int) -> float:
    return min(timeit.repeat(fn, number=number, repeat=5)) / number


def main() -> None:
    print(f"{'formula':36} {'vs built-in':>12}   (f + df on {X.size} points; ratio custom / built-in)")
    for text, key in PAIRS:
        act, ref = formula.parse(text), activations.get(key)
        mine = _best(lambda act=act: (act.f(X), act.df(X)), 300)
        base = _best(lambda ref=ref: (ref.f(X), ref.df(X)), 300)
        print(f"{text:36} {mine / base:11.2f}x")

    text = "x * tanh(log(1 + exp(b*x)))"
    parser = _best(lambda: build(text), 50)
    fresh = []
    for i in range(3):  # a new timeout value misses the cache: a full parse each time
        start = time.perf_counter()
        formula.parse(text, timeout=3.0 + (i + 1) * 1e-6)
        fresh.append(time.perf_counter() - start)
    cached = _best(lambda: formula.parse(text), 2000)
    print(f"full parse (worker, diff, simplify) / whitelist parser alone: {min(fresh) / parser:8.0f}x")
    print(f"cached parse / whitelist parser alone:                        {cached / parser:8.3f}x")


if __name__ == "__main__":
    main()
