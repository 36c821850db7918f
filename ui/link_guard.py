"""Screens the link before any page runs (called from app.py): see `ui.pure.validate.screen_query`.

Bad keys are removed from the URL before the page or its bound widgets read
them, and a notice says what was ignored. The notice stays until dismissed or
the user opens another page.
"""
from __future__ import annotations

import streamlit as st
from streamlit.errors import StreamlitAPIException

from ui.i18n import t
from ui.pure import validate

# url_path -> the link keys that page reads; None: the page checks its own keys.
# A page missing here reads no link settings. "" is the default page (the Explorer); "explorer"
# passes its link on to it (app.py).
PAGE_KEYS: dict[str, frozenset[str] | None] = {
    "": None,
    "explorer": None,
    "your-own": frozenset({"formula"}),
}
STATE = "_link_notices"  # (url_path, [notice, ...])


def guard(page) -> None:
    """Drop what `page` cannot use from the URL and show why; call between st.navigation and .run()."""
    path = page.url_path
    query = {k: st.query_params.get_all(k) for k in st.query_params}
    found = validate.screen_query(query, PAGE_KEYS.get(path, frozenset()), t)
    for key in found.drop:
        try:
            del st.query_params[key]
        except (StreamlitAPIException, KeyError):
            pass  # bound to a widget since an earlier run: the widget's own value replaced the link's
    held = st.session_state.get(STATE)
    if found.notices:
        held = (path, found.notices)
    elif held and held[0] != path:
        held = None
    st.session_state[STATE] = held
    if held:
        with st.container(key="link_guard"):
            st.warning(t("link.heading") + "\n\n" + "\n".join(f"- {n}" for n in held[1]),
                       icon=":material/link_off:")
            if st.button(t("link.dismiss"), key="link_guard_dismiss", type="tertiary"):
                st.session_state[STATE] = None
                st.rerun()
