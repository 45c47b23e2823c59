"""Shared fixtures: every test gets its own empty data directory."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO.parent / "shared" / "seeds"


@pytest.fixture(autouse=True)
def data_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point BORDER_MONITOR_DATA at a fresh temporary directory for each test."""
    path = tmp_path_factory.mktemp("bm-data")
    monkeypatch.setenv("BORDER_MONITOR_DATA", str(path))
    return path
