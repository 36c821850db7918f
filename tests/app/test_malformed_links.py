"""The whole malformed-link corpus (tests/malformed_links.py) against the real pages in AppTest.

Each case opens its page in a fresh session with the link, as a new browser tab would: the page
runs to the end, draws its heading, and its notices (st.warning, st.error...) contain the expected
words without repeating the 10 kB payload anywhere. tests/e2e/test_malformed_urls.py keeps the
cases whose rendering in a browser is the point (markup, control characters, emoji, the payload).
"""
from __future__ import annotations

from urllib.parse import parse_qs

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.helpers import assert_no_exception, run_app, sent_text
from tests.malformed_links import BIG, CASES, app_pages, case_id

ALERTS = ("warning", "error", "info", "success")   # what the browser draws as stAlert
HEADINGS = ("title", "header", "subheader")
# the first Your-own run starts the formula worker (SymPy): 20 s on a loaded 2-core machine
RUN_LIMIT = 90


def open_link(path: str, query: str) -> AppTest:
    """A fresh session at /path?query. AppTest's first run is the default page (the Explorer), so
    another page is opened from a clean Explorer, and the link arrives with the page's first run."""
    link = parse_qs(query, keep_blank_values=True)
    if path == "":
        return run_app(link, timeout=RUN_LIMIT)
    at = run_app(timeout=RUN_LIMIT)
    at.switch_page(app_pages()[path])
    at.query_params.update(link)
    return at.run()


def test_the_corpus_is_large_and_covers_every_page():
    assert len(CASES) >= 40
    assert {path for path, _, _ in CASES} == set(app_pages())


@pytest.mark.parametrize(("path", "query", "words"), CASES, ids=[case_id(c) for c in CASES])
def test_malformed_link_renders_the_page_with_a_notice(path, query, words):
    at = open_link(path, query)
    assert_no_exception(at)
    assert any(at.main.get(kind) for kind in HEADINGS), "the page rendered no heading"
    notices = " ".join(str(a.value) for kind in ALERTS for a in at.get(kind))
    assert notices, f"no notice for ?{query[:80]}"
    for w in words:
        assert w in notices, notices[:500]
    assert BIG[:500] not in sent_text(at), "the page repeated the 10 kB payload"
