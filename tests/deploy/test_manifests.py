"""The files written from the platforms' documentation (compose, Kubernetes) agree with the tested
nginx template; they are not run here (no container engine or cluster)."""
from __future__ import annotations

import re

import pytest

from deploy.replicas import TEMPLATE, render

DEPLOY = TEMPLATE.parent
PLACEHOLDERS = set(re.findall(r"\$\{(\w+)\}", TEMPLATE.read_text()))


def test_the_template_fills_only_its_placeholders_and_keeps_nginx_variables():
    values = {name: f"<{name}>" for name in PLACEHOLDERS}
    text = render(TEMPLATE.read_text(), **values)
    assert "${" not in text and "<APP_1>" in text
    assert "$cookie_lab_route" in text and "$http_upgrade" in text
    with pytest.raises(ValueError, match="APP_2"):
        render(TEMPLATE.read_text(), **{k: v for k, v in values.items() if k != "APP_2"})


def test_compose_renders_the_same_template_with_a_value_for_each_placeholder():
    compose = (DEPLOY / "compose.yaml").read_text()
    assert set(re.findall(r"\$\$\{(\w+)\}", compose)) == PLACEHOLDERS     # envsubst's list
    env = dict(re.findall(r"(\w+): \"?([^,\"}]+)\"?", compose.split("environment: {")[1].split("}")[0]))
    assert set(env) == PLACEHOLDERS
    # nginx picks the route cookie from the address that answered: the replicas' fixed ones
    for app, name in (("app1", "APP_1"), ("app2", "APP_2")):
        address = re.search(rf"{app}:.*?ipv4_address: ([\d.]+)", compose, re.S).group(1)
        assert env[name] == f"{address}:8501"


def test_kubernetes_probes_the_health_endpoint_and_keeps_sessions_sticky():
    k8s = (DEPLOY / "k8s.yaml").read_text()
    assert "replicas: 2" in k8s
    assert k8s.count("path: /_stcore/health") == 2                      # readiness and liveness
    assert "sessionAffinity: ClientIP" in k8s
    assert "nginx.ingress.kubernetes.io/affinity: cookie" in k8s
    assert "STREAMLIT_SERVER_COOKIE_SECRET" in k8s
