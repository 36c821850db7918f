"""Explorer exports: the CSV holds the registry's values, the snippets recompute the same curves."""
from __future__ import annotations

import csv
import io
from functools import partial

import numpy as np
import pytest
import torch

import activations
from ui import i18n
from ui.pure import export
from ui.pure.shape_notes import shape_note

ALL = activations.all_activations()
ENGLISH = partial(i18n.translate, lang="en")
CHINESE = partial(i18n.translate, lang="zh")


def _selection(seed: int = 0):
    """Every activation, with parameters moved off their defaults where the bounds allow."""
    rng = np.random.default_rng(seed)
    out = []
    for act in ALL:
        for _ in range(20):
            params = {p.name: round(float(rng.uniform(p.slider_low, p.slider_high)), 3) for p in act.params}
            try:
                out.append((act, act.resolve(**params)))
                break
            except activations.ParameterError:
                continue
    return out


def test_csv_columns_are_f_and_df_of_each_function_at_its_parameters():
    sel = [(activations.get("leaky_relu"), {"k": 0.2}), (activations.get("hardtanh"), {"min_val": -0.5, "max_val": 2.0})]
    text = export.curves_csv(sel, -3.0, 3.0, 101)
    rows = list(csv.reader(io.StringIO(text)))
    header, data = rows[0], np.array(rows[1:], dtype=float)
    assert header == ["x", "leaky_relu(k=0.2) f", "leaky_relu(k=0.2) f'",
                      "hardtanh(min_val=-0.5, max_val=2) f", "hardtanh(min_val=-0.5, max_val=2) f'"]
    x = data[:, 0]
    assert {-0.5, 0.0, 2.0} <= set(x)                        # every kink is a row
    np.testing.assert_allclose(data[:, 1], np.where(x >= 0, x, 0.2 * x), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(data[:, 2], np.where(x > 0, 1.0, 0.2))
    np.testing.assert_allclose(data[:, 3], np.clip(x, -0.5, 2.0), rtol=1e-9, atol=1e-12)


def test_csv_second_derivative_column_when_asked():
    text = export.curves_csv([(activations.get("tanh"), {})], -1.0, 1.0, 11, second=True)
    header = text.splitlines()[0].split(",")
    data = np.loadtxt(io.StringIO(text), delimiter=",", skiprows=1)
    assert header[-1] == "tanh f''"
    np.testing.assert_allclose(data[:, 3], -2 * np.tanh(data[:, 0]) / np.cosh(data[:, 0]) ** 2, rtol=1e-8, atol=1e-12)


def _read_back(text: str) -> tuple[list[str], np.ndarray]:
    """The CSV parsed with the csv module and float(), nothing of ui.pure.export's."""
    rows = list(csv.reader(io.StringIO(text)))
    return rows[0], np.array([[float(cell) for cell in row] for row in rows[1:]], dtype=np.float64)


def _bits(a: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(a, dtype=np.float64).view(np.uint64)


def test_csv_round_trips_every_float64_bit_for_bit_at_a_narrow_range():
    """19.999999 … 20 in 1,000 points: %.10g wrote 101 distinct x; every x must survive, and every
    f, f′, f″ must read back as the very float64 the core returned."""
    sel = [(activations.get(k), activations.get(k).defaults) for k in ("gelu", "mish", "softplus", "sinc")]
    _, data = _read_back(export.curves_csv(sel, 19.999999, 20.0, 1000, second=True))
    x = data[:, 0]
    assert np.unique(x).size == 1000
    assert np.array_equal(_bits(x), _bits(np.linspace(19.999999, 20.0, 1000)))
    for i, (act, params) in enumerate(sel):
        for j, fn in enumerate((act.f, act.df, act.d2f)):
            with np.errstate(all="ignore"):
                want = fn(x, **params)
            assert np.array_equal(_bits(data[:, 1 + 3 * i + j]), _bits(want)), (act.key, j)


@pytest.mark.parametrize("lo,hi,n", [(-4.0, 4.0, 401), (-1e-300, 1e-300, 7), (-30.0, 30.0, 1001)])
def test_csv_round_trips_every_registry_function_kinks_tails_and_tiny_values(lo, hi, n):
    sel = _selection(2)
    header, data = _read_back(export.curves_csv(sel, lo, hi, n, second=True))
    x = data[:, 0]
    assert len(header) == 1 + 3 * len(sel) and data.shape == (len(x), len(header))
    for i, (act, params) in enumerate(sel):
        for j, fn in enumerate((act.f, act.df, act.d2f)):
            with np.errstate(all="ignore"):
                want = fn(x, **params)
            got = data[:, 1 + 3 * i + j]
            same = (_bits(got) == _bits(want)) | (np.isnan(got) & np.isnan(want))
            assert same.all(), (act.key, j, x[~same][:3], got[~same][:3], want[~same][:3])


def test_numpy_snippet_recomputes_every_curve():
    sel = _selection()
    ns: dict = {}
    exec(export.numpy_snippet(sel, -4.0, 4.0, 401, say=ENGLISH), ns)   # noqa: S102 - our own generated code
    x = ns["x"]
    for act, params in sel:
        y, dy = ns["curves"][act.key]
        np.testing.assert_allclose(y, act.f(x, **params), rtol=1e-12, atol=1e-12, err_msg=act.key)
        # central differences agree with the analytic f' away from kinks
        far = np.ones_like(x, dtype=bool)
        for c in act.kinks(**params):
            far &= np.abs(x - c) > 0.1
        far[[0, -1]] = False
        np.testing.assert_allclose(dy[far], act.df(x[far], **params), rtol=0.05, atol=0.02, err_msg=act.key)


def test_torch_snippet_recomputes_every_curve_and_its_autograd_derivative():
    sel = _selection(1)
    ns: dict = {}
    exec(export.torch_snippet(sel, -4.0, 4.0, 401, say=ENGLISH), ns)   # noqa: S102
    x = ns["x"].detach().numpy()
    for act, params in sel:
        y, dy = (t.numpy() for t in ns["curves"][act.key])
        np.testing.assert_allclose(y, act.f(x, **params), rtol=1e-9, atol=1e-12, err_msg=act.key)
        # the registry's f' follows autograd, kinks included (PyTorch keeps some constants in float32)
        np.testing.assert_allclose(dy, act.df(x, **params), rtol=1e-6, atol=1e-9, err_msg=act.key)
    assert isinstance(ns["curves"][sel[0][0].key][0], torch.Tensor)


def test_snippet_functions_cannot_clash_on_parameter_names():
    sel = [(activations.get("elu"), {"alpha": 0.5}), (activations.get("celu"), {"alpha": 2.0})]
    code = export.numpy_snippet(sel, -2.0, 2.0, 5, say=ENGLISH)
    assert "def elu(x, alpha=0.5):" in code and "def celu(x, alpha=2.0):" in code


def test_shape_notes_read_the_function():
    """The note's facts against the function itself: sigmoid's limits, sin's turns, ReLU's corner."""
    en = {k: shape_note(activations.get(k), {}, ENGLISH) for k in ("sigmoid", "relu", "sin", "leaky_relu")}
    assert en["sigmoid"] == ("Range (0, 1) · increasing · smooth (C∞) · "
                             "saturates on both sides (f′ → 0 as x → ±∞).")
    assert en["relu"].startswith("Range [0, ∞) · non-decreasing · continuous with a corner (C0)")
    assert "non-monotonic" in en["sin"] and "Range [-1, 1]" in en["sin"]
    assert en["leaky_relu"].endswith("does not saturate.")


def test_shape_note_in_chinese_keeps_the_numbers():
    sigmoid = activations.get("sigmoid")
    en, zh = shape_note(sigmoid, {}, ENGLISH), shape_note(sigmoid, {}, CHINESE)
    assert en.startswith("Range (0, 1) · increasing") and "saturates" in en
    assert zh.startswith("取值范围 (0, 1) · 递增") and "饱和" in zh


def test_chinese_snippets_still_run():
    sel = [(activations.get("relu"), {}), (activations.get("binary_step"), {})]
    for build in (export.numpy_snippet, export.torch_snippet):
        code = build(sel, -1.0, 1.0, 5, say=CHINESE)
        assert any("\u4e00" <= ch <= "\u9fff" for ch in code)
        ns: dict = {}
        exec(code, ns)   # noqa: S102 - our own generated code
        assert set(ns["curves"]) == {"relu", "binary_step"}
