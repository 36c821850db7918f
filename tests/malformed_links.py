"""The malformed-link corpus: every page of app.py opened with links it must survive, with a notice.

tests/app/test_malformed_links.py opens every case in AppTest; tests/e2e/test_malformed_urls.py
opens the cases whose rendering in a browser is the point.
"""
from __future__ import annotations

import ast
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parents[1]
BIG = "A" * 10_000


def app_pages() -> dict[str, str]:
    """url path -> page file, for every st.Page of a file in app.py ("" for the default page)."""
    out = {}
    for call in (n for n in ast.walk(ast.parse((ROOT / "app.py").read_text())) if isinstance(n, ast.Call)):
        if getattr(call.func, "attr", None) == "Page" and call.args and isinstance(call.args[0], ast.Constant):
            file = ast.literal_eval(call.args[0])
            kw = {k.arg: k.value for k in call.keywords}
            default = "default" in kw and ast.literal_eval(kw["default"])
            path = ast.literal_eval(kw["url_path"]) if "url_path" in kw else Path(file).stem
            out["" if default else path] = file
    return out


def q(*pairs: tuple[str, str]) -> str:
    return urlencode(list(pairs), quote_via=quote)


# (query string, words the page's notice must contain). The Explorer reads the link; its notices
# come from ui.pure.url_state, the structural ones from ui.pure.validate via the link guard.
EXPLORER = [
    (q(("fn", "nope")), "Unknown function"),
    (q(("fn", "RELU")), "did you mean relu"),
    (q(("fn", "nope"), ("fn", "tanh")), "Unknown function"),
    (q(*[("fn", f"bad{i}") for i in range(12)]), "more unknown functions"),
    (q(("fn", "<script>alert(1)</script>")), "Unknown function"),
    (q(("fn", "`[click](http://example.com)`")), "Unknown function"),
    (q(("fn", "😀")), "Unknown function"),
    (q(("fn", "激活函数")), "Unknown function"),
    (q(("fn", BIG)), "10,000 characters"),
    (q(*[("fn", "relu")] * 300), "300 times"),
    (q(("fn", "")), "Choose at least one function"),
    (q(("x", "nan"), ("x", "1")), "Input range"),
    (q(("x", "-inf"), ("x", "inf")), "Input range"),
    (q(("x", "1e400"), ("x", "2")), "Input range"),
    (q(("x", "1e308"), ("x", "2")), "Input range"),
    (q(("x", "10"), ("x", "5")), "lower end first"),
    (q(("x", "3"), ("x", "3")), "too narrow"),
    (q(("x", "0"), ("x", "1e-9")), "too narrow"),
    (q(("x", "1"), ("x", "2"), ("x", "3")), "Input range"),
    (q(("x", "1")), "Input range"),
    (q(("x", "")), "Input range"),
    (q(("x", "abc"), ("x", "def")), "Input range"),
    (q(("x", BIG), ("x", "1")), "characters long"),
    (q(*[("x", "1")] * 200), "200 times"),
    (q(("n", "abc")), "Resolution"),
    (q(("n", "1e9")), "Resolution"),
    (q(("n", "-1")), "Resolution"),
    (q(("n", "499.5")), "Resolution"),
    (q(("n", "")), "Resolution"),
    (q(("view", "Grid")), "View"),
    (q(("view", "")), "View"),
    (q(("d2", "maybe")), "d2"),
    (q(("k", "nan")), "slope"),
    (q(("k", "1e308")), "slope"),
    (q(("k", "-5")), "slope"),
    (q(("k", "abc"), ("k", "def")), "slope"),
    (q(("fn", "elu"), ("elu.alpha", "inf")), "ELU"),
    (q(("fn", "relu"), ("elu.alpha", "1")), "not selected"),
    (q(("unknown", "1")), "Unknown link setting"),
    (q(("lang", "klingon")), "does not have"),
    (q(("激活", "1")), "Unknown link setting"),
    (q(("view", "Overlay\x00")), "control characters"),
    (q(("k\n", "1")), "unreadable name"),
    (q(*[(f"p{i}", "1") for i in range(70)]), "70 settings"),
]
# Pages that read no link settings: structural problems and unused keys alike get a notice,
# several at once to keep the visits (the slow part) few.
OTHER = [
    (q(("anything", "1"), ("fn", BIG), *[("x", "nan")] * 150, ("k", "\x07")),
     ("does not use the link setting", "characters long", "150 times", "control characters")),
    (q(("激活函数", "导函数"), ("n", "")), ("does not use the link settings",)),
]
# Pages that read a few keys (the link guard's PAGE_KEYS) add their own cases here.
OWN = {
    "your-own": [(q(("formula", "x" * 1000)), "characters long"),
               (q(("formula", "exp(")), "")],  # the page's own parser explains the error
}


def corpus() -> list[tuple[str, str, tuple[str, ...]]]:
    """(url path, query string, the words the page's notices must contain) for every page."""
    cases = []
    for path in app_pages():
        own = EXPLORER if path == "" else OTHER + OWN.get(path, [])
        cases += [(path, query, (words,) if isinstance(words, str) else words) for query, words in own]
    return cases


CASES = corpus()


def case_id(case: tuple[str, str, tuple[str, ...]]) -> str:
    """A test id that names the page and the case's place in CASES."""
    return f"{case[0] or 'explorer'}-{CASES.index(case)}"
