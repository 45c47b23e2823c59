"""Every filesystem location the project uses, built from ``Path(__file__)``.

The data directory (where the GeoPackage store lives) defaults to ``<repo>/var``
and is overridden by the ``BORDER_MONITOR_DATA`` environment variable. It is
resolved on each call so tests can point it at a temporary directory.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
#: Committed, reviewable data: default dataset, gazetteer, basemap.
DATA_DIR = REPO_ROOT / "data"
DEFAULT_EVENTS = DATA_DIR / "events.geojson"
DEFAULT_SOURCES = DATA_DIR / "sources.csv"
GAZETTEER_CSV = DATA_DIR / "gazetteer.csv"
#: Border-zone places derived by scripts/derive_gazetteer.py (GeoNames cities500 + a hand table).
GAZETTEER_BORDER_CSV = DATA_DIR / "gazetteer_border.csv"
BASEMAP_GEOJSON = DATA_DIR / "basemap.geojson"
#: Reference layers (towns, rivers, province names) derived by scripts/derive_reference.py.
REFERENCE_GEOJSON = DATA_DIR / "reference.geojson"
#: Streamlit serves ``<repo>/static`` at ``/app/static`` (enableStaticServing).
STATIC_DIR = REPO_ROOT / "static"

DATA_ENV = "BORDER_MONITOR_DATA"


def data_home() -> Path:
    """The writable data directory (``$BORDER_MONITOR_DATA`` or ``<repo>/var``)."""
    override = os.environ.get(DATA_ENV)
    path = Path(override).expanduser() if override else REPO_ROOT / "var"
    path.mkdir(parents=True, exist_ok=True)
    return path


def store_path() -> Path:
    """The embedded GeoPackage store inside :func:`data_home`."""
    return data_home() / "border_monitor.gpkg"
