"""Both catalogues hold the same messages with the same fields; every activation has a Chinese name."""
from __future__ import annotations

import string

import pytest

import activations
from ui import i18n


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_key_exists_in_both_languages():
    en, zh = i18n.catalogue("en"), i18n.catalogue("zh")
    en_only = {k for k in en if k not in zh}
    zh_only = {k for k in zh if k not in en and not k.startswith("activations.")}
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
    assert summary and any("\u4e00" <= ch <= "\u9fff" for ch in summary), key


def test_translate_fills_values_and_falls_back_to_english():
    assert i18n.translate("app.language", "zh") == "语言"
    assert i18n.translate("app.language", "en") == "Language"
    assert i18n.translate("app.language", "xx") == "Language"  # unknown language: English
    with pytest.raises(KeyError):
        i18n.translate("app.no_such_message", "zh")
