"""Reading what the live control sends the browser, for AppTest: figures, sweeps and compose tables.

The helpers in tests/app/helpers.py get the component's data; these decode the frames
(`components.live_control.sweep_payload` / `compose_payload`) as the browser's
`decodeFrames` does, so that tests can check them against the core.
"""
from __future__ import annotations

import numpy as np

from tests.app.helpers import live_data
from tests.plotly_arrays import arr


def pooled(frames: dict, value):
    """A frame value: {"ref": i} into the answer's arrays, decoded; anything else as it is."""
    if isinstance(value, dict) and "ref" in value:
        return arr(frames["arrays"][value["ref"]])
    if isinstance(value, list) and all(v is None or isinstance(v, int | float) for v in value):
        return arr(value)
    return value


def sweep(frames: dict) -> dict[float, dict[tuple[int, int], dict]]:
    """A sweep answer as {knob value: {(cell, trace): {"x": array, "y": array, ...}}}."""
    assert frames["mode"] == "sweep", frames["mode"]
    out: dict[float, dict] = {v: {} for v in frames["values"]}
    for patch in frames["patches"]:
        assert len(patch["frames"]) == len(frames["values"])
        for v, frame in zip(frames["values"], patch["frames"]):
            out[v][(patch["cell"], patch["trace"])] = {k: pooled(frames, x) for k, x in frame.items()}
    return out


def tables(frames: dict) -> list[tuple[np.ndarray, np.ndarray]]:
    """A compose answer's (f, f′) tables, float32 as sent."""
    assert frames["mode"] == "compose", frames["mode"]
    return [(pooled(frames, t["f"]), pooled(frames, t["df"])) for t in frames["tables"]]


def lattice(frames: dict, size: int) -> np.ndarray:
    """The lattice indices i (z = i·dz) of a compose answer's table entries."""
    lat = frames["lattice"]
    if lat["idx"] is None:
        return lat["i0"] + np.arange(size)
    return pooled(frames, lat["idx"]).astype(np.int64)


def all_charts(at) -> list[dict]:
    """Every figure on the page: each st.plotly_chart, then each live control's cells."""
    from components.live_control import resolve_payload
    from tests.app.helpers import chart_specs
    live = [resolve_payload(cell["figure"]) for data in live_data(at) for cell in data["cells"]]
    return chart_specs(at) + live


def trace_by(fig: dict, **match) -> dict:
    """The one trace of `fig` whose keys equal `match` (e.g. legendgroup="relu", xaxis="x2", mode="lines")."""
    found = [t for t in fig["data"] if all(t.get(k, "x" if k == "xaxis" else None) == v for k, v in match.items())]
    assert len(found) == 1, (match, [(t.get("name"), t.get("xaxis"), t.get("mode")) for t in fig["data"]])
    return found[0]
