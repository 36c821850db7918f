"""axe-core on a page of the app: what it finds, each finding marked ours or Streamlit's.

Used by tests/e2e/test_accessibility.py and benchmarks/a11y_audit.py (the README's table).
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe

from tests.e2e.conftest import wait_idle
from tests.malformed_links import app_pages

SCHEMES = ("light", "dark")     # the colour scheme the browser prefers picks the theme
LANGS = ("en", "zh")
PAGES = sorted(app_pages())    # url paths, "" for the Explorer
KNOWN_FILE = Path(__file__).with_name("a11y_streamlit_known.toml")
KNOWN = tomllib.loads(KNOWN_FILE.read_text())["known"]
# WCAG 2.0 and 2.1, A and AA; best-practice adds heading-order and empty-table-header.
OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
           "resultTypes": ["violations"]}
SEVERE = ("serious", "critical")

# Drawn: no element waits for its code (a skeleton), every live control and Plotly chart has painted,
# every data frame has built its table.
SETTLED_JS = """() => !document.querySelector("[data-testid^='stSkeleton'], [data-testid='stAppSkeleton']")
  && [...document.querySelectorAll('.live-control')].every(c => c.hasAttribute('data-draws'))
  && [...document.querySelectorAll("[data-testid='stPlotlyChart']")].every(c => c.querySelector('.main-svg'))
  && [...document.querySelectorAll("[data-testid='stDataFrame']")].every(d => d.querySelector('table'))"""
INSIDE_JS = "([target, within]) => !!document.querySelector(target)?.closest(within)"

_axe = Axe()


@dataclass(frozen=True)
class Finding:
    rule: str
    impact: str
    target: str
    html: str
    summary: str
    known: int | None     # index of the matching entry of a11y_streamlit_known.toml, None if ours

    @property
    def severe(self) -> bool:
        return self.impact in SEVERE

    def __str__(self) -> str:
        return f"{self.rule} ({self.impact}) at {self.target}: {self.html[:160]}\n    {self.summary[:300]}"


def settle(page, timeout: float = 90_000) -> None:
    """Wait for the script to finish and for everything it sent to be drawn."""
    wait_idle(page, timeout=timeout)
    page.wait_for_function(SETTLED_JS, timeout=timeout)


def audit(page, theme: str) -> list[Finding]:
    """axe-core's violations on the page as it is now, one Finding per node."""
    response = _axe.run(page, options=OPTIONS).response
    findings = []
    for violation in response["violations"]:
        for node in violation["nodes"]:
            target = node["target"][0]
            findings.append(Finding(violation["id"], node.get("impact") or violation["impact"], target, node["html"],
                                    node.get("failureSummary", ""), _known(page, violation["id"], target, theme)))
    return findings


def _known(page, rule: str, target: str, theme: str) -> int | None:
    for i, entry in enumerate(KNOWN):
        if entry["rule"] == rule and theme in entry.get("themes", [theme]) and page.evaluate(
                INSIDE_JS, [target, entry["within"]]):
            return i
    return None
