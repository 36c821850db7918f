"""Figure words, one way: each builder module's English `WORDS` is its [figures.<module>] table in
i18n/en.toml, a caller's words replace some or all of them, and pages get them from one helper."""
from __future__ import annotations

import importlib
import pkgutil

import numpy as np
import pytest

import figures
from figures import training as ft
from figures.words import merged
from ui import i18n

MODULES = {m.name: importlib.import_module(f"figures.{m.name}") for m in pkgutil.iter_modules(figures.__path__)}
WITH_WORDS = {name: module for name, module in MODULES.items() if hasattr(module, "WORDS")}


def table(lang: str, section: str) -> dict[str, str]:
    prefix = f"figures.{section}."
    return {k[len(prefix):]: v for k, v in i18n.catalogue(lang).items() if k.startswith(prefix)}


def test_every_words_table_belongs_to_a_builder_module():
    assert {"explorer", "essay", "training"} <= set(WITH_WORDS)
    sections = {k.split(".")[1] for k in i18n.catalogue("en") if k.startswith("figures.")}
    assert sections == set(WITH_WORDS)


@pytest.mark.parametrize("name", sorted(WITH_WORDS))
def test_english_words_are_the_catalogues(name):
    assert table("en", name) == WITH_WORDS[name].WORDS


@pytest.mark.parametrize("name", sorted(WITH_WORDS))
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_pages_get_a_modules_words_in_the_current_language(monkeypatch, name, lang):
    monkeypatch.setattr(i18n, "current", lambda: lang)
    words = i18n.figure_words(WITH_WORDS[name])
    assert words == table(lang, name) and set(words) == set(WITH_WORDS[name].WORDS)


def test_some_words_replace_those_defaults_only():
    assert merged({"a": "A", "b": "B"}, {"b": "乙"}) == {"a": "A", "b": "乙"}
    assert merged({"a": "A"}, None) == {"a": "A"}


def test_a_word_no_figure_draws_is_refused():
    with pytest.raises(KeyError, match="titel"):
        merged(ft.WORDS, {"titel": "typo"})
    with pytest.raises(KeyError):
        ft.spread_by_layer([("ReLU", "#000000", np.array([1.0]))], {"title": "the old key"})
