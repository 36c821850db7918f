"""Memory stays bounded however many users vary parameters: every cache in the app has a size limit."""
from __future__ import annotations

import ast
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SKIP = {".venv", "tests", "benchmarks", ".git", "artifacts"}
# Unbounded functools caches allowed, with why they cannot grow with use.
UNBOUNDED_OK = {
    ("ui/i18n.py", "catalogue"): "one entry per language; callers check the code against LANGUAGES first",
}


def app_sources():
    """Every Python file of the app; the skipped folders are not entered (walking .venv took 15 s)."""
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = sorted(d for d in dirs if d not in SKIP and not d.startswith("."))
        for name in sorted(f for f in files if f.endswith(".py")):
            path = Path(folder, name)
            yield path.relative_to(ROOT).as_posix(), ast.parse(path.read_text())


def decorators():
    for rel, tree in app_sources():
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                for dec in node.decorator_list:
                    yield rel, node.name, dec


def name_of(dec: ast.expr) -> str:
    target = dec.func if isinstance(dec, ast.Call) else dec
    return ast.unparse(target)


def kwargs(dec: ast.expr) -> dict[str, ast.expr]:
    return {k.arg: k.value for k in dec.keywords} if isinstance(dec, ast.Call) else {}


def test_every_streamlit_cache_has_max_entries():
    found, missing = [], []
    for rel, fn, dec in decorators():
        if name_of(dec).endswith(("cache_data", "cache_resource")):
            found.append(f"{rel}:{fn}")
            limit = kwargs(dec).get("max_entries")
            if limit is None or not (isinstance(limit, ast.Constant) and isinstance(limit.value, int)):
                missing.append(f"{rel}:{fn}")
    assert found, "the scan found no st.cache_data at all: is it looking at the right files?"
    assert not missing, f"caches without an integer max_entries: {missing}"


def test_functools_caches_are_bounded_or_explained():
    unbounded = []
    for rel, fn, dec in decorators():
        name = name_of(dec)
        if name in ("cache", "functools.cache") or (
                name in ("lru_cache", "functools.lru_cache")
                and isinstance(kwargs(dec).get("maxsize"), ast.Constant) and kwargs(dec)["maxsize"].value is None):
            if (rel, fn) not in UNBOUNDED_OK:
                unbounded.append(f"{rel}:{fn}")
    assert not unbounded, f"unbounded caches: {unbounded}"
