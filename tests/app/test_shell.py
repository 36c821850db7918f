"""Every page in pages/ is listed in app.py and opens with the app-shell guard."""
from __future__ import annotations

import ast
import re

from tests.app.helpers import ROOT


def test_every_page_is_navigable_and_guarded():
    listed = set(re.findall(r'st\.Page\("(pages/[a-z_]+\.py)"', (ROOT / "app.py").read_text()))
    files = {f"pages/{p.name}" for p in (ROOT / "pages").glob("*.py")}
    assert listed == files
    for name in files:
        tree = ast.parse((ROOT / name).read_text())
        first_call = next(n for n in tree.body if isinstance(n, ast.Expr) and isinstance(n.value, ast.Call))
        assert ast.unparse(first_call) == "require_app()", name
