"""Visual regression: the default snapshot (1600×1000) compared with the committed reference PNG.

A layout change (a label, the legend or the frame moving, a layer missing)
changes many pixels and fails; the footer's generation time changes a few and
is left out. After an intended change of the map's look, make the references
anew (this one and the dashboard's, ``tests/e2e/test_map_labels_e2e.py``)::

    BM_UPDATE_REFERENCE=1 .venv/bin/python -m pytest -q tests/unit/test_visual_regression.py \
        tests/e2e/test_map_labels_e2e.py
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from geo.briefing.snapshot import render_snapshot
from geo.filters import Filters
from geo.model import events_to_frame
from geo.stores import load_default_events
from tests.conftest import REPO
from tests.support import CHANGED_SHARE, changed_share, compare_with_reference, needs_chromium

REFERENCE = REPO / "tests" / "reference" / "snapshot_default.png"
#: The footer band (its generation time) is left out of the comparison (rows from the bottom).
FOOTER_ROWS = 26


@needs_chromium
def test_default_snapshot_matches_the_reference(tmp_path: Path) -> None:
    out = render_snapshot(events_to_frame(load_default_events()), Filters(), out=tmp_path / "default.png")
    compare_with_reference(out, REFERENCE, skip_bottom=FOOTER_ROWS)


def test_the_comparison_catches_a_moved_label_and_forgives_noise() -> None:
    rng = np.random.default_rng(1)
    base = rng.integers(0, 255, (1000, 1600, 3)).astype(np.int16)
    noisy = np.clip(base + rng.integers(-10, 10, base.shape), 0, 255)
    assert changed_share(base, noisy) == 0
    moved = base.copy()
    moved[400:430, 600:900] = 255 - moved[400:430, 600:900]  # a 300×30 label somewhere else
    assert changed_share(base, moved) > CHANGED_SHARE
