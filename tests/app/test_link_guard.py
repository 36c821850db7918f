"""The link guard under AppTest: it runs before every page, drops what a page cannot use, says so once."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.app.helpers import assert_no_exception, run_app
from tests.app.test_explorer import figure, groups, knobs

SIX = ["sigmoid", "tanh", "hardtanh", "softsign", "relu", "leaky_relu"]


def guarded_page(path: str) -> None:
    """A stand-in page at `path` that runs the guard, then shows a heading (AppTest runs its source)."""
    import streamlit as st

    from ui.link_guard import guard

    class Page:
        url_path = path
    guard(Page())
    st.title("A page")


def run_page(path: str, query: dict) -> AppTest:
    at = AppTest.from_function(guarded_page, default_timeout=30, args=(path,))
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def guard_notices(at: AppTest) -> list[str]:
    return [w.value for w in at.warning if w.value.startswith("Part of the link")]


def test_hundreds_of_repeats_are_dropped_before_the_explorer_reads_them():
    at = run_app({"fn": ["relu"] * 300, "x": ["-2", "2"]})
    assert_no_exception(at)
    [notice] = guard_notices(at)
    assert "`fn` appears 300 times" in notice
    assert "fn" not in at.query_params
    assert knobs(at)["x"]["value"] == [-2.0, 2.0]               # the rest of the link still applies
    assert groups(figure(at)) == SIX                             # and the page draws its defaults


def test_a_10_kb_value_never_reaches_the_page_or_the_notice():
    at = run_app({"fn": ["A" * 10_000]})
    assert_no_exception(at)
    text = " ".join(w.value for w in at.warning)
    assert "10,000 characters" in text and "A" * 100 not in text
    assert groups(figure(at)) == SIX


def test_a_page_that_reads_no_link_settings_names_the_ones_it_ignored():
    at = run_page("neuron", {"utm_source": "mail", "k": "2", "lang": "zh"})
    assert_no_exception(at)
    assert guard_notices(at) == ["Part of the link could not be used:\n\n- This page does not use the link "
                                 "settings `utm_source`, `k`; ignored."]
    assert set(at.query_params) == {"lang"}                      # global keys stay
    assert at.title[0].value == "A page"


def test_a_page_keeps_the_keys_it_reads_without_a_notice():
    at = run_page("your-own", {"formula": "x * sigmoid(x)"})
    assert guard_notices(at) == [] and at.query_params["formula"] == "x * sigmoid(x)"


def test_a_dismissed_notice_stays_away_on_later_runs():
    at = run_page("neuron", {"junk": "1"})
    assert guard_notices(at)
    at.run()
    assert guard_notices(at), "the notice should stay until dismissed, though the URL is clean now"
    at.button(key="link_guard_dismiss").click().run()
    assert guard_notices(at) == []
    at.run()
    assert guard_notices(at) == [] and at.title[0].value == "A page"
