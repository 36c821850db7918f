"""The Explorer's URL rules, without Streamlit: parameter keys and the check of a shared link."""
from __future__ import annotations

from collections import Counter
from functools import partial

import activations
from ui import i18n
from ui import url_state as us

ACTS = {a.key: a for a in activations.all_activations()}
ENGLISH = partial(i18n.translate, lang="en")


def check(query, acts=ACTS, say=ENGLISH, **labels):
    return us.check_query(query, acts, say, **labels)


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


def test_default_selection_is_the_essays_six():
    assert us.default_selection(ACTS.values()) == [k for k, a in ACTS.items() if "seed" in a.tags]
    assert len(us.default_selection(ACTS.values())) == 6


def test_a_good_link_has_no_notices():
    checked = check({"fn": ["relu", "leaky_relu"], "x": ["-3", "3"], "k": ["0.2"],
                     "n": ["500"], "view": ["Small multiples"], "d2": ["true"], "sharey": ["false"]})
    assert checked.fns == ["relu", "leaky_relu"] and checked.notices == []


def test_unknown_function_is_named_and_the_rest_kept():
    checked = check({"fn": ["relu", "reluu", "tanh"]})
    assert checked.fns == ["relu", "tanh"]
    assert len(checked.notices) == 1 and "`reluu`" in checked.notices[0] and "relu" in checked.notices[0]


def test_only_unknown_functions_fall_back_to_the_default():
    checked = check({"fn": ["nope"]})
    assert checked.fns is None and any("default" in n for n in checked.notices)


def test_malformed_values_are_each_named():
    checked = check({"fn": ["leaky_relu", "elu"], "x": ["-30", "3"], "k": ["abc"], "n": ["7"],
                     "view": ["3d"], "d2": ["maybe"], "sharey": ["yes"], "zoom": ["2"], "elu.alpha": ["0.5", "1"]})
    text = "\n".join(checked.notices)
    for fragment in ("-30", "`k=abc`", "`n=7`", "`3d`", "`d2=maybe`", "`sharey=yes`", "`zoom`", "elu.alpha"):
        assert fragment in text, fragment
    assert len(checked.notices) == 8


def test_parameter_outside_its_open_bounds_is_refused():
    # leaky ReLU's 0 < k < 1: the bound itself is not allowed
    for bad in ("0", "1", "-0.5"):
        assert check({"fn": ["leaky_relu"], "k": [bad]}).notices
    assert not check({"fn": ["leaky_relu"], "k": ["0.999"]}).notices


def test_parameter_of_an_unselected_function_is_named():
    checked = check({"fn": ["relu"], "k": ["0.2"]})
    assert checked.notices and "Leaky ReLU" in checked.notices[0]


def test_streamlit_and_app_shell_keys_are_not_reported():
    assert check({"embed": ["true"], "lang": ["zh"]}).notices == []


def test_notices_come_in_the_callers_language():
    zh = partial(i18n.translate, lang="zh")
    checked = check({"fn": ["leaky_relu", "reluu"], "k": ["5"], "zoom": ["2"]}, say=zh,
                    label=lambda a: i18n.translate(f"activations.{a.key}.label", "zh"),
                    param_label=lambda a, p: i18n.translate(f"activations.{a.key}.param_{p.name}_label", "zh"))
    assert len(checked.notices) == 3
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in n) for n in checked.notices)
    unknown, param, setting = checked.notices
    assert "`reluu`" in unknown and "relu" in unknown       # the close match, named as in the URL
    assert i18n.catalogue("zh")["activations.leaky_relu.label"] in param and "`k=5`" in param
    assert "[0.001, 0.999]" in param and "`zoom`" in setting   # the slider's own ends: what a link can set
