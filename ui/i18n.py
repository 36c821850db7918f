"""User-facing text in English and 简体中文, from one catalogue file per language (i18n/*.toml).

Pages never hold display strings: they call `t("section.key", **values)`. The
language is chosen in the sidebar (app.py) and travels in the URL as `?lang=zh`.
Activation names, summaries and parameter texts come from the registry in English
and from the catalogue's `[activations.<key>]` tables in other languages. Library
errors likewise: English from the library, other languages from `[errors]` by code
(`explain`).
"""
from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

import streamlit as st

from activations import FAMILIES
from activations.core import CodedError, Term, fill_terms

CATALOGUES = Path(__file__).resolve().parents[1] / "i18n"
LANGUAGES = {"en": "English", "zh": "简体中文"}
DEFAULT = "en"
STATE_KEY = "lang"          # the switch's widget key
CHOSEN = "_lang_chosen"     # the language itself: a widget's state was lost on full reruns (below)


def _flatten(table: dict, prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(_flatten(value, name + "."))
        else:
            out[name] = value
    return out


@cache
def catalogue(lang: str) -> dict[str, str]:
    """Every message of one language, as flat dotted keys."""
    with open(CATALOGUES / f"{lang}.toml", "rb") as fh:
        return _flatten(tomllib.load(fh))


def current() -> str:
    lang = st.session_state.get(CHOSEN, DEFAULT)
    return lang if lang in LANGUAGES else DEFAULT


def translate(key: str, lang: str, **values: object) -> str:
    """The message `key` in `lang` (English if missing), with `{name}` fields filled."""
    text = catalogue(lang).get(key) if lang in LANGUAGES else None
    if text is None:
        text = catalogue(DEFAULT)[key]  # a missing English key is a bug: KeyError
    return text.format(**values) if values else text


def t(key: str, **values: object) -> str:
    return translate(key, current(), **values)


def figure_words(builders) -> dict[str, str]:
    """The words a figure builder module draws (its `WORDS`), in the current language: the
    catalogue's [figures.<module>] table, passed to its builders as `words=`."""
    section = builders.__name__.rpartition(".")[2]
    return {key: t(f"figures.{section}.{key}") for key in builders.WORDS}


def names_list(names: list[str]) -> str:
    """Names joined as a sentence lists them: "A, B and C" (「A、B 和 C」)."""
    if len(names) < 2:
        return "".join(names)
    return t("app.list_last", head=t("app.list_sep").join(names[:-1]), last=names[-1])


def act_label(act) -> str:
    """An activation's display name in the current language."""
    return _act_text(act, "label")


def family_label(family: str) -> str:
    """A registry family's name in the current language (a custom family as it is)."""
    return t(f"explorer.families.{family}") if family in FAMILIES else family


def act_summary(act) -> str:
    return _act_text(act, "summary")


def act_param_label(act, param) -> str:
    """A parameter's slider label in the current language (the registry's English otherwise)."""
    return _act_text(act, f"param_{param.name}_label", param.label)


def act_param_help(act, param) -> str:
    return _act_text(act, f"param_{param.name}_help", param.help)


def _act_text(act, field: str, english: str | None = None) -> str:
    lang = current()
    if lang != DEFAULT:
        text = catalogue(lang).get(f"activations.{act.key}.{field}")
        if text:
            return text
    return getattr(act, field) if english is None else english


def explain(err: BaseException) -> str:
    """A library error's message in the current language."""
    return explain_in(err, current())


def explain_in(err: BaseException, lang: str) -> str:
    """`err` said in `lang`: its template looked up by code and filled with its fields, words inside
    it (`Term`s, activation labels) translated too. English, or an error without a code, as it is."""
    if lang == DEFAULT or lang not in LANGUAGES or not isinstance(err, CodedError):
        return str(err)
    messages = catalogue(lang)
    template = messages.get(f"errors.{err.code}")
    if template is None:  # a code without a translation (tests keep this from happening): English
        return str(err)

    def word(term: Term) -> str:
        return messages.get(f"errors.terms.{term.code}", str(term))

    try:
        fields = fill_terms(err.fields, word)
        if "key" in fields and "label" in fields:
            fields["label"] = messages.get(f"activations.{fields['key']}.label", fields["label"])
        text = template.format(**fields)
        if err.column:
            text = messages["errors.at_column"].format(message=text, column=err.column)
        if err.hint:
            text = messages["errors.with_hint"].format(message=text, hint=word(err.hint).format(**fields))
    except (KeyError, IndexError, ValueError):  # a translation that does not fit its fields: say it in English
        return str(err)
    return text


def plotly_config(**config: object) -> dict:
    """A Plotly chart's `config` in the current language: Plotly's own toolbar words (the [plotly]
    table: its English is Plotly's, as the dictionary's keys) as a chart-local locale."""
    lang = current()
    if lang == DEFAULT:
        return config
    english, words = catalogue(DEFAULT), catalogue(lang)
    dictionary = {english[k]: words[k] for k in english if k.startswith("plotly.")}
    return {**config, "locale": lang, "locales": {lang: {"dictionary": dictionary}}}


def _remember_choice() -> None:
    if st.session_state.get(STATE_KEY) in LANGUAGES:   # clicking the chosen option again deselects it
        st.session_state[CHOSEN] = st.session_state[STATE_KEY]


def language_switch() -> str:
    """Sidebar control for the language, kept in session state and mirrored in the URL as ?lang=."""
    url_lang = st.query_params.get(STATE_KEY)
    if CHOSEN not in st.session_state:
        st.session_state[CHOSEN] = url_lang if url_lang in LANGUAGES else DEFAULT
        if url_lang is not None and url_lang not in LANGUAGES:
            shown = url_lang[:20].encode("unicode_escape").decode()  # a link's text, never markup
            st.sidebar.warning(translate("app.unknown_language", DEFAULT, value=shown,
                                         choices=", ".join(LANGUAGES)), icon=":material/translate:")
    # Seeded every run from CHOSEN: a value preset only once came back as None after the next full
    # rerun (a bound widget changing elsewhere), which silently switched the page to English.
    st.session_state[STATE_KEY] = st.session_state[CHOSEN]
    with st.sidebar:
        # Not bound to the URL: a bound control would write its label (简体中文), not the code.
        st.segmented_control(" / ".join(translate("app.language", code) for code in LANGUAGES),
                             list(LANGUAGES), format_func=LANGUAGES.get, key=STATE_KEY,
                             on_change=_remember_choice)
    lang = current()
    if lang == DEFAULT:
        st.query_params.pop(STATE_KEY, None)
    elif url_lang != lang:
        st.query_params[STATE_KEY] = lang
    return lang
