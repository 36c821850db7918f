"""The Explorer's link under AppTest (ui.explorer_link): what the page writes back opens the same
Explorer in a fresh session; the URL is written once per change and never with defaults; a link
from outside (back/forward) is followed; language and page switches keep the state."""
from __future__ import annotations

import pytest
from streamlit.runtime.state.query_params import QueryParams

import activations
from tests.app.helpers import assert_no_exception, run_app, set_knob
from tests.app.test_explorer import SIX, figures, knobs
from ui.pure import url_state as us

WIDGETS = {"fn": "multiselect", "n": "select_slider", "view": "radio", "d2": "toggle", "sharey": "toggle"}


def shown(at) -> dict:
    """Every control's value as the page shows it: sidebar widgets and the live control's sliders."""
    values = {key: getattr(at, kind)(key=key).value for key, kind in WIDGETS.items()
              if any(w.key == key for w in getattr(at, kind))}
    return {**values, **{k: s["value"] for k, s in knobs(at).items()}}


@pytest.fixture
def writes(monkeypatch) -> list[dict]:
    """Every URL write the page makes (ui.explorer_link writes through QueryParams.from_dict)."""
    seen = []
    original = QueryParams.from_dict

    def counted(self, d):
        seen.append(dict(d))
        return original(self, d)
    monkeypatch.setattr(QueryParams, "from_dict", counted)
    return seen


def test_a_written_back_link_opens_the_same_explorer_in_a_fresh_session():
    at = run_app()
    at.multiselect(key="fn").set_value(["tanh", "leaky_relu", "elu"]).run()
    at.select_slider(key="n").set_value(500).run()
    at.radio(key="view").set_value("Small multiples").run()
    at.toggle(key="d2").set_value(True).run()
    at.toggle(key="sharey").set_value(True).run()
    set_knob(at, "k", 0.25)
    set_knob(at, "elu.alpha", 1.55)
    set_knob(at, "x", (-2.5, 4.0))
    assert_no_exception(at)
    link = dict(at.query_params)
    assert link == {"fn": ["tanh", "leaky_relu", "elu"], "x": ["-2.5", "4"], "n": "500", "view": "Small multiples",
                    "d2": "true", "sharey": "true", "k": "0.25", "elu.alpha": "1.55"}
    again = run_app(link)
    assert_no_exception(again)
    assert not again.warning
    assert shown(again) == shown(at)
    assert figures(again) == figures(at)
    assert dict(again.query_params) == link       # read as it was written: nothing to write back


def test_defaults_stay_out_of_the_url(writes):
    at = run_app()
    assert dict(at.query_params) == {} and writes == []
    at = run_app({"fn": SIX, "x": ["-5", "5"], "n": "1000", "k": "0.01"})   # a link spelling out the defaults
    assert not at.warning and dict(at.query_params) == {}


def test_the_url_is_written_once_per_change_and_not_on_reruns(writes):
    at = run_app({"fn": ["relu", "leaky_relu"]})
    assert writes == []                             # the link already says what is shown
    at.run()
    assert writes == []
    set_knob(at, "k", 0.2)
    assert writes == [{"fn": ["relu", "leaky_relu"], "k": ["0.2"]}]
    at.run()
    at.toggle(key="d2").set_value(False).run()      # no change
    assert len(writes) == 1
    at.toggle(key="d2").set_value(True).run()
    assert writes[-1] == {"fn": ["relu", "leaky_relu"], "d2": ["true"], "k": ["0.2"]} and len(writes) == 2


def test_a_link_changed_from_outside_is_followed():
    at = run_app({"fn": ["relu", "leaky_relu"], "k": "0.3"})
    set_knob(at, "k", 0.4)
    at.multiselect(key="fn").set_value(["relu", "leaky_relu", "tanh"]).run()
    assert dict(at.query_params) == {"fn": ["relu", "leaky_relu", "tanh"], "k": "0.4"}
    at.query_params.clear()                         # back: the URL the session had before
    at.query_params.update({"fn": ["relu", "leaky_relu"], "k": "0.3"})
    at.run()
    assert_no_exception(at)
    assert at.multiselect(key="fn").value == ["relu", "leaky_relu"] and knobs(at)["k"]["value"] == 0.3


def test_switching_language_keeps_the_selection_the_view_and_the_link():
    at = run_app({"fn": ["relu", "leaky_relu"], "view": "Small multiples", "k": "0.2", "n": "500"})
    before, link = shown(at), dict(at.query_params)
    at.segmented_control(key="lang").set_value("zh").run()
    assert_no_exception(at)
    assert at.title[0].value != "Activation explorer"   # the page speaks Chinese now
    assert shown(at) == before
    assert {k: v for k, v in at.query_params.items() if k != "lang"} == link
    set_knob(at, "k", 0.3)
    assert shown(at) == {**before, "k": 0.3}


def test_the_language_in_the_link_is_left_alone():
    at = run_app({"lang": "zh", "fn": ["relu", "leaky_relu"]})
    set_knob(at, "k", 0.3)
    at.radio(key="view").set_value("Small multiples").run()
    assert dict(at.query_params) == {"lang": "zh", "fn": ["relu", "leaky_relu"], "view": "Small multiples", "k": "0.3"}


def test_another_page_and_back_keeps_the_whole_state():
    at = run_app({"fn": ["relu", "leaky_relu"], "view": "Small multiples", "k": "0.2", "n": "500", "d2": "true"})
    before, link = shown(at), dict(at.query_params)
    at.query_params.clear()                         # opening a page from the menu drops the link
    at.switch_page("views/catalogue.py").run()
    assert_no_exception(at)
    at.switch_page("views/explorer.py").run()
    assert_no_exception(at)
    assert shown(at) == before and not at.warning
    assert dict(at.query_params) == link            # and the URL says so again


def test_a_dismissed_notice_is_not_raised_again_by_the_same_link():
    bad = {"fn": ["relu", "bogus"]}
    at = run_app(bad)
    [notice] = at.warning
    assert "bogus" in notice.value and dict(at.query_params) == {"fn": "relu"}   # the URL keeps what was used
    at.button(key="explorer_dismiss").click().run()
    assert not at.warning
    at.query_params.clear()
    at.query_params.update(bad)                     # the same link again (back)
    at.run()
    assert not at.warning and at.multiselect(key="fn").value == ["relu"]
    at.query_params["n"] = "7"                      # a new problem is said
    at.run()
    [notice] = at.warning
    assert "`n=7`" in notice.value and "bogus" not in notice.value


def test_every_parameter_key_the_page_writes_opens_the_same_explorer_in_a_fresh_session():
    """Every function with parameters chosen, in an order of its own, each knob moved off its default,
    in Chinese: the link the page writes names every key (qualified ones such as elu.alpha too), and
    a fresh session opened from it shows the same controls and the same figures."""
    acts = {a.key: a for a in activations.all_activations()}
    chosen = [k for k, a in reversed(acts.items()) if a.params]
    keys = us.param_keys(acts.values())
    assert any("." in keys[(fn, p.name)] for fn in chosen for p in acts[fn].params)   # a qualified key among them
    at = run_app({"lang": "zh"})
    at.multiselect(key="fn").set_value(chosen).run()
    for fn in chosen:
        for p in acts[fn].params:
            # one step up from the default (down at the top): on the slider's grid, and not the default
            at.session_state[keys[(fn, p.name)]] = p.default + p.step if p.default + p.step <= p.slider_high \
                else p.default - p.step
    at.radio(key="view").set_value("Small multiples").run()
    assert_no_exception(at)
    link = dict(at.query_params)
    assert link["fn"] == chosen and link["lang"] == "zh" and link["view"] == "Small multiples"
    assert {keys[(fn, p.name)] for fn in chosen for p in acts[fn].params} <= set(link)
    again = run_app(link)
    assert_no_exception(again)
    assert shown(again) == shown(at)
    assert figures(again) == figures(at)
    assert [w.value for w in again.warning] == [w.value for w in at.warning]
    assert dict(again.query_params) == link
