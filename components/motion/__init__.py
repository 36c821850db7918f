"""Whether the browser asks for reduced motion (`prefers-reduced-motion: reduce`).

Streamlit does not tell the script; this hidden component reads the media query in the browser
and reports it (again whenever it changes), so a page can leave out what only moves: the
Training lab's frames redrawn while a network learns. A browser that asks for motion costs no
rerun: the component reports only a value that differs from what the script already holds.
"""
from __future__ import annotations

import streamlit as st

NAME = "activation_lab.motion"
KEY = "motion_preference"

_component = st.components.v2.component(
    NAME,
    html='<span class="motion-probe"></span>',
    # on two lines: Streamlit reads a one-line string with "[" in it as a file glob
    css='[data-testid="stElementContainer"]:has(.motion-probe) {\n  display: none;\n}\n',
    js="""
export default function (component) {
  const query = window.matchMedia("(prefers-reduced-motion: reduce)");
  const report = () => {
    if (query.matches !== Boolean(component.data && component.data.reduce)) component.setStateValue("reduce", query.matches);
  };
  report();
  const probe = component.parentElement.querySelector(".motion-probe");
  if (probe && !probe.__listening) {
    probe.__listening = true;
    query.addEventListener("change", report);
  }
}
""",
    isolate_styles=False,   # the hiding rule reaches the element's container
)


def reduced() -> bool:
    """True when this browser asks for reduced motion (as last reported; False until it has been)."""
    held = bool((st.session_state.get(KEY) or {}).get("reduce"))
    _component(key=KEY, data={"reduce": held}, default={"reduce": False}, on_reduce_change=lambda: None)
    return bool((st.session_state.get(KEY) or {}).get("reduce"))
