"""Benchmarks run by `make bench`: each benchmarks/bench_*.py module has a `main()`."""
