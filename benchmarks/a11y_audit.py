"""`python -m benchmarks.a11y_audit [APP_DIR]`: axe-core node counts on every page, the README's table.

Each page opens in English and 简体中文, light and dark, exactly as tests/e2e/test_accessibility.py
opens it; the counts are violation nodes, split into ours and Streamlit's by
tests/e2e/a11y_streamlit_known.toml. APP_DIR (default: this checkout) may be another checkout
of the app, e.g. an older commit exported with `git archive`, to count "before".
Prints one JSON line per audit, then a Markdown table (own serious+critical / own / Streamlit's).
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.e2e.a11y import LANGS, PAGES, SCHEMES, audit, settle
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, ROOT, new_context, served


def count(app_dir: Path) -> dict[tuple[str, str, str], Counter]:
    counts = {}
    with served(app_dir / "app.py") as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for scheme in SCHEMES:
            page = new_context(browser, viewport={"width": 1400, "height": 1000}, color_scheme=scheme).new_page()
            page.set_default_timeout(90_000)
            for lang in LANGS:
                for path in PAGES:
                    page.goto(f"{url}/{path}?lang={lang}")
                    page.locator("h1").first.wait_for()
                    settle(page)
                    findings = audit(page, scheme)
                    c = Counter(own=sum(f.known is None for f in findings),
                                own_severe=sum(f.known is None and f.severe for f in findings),
                                streamlit=sum(f.known is not None for f in findings))
                    counts[path, lang, scheme] = c
                    rules = sorted({f"{f.rule}{'' if f.known is None else '*'}" for f in findings})
                    print(json.dumps({"page": path or "explorer", "lang": lang, "theme": scheme, **c,
                                      "rules": rules}, ensure_ascii=False), flush=True)
        browser.close()
    return counts


def table(counts: dict[tuple[str, str, str], Counter]) -> str:
    heads = [f"{lang} {scheme}" for scheme in SCHEMES for lang in LANGS]
    rows = ["| page | " + " | ".join(heads) + " |", "| --- |" + " --- |" * len(heads)]
    for path in PAGES:
        cells = [counts[path, lang, scheme] for scheme in SCHEMES for lang in LANGS]
        rows.append(f"| /{path} | " + " | ".join(f"{c['own_severe']} / {c['own']} / {c['streamlit']}" for c in cells)
                    + " |")
    return "\n".join(rows)


if __name__ == "__main__":
    print(table(count(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT)))
