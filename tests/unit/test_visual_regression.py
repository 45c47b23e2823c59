"""Visual regression: the default snapshot (1600×1000) compared with the committed reference PNG.

A layout change (a label, the legend or the frame moving, a layer missing)
changes many pixels and fails; the footer's generation time changes a few and
passes. After an intended change of the map's look, make the reference anew::

    BM_UPDATE_REFERENCE=1 .venv/bin/python -m pytest -q tests/unit/test_visual_regression.py
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
from PIL import Image

from geo.briefing.snapshot import render_snapshot
from geo.filters import Filters
from geo.model import events_to_frame
from geo.stores import load_default_events
from tests.conftest import REPO
from tests.support import needs_chromium

REFERENCE = REPO / "tests" / "reference" / "snapshot_default.png"
#: Channel difference above which a pixel counts as changed, and the share of changed pixels allowed.
PIXEL_TOLERANCE, CHANGED_SHARE = 48, 0.004
#: The footer band (its generation time) is left out of the comparison (rows from the bottom).
FOOTER_ROWS = 26


def pixels(path: Path) -> np.ndarray:
    with Image.open(path) as image:
        return np.asarray(image.convert("RGB"), dtype=np.int16)


def changed_share(a: np.ndarray, b: np.ndarray) -> float:
    """Share of pixels (footer left out) whose largest channel difference exceeds PIXEL_TOLERANCE."""
    diff = np.abs(a[:-FOOTER_ROWS] - b[:-FOOTER_ROWS]).max(axis=2)
    return float((diff > PIXEL_TOLERANCE).mean())


@needs_chromium
def test_default_snapshot_matches_the_reference(tmp_path: Path) -> None:
    out = render_snapshot(events_to_frame(load_default_events()), Filters(), out=tmp_path / "default.png")
    if os.environ.get("BM_UPDATE_REFERENCE") == "1":
        REFERENCE.parent.mkdir(parents=True, exist_ok=True)
        REFERENCE.write_bytes(out.read_bytes())
    new, ref = pixels(out), pixels(REFERENCE)
    assert new.shape == ref.shape == (1000, 1600, 3)
    share = changed_share(new, ref)
    assert share <= CHANGED_SHARE, f"{share:.2%} of the pixels changed (see {out}); reference {REFERENCE}"


def test_the_comparison_catches_a_moved_label_and_forgives_noise() -> None:
    rng = np.random.default_rng(1)
    base = rng.integers(0, 255, (1000, 1600, 3)).astype(np.int16)
    noisy = np.clip(base + rng.integers(-10, 10, base.shape), 0, 255)
    assert changed_share(base, noisy) == 0
    moved = base.copy()
    moved[400:430, 600:900] = 255 - moved[400:430, 600:900]  # a 300×30 label somewhere else
    assert changed_share(base, moved) > CHANGED_SHARE
