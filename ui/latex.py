"""Display formulas that never run off the page: a long one scrolls sideways in its own box.

KaTeX lays a display formula out on one line and Streamlit clips what is wider than its column
behind an invisible scrollbar, so the end of a long derivative could not be read. The block
scrolls sideways with a visible scrollbar when needed (long sums are also set one term per
line, by `activations.formula.display_latex`). Streamlit glue; the CSS is constant, no user text goes into HTML.
"""
from __future__ import annotations

import streamlit as st

# Scoped to containers whose key starts with "latex_" (Streamlit gives each keyed container
# the class st-key-<key>). Streamlit already lets .katex-display scroll, but paints every
# scrollbar transparent until hovered, so a clipped formula showed no sign of going on: this
# scrollbar stays visible. The small bottom padding keeps it off the formula.
CSS = """<style>
[class*="st-key-latex_"] .katex-display {
  width: 100%; box-sizing: border-box; overflow-x: auto; overflow-y: hidden; padding: 0 0.25rem 0.4rem;
  scrollbar-width: thin; scrollbar-color: rgba(128, 128, 128, 0.6) transparent;
}
</style>"""


def scrolling_latex(where, text: str, key: str) -> None:
    """`st.latex(text)` in `where` (a column or container), scrolling sideways when too wide."""
    with where.container(key=f"latex_{key}"):
        st.html(CSS)
        st.latex(text)
