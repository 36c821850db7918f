"""The Explorer's link without Streamlit: parameter keys, reading a link (`from_query`) and writing
one (`to_query`), which read back the very state they wrote."""
from __future__ import annotations

from collections import Counter
from dataclasses import replace
from functools import partial
from urllib.parse import parse_qs, urlencode

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import activations
from ui import i18n
from ui.pure import url_state as us

ACTS = {a.key: a for a in activations.all_activations()}
ENGLISH = partial(i18n.translate, lang="en")
SIX = [k for k, a in ACTS.items() if "seed" in a.tags]


def read(query, acts=ACTS, say=ENGLISH, **labels) -> tuple[us.ExplorerState, list[str]]:
    return us.from_query(query, acts, say, **labels)


def notices(query, **kw) -> list[str]:
    return read(query, **kw)[1]


def test_parameter_key_is_bare_only_when_one_activation_has_that_name():
    keys = us.param_keys(ACTS.values())
    owners = Counter(p.name for a in ACTS.values() for p in a.params)
    for (fn, name), key in keys.items():
        assert key == (name if owners[name] == 1 else f"{fn}.{name}")
    assert keys[("leaky_relu", "k")] == "k"
    assert len(set(keys.values())) == len(keys)   # keys double as widget keys: they must be unique


def test_a_name_shared_with_a_custom_function_becomes_qualified():
    leaky = ACTS["leaky_relu"]
    twin = activations.Activation(**{**{f: getattr(leaky, f) for f in (
        "label", "fn", "dfn", "latex", "dlatex", "family", "params")}, "key": "custom:mine"})
    keys = us.param_keys([*ACTS.values(), twin])
    assert keys[("leaky_relu", "k")] == "leaky_relu.k" and keys[("custom:mine", "k")] == "custom:mine.k"
    acts = {**ACTS, twin.key: twin}   # and the link follows the same rule
    state = us.default_state(acts).choosing(["leaky_relu", "custom:mine"], acts,
                                            {("leaky_relu", "k"): 0.2, ("custom:mine", "k"): 0.3})
    query = us.to_query(state, acts)
    assert query["leaky_relu.k"] == ["0.2"] and query["custom:mine.k"] == ["0.3"] and "k" not in query
    assert read(query, acts) == (state, [])


def test_default_selection_is_the_essays_six():
    assert us.default_selection(ACTS.values()) == SIX and len(SIX) == 6


def test_an_empty_link_is_the_default_state_and_the_default_state_writes_nothing():
    state, said = read({})
    assert said == [] and state == us.default_state(ACTS)
    assert state.fns == tuple(SIX) and state.x == (-5.0, 5.0) and state.points == 1000 and state.view == "Overlay"
    assert not state.second and not state.share_y
    assert state.params == {("hardtanh", "min_val"): -1.0, ("hardtanh", "max_val"): 1.0, ("leaky_relu", "k"): 0.01}
    assert us.to_query(state, ACTS) == {}


def test_a_good_link_reads_every_setting():
    state, said = read({"fn": ["relu", "leaky_relu"], "x": ["-3", "3"], "k": ["0.2"],
                        "n": ["500"], "view": ["Small multiples"], "d2": ["true"], "sharey": ["TRUE"]})
    assert said == []
    assert state == us.ExplorerState(fns=("relu", "leaky_relu"), x=(-3.0, 3.0), points=500, view="Small multiples",
                                     second=True, share_y=True, params={("leaky_relu", "k"): 0.2})


def test_the_link_is_written_in_one_order_with_defaults_left_out():
    state = us.ExplorerState(fns=("elu", "hardtanh"), x=(-2.5, 4.0), points=250, view="Small multiples",
                             second=True, share_y=True,
                             params={("elu", "alpha"): 1.0, ("hardtanh", "min_val"): -1.0, ("hardtanh", "max_val"): 2.0})
    query = us.to_query(state, ACTS)
    assert urlencode(query, doseq=True) == (
        "fn=elu&fn=hardtanh&x=-2.5&x=4&n=250&view=Small+multiples&d2=true&sharey=true&max_val=2")
    assert us.to_query(replace(state, fns=()), ACTS) == {**{k: v for k, v in query.items() if k != "max_val"},
                                                         "fn": [""]}   # `?fn=`: an empty selection
    assert read({"fn": [""]})[0].fns == ()


def test_shared_y_ranges_belong_to_small_multiples():
    state, said = read({"sharey": ["true"]})
    assert said == [] and not state.share_y
    assert us.to_query(replace(us.default_state(ACTS), share_y=True), ACTS) == {}


def test_a_formula_joins_the_selection_and_its_parameters_are_read():
    scaled = activations.Activation(key="custom:q*x", label="q·x", fn=lambda x, q=1.0: q * x,
                                    dfn=lambda x, q=1.0: q + 0 * x, latex="q x", dlatex="q", family="Custom",
                                    params=(activations.Param("q", 1.0, 0.0, 5.0, 0.5, "q"),))
    acts = {**ACTS, scaled.key: scaled}
    state, said = read({"formula": ["q*x"], "q": ["2"]}, acts, joins=scaled.key)
    assert said == [] and state.fns == (*SIX, scaled.key) and state.params_of(scaled.key) == {"q": 2.0}
    state, said = read({"fn": ["relu"], "formula": ["q*x"]}, acts, joins=scaled.key)
    assert said == [] and state.fns == ("relu", scaled.key)


# -- the round trip ----------------------------------------------------------------------------------

@st.composite
def states(draw) -> us.ExplorerState:
    fns = draw(st.lists(st.sampled_from(list(ACTS)), unique=True, max_size=8))
    bound = st.floats(*us.X_LIMITS, allow_nan=False)
    x = tuple(sorted((draw(bound), draw(bound))))
    params = {}
    for fn in fns:
        for p in ACTS[fn].params:
            params[(fn, p.name)] = draw(st.just(float(p.default)) | st.floats(p.slider_low, p.slider_high)
                                        | st.sampled_from([p.slider_low, p.slider_high]))
    view = draw(st.sampled_from(us.VIEWS))
    return us.ExplorerState(fns=tuple(fns), x=x, points=draw(st.sampled_from(us.POINT_CHOICES)), view=view,
                            second=draw(st.booleans()), share_y=view == us.VIEWS[1] and draw(st.booleans()),
                            params=params)


@settings(max_examples=300, deadline=None)
@given(states())
def test_any_state_reads_back_from_the_link_it_writes(state):
    query = us.to_query(state, ACTS)
    through_url = parse_qs(urlencode(query, doseq=True), keep_blank_values=True)   # as a browser carries it
    assert read(through_url) == (state, [])


@pytest.mark.parametrize(("fn", "name"), list(us.param_keys(ACTS.values())))
def test_every_registry_parameter_key_reads_back(fn, name):
    key = us.param_keys(ACTS.values())[(fn, name)]
    p = ACTS[fn].param(name)
    for value in (p.slider_low, p.slider_high):
        if value == p.default:
            continue
        state = us.default_state(ACTS).choosing([fn], ACTS, {(fn, name): value})
        query = us.to_query(state, ACTS)
        assert query[key] == [us.number_text(value)] and float(query[key][0]) == value
        assert read(query) == (state, [])
        with_lang = {"lang": ["zh"], **query}   # the app shell's key is neither read nor written
        assert read(with_lang) == (state, []) and "lang" not in us.to_query(state, ACTS)


# -- notices ------------------------------------------------------------------------------------------

def test_unknown_function_is_named_with_a_close_match_and_the_rest_kept():
    state, said = read({"fn": ["relu", "reluu", "tanh"]})
    assert state.fns == ("relu", "tanh")
    assert len(said) == 1 and "`reluu`" in said[0] and "did you mean relu" in said[0]


def test_only_unknown_functions_fall_back_to_the_default():
    state, said = read({"fn": ["nope"]})
    assert state.fns == tuple(SIX) and any("default" in n for n in said)


def test_many_unknown_functions_are_counted_not_listed():
    said = notices({"fn": [f"bad{i}" for i in range(12)]})
    assert sum("`bad" in n for n in said) == 4 and any("8 more" in n for n in said)


@pytest.mark.parametrize(("query", "fragment"), [
    ({"x": ["-30", "3"]}, "-30"),
    ({"x": ["4", "3"]}, "lower end first"),
    ({"x": ["1"]}, "`x=1`"),
    ({"x": ["nan", "1"]}, "`x=nan&1`"),
    ({"n": ["7"]}, "`n=7`"),
    ({"n": ["499.5"]}, "`n=499.5`"),
    ({"view": ["3d"]}, "`3d`"),
    ({"d2": ["maybe"]}, "`d2=maybe`"),
    ({"sharey": ["yes"]}, "`sharey=yes`"),
    ({"fn": ["leaky_relu"], "k": ["abc"]}, "`k=abc`"),
    ({"fn": ["elu"], "elu.alpha": ["0.5", "1"]}, "elu.alpha"),
    ({"fn": ["relu"], "k": ["0.2"]}, "Leaky ReLU"),            # a parameter of a function not selected
    ({"zoom": ["2"]}, "`zoom`"),
])
def test_each_kind_of_bad_setting_is_named_and_left_at_its_default(query, fragment):
    state, said = read(query)
    assert len(said) == 1 and fragment in said[0], said
    default = us.default_state(ACTS).choosing(state.fns, ACTS)
    assert state == default   # nothing of the bad setting was kept


def test_parameter_outside_its_open_bounds_is_refused():
    # leaky ReLU's 0 < k < 1: the bound itself is not allowed
    for bad in ("0", "1", "-0.5"):
        state, said = read({"fn": ["leaky_relu"], "k": [bad]})
        assert said and state.params_of("leaky_relu") == {"k": 0.01}
    assert not notices({"fn": ["leaky_relu"], "k": ["0.999"]})


def test_streamlit_app_shell_and_formula_keys_are_not_reported():
    assert notices({"embed": ["true"], "lang": ["zh"], "formula": ["x * tanh(x)"]}) == []


def test_notices_come_in_the_callers_language():
    zh = partial(i18n.translate, lang="zh")
    said = notices({"fn": ["leaky_relu", "reluu"], "k": ["5"], "zoom": ["2"]}, say=zh,
                   label=lambda a: i18n.translate(f"activations.{a.key}.label", "zh"),
                   param_label=lambda a, p: i18n.translate(f"activations.{a.key}.param_{p.name}_label", "zh"))
    assert len(said) == 3
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in n) for n in said)
    unknown, param, setting = said
    assert "`reluu`" in unknown and "relu" in unknown       # the close match, named as in the URL
    assert i18n.catalogue("zh")["activations.leaky_relu.label"] in param and "`k=5`" in param
    assert "[0.001, 0.999]" in param and "`zoom`" in setting   # the slider's own ends: what a link can set
