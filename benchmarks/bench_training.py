"""Epochs per second of a 2-16-16-1 network on 1,000 points: nets.MLP against PyTorch on the CPU.

Every registry function PyTorch also has (`bench_torch.torch_functions`: each family has
several), default parameters. Full-batch gradient descent, binary cross-entropy, float64 in
both (nets.MLP's precision), the same activation in both. For each function the three runs
(ours, PyTorch on one thread, PyTorch on its default thread pool) are timed in alternating
rounds of the same run and compared by their medians, so load from other processes hits them
alike. Read the ratios, project time / PyTorch time (≤ 1: the project is as fast or faster),
not the absolute rates. One thread is PyTorch's fastest setting at this size (NumPy's
element-wise work is single-threaded too); its default pool stalls when the machine is busy.
PyTorch is skipped when it is not installed (it is not an app dependency).

`python -m benchmarks training` runs this one; `python -m benchmarks.bench_training [key ...]`
runs it for chosen functions.
"""
from __future__ import annotations

import statistics
import sys
import time

import activations
from nets import MLP, HiddenActivation, TrainConfig, Trainer, make_dataset

ROUNDS = 5
EPOCHS_PER_ROUND = 200
ROUND_SECONDS = 0.3
LR = 0.1


def ours(key: str, data):
    act = activations.get(key)
    model = MLP([2, 16, 16, 1], [HiddenActivation.of(act)] * 2, "sigmoid", "xavier", seed=0)
    trainer = Trainer(model, data, TrainConfig(epochs=10**9, lr=LR))

    def run(epochs: int) -> None:
        for _ in range(epochs):
            trainer.train_epoch()
    return run


def theirs(function, params: dict, data, threads: int | None):
    """PyTorch's run of the same network; `function(x, **params)` is the activation (bench_torch's table)."""
    import torch

    class Activation(torch.nn.Module):
        def forward(self, x):
            return function(x, **params)

    default_threads = torch.get_num_threads()
    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Linear(2, 16), Activation(), torch.nn.Linear(16, 16), Activation(),
                              torch.nn.Linear(16, 1)).double()
    opt = torch.optim.SGD(net.parameters(), lr=LR)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    X = torch.tensor(data.X_train, dtype=torch.float64)
    Y = torch.tensor(data.y_train.reshape(-1, 1), dtype=torch.float64)

    def run(epochs: int) -> None:
        torch.set_num_threads(threads or default_threads)
        try:
            for _ in range(epochs):
                opt.zero_grad()
                loss_fn(net(X), Y).backward()
                opt.step()
        finally:
            torch.set_num_threads(default_threads)
    return run


def epochs_per_second(runners: dict) -> dict[str, float]:
    """Median rate of each runner over alternating rounds; a round is at most EPOCHS_PER_ROUND epochs and
    about ROUND_SECONDS long (PyTorch's default pool can crawl at ten epochs a second on a busy machine)."""
    sizes, times = {}, {name: [] for name in runners}
    for name, run in runners.items():
        run(5)  # warm-up
        t0 = time.perf_counter()
        run(10)
        sizes[name] = int(min(EPOCHS_PER_ROUND, max(10, 10 * ROUND_SECONDS / (time.perf_counter() - t0))))
    for _ in range(ROUNDS):
        for name, run in runners.items():
            t0 = time.perf_counter()
            run(sizes[name])
            times[name].append((time.perf_counter() - t0) / sizes[name])
    return {name: 1 / statistics.median(ts) for name, ts in times.items()}


def main(keys=None) -> None:
    data = make_dataset("circles", n=1000, noise=0.05, test_fraction=0.0, seed=0)
    try:
        from benchmarks.bench_torch import torch_functions
        functions = torch_functions()
    except ImportError:
        print("PyTorch is not installed: reporting nets.MLP alone, one function per family")
        functions = {}
    keys = list(keys or functions or [members[0] for members in activations.families().values()])
    print(f"2-16-16-1, 1,000 points, full-batch gradient descent, float64; rounds of up to {EPOCHS_PER_ROUND} epochs "
          f"(about {ROUND_SECONDS} s), median of {ROUNDS} alternating rounds. Ratios are project time / PyTorch time "
          "(≤ 1: as fast or faster); 1T: PyTorch on one thread, NT: on its default threads.")
    print(f"{'function':<12} {'family':<34} {'ours ep/s':>9} {'torch 1T':>9} {'torch NT':>9} "
          f"{'ours/1T':>8} {'ours/NT':>8}")
    ratios = {}
    for key in keys:
        act = activations.get(key)
        runners = {"ours": ours(key, data)}
        if key in functions:
            runners["1T"] = theirs(functions[key], act.defaults, data, 1)
            runners["NT"] = theirs(functions[key], act.defaults, data, None)
        rates = epochs_per_second(runners)
        if key in functions:
            ratios[key] = rates["1T"] / rates["ours"]
            print(f"{key:<12} {act.family:<34} {rates['ours']:9.0f} {rates['1T']:9.0f} {rates['NT']:9.0f} "
                  f"{ratios[key]:8.2f} {rates['NT'] / rates['ours']:8.2f}", flush=True)
        else:
            print(f"{key:<12} {act.family:<34} {rates['ours']:9.0f}", flush=True)
    if ratios:
        slower = sorted((k for k, r in ratios.items() if r > 1.0), key=ratios.get, reverse=True)
        print(f"{len(ratios) - len(slower)} of {len(ratios)} at most PyTorch's 1-thread time; slower: "
              + (", ".join(f"{k} {ratios[k]:.2f}" for k in slower) or "none"))


if __name__ == "__main__":
    main(sys.argv[1:] or None)
