"""The registry's public API and its typed errors."""
from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

import activations


def test_names_are_unique_and_cover_the_essay():
    names = activations.names()
    assert isinstance(names, tuple) and len(names) == len(set(names))
    assert names[:6] == ("sigmoid", "tanh", "hardtanh", "softsign", "relu", "leaky_relu")
    assert "sin" in names
    assert any("decreasing" in activations.get(n).tags for n in names)


def test_unknown_key_suggests_close_names():
    with pytest.raises(activations.UnknownActivationError) as err:
        activations.get("leaky_rel")
    assert isinstance(err.value, KeyError)
    assert "leaky_relu" in str(err.value) and "did you mean" in str(err.value)
    with pytest.raises(KeyError):
        activations.get(None)


@pytest.mark.parametrize("value", [1.0, 0.0, -0.5, float("nan"), float("inf"), "0.1", None, True])
def test_bad_parameter_value_names_parameter_value_and_bounds(value):
    act = activations.get("leaky_relu")
    with pytest.raises(activations.ParameterError) as err:
        act.f(1.0, k=value)
    assert isinstance(err.value, ValueError)
    msg = str(err.value)
    assert "'k'" in msg and "(0, 1)" in msg and repr(value) in msg


def test_unknown_parameter_lists_the_real_ones():
    with pytest.raises(activations.ParameterError, match="no parameter 'alpha'.*k"):
        activations.get("leaky_relu").df(1.0, alpha=2)


def test_open_bounds_accept_values_just_inside():
    act = activations.get("leaky_relu")
    assert act.f(-1.0, k=1e-12) == -1e-12
    assert act.f(-1.0, k=0.999999) == -0.999999


def test_families_cover_the_registry_in_order():
    fam = activations.families()
    assert set(fam) <= set(activations.FAMILIES)
    assert sorted(k for keys in fam.values() for k in keys) == sorted(activations.names())


def test_kinks_follow_parameters():
    act = activations.get("hardtanh")
    assert act.kinks(min_val=-2.0, max_val=0.5) == (-2.0, 0.5)
    assert activations.get("sigmoid").kinks() == ()


def test_core_imports_without_streamlit_or_plotly():
    code = (
        "import sys, activations; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('streamlit', 'plotly')]; "
        "print(len(activations.names())); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) >= 8


def test_nan_in_nan_out_everywhere():
    for act in activations.all_activations():
        out = act.f(np.array([np.nan, 0.5]))
        assert np.isnan(out[0]) and np.isfinite(out[1])
