"""Guard that every page runs inside app.py's navigation."""
from __future__ import annotations

from unittest.mock import Mock

import streamlit as st
from streamlit.runtime import Runtime
from streamlit.runtime.pages_manager import PagesManager


def require_app() -> None:
    """Call first in every page.

    Because this project keeps its pages in `pages/`, Streamlit serves the very
    first request on a fresh server in its legacy mode: a direct link such as
    /training then runs the page file alone (no app.py: no wide layout, language
    switch or section navigation). Turning the legacy flag off and rerunning
    makes Streamlit run app.py, which calls st.navigation and opens the same page.
    """
    if PagesManager.uses_pages_directory and not _in_apptest():
        PagesManager.uses_pages_directory = False
        st.rerun()


def _in_apptest() -> bool:
    # AppTest (mock runtime) resets the flag before every run and runs a switched-to
    # page this way by design; a rerun there would drop the button clicks under test.
    return isinstance(Runtime.instance(), Mock)
