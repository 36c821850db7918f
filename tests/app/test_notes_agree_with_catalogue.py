"""One analysis, one truth: the Explorer's shape note and the Catalogue's row say the same things.

For every registry function, at its defaults and at both ends of every parameter's slider and
bounds, the note is read back into facts (range with its gaps and finite sets, direction,
smoothness, saturation) and compared with the Catalogue row; the facts are then checked against
the function itself, sampled and differenced here (not against the analysis that wrote them).
"""
from __future__ import annotations

import math
import re
from functools import partial

import numpy as np
import pytest

import activations
from tests.app.helpers import assert_no_exception, run_app
from ui import catalogue as cat
from ui import i18n
from ui.pure.shape_notes import shape_note

ENGLISH = partial(i18n.translate, lang="en")
CHINESE = partial(i18n.translate, lang="zh")
CATALOGUE, EXPLORER = "views/catalogue.py", "views/explorer.py"


def parameter_sets(act: activations.Activation) -> list[dict]:
    """Defaults, then each parameter at slider_low, slider_high, low and high (others default)."""
    sets = [act.defaults]
    for p in act.params:
        for v in (p.slider_low, p.slider_high, p.low, p.high):
            s = {**act.defaults, p.name: v}
            try:
                act.resolve(**s)
            except activations.ParameterError:  # an open bound, or a constraint between parameters
                continue
            if s not in sets:
                sets.append(s)
    return sets


CASES = [(a.key, s) for a in activations.all_activations() for s in parameter_sets(a)]
IDS = [f"{k}-" + ",".join(f"{n}={v:g}" for n, v in s.items()) for k, s in CASES]


# -- reading a note back ------------------------------------------------------------------------
def read_note(note: str) -> dict:
    m = re.fullmatch(r"Range (.+) · (\S+) · (.+) · (.+)\.", note)
    assert m, note
    rng, direction, smooth, sat = m.groups()
    smoothness = "discontinuous" if smooth.startswith("discontinuous") else re.search(r"\((C[0-9∞])\)|^(C\d)", smooth)
    if not isinstance(smoothness, str):
        smoothness = smoothness.group(1) or smoothness.group(2)
    if sat.startswith("does not saturate"):
        side = "none"
    else:
        side = {"both sides": "both", "the left": "left", "the right": "right"}[
            re.match(r"saturates on (both sides|the left|the right)", sat).group(1)]
    hard = ", hard" in sat
    return {"range": rng, "direction": direction, "smoothness": smoothness,
            "saturation": f"{side} (hard)" if hard else side}


def _number(text: str) -> float:
    return {"∞": math.inf, "-∞": -math.inf}.get(text, None) or float(text)


def read_range(text: str) -> list[tuple[float, float, bool, bool]]:
    """'(-∞, -0.5) ∪ {0} ∪ (0.5, ∞)' -> [(lo, hi, lo_closed, hi_closed), ...]; a set {a, b} is points."""
    parts = []
    for piece in text.split(" ∪ "):
        if piece.startswith("{"):
            parts += [(_number(v), _number(v), True, True) for v in piece[1:-1].split(", ")]
        else:
            lo, hi = piece[1:-1].split(", ")
            parts.append((_number(lo), _number(hi), piece[0] == "[", piece[-1] == "]"))
    return parts


# -- the function itself, sampled and differenced -----------------------------------------------
def samples(act, params) -> tuple[np.ndarray, np.ndarray]:
    kinks = np.array(act.kinks(**params))
    near = np.concatenate([kinks + d for d in (-1e-7, -1e-9, 0.0, 1e-9, 1e-7)]) if kinks.size else np.array([])
    far = np.geomspace(30, 1e12, 400)
    x = np.unique(np.concatenate([np.linspace(-30, 30, 60001), near, far, -far]))
    with np.errstate(over="ignore", invalid="ignore"):
        return x, act.f(x, **params)


def _close(a: float, b: float) -> bool:
    return a == b or abs(a - b) <= 5e-4 * max(1.0, abs(a), abs(b))  # the text keeps 4 digits


def check_range(parts, x, y) -> None:
    dense = y[(np.abs(x) <= 30) & np.isfinite(y)]   # the evenly spaced part of the samples
    dense_lo, dense_hi = float(dense.min()), float(dense.max())
    y = y[np.isfinite(y)]
    inside = np.zeros(y.shape, dtype=bool)
    for lo, hi, _, _ in parts:
        inside |= ((y >= lo) | np.isclose(y, lo, rtol=5e-4, atol=5e-4)) & ((y <= hi) | np.isclose(y, hi, rtol=5e-4, atol=5e-4))
    assert inside.all(), f"values outside the stated range, e.g. {y[~inside][:5]}"
    for lo, hi, lo_closed, hi_closed in parts:
        if lo == hi:                                     # a point of a finite set (or {0} between gaps)
            assert np.any(np.isclose(y, lo, rtol=5e-4, atol=1e-12)), f"{lo} is never attained"
            continue
        for end, closed in ((lo, lo_closed), (hi, hi_closed)):
            if math.isinf(end):                          # unbounded on that side: samples run off
                assert np.any(y * math.copysign(1, end) > 1e3), f"{end}: f stays bounded"
            elif closed:                                 # attained: some sample is (very nearly) there
                assert np.any(np.isclose(y, end, rtol=5e-4, atol=1e-9)), f"{end} is never attained"
            else:                                        # approached: values come close
                assert np.min(np.abs(y - end)) <= 5e-4 * max(1.0, abs(end)), f"{end} is not approached"
        # no gap inside: the values fill the interval (binary_step's {0, 1} is not [0, 1])
        a, b = max(lo, dense_lo, -20.0), min(hi, dense_hi, 20.0)
        filling = np.sort(np.concatenate([[a, b], y[(y > a) & (y < b)]]))
        assert b < a or np.max(np.diff(filling)) <= 0.05 * min(1.0, b - a), f"a gap inside {lo} … {hi}"


def check_direction(word: str, x, y) -> None:
    steps = np.diff(y[np.isfinite(y)])
    up, down = np.any(steps > 1e-12), np.any(steps < -1e-12)
    if word in ("increasing", "non-decreasing"):
        assert up and not down, word
    elif word in ("decreasing", "non-increasing"):
        assert down and not up, word
    elif word == "non-monotonic":
        assert up and down, word
    else:
        assert word == "constant" and not (up or down)
    # "non-": f stays put on some stretch (50 samples, 0.05 wide); plain: f moves on every step
    # near 0 (far out, a saturating tail may round to a constant: CELU with alpha = 0.1 at -10)
    with np.errstate(invalid="ignore"):  # inf - inf far out (soft exponential)
        still = np.diff(y) == 0

    def flat_within(radius: float) -> bool:
        return np.convolve(still & (np.abs(x[:-1]) < radius), np.ones(50), "valid").max() >= 50
    if word.startswith("non-") and word != "non-monotonic":
        assert flat_within(10.0), word
    if word in ("increasing", "decreasing"):
        assert not flat_within(3.0), word


def _one_sided(act, params, k, order: int, side: int) -> float:
    """Forward/backward difference of f of the given order at k, from one side only."""
    h = {0: 1e-9, 1: 1e-5, 2: 1e-3, 3: 1e-2}[order] * max(1.0, abs(k))
    t = k + side * h * np.arange(1, order + 2)
    v = act.f(t, **params)
    coef = {0: [1], 1: [-1, 1], 2: [1, -2, 1], 3: [-1, 3, -3, 1]}[order]
    return float(np.dot(coef, v)) / (side * h) ** order


def fd_smoothness(act, params) -> str:
    """Continuity order from one-sided finite differences of f at each declared kink."""
    tolerance = {0: 1e-6, 1: 1e-3, 2: 2e-2, 3: 5e-2}
    order = 4
    for k in act.kinks(**params):
        for n in range(order):
            left, right = _one_sided(act, params, k, n, -1), _one_sided(act, params, k, n, 1)
            if abs(right - left) > tolerance[n] * max(1.0, abs(left), abs(right)):
                order = n
                break
    return ("discontinuous", "C0", "C1", "C2", "C∞")[order]


def check_saturation(value: str, act, params) -> None:
    side = value.removesuffix(" (hard)")
    far = np.geomspace(1e6, 1e10, 60)
    for where, sign in (("left", -1), ("right", 1)):
        d = act.df(sign * far, **params)
        if side in (where, "both"):
            assert np.max(np.abs(d[-10:])) <= 1e-6, f"f′ does not go to 0 on the {where}"
            if value.endswith("(hard)"):
                assert np.all(d[-10:] == 0.0)
        else:
            assert np.max(np.abs(d)) > 1e-6, f"f′ goes to 0 on the {where}"


# -- the tests ----------------------------------------------------------------------------------
@pytest.mark.parametrize("key,params", CASES, ids=IDS)
def test_explorer_note_agrees_with_the_catalogue_row_and_with_the_function(key, params):
    act = activations.get(key)
    note = read_note(shape_note(act, params, ENGLISH))
    row = cat.row(act, cat.properties(act, **params))
    assert note["range"] == row["Range"]
    assert note["direction"] == cat.describe_monotonicity(row["Monotonic"], ENGLISH)
    assert note["smoothness"] == row["Smoothness"]
    assert note["saturation"] == row["Saturating"]
    chinese = shape_note(act, params, CHINESE)   # the Chinese page says the same, in its words
    assert chinese.startswith(f"取值范围 {row['Range']} · {cat.describe_monotonicity(row['Monotonic'], CHINESE)} · ")
    # and both are true of the function
    x, y = samples(act, params)
    check_range(read_range(note["range"]), x, y)
    check_direction(note["direction"], x, y)
    assert note["smoothness"] == fd_smoothness(act, params)
    check_saturation(note["saturation"], act, params)


def test_the_contradictions_the_issue_names_are_gone():
    say = ENGLISH
    sinc = read_note(shape_note(activations.get("sinc"), {}, say))
    assert sinc["saturation"] == "both"                      # f′ = cos x / x - sin x / x² → 0
    step = read_note(shape_note(activations.get("binary_step"), {}, say))
    assert step["range"] == "{0, 1}"                          # two values, not the interval 0 … 1
    shrink = read_note(shape_note(activations.get("hardshrink"), {"lambd": 0.5}, say))
    assert read_range(shrink["range"]) == [(-math.inf, -0.5, False, False), (0.0, 0.0, True, True),
                                           (0.5, math.inf, False, False)]   # the gaps kept
    threshold = read_note(shape_note(activations.get("threshold"), {"threshold": -3.0, "value": 0.0}, say))
    assert threshold["direction"] == "non-monotonic"         # typed "monotonic", but it drops from 0 to -3


def test_a_custom_formula_is_analysed_the_same_way():
    from activations import formula  # SymPy is a runtime dependency: a missing module fails, never skips

    act = formula.parse("max(x, 0) + where(x > 1, 1, 0)")
    note = read_note(shape_note(act, {}, ENGLISH))
    row = cat.row(act, cat.properties(act))
    assert (note["range"], note["smoothness"]) == (row["Range"], row["Smoothness"])
    x, y = samples(act, {})
    check_range(read_range(note["range"]), x, y)
    assert note["range"] == "[0, 1] ∪ (2, ∞)" and note["smoothness"] == fd_smoothness(act, {}) == "discontinuous"


SHOWN = ["sinc", "binary_step", "hardshrink", "cos"]


def test_the_pages_themselves_agree():
    """What the Explorer's cards print and what the Catalogue's table shows, on the running app."""
    rows = run_app(page=CATALOGUE).dataframe[0].value.set_index("key")
    at = run_app({"fn": SHOWN}, page=EXPLORER)
    assert_no_exception(at)
    notes = [c.value for c in at.caption if c.value.startswith("Range ")]
    for key in SHOWN:
        row = rows.loc[key]
        head = f"Range {row['Range']} · {row['Monotonic']} · "
        matching = [n for n in notes if n.startswith(head)]
        assert matching, (key, head, notes)
        assert f"({row['Smoothness']})" in matching[0] or row["Smoothness"] == "discontinuous"
    assert rows.loc["cos", "at x"] == "±1.571"
