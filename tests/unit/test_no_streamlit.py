"""geo/ is a plain library: it never imports streamlit."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO


def test_no_geo_module_imports_streamlit() -> None:
    modules = sorted(p.stem for p in (REPO / "geo").glob("*.py") if p.stem != "__main__")
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module('geo.' + m)\n"
        "print('streamlit' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"
    for path in (REPO / "geo").glob("*.py"):
        assert "import streamlit" not in path.read_text(encoding="utf-8"), path
