"""The layers of docs/architecture.md, enforced: who may import whom.

Read from the source with `ast` (nothing is imported), so a rule broken anywhere in a
module, even inside a function, fails here. Code in strings (generated PyTorch snippets)
is not an import and is not read.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
OURS = {"activations", "nets", "figures", "components", "ui", "views", "app"}

# layer -> what it may not import (our packages and the outside ones that mark a layer)
FORBIDDEN = {
    "activations": OURS - {"activations"} | {"streamlit", "plotly", "pandas", "torch"},
    "nets": OURS - {"activations", "nets"} | {"streamlit", "plotly", "pandas"},
    "figures": {"components", "ui", "views", "app", "streamlit"},
    "components": {"activations", "nets", "figures", "views", "app"},
    "ui": {"views", "app"},
    "views": {"app"},
}
# Production code never leans on test tools.
TEST_TOOLS = {"unittest", "pytest", "hypothesis", "mpmath", "playwright"}
# The one pure helper the live control shares with ui/: reading a number from the browser or a link.
ALLOWED_EXTRA = {"components": {"ui.validate"}}


def imports(path: Path) -> set[str]:
    """Dotted names a module imports (relative imports resolved against its package)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = path.relative_to(ROOT).with_suffix("").parts[:-1]
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = ".".join(package[: len(package) - node.level + 1])
                out.add(f"{base}.{node.module}" if node.module else base)
            elif node.module:
                out.add(node.module)
    return out


def modules(layer: str) -> list[Path]:
    return sorted(ROOT.glob(f"{layer}/**/*.py")) if layer != "app" else [ROOT / "app.py"]


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_each_layer_imports_only_what_sits_below_it(layer):
    broken = []
    for path in modules(layer):
        for name in imports(path):
            top = name.split(".")[0]
            if name in ALLOWED_EXTRA.get(layer, ()):
                continue
            if top in FORBIDDEN[layer] or top in TEST_TOOLS:
                broken.append(f"{path.relative_to(ROOT)} imports {name}")
    assert not broken, "\n".join(broken)


def test_the_rules_see_real_imports():
    # The reader must find what is there, or every rule above passes on nothing.
    found = imports(ROOT / "views" / "explorer.py")
    assert {"activations", "components.live_control", "figures", "ui"} <= {n if n != "figures" else n for n in found} | {
        n.split(".")[0] for n in found}
    assert "numpy" in imports(ROOT / "activations" / "core.py")
    assert all(modules(layer) for layer in FORBIDDEN)
