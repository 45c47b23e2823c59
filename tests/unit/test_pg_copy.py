"""The PostGIS store reads rows as one COPY stream parsed block by block (geo.stores.pg_copy):
values that look like a null, text spanning lines and block boundaries all read back exactly."""

from __future__ import annotations

import pytest

from geo.model import frame_to_events
from geo.stores import pg_copy
from geo.stores.pg import PostGISStore
from tests.unit.helpers import make_event


def test_text_that_looks_like_null_and_notes_over_several_lines_read_back_across_blocks(
        pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pg_copy, "_PIECE", 4096)  # many pieces
    looks_null = ("NULL", "N/A", "nan", "null", "#N/A")
    events = [make_event(event_id=f"M-{i}", actor1=looks_null[i % len(looks_null)], admin1="NaN",
                         notes=f'line one of {i}\nline two, "quoted", with a comma\r\n\tand a tab' * (1 + i % 7))
              for i in range(300)]
    store = PostGISStore(pg_url)
    assert store.add(events).ok
    assert frame_to_events(store.load()) == events
    assert store.get("M-7") == events[7]


def test_an_empty_postgis_store_loads_an_empty_frame(pg_url: str) -> None:
    frame = PostGISStore(pg_url).load()
    assert len(frame) == 0 and frame.crs is not None and "event_id" in frame.columns
