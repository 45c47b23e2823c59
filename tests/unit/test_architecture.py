"""The layout of the code: geo/ by capability, layers that only import downwards.

``docs/ARCHITECTURE.md`` draws the same picture; a new dependency between
capabilities is a design decision, so it must be added to :data:`ALLOWED` (and the
picture) on purpose rather than slip in.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import REPO

GEO = REPO / "geo"
#: Which geo capabilities each part may import (top-level modules count as capabilities).
ALLOWED: dict[str, set[str]] = {
    "paths": set(),
    "model": set(),
    "filters": {"model"},
    "places": {"model", "paths"},
    "stores": {"model", "paths"},
    "accounts": {"paths"},
    "extraction": {"model", "places"},
    "map": {"model", "paths", "places"},
    "briefing": {"model", "filters", "map", "places"},
    "exchange": {"model", "filters", "map", "places", "stores", "briefing"},
    "query": {"model", "filters", "map", "stores", "briefing"},
    "cli": {"model", "filters", "map", "places", "stores", "briefing", "exchange", "extraction", "accounts", "paths",
            "query"},
}
SUBPACKAGES = {"model", "stores", "places", "extraction", "map", "exchange", "briefing", "accounts", "cli", "query"}


def imported_modules(path: Path) -> list[str]:
    """Absolute module names a source file imports (``from x import y`` gives ``x``)."""
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
        elif isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
    return names


def capability_of(path: Path) -> str:
    rel = path.relative_to(GEO).parts
    return rel[0] if len(rel) > 1 else rel[0].removesuffix(".py")


def test_geo_is_a_few_modules_and_a_package_per_capability() -> None:
    modules = sorted(p.name for p in GEO.glob("*.py"))
    packages = sorted(p.name for p in GEO.iterdir() if (p / "__init__.py").exists())
    assert len(modules) <= 12, modules
    assert set(packages) == SUBPACKAGES
    prefixed = [m for m in modules if m.startswith(("extract_", "store_", "cli_", "accounts_"))]
    assert prefixed == []


@pytest.mark.parametrize("package", sorted(SUBPACKAGES))
def test_each_capability_states_what_it_is_and_exports_its_api(package: str) -> None:
    init = GEO / package / "__init__.py"
    tree = ast.parse(init.read_text(encoding="utf-8"))
    doc = ast.get_docstring(tree)
    assert doc and len(doc.split()) >= 15, f"geo/{package}/__init__.py needs a docstring saying what it is"
    exported = [n for n in tree.body if isinstance(n, ast.Assign) and any(
        isinstance(t, ast.Name) and t.id == "__all__" for t in n.targets)]
    assert exported, f"geo/{package}/__init__.py has no __all__"
    module = __import__(f"geo.{package}", fromlist=["__all__"])
    missing = [name for name in module.__all__ if not hasattr(module, name)]
    assert missing == []


def test_capabilities_import_only_the_layers_below_them() -> None:
    offences = []
    for path in sorted(GEO.rglob("*.py")):
        me = capability_of(path)
        if me in {"__init__", "__main__"}:
            continue
        for name in imported_modules(path):
            parts = name.split(".")
            if parts[0] in {"streamlit", "ui", "pages"}:
                offences.append(f"{path.relative_to(REPO)} imports {name}")
            elif parts[0] == "geo" and len(parts) > 1 and parts[1] != me and parts[1] not in ALLOWED[me]:
                offences.append(f"{path.relative_to(REPO)} ({me}) imports {name}")
    assert offences == []


def test_callers_use_a_capability_through_its_package_not_its_modules() -> None:
    """Outside geo/X/, code imports ``geo.X``, never ``geo.X.module`` (tests may reach inside)."""
    callers = [*GEO.rglob("*.py"), *(REPO / "ui").glob("*.py"), *(REPO / "pages").glob("*.py"),
               *(REPO / "scripts").glob("*.py"), REPO / "app.py"]
    offences = []
    for path in callers:
        inside = capability_of(path) if path.is_relative_to(GEO) else None
        for name in imported_modules(path):
            parts = name.split(".")
            if parts[0] == "geo" and len(parts) > 2 and parts[1] in SUBPACKAGES and parts[1] != inside:
                offences.append(f"{path.relative_to(REPO)} imports {name}")
    assert offences == []


def test_ui_never_imports_pages() -> None:
    offences = [f"{p.relative_to(REPO)} imports {n}" for p in (REPO / "ui").glob("*.py")
                for n in imported_modules(p) if n.split(".")[0] == "pages"]
    assert offences == []
