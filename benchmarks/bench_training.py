"""Epochs per second of a 2-16-16-1 network on 1,000 points: nets.MLP against PyTorch on the CPU.

Full-batch gradient descent, binary cross-entropy, the same activation in both.
The two are timed in alternating rounds of the same run and compared by their
medians, so load from other processes hits both alike. PyTorch is skipped
when it is not installed (it is not an app dependency). It runs with one thread
(the fastest setting at this size, and NumPy's element-wise work is single-threaded
too) and with its default thread pool, which stalls when the machine is busy.
"""
from __future__ import annotations

import statistics
import time

import activations
from nets import MLP, HiddenActivation, TrainConfig, Trainer, make_dataset

ROUNDS = 7
EPOCHS_PER_ROUND = 100


def ours(key: str, data):
    act = activations.get(key)
    model = MLP([2, 16, 16, 1], [HiddenActivation.of(act)] * 2, "sigmoid", "xavier", seed=0)
    trainer = Trainer(model, data, TrainConfig(epochs=10**9, lr=0.1))

    def run(epochs: int) -> None:
        for _ in range(epochs):
            trainer.train_epoch()
    return run


def theirs(key: str, data, dtype_name: str, threads: int | None):
    import torch

    default_threads = torch.get_num_threads()

    dtype = getattr(torch, dtype_name)
    torch.manual_seed(0)
    act = {"tanh": torch.nn.Tanh, "relu": torch.nn.ReLU, "sigmoid": torch.nn.Sigmoid}[key]
    net = torch.nn.Sequential(torch.nn.Linear(2, 16), act(), torch.nn.Linear(16, 16), act(),
                              torch.nn.Linear(16, 1)).to(dtype)
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    X = torch.tensor(data.X_train, dtype=dtype)
    Y = torch.tensor(data.y_train.reshape(-1, 1), dtype=dtype)

    def run(epochs: int) -> None:
        torch.set_num_threads(threads or default_threads)
        for _ in range(epochs):
            opt.zero_grad()
            loss_fn(net(X), Y).backward()
            opt.step()
        torch.set_num_threads(default_threads)
    return run


def epochs_per_second(runners: dict) -> dict[str, float]:
    times: dict[str, list[float]] = {name: [] for name in runners}
    for run in runners.values():
        run(20)  # warm-up
    for _ in range(ROUNDS):
        for name, run in runners.items():
            t0 = time.perf_counter()
            run(EPOCHS_PER_ROUND)
            times[name].append(time.perf_counter() - t0)
    return {name: EPOCHS_PER_ROUND / statistics.median(ts) for name, ts in times.items()}


def main() -> None:
    data = make_dataset("circles", n=1000, noise=0.05, test_fraction=0.0, seed=0)
    try:
        import torch  # noqa: F401
        have_torch = True
    except ImportError:
        have_torch = False
        print("PyTorch is not installed: reporting nets.MLP alone")
    for key in ("relu", "tanh"):
        runners = {"nets.MLP (float64)": ours(key, data)}
        if have_torch:
            runners["torch float32, 1 thread"] = theirs(key, data, "float32", 1)
            runners["torch float64, 1 thread"] = theirs(key, data, "float64", 1)
            runners["torch float32, default threads"] = theirs(key, data, "float32", None)
        rates = epochs_per_second(runners)
        base = rates["nets.MLP (float64)"]
        print(f"2-16-16-1, {key}, 1,000 points, full batch:")
        for name, rate in rates.items():
            extra = "" if name.startswith("nets") else f"   ours / this = {base / rate:.2f}x"
            print(f"  {name:<32} {rate:8.0f} epochs/s{extra}")


if __name__ == "__main__":
    main()
