"""Plotly arrays as a chart receives them, back as NumPy: a list, or Plotly 6+'s base64 typed array."""
from __future__ import annotations

import base64

import numpy as np


def arr(value) -> np.ndarray:
    """A Plotly array in the dtype it was sent in (float32 stays float32); None in a list is NaN."""
    if isinstance(value, dict) and "bdata" in value:
        data = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        shape = value.get("shape")
        return data.reshape([int(n) for n in str(shape).split(",")]) if shape else data
    return np.asarray([np.nan if v is None else v for v in value], dtype=float) if isinstance(value, list) \
        else np.asarray(value, dtype=float)
