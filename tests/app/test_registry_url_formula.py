"""ui.registry.adopt_url_formula: a shared ?formula= becomes a session activation any page can list."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.app.helpers import assert_no_exception


def _script():
    import streamlit as st

    from ui import registry

    act, problem = registry.adopt_url_formula()
    if problem:
        st.warning(problem)
    st.write(sorted(k for k in registry.available() if k.startswith("custom:")))


def _run(query: dict) -> AppTest:
    at = AppTest.from_function(_script, default_timeout=60)
    for k, v in query.items():
        at.query_params[k] = v
    return at.run()


def test_url_formula_is_listed_beside_the_builtins():
    at = _run({"formula": "x * erf(x)"})
    assert_no_exception(at)
    assert "custom:x * erf(x)" in at.session_state["custom_activations"]
    assert not at.warning


def test_bad_url_formula_is_a_friendly_warning():
    at = _run({"formula": "__import__('os')"})
    assert_no_exception(at)
    assert "cannot be used" in at.warning[0].value and not at.session_state["custom_activations"]


def test_no_formula_no_work():
    at = _run({})
    assert_no_exception(at)
    assert not at.warning and at.session_state["custom_activations"] == {}
