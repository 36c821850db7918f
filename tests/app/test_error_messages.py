"""Library errors in Chinese: every code the library can raise has a Chinese template with only the
fields it is given, and real refusals (hostile formulas, bad CSV files, parameter and network
errors) read in Chinese with nothing left unfilled, while English stays the library's own text."""
from __future__ import annotations

import pickle
import re

import pytest

import activations
from activations import formula
from activations.formula import activation
from nets import datasets, depth, export, mlp
from tests.app.error_codes import collect
from tests.app.helpers import fields, has_chinese
from tests.security.test_custom_hostile import HOSTILE
from ui.i18n import catalogue, explain_in

ERRORS, TERMS = collect()
ZH = catalogue("zh")
JOINERS = {"at_column", "with_hint"}


def wordy(template: str) -> bool:
    """English words outside `code spans` and {fields}: such a text needs translating."""
    bare = re.sub(r"`[^`]*`|\{[^}]*\}", "", template)
    return re.search(r"[A-Za-z]{2,}", bare) is not None


def test_the_source_scan_finds_the_library_s_errors():
    # A guard on the scanner itself: codes from each package and each kind of call.
    for code in ("bad_character", "unknown_activation_close", "param_out_of_bounds", "csv_not_number",
                 "learning_rate", "diverged", "depth"):
        assert code in ERRORS, code
    assert {"slopes_crossed", "did_you_mean", "attribute", "unclosed"} <= set(TERMS)
    assert len(ERRORS) > 80 and len(TERMS) > 25


@pytest.mark.parametrize("table", [ERRORS, TERMS], ids=["errors", "terms"])
def test_each_code_means_one_thing(table):
    assert {code: texts for code, texts in table.items() if len(texts) > 1} == {}


@pytest.mark.parametrize("code", sorted(ERRORS))
def test_every_error_code_has_a_chinese_template_with_known_fields(code):
    (english,) = ERRORS[code]
    zh = ZH.get(f"errors.{code}")
    assert zh, f"zh.toml [errors] lacks {code}"
    assert fields(zh) <= fields(english), (code, fields(zh) - fields(english))
    assert has_chinese(zh) or not wordy(english), zh


@pytest.mark.parametrize("code", sorted(TERMS))
def test_every_term_has_a_chinese_text(code):
    (english,) = TERMS[code]
    zh = ZH.get(f"errors.terms.{code}")
    assert zh, f"zh.toml [errors.terms] lacks {code}"
    assert fields(zh) <= fields(english)
    assert has_chinese(zh) or not wordy(english), zh


def test_the_chinese_catalogue_names_no_code_the_library_lacks():
    stray = [k for k in ZH if k.startswith("errors.") and not k.startswith("errors.terms.")
             and k.split(".", 1)[1] not in ERRORS | dict.fromkeys(JOINERS)]
    stray += [k for k in ZH if k.startswith("errors.terms.") and k.split(".", 2)[2] not in TERMS]
    assert not stray


def _refusal(make) -> activations.CodedError:
    try:
        make()
    except activations.CodedError as err:
        return err
    raise AssertionError("no error")


def _csv(rows: list[tuple]) -> bytes:
    return "".join(",".join(map(str, r)) + "\n" for r in rows).encode()


GOOD = [(i, i % 5, i % 2) for i in range(12)]
TRIGGERS = {
    "formula": lambda: formula.parse("sigmod(x) + 2"),
    "unknown activation": lambda: activations.get("relux"),
    "bounds": lambda: activations.get("leaky_relu").f(0.0, k=2.0),
    "not a number": lambda: activations.get("elu").f(0.0, alpha="big"),
    "no such parameter": lambda: activations.get("elu").f(0.0, beta=1.0),
    "no parameters": lambda: activations.get("relu").f(0.0, k=1.0),
    "constraint": lambda: activations.get("rrelu").f(0.0, lower=0.5, upper=0.1),
    "csv cell": lambda: datasets.parse_csv(_csv(GOOD[:5] + [(1, "abc", 0)] + GOOD[6:])),
    "csv columns": lambda: datasets.parse_csv(_csv(GOOD + [(1, 2)])),
    "csv encoding": lambda: datasets.parse_csv(b"\xff\xfe\x00garbage"),
    "csv one class": lambda: datasets.parse_csv(_csv([(i, i % 5, 1) for i in range(12)])),
    "dataset": lambda: datasets.make_dataset("nope"),
    "network": lambda: mlp.TrainConfig(lr=-1.0),
    "depth": lambda: depth.stack_stats(activations.get("relu"), {}, depth=0),
    "export": lambda: export.from_json("{"),
}


@pytest.mark.parametrize("name", list(TRIGGERS))
def test_real_errors_read_in_chinese_and_in_the_library_s_english(name):
    err = _refusal(TRIGGERS[name])
    zh = explain_in(err, "zh")
    assert has_chinese(zh) and "{" not in zh and zh != str(err), zh
    assert explain_in(err, "en") == str(err)
    if err.column:
        assert f"第 {err.column} 列" in zh
    if err.hint:
        assert "；" in zh


def test_words_inside_messages_are_translated_too():
    crossed = explain_in(_refusal(TRIGGERS["constraint"]), "zh")
    assert crossed == "下斜率（0.5）不能大于上斜率（0.1）"
    attribute = explain_in(_refusal(lambda: formula.parse("x.real")), "zh")
    assert attribute == "不允许使用：属性访问（`.name`）（第 1 列）"
    assert explain_in(_refusal(lambda: formula.parse("2x")), "zh") == "语法错误：数字后面直接跟了名字（第 1 列）；乘积请写成 2*x"


@pytest.mark.parametrize("text", HOSTILE[::3], ids=lambda t: ascii(t)[:30])
def test_hostile_formulas_are_refused_in_chinese(text, monkeypatch):
    monkeypatch.setattr(activation, "derive", lambda *a, **k: pytest.fail("reached differentiation"))
    activation._parse.cache_clear()
    zh = explain_in(_refusal(lambda: formula.parse(text)), "zh")
    assert has_chinese(zh) and "{" not in zh.replace("`{`", ""), zh


def test_other_errors_and_unknown_languages_pass_through():
    plain = ValueError("plain words")
    assert explain_in(plain, "zh") == "plain words"
    err = _refusal(TRIGGERS["dataset"])
    assert explain_in(err, "xx") == str(err)


def test_errors_survive_pickling_with_their_code_fields_and_terms():
    # Formula errors cross a process boundary from the differentiation worker.
    for make in (TRIGGERS["constraint"], TRIGGERS["formula"], TRIGGERS["csv cell"], TRIGGERS["unknown activation"]):
        err = _refusal(make)
        back = pickle.loads(pickle.dumps(err))
        assert type(back) is type(err) and str(back) == str(err)
        assert (back.code, back.column, back.fields, back.hint) == (err.code, err.column, err.fields, err.hint)
        assert explain_in(back, "zh") == explain_in(err, "zh")


def test_the_explorer_says_why_a_function_is_left_out_in_either_language():
    from tests.app.helpers import assert_no_exception, run_app

    crossed = {"fn": "rrelu", "lower": "0.5", "upper": "0.1"}
    at = run_app(query={**crossed, "lang": "zh"})
    assert_no_exception(at)
    assert "RReLU（随机 Leaky ReLU） 未画出：下斜率（0.5）不能大于上斜率（0.1）" in [w.value for w in at.warning]
    at = run_app(query=crossed)
    assert "RReLU is left out: the lower slope (0.5) must not exceed the upper slope (0.1)" in [
        w.value for w in at.warning]
