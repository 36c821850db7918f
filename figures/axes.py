"""Plotly's names for the i-th (0-based) x or y axis of a figure with several: x, x2, x3 … in a trace or
an anchor, and xaxis, xaxis2, xaxis3 … as the layout's key."""
from __future__ import annotations


def suffix(i: int) -> str:
    return "" if i == 0 else str(i + 1)


def ref(kind: str, i: int) -> str:
    """How a trace or another axis names the i-th x or y axis: x, x2, ..."""
    return kind + suffix(i)


def key(kind: str, i: int) -> str:
    """The layout key of the i-th x or y axis: xaxis, xaxis2, ..."""
    return f"{kind}axis{suffix(i)}"


def trace_axes(i: int) -> dict:
    """The axes of subplot i, as a trace dict names them."""
    return {"xaxis": ref("x", i), "yaxis": ref("y", i)}
