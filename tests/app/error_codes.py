"""Every error code and Term the library writes, read from its source: a code and its English
template are always two adjacent string literals, `SomeError("code", "template", ...)`,
`super().__init__("code", "template", ...)` inside an error class, or `Term("code", "template")`."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("activations", "nets")


def _callee(node: ast.Call) -> str:
    f = node.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""


def _literal_pair(node: ast.Call) -> tuple[str, str] | None:
    if len(node.args) >= 2 and all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in node.args[:2]):
        return node.args[0].value, node.args[1].value
    return None


def collect() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """({error code: {templates}}, {term code: {templates}}) over both packages."""
    errors: dict[str, set[str]] = {}
    terms: dict[str, set[str]] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(), str(path))):
                if not isinstance(node, ast.Call) or (pair := _literal_pair(node)) is None:
                    continue
                name = _callee(node)
                if name == "Term":
                    terms.setdefault(pair[0], set()).add(pair[1])
                elif name.endswith("Error") or name == "__init__":
                    errors.setdefault(pair[0], set()).add(pair[1])
    return errors, terms
