"""geo/ is a plain library: it never imports streamlit."""

from __future__ import annotations

import pkgutil
import re
import subprocess
import sys

from tests.conftest import REPO

GEO = REPO / "geo"


def geo_modules() -> list[str]:
    """Every module under geo/ (sub-packages included), except the CLI entry point."""
    found = pkgutil.walk_packages([str(GEO)], prefix="geo.")
    return sorted(m.name for m in found if not m.name.endswith("__main__"))


def test_importing_every_geo_module_does_not_load_streamlit() -> None:
    modules = geo_modules()
    assert {"geo.model.schema", "geo.stores.factory", "geo.exchange.files", "geo.cli.core"} <= set(modules)
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'streamlit'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_no_geo_source_file_mentions_a_streamlit_import() -> None:
    pattern = re.compile(r"^\s*(import|from)\s+streamlit\b", re.MULTILINE)
    offenders = [str(p.relative_to(REPO)) for p in GEO.rglob("*.py")
                 if pattern.search(p.read_text(encoding="utf-8"))]
    assert offenders == []
