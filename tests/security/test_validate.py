"""The shared link checks (ui.pure.validate) and the Explorer's link rules under hostile input."""
from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from activations import all_activations
from ui.i18n import translate
from ui.pure import url_state, validate


def say(key, **fields):
    return translate(key, "en", **fields)

ACTS = {a.key: a for a in all_activations()}


@pytest.mark.parametrize("text", ["nan", "NaN", "inf", "-inf", "1e309", "-1e400", "", "  ", "abc", "1,5",
                                  "0x10", "1" * 65, None, [], True])
def test_number_refuses_what_is_not_a_finite_number(text):
    assert validate.number(text) is None


@pytest.mark.parametrize(("text", "lo", "hi", "want"), [
    ("2.5", 0, 5, 2.5), (" -3 ", -5, 5, -3.0), ("1e-6", 0, 1, 1e-6), ("5", 0, 5, 5.0), ("5.0000001", 0, 5, None),
    ("-0", 0, 1, 0.0), (7, 0, 10, 7.0),
    ("١٢", 0, 20, 12.0)])  # other scripts' digits: Streamlit's widgets read them with float() too
def test_number_keeps_finite_values_inside_the_bounds(text, lo, hi, want):
    assert validate.number(text, lo, hi) == want


def test_shown_is_short_printable_and_cannot_close_a_code_span():
    out = validate.shown("`](javascript:alert(1))\n\x00" + "A" * 10_000)
    assert len(out) == validate.SHOWN_CHARS and out.endswith("…")
    assert "`" not in out and "\n" not in out and "\x00" not in out
    assert validate.shown("激活函数 relu") == "激活函数 relu"    # readable text passes untouched


@pytest.mark.parametrize(("lo", "hi"), [(19.999999, 20.0), (-20.0, -19.999999), (0.0, 1e-6), (-20.0, 20.0),
                                        (3.0, 3.5)])
def test_drawable_range_keeps_every_width_from_1e_minus_6(lo, hi):
    assert validate.drawable_range(lo, hi, (-20.0, 20.0)) == (lo, hi, False)


@pytest.mark.parametrize(("lo", "hi"), [(3.0, 3.0), (20.0, 20.0), (-20.0, -20.0), (0.0, 1e-7), (5.0, 4.0),
                                        (math.nan, 1.0), (-math.inf, 0.0), (-30.0, 0.0)])
def test_drawable_range_replaces_an_undrawable_range_inside_the_limits(lo, hi):
    new_lo, new_hi, replaced = validate.drawable_range(lo, hi, (-20.0, 20.0))
    assert replaced
    assert -20.0 <= new_lo < new_hi <= 20.0 and new_hi - new_lo == 2.0


def test_screen_query_names_each_structural_problem():
    query = {
        "fn": ["relu"] * 500,
        "x": ["A" * 10_000],
        "view": ["Overlay\x00"],
        "k\n": ["1"],
        "n": ["500"],
    }
    got = validate.screen_query(query, None, say)
    assert got.drop == ["fn", "x", "view", "k\n"]
    text = "\n".join(got.notices)
    assert "500 times" in text and "10,000 characters" in text and "control characters" in text
    assert "unreadable name" in text
    assert max(map(len, got.notices)) < 200        # a notice, not a copy of the payload


def test_screen_query_reports_keys_a_page_does_not_read_and_keeps_its_own():
    got = validate.screen_query({"formula": ["x"], "utm_source": ["mail"], "k": ["2"], "embed": ["true"]},
                                frozenset({"formula"}), say)
    assert got.drop == ["utm_source", "k"]
    assert got.notices == ["This page does not use the link settings `utm_source`, `k`; ignored."]


def test_screen_query_gives_up_on_a_link_with_too_many_keys():
    query = {f"p{i}": ["1"] for i in range(validate.MAX_KEYS + 1)}
    got = validate.screen_query(query, None, say)
    assert got.drop == list(query) and len(got.notices) == 1


def test_a_link_selecting_every_builtin_passes_the_screen():
    assert validate.screen_query({"fn": list(ACTS)}, None, say).drop == []


# Arbitrary links: text from the whole of unicode, including surrogates' neighbours and controls.
link_text = st.text(st.characters(codec="utf-8"), max_size=60)
links = st.dictionaries(st.sampled_from(["fn", "x", "n", "view", "d2", "k", "elu.alpha", "zzz"]) | link_text,
                        st.lists(link_text | st.sampled_from(["nan", "inf", "1e400", "-20", "20", "relu"]),
                                 min_size=0, max_size=6), max_size=8)


@settings(max_examples=300, deadline=None)
@given(links)
def test_any_link_gives_short_notices_and_a_usable_selection(query):
    screened = validate.screen_query(query, None, say)
    kept = {k: v for k, v in query.items() if k not in screened.drop}
    state, said = url_state.from_query(kept, ACTS, say)
    assert set(state.fns) <= set(ACTS)
    assert url_state.from_query(url_state.to_query(state, ACTS), ACTS, say) == (state, [])   # what it keeps is sound
    for notice in screened.notices + said:
        assert len(notice) < 400
        assert "\n" not in notice and "\x00" not in notice


def test_screen_query_speaks_chinese_when_asked():
    got = validate.screen_query({"utm_source": ["mail"]}, frozenset(), lambda k, **f: translate(k, "zh", **f))
    assert got.notices == ["本页不使用链接设置 `utm_source`，已忽略。"]
