"""Every hostile file is refused with one clear line and leaves the store byte-identical.

The files come from ``tests/fuzz/make_hostile.py`` (deterministic). Each is imported
with ``python -m geo import`` run in-process against a GeoPackage store that already
holds events; the store file's bytes are compared before and after.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from geo.cli import main
from geo.stores import GeoPackageStore
from tests.fuzz.make_hostile import GENERATORS, write_hostile_files
from tests.unit.helpers import make_event

FORMAT_OPTION = {"geojson": "auto", "csv": "csv", "kml": "kml", "acled": "acled", "ucdp": "ucdp"}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    return write_hostile_files(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> GeoPackageStore:
    folder = tmp_path_factory.mktemp("store")
    gpkg = GeoPackageStore(folder / "events.gpkg")
    gpkg.add([make_event(), make_event(event_id="T-2", date_start="2021-01-01", date_end="2021-01-01")])
    return gpkg


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_generator_makes_at_least_300_files_of_every_format(hostile: dict[str, list[Path]]) -> None:
    assert set(hostile) == set(GENERATORS)
    assert sum(len(paths) for paths in hostile.values()) >= 300
    assert all(len(paths) >= 40 for paths in hostile.values())


@pytest.mark.parametrize("fmt", sorted(GENERATORS))
def test_every_hostile_file_is_refused_with_one_clear_line_and_the_store_is_untouched(
        fmt: str, hostile: dict[str, list[Path]], store: GeoPackageStore, capsys: pytest.CaptureFixture[str]) -> None:
    before = digest(store.path)
    siblings = sorted(p.name for p in store.path.parent.iterdir())
    accepted, unclear = [], []
    for path in hostile[fmt]:
        status = main(["--store", str(store.path), "import", "--format", FORMAT_OPTION[fmt], str(path)])
        err = capsys.readouterr().err
        error_lines = [line for line in err.splitlines() if line.startswith("error: ")]
        if status != 1:
            accepted.append(path.name)
        if len(error_lines) != 1 or "Traceback" in err or any(len(line) > 2000 for line in err.splitlines()):
            unclear.append((path.name, err[-300:]))
    assert accepted == [], f"imported although hostile: {accepted}"
    assert unclear == []
    assert digest(store.path) == before
    assert sorted(p.name for p in store.path.parent.iterdir()) == siblings, "a temp file was left behind"
