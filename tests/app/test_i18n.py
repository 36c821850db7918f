"""Both catalogues hold the same messages with the same fields; every activation and every
parameter has Chinese text, and the act_* helpers fall back to the registry's English."""
from __future__ import annotations

import dataclasses
import re
import string

import pytest

import activations
from tests.app.helpers import fields, has_chinese
from ui import i18n

PARAMS = [(key, p.name) for key in activations.names() for p in activations.get(key).params]


def test_every_key_exists_in_both_languages():
    en, zh = i18n.catalogue("en"), i18n.catalogue("zh")
    en_only = {k for k in en if k not in zh}
    # [activations.*] and [errors] translate the library's own English (see test_error_messages.py)
    zh_only = {k for k in zh if k not in en and not k.startswith(("activations.", "errors."))}
    assert not en_only, f"missing in zh.toml: {sorted(en_only)}"
    assert not zh_only, f"missing in en.toml: {sorted(zh_only)}"


def test_messages_fill_the_same_fields():
    en, zh = i18n.catalogue("en"), i18n.catalogue("zh")
    wrong = {k: (fields(en[k]), fields(zh[k])) for k in en if fields(en[k]) != fields(zh[k])}
    assert not wrong, wrong


@pytest.mark.parametrize("key", activations.names())
def test_every_activation_has_a_chinese_label_and_summary(key):
    zh = i18n.catalogue("zh")
    assert zh.get(f"activations.{key}.label"), key
    summary = zh.get(f"activations.{key}.summary", "")
    assert summary and has_chinese(summary), key


@pytest.mark.parametrize(("key", "name"), PARAMS)
def test_every_parameter_has_a_chinese_label_and_help(key, name):
    zh = i18n.catalogue("zh")
    label = zh.get(f"activations.{key}.param_{name}_label", "")
    help_ = zh.get(f"activations.{key}.param_{name}_help", "")
    assert has_chinese(label), (key, name, label)
    assert has_chinese(help_), (key, name, help_)


def test_activation_tables_name_real_activations_and_parameters_in_registry_order():
    zh = i18n.catalogue("zh")
    expected = {f"activations.{key}.{field}" for key in activations.names()
                for field in ("label", "summary")}
    expected |= {f"activations.{key}.param_{name}_{field}" for key, name in PARAMS
                 for field in ("label", "help")}
    stray = {k for k in zh if k.startswith("activations.") and k not in expected}
    assert not stray, f"zh.toml names no such activation or parameter: {sorted(stray)}"
    order = list(dict.fromkeys(k.split(".")[1] for k in zh if k.startswith("activations.")))
    assert order == [key for key in activations.names() if key in order]


@pytest.fixture
def chinese(monkeypatch):
    monkeypatch.setattr(i18n, "current", lambda: "zh")


def test_parameter_texts_in_chinese(chinese):
    act = activations.get("leaky_relu")
    (k,) = act.params
    assert i18n.act_param_label(act, k) == i18n.catalogue("zh")["activations.leaky_relu.param_k_label"]
    assert "negative_slope" in i18n.act_param_help(act, k) and has_chinese(i18n.act_param_help(act, k))
    assert i18n.act_label(act) == "Leaky ReLU（带泄露的 ReLU）"


def test_parameter_texts_in_english_come_from_the_registry(monkeypatch):
    monkeypatch.setattr(i18n, "current", lambda: "en")
    for key, name in PARAMS:
        act = activations.get(key)
        param = act.param(name)
        assert i18n.act_param_label(act, param) == param.label
        assert i18n.act_param_help(act, param) == param.help


def test_an_activation_missing_from_the_catalogue_falls_back_to_english(chinese):
    # A session's custom activation has no catalogue table.
    act = dataclasses.replace(activations.get("elu"), key="custom_elu")
    (alpha,) = act.params
    assert i18n.act_label(act) == act.label
    assert i18n.act_summary(act) == act.summary
    assert i18n.act_param_label(act, alpha) == alpha.label
    assert i18n.act_param_help(act, alpha) == alpha.help


def test_translate_fills_values_and_falls_back_to_english():
    assert i18n.translate("app.language", "zh") == "语言"
    assert i18n.translate("app.language", "en") == "Language"
    assert i18n.translate("app.language", "xx") == "Language"  # unknown language: English
    with pytest.raises(KeyError):
        i18n.translate("app.no_such_message", "zh")


def test_every_explorer_message_is_translated():
    # Messages made only of fields and symbols ("{name} {param}") need no Chinese.
    en, zh = i18n.catalogue("en"), i18n.catalogue("zh")
    keys = [k for k in en if k.startswith("explorer.")]
    assert len(keys) > 60
    wordy = [k for k in keys if any(ch.isalpha() for ch in string.Formatter().vformat(
        en[k], (), {f: "" for f in fields(en[k])}))]
    untranslated = [k for k in wordy if not has_chinese(zh[k])]
    assert not untranslated, untranslated


def test_explorer_families_cover_the_registry():
    en = i18n.catalogue("en")
    assert {k.split(".", 2)[2] for k in en if k.startswith("explorer.families.")} == set(activations.FAMILIES)


def test_plotly_config_carries_a_chinese_locale_only_in_chinese(monkeypatch):
    monkeypatch.setattr(i18n, "current", lambda: "en")
    assert i18n.plotly_config(displaylogo=False) == {"displaylogo": False}
    monkeypatch.setattr(i18n, "current", lambda: "zh")
    config = i18n.plotly_config(displaylogo=False)
    words = config["locales"][config["locale"]]["dictionary"]
    assert config["displaylogo"] is False
    assert words["Reset axes"] == "重置坐标轴" and words["Download plot as SVG"] == "下载为 SVG 图片"
    assert len(words) >= 20 and all(has_chinese(v) for v in words.values())


# Chinese texts that are rightly not Chinese: names of functions, an optimiser, initialisers, a formula
NAMES_KEPT_IN_LATIN = {
    "activations.relu6.label", "activations.lecun_tanh.label", "activations.silu.label", "activations.mish.label",
    "activations.squareplus.label", "activations.elish.label", "activations.tanhshrink.label",
    "training.opt_adam", "training.settings_adam", "training.datasets.sin", "training.inits.xavier",
    "training.inits.he",
}


def has_words(text: str) -> bool:
    """A word of three Latin letters or more, outside {fields} and `code` (symbols such as f′(z), R² are not)."""
    return re.search(r"[A-Za-z]{3,}", re.sub(r"\{[^}]*\}|`[^`]*`", "", text)) is not None


def test_every_chinese_text_in_every_section_is_chinese():
    zh = i18n.catalogue("zh")
    assert len({k.split(".")[0] for k in zh}) >= 14   # every section is read, not three
    untranslated = [k for k, v in zh.items() if has_words(v) and not has_chinese(v) and k not in NAMES_KEPT_IN_LATIN]
    assert not untranslated, untranslated
    assert all(k in zh and not has_chinese(zh[k]) for k in NAMES_KEPT_IN_LATIN)   # the list stays short and true
