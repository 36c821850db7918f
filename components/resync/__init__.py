"""A rerun when the tab's connection comes back, so a process that took the tab over rebuilds it.

Behind a load balancer a tab whose process died reconnects to another one, which has never seen
its session; since Streamlit 1.37 the browser reruns after a reconnect only if a run was cut
off, so the new process would hold an empty session under an intact-looking page (and its
download buttons would ask for files it never made). This invisible component watches the
app's connection state and, once it is connected again, sends a trigger: a rerun that carries
the URL and every widget's value, as after any click.
"""
from __future__ import annotations

from pathlib import Path

import streamlit as st

_component = st.components.v2.component(
    "activation_lab.resync",
    html='<div class="resync" hidden></div>',
    js=(Path(__file__).parent / "resync.js").read_text(),
)


def resync() -> None:
    """Mount the watcher (once per run of any page)."""
    _component(key="activation_lab_resync", on_reconnected_change=lambda: None)
