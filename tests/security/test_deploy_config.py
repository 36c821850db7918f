"""Deployment defaults: .streamlit/config.toml as Streamlit reads it, the Dockerfile and .dockerignore."""
from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())


@pytest.fixture(scope="module")
def effective() -> dict:
    """The options as Streamlit itself resolves them when started from the project folder."""
    code = ("import json; from streamlit import config; config.get_config_options(force_reparse=True); "
            "print(json.dumps({k: config.get_option(k) for k in %r}))")
    keys = ["server.enableXsrfProtection", "server.enableCORS", "browser.gatherUsageStats",
            "client.showErrorDetails", "client.showErrorLinks", "client.toolbarMode", "server.maxMessageSize",
            "server.maxUploadSize", "server.maxWidgetStateSize", "server.maxCacheDataSize",
            "server.enableStaticServing", "server.headless", "runner.magicEnabled"]
    out = subprocess.run([sys.executable, "-c", code % keys], cwd=ROOT, capture_output=True, text=True, check=True)
    import json
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_users_never_see_tracebacks_or_help_links(effective):
    assert effective["client.showErrorDetails"] == "none"
    assert effective["client.showErrorLinks"] is False
    assert effective["client.toolbarMode"] == "minimal"


def test_xsrf_and_cors_protection_stay_on_and_usage_statistics_off(effective):
    assert effective["server.enableXsrfProtection"] is True
    assert effective["server.enableCORS"] is True
    assert effective["browser.gatherUsageStats"] is False
    assert effective["server.enableStaticServing"] is False
    assert effective["server.headless"] is True and effective["runner.magicEnabled"] is False


def test_message_and_state_limits_fit_the_app(effective):
    # The biggest chart (all built-ins at 4,000 points with f'') is ~8.5 MB; the default is 200 MB.
    assert 10 <= effective["server.maxMessageSize"] <= 64
    assert effective["server.maxUploadSize"] == 1             # the Training lab takes CSVs up to 200 kB
    assert 1 <= effective["server.maxWidgetStateSize"] <= 5    # default 25 MB of client-sent state
    assert effective["server.maxCacheDataSize"].lower().endswith("mb")
    assert int(effective["server.maxCacheDataSize"][:-2]) <= 512


def test_every_configured_option_is_one_streamlit_knows():
    from streamlit import config
    config.get_config_options()
    unknown = [name for name in _option_names(CONFIG) if name not in config._config_options]
    assert not unknown


def _option_names(table: dict, prefix: str = "") -> list[str]:
    """Dotted names of every value, through nested sections such as [theme.dark]."""
    names = []
    for key, value in table.items():
        names += _option_names(value, f"{prefix}{key}.") if isinstance(value, dict) else [prefix + key]
    return names


def test_dockerfile_uses_a_slim_base_a_non_root_user_and_the_health_endpoint():
    lines = [ln.strip() for ln in (ROOT / "Dockerfile").read_text().splitlines()
             if ln.strip() and not ln.startswith("#")]
    assert lines[0].startswith("FROM python:") and lines[0].endswith("-slim")
    users = [ln.split()[1] for ln in lines if ln.startswith("USER ")]
    assert users and users[-1] not in ("root", "0")
    health = " ".join(lines[lines.index(next(ln for ln in lines if ln.startswith("HEALTHCHECK"))):])
    assert "/_stcore/health" in health
    assert "requirements-dev" not in "\n".join(lines)       # test tools stay out of the image
    cmd = next(ln for ln in lines if ln.startswith("CMD ["))
    assert "streamlit" in cmd and "app.py" in cmd


def test_dockerignore_keeps_out_tests_venvs_and_secrets_but_not_the_app():
    ignored = {ln.strip() for ln in (ROOT / ".dockerignore").read_text().splitlines() if ln.strip()}
    assert {".venv", ".git", "tests", "artifacts", "benchmarks"} <= ignored
    assert ".streamlit/secrets.toml" in ignored
    for needed in (".streamlit", "app.py", "views", "activations", "figures", "ui", "components"):
        assert needed not in ignored
