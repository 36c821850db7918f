"""f + f' per element for every registry function PyTorch also has, against PyTorch's forward + autograd backward.

100,000 float64 inputs (normal, σ = 4, so both tails and the middle are exercised),
default parameters. Ours is the public `Activation.f` plus `Activation.df` (wrapper
included); PyTorch's is the function on a float64 tensor that requires grad plus
`torch.autograd.grad` with a ones gradient, on one thread. The two are timed in
alternating rounds of the same run, so load from other processes hits both alike;
the ratio ours / torch is what to read, not the absolute times. Each side's time is
its fastest round: on a shared machine other processes only ever add time, and the
minimum is the least disturbed estimate (the ratio of the medians is printed too, as
a check). Skipped, with a message, when PyTorch is not installed.

Before timing, one 16 MB array is allocated and freed. That raises glibc's dynamic
mmap/trim thresholds as any process that has handled a large array already has (the
app has); without it, each second temporary of 800 KB is handed back to the kernel and
page-faulted in again on every call, which costs ~6 ns per element on these VMs and
measures the allocator's history rather than the arithmetic. `--cold` skips it.

`python -m benchmarks torch` runs this one alone; `python -m benchmarks.bench_torch
[--cold] [key ...]` runs it for chosen functions.
"""
from __future__ import annotations

import math
import statistics
import sys
import time

import numpy as np

import activations

N = 100_000
ROUNDS = 30
CALLS_PER_ROUND = 1
LIMIT = 3.0  # the bound on ours / torch


def torch_functions() -> dict:
    """Registry key -> PyTorch function of (x, **default params): each function both have."""
    import torch
    import torch.nn.functional as F

    return {
        "sigmoid": lambda x: torch.sigmoid(x),
        "tanh": lambda x: torch.tanh(x),
        "hardtanh": lambda x, min_val, max_val: F.hardtanh(x, min_val, max_val),
        "softsign": lambda x: F.softsign(x),
        "relu": lambda x: torch.relu(x),
        "leaky_relu": lambda x, k: F.leaky_relu(x, k),
        "sin": lambda x: torch.sin(x),
        "neg_sigmoid": lambda x: torch.sigmoid(-x),
        "cos": lambda x: torch.cos(x),
        "sinc": lambda x: torch.sinc(x / math.pi),  # torch's sinc is the normalised one
        "arctan": lambda x: torch.atan(x),
        "elu": lambda x, alpha: F.elu(x, alpha),
        "selu": lambda x: F.selu(x),
        "relu6": lambda x: F.relu6(x),
        "prelu": lambda x, init: F.prelu(x, torch.tensor([init], dtype=x.dtype)),
        "celu": lambda x, alpha: F.celu(x, alpha),
        "rrelu": lambda x, lower, upper: F.rrelu(x, lower, upper, training=False),
        "threshold": lambda x, threshold, value: F.threshold(x, threshold, value),
        "gelu": lambda x: F.gelu(x),
        "gelu_tanh": lambda x: F.gelu(x, approximate="tanh"),
        "silu": lambda x, beta: F.silu(x) if beta == 1 else x * torch.sigmoid(beta * x),
        "mish": lambda x: F.mish(x),
        "softplus": lambda x, beta: F.softplus(x, beta),
        "log_sigmoid": lambda x: F.logsigmoid(x),
        "hardswish": lambda x: F.hardswish(x),
        "hardsigmoid": lambda x: F.hardsigmoid(x),
        "softshrink": lambda x, lambd: F.softshrink(x, lambd),
        "hardshrink": lambda x, lambd: F.hardshrink(x, lambd),
        "tanhshrink": lambda x: F.tanhshrink(x),
        "sign": lambda x: torch.sign(x),
        "abs": lambda x: torch.abs(x),
    }


def inputs(seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).normal(0.0, 4.0, N)


def ratios(keys=None, x: np.ndarray | None = None) -> dict[str, tuple[float, float, float]]:
    """key -> (ours, torch, median ratio): fastest-round seconds per element for f + f', measured alternately."""
    import torch

    x = inputs() if x is None else x
    funcs = torch_functions()
    keys = list(funcs) if not keys else list(keys)
    threads = torch.get_num_threads()
    xt = torch.from_numpy(x.copy()).requires_grad_(True)
    ones = torch.ones_like(xt)
    out = {}
    try:
        for key in keys:
            act, theirs = activations.get(key), funcs[key]
            params = act.defaults

            def ours_once(act=act, params=params):
                act.f(x, **params)
                act.df(x, **params)

            def torch_once(theirs=theirs, params=params):
                y = theirs(xt, **params)
                torch.autograd.grad(y, xt, ones)

            times = {ours_once: [], torch_once: []}
            torch.set_num_threads(1)
            ours_once(), torch_once()  # warm-up
            for _ in range(ROUNDS):
                for run, ts in times.items():
                    t0 = time.perf_counter()
                    for _ in range(CALLS_PER_ROUND):
                        run()
                    ts.append((time.perf_counter() - t0) / CALLS_PER_ROUND / x.size)
            out[key] = (min(times[ours_once]), min(times[torch_once]),
                        statistics.median(times[ours_once]) / statistics.median(times[torch_once]))
    finally:
        torch.set_num_threads(threads)
    return out


def table(results: dict[str, tuple[float, float, float]]) -> str:
    lines = [f"{'function':<14} {'ours ns/elt':>11} {'torch ns/elt':>12} {'ours/torch':>10} {'(medians)':>9}"]
    for key, (ours, theirs, median_ratio) in results.items():
        ratio = ours / theirs
        flag = "  > 3x" if ratio > LIMIT else ""
        lines.append(f"{key:<14} {ours * 1e9:11.2f} {theirs * 1e9:12.2f} {ratio:10.2f} {median_ratio:9.2f}{flag}")
    worst = max(results, key=lambda k: results[k][0] / results[k][1])
    geo = math.exp(statistics.mean(math.log(o / t) for o, t, _ in results.values()))
    lines.append(f"{len(results)} functions; worst {worst} {results[worst][0] / results[worst][1]:.2f}x; "
                 f"geometric mean {geo:.2f}x")
    return "\n".join(lines)


def warm_allocator() -> None:
    big = np.ones(2_000_000)
    del big


def main(keys=None, cold: bool = False) -> None:
    try:
        import torch  # noqa: F401
    except ImportError:
        print("PyTorch is not installed: no comparison (pip install torch to run this benchmark)")
        return
    if not cold:
        warm_allocator()
    print(f"f + f' on {N:,} float64 inputs ~ N(0, 4^2), default parameters; torch forward + autograd "
          f"backward, 1 thread; fastest of {ROUNDS} alternating rounds{'; cold allocator' if cold else ''}")
    print(table(ratios(keys)))


if __name__ == "__main__":
    args = sys.argv[1:]
    main([a for a in args if a != "--cold"] or None, cold="--cold" in args)
