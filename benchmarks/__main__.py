"""`python -m benchmarks [name ...]`: run every bench_*.py module's main(), or the named ones.

A benchmark that raises is reported and the others still run (exit status 1).
Each benchmark measures its subject and a baseline in the same run and reports ratios:
these machines are noisy, absolute numbers are not comparable across runs.
"""
from __future__ import annotations

import importlib
import pkgutil
import sys
import traceback

import benchmarks


def main(argv: list[str]) -> int:
    found = sorted(m.name for m in pkgutil.iter_modules(benchmarks.__path__) if m.name.startswith("bench_"))
    chosen = [m for m in found if not argv or m.removeprefix("bench_") in argv or m in argv]
    failed = []
    for name in chosen:
        print(f"\n=== {name} ===", flush=True)
        try:
            importlib.import_module(f"benchmarks.{name}").main()
        except Exception:   # one broken benchmark does not keep the others from running
            traceback.print_exc()
            failed.append(name)
    if not chosen:
        print(f"no benchmark matches {argv}; have {found}")
        return 1
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
