"""AppTest helpers shared by the page tests."""
from __future__ import annotations

import json
import string
from collections.abc import Iterator
from pathlib import Path

from google.protobuf.message import Message
from streamlit.testing.v1 import AppTest

from components.motion import KEY as motion_key

ROOT = Path(__file__).resolve().parents[2]


def new_app(timeout: float = 30) -> AppTest:
    """app.py under AppTest, not yet run, as a browser that asks for reduced motion: a training run is then
    neither paced to stay on screen for ui.watch.WATCH_SECONDS nor drawn while it learns, since no one
    watches an AppTest. The frames and their pacing are the browser tests' (test_keyboard, test_training_pages)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    at.session_state[motion_key] = {"reduce": True}
    return at


def run_app(query: dict | None = None, page: str | None = None, timeout: float = 30) -> AppTest:
    """Run app.py (optionally switched to `page`, e.g. "views/explorer.py") with URL query parameters."""
    at = new_app(timeout)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    return at


def fields(text: str) -> set[str]:
    """The {names} a message fills."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def chart_specs(at: AppTest, key: str | None = None) -> list[dict]:
    """The Plotly figure specs of every st.plotly_chart on the page; with `key`, of those whose key starts with it."""
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")
            if key is None or c.proto.id.split("-", 2)[-1].startswith(key)]


def training_charts(at: AppTest) -> list[dict]:
    """The Training lab's charts in page order, but the data and network previews above its Train button."""
    previews = chart_specs(at, "tl_preview")
    return [spec for spec in chart_specs(at) if spec not in previews]


def assert_no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def live_data(at: AppTest, key: str | None = None) -> list[dict]:
    """The data every live control (components.live_control) received on the last run, in page order.

    `key` keeps the one whose session-state key is `key` (e.g. "explorer_chart").
    """
    out = []
    for e in at.get("bidi_component"):
        if e.proto.component_name != "activation_lab.live_control":
            continue
        if key is None or e.proto.id.endswith(key) or key in e.proto.id:
            out.append(json.loads(e.proto.json))
    return out


def live_figures(at: AppTest, key: str | None = None) -> list[dict]:
    """The figures (one per chart cell) of the first live control on the page, arrays put back."""
    from components.live_control import resolve_payload
    [data, *_] = live_data(at, key)
    return [resolve_payload(cell["figure"]) for cell in data["cells"]]


def live_knobs(at: AppTest, key: str | None = None) -> dict[str, dict]:
    """The first live control's sliders by key: label, low, high, step, value, cell..."""
    [data, *_] = live_data(at, key)
    return {k["key"]: k for k in data["knobs"]}


def set_knob(at: AppTest, key: str, value) -> AppTest:
    """Move a live-control slider as a release in the browser would: commit `value`, rerun."""
    at.session_state[key] = tuple(value) if isinstance(value, list | tuple) else value
    return at.run()


def ask_frames(at: AppTest, control: str, knob: str, around: float | None = None, px: int = 800) -> dict:
    """What the browser gets when a pointer nears `knob`: the frames Python computes for it."""
    spec = live_knobs(at, control)[knob]
    at.session_state[f"{control}.want"] = {"knob": knob, "sig": spec["sig"], "around": around, "px": px}
    at.run()
    [data, *_] = live_data(at, control)
    return data["frames"]


def sent_strings(value) -> Iterator[str]:
    """Every string in `value` (a run's element protos, JSON inside them, bytes as Latin-1), but
    Plotly's base64 arrays: a run of zeros there reads as "AAAA…", which is not text on the page."""
    if isinstance(value, Message):
        for field, v in value.ListFields():
            if field.message_type is not None and field.message_type.GetOptions().map_entry:
                yield from sent_strings(dict(v))
            elif field.is_repeated:
                yield from sent_strings(list(v))
            else:
                yield from sent_strings(v)
    elif isinstance(value, dict):
        for k, v in value.items():
            if k != "bdata":
                yield str(k)
                yield from sent_strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from sent_strings(v)
    elif isinstance(value, bytes):
        yield value.decode("latin-1")
    elif isinstance(value, str):
        try:
            parsed = json.loads(value) if value[:1] in ("{", "[") else None
        except ValueError:
            parsed = None
        yield from sent_strings(parsed) if parsed is not None else (value,)


def sent_text(at: AppTest) -> str:
    """Everything the last run sent to the page, main area, sidebar and toasts (see `sent_strings`)."""
    return "\n".join(s for node in at for s in sent_strings(getattr(node, "proto", None)))
