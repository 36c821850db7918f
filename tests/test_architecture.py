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
ALLOWED_EXTRA = {"components": {"ui.pure.validate"}}

# Inside the core: the registry (activations/*.py) is the base, and the two subpackages build on it
# apart, so `import activations` stays NumPy/SciPy and only the formula engine brings in SymPy.
CORE_PARTS = {
    "activations/*.py": {"activations.analysis", "activations.formula", "sympy"},
    "activations/analysis/*.py": {"activations.formula", "sympy"},
    "activations/formula/*.py": {"activations.analysis"},
}
# A subpackage is entered through its __init__; its modules are private to it. Tests and
# benchmarks are white-box and may reach in; production code may not.
PACKAGES = ("activations.analysis", "activations.formula")
# ui/pure/ is the UI's logic without a session: no Streamlit, and none of ui/'s glue modules.
UI_PURE_FORBIDS = {"streamlit", "components", "views", "app"}


def imports(path: Path, names: bool = False) -> set[str]:
    """Dotted names a module imports (relative imports resolved against its package); with `names`
    also `m.n` for each `from m import n`, as n may be a module (`from activations.formula import derive`)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = path.relative_to(ROOT).with_suffix("").parts[:-1]
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = ".".join(package[: len(package) - node.level + 1])
                module = f"{base}.{node.module}" if node.module else base
            elif node.module:
                module = node.module
            else:
                continue
            out.add(module)
            if names:
                out |= {f"{module}.{alias.name}" for alias in node.names}
    return out


def _parents(name: str) -> list[str]:
    """"a.b.c" -> ["a", "a.b"]: the packages a dotted name sits in."""
    parts = name.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


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


@pytest.mark.parametrize("part", sorted(CORE_PARTS))
def test_inside_the_core_the_registry_is_the_base(part):
    broken = [f"{path.relative_to(ROOT)} imports {name}" for path in sorted(ROOT.glob(part))
              for name in imports(path, names=True) if {name, *_parents(name)} & CORE_PARTS[part]]
    assert not broken, "\n".join(broken)


@pytest.mark.parametrize("package", PACKAGES)
def test_a_core_subpackage_is_entered_only_through_its_init(package):
    home = ROOT.joinpath(*package.split("."))
    private = {p.stem for p in home.glob("*.py") if p.stem != "__init__"}
    broken = [f"{path.relative_to(ROOT)} imports {name}"
              for layer in [*FORBIDDEN, "app"] for path in modules(layer) if home not in path.parents
              for name in imports(path, names=True)
              if name.startswith(package + ".") and name[len(package) + 1:].split(".")[0] in private]
    assert not broken, "\n".join(broken)


def test_ui_pure_helpers_need_no_streamlit_session():
    broken = [f"{path.relative_to(ROOT)} imports {name}" for path in sorted((ROOT / "ui" / "pure").glob("*.py"))
              for name in imports(path, names=True)
              if name.split(".")[0] in UI_PURE_FORBIDS or (name.startswith("ui.") and not name.startswith("ui.pure"))]
    assert not broken, "\n".join(broken)


def test_the_rules_see_real_imports():
    # The reader must find what is there, or every rule above passes on nothing.
    found = imports(ROOT / "views" / "explorer.py")
    assert {"activations", "components.live_control", "figures", "ui"} <= {n if n != "figures" else n for n in found} | {
        n.split(".")[0] for n in found}
    assert "numpy" in imports(ROOT / "activations" / "core.py")
    assert "activations.formula.derive" in imports(ROOT / "tests" / "core" / "slow_steps.py", names=True)
    assert {ROOT / "activations" / "formula" / "worker.py", ROOT / "activations" / "analysis" / "sampling.py"} <= set(
        modules("activations"))
    assert all(list(ROOT.glob(part)) for part in CORE_PARTS)
    assert all(modules(layer) for layer in FORBIDDEN)
    assert "ui.pure.validate.number" in imports(ROOT / "ui" / "pure" / "url_state.py", names=True)
