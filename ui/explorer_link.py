"""The Explorer's state between its link and its controls: Streamlit glue around ui.pure.url_state.

A link is read when it is new to the session: on its first run, when the URL changed from
outside (back/forward) or on arrival from another page with one (the Catalogue's links). Its
state then seeds the widgets' and knobs' session keys, and from there the controls are the
truth: `publish` writes the state they show back into the URL, with one write and only when it
differs. Opening another page clears the URL and the widgets; the state is remembered, so coming
back without a link restores it.
"""
from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from activations import Activation
from ui.i18n import act_label, act_param_label, t
from ui.pure import url_state as us

STATE = "_explorer_state"           # the state last published, kept across page switches
SEEN = "_explorer_link"             # the link as last read or written; another one came from outside
NOTICES = "_explorer_notices"
DISMISSED = "_explorer_dismissed"   # notices the user closed; the same link does not raise them again


def _link() -> dict[str, list[str]]:
    return {k: st.query_params.get_all(k) for k in st.query_params if k not in us.RESERVED}


def start(acts: Mapping[str, Activation], joins: Activation | None = None, problem: str | None = None) -> None:
    """Seed the controls from the link when it is new to the session (or from the remembered state
    when the Explorer is opened again without one). `joins` is the link's ?formula= function,
    `problem` what was wrong with it."""
    link, remembered = _link(), st.session_state.get(STATE)
    arriving = us.FN not in st.session_state   # the selection widget is gone: a new session or another page ran
    if remembered is not None and (not link if arriving else link == st.session_state.get(SEEN)):
        if arriving:
            _seed(remembered.choosing(remembered.fns, acts), acts)
        return
    state, notices = us.from_query(link, acts, t, act_label, act_param_label, joins=joins.key if joins else None)
    fresh = [n for n in [*notices, *([problem] if problem else [])] if n not in st.session_state.get(DISMISSED, ())]
    if fresh:
        st.session_state[NOTICES] = fresh
    st.session_state[SEEN] = link
    _seed(state, acts)


def _seed(state: us.ExplorerState, acts: Mapping[str, Activation]) -> None:
    keys = us.param_keys(acts.values())
    st.session_state.update({us.FN: list(state.fns), us.X: state.x, us.POINTS: state.points, us.VIEW: state.view,
                             us.SECOND: state.second, us.SHARE_Y: state.share_y})
    st.session_state.update({keys[fn_param]: v for fn_param, v in state.params.items()})


def publish(state: us.ExplorerState, acts: Mapping[str, Activation]) -> None:
    """Make the URL say `state` (keeping the language and a shared formula), and remember it."""
    wanted = us.to_query(state, acts)
    if {k: v for k, v in _link().items() if k not in us.NOT_OURS} != wanted:
        kept = {k: st.query_params.get_all(k) for k in st.query_params if k in us.NOT_OURS}
        st.query_params.from_dict({**wanted, **kept})   # one write: one history entry
    st.session_state[SEEN] = _link()
    st.session_state[STATE] = state


def show_notices() -> None:
    """What the link asked for that could not be used, until dismissed."""
    if not st.session_state.get(NOTICES):
        return
    with st.container():
        st.warning(t("explorer.notices_head") + "\n\n" + "\n".join(f"- {n}" for n in st.session_state[NOTICES]),
                   icon=":material/link_off:")
        if st.button(t("explorer.dismiss"), key="explorer_dismiss", type="tertiary"):
            st.session_state[DISMISSED] = {*st.session_state.get(DISMISSED, ()), *st.session_state[NOTICES]}
            st.session_state[NOTICES] = []
            st.rerun()
