"""Briefing output: map PNG snapshots, the PDF brief and the summary tables.

:func:`render_snapshot` (headless Chromium, local files only) draws the
dashboard map with a print overlay; :func:`render_brief` lays out the A4 PDF
(map, :func:`key_figures`, events, sources); :func:`timeline_table`,
:func:`events_table` and :func:`sources_table` are the tables the pages and the
brief share.
"""

from geo.briefing.furniture import FRAMEABLE, frame_bounds, pad_frame
from geo.briefing.pdf import MAP_PIXELS, key_figures, render_brief
from geo.briefing.snapshot import (
    DEFAULT_TITLE,
    MAX_LABEL,
    SnapshotError,
    describe_filters,
    describe_window,
    generated_at,
    parse_size,
    render_snapshot,
)
from geo.briefing.summaries import (
    SOURCE_COLUMNS,
    Measure,
    TimeUnit,
    combine_catalogues,
    events_table,
    source_catalogue,
    source_event_counts,
    source_label,
    sources_table,
    timeline_table,
)

__all__ = [
    "DEFAULT_TITLE",
    "FRAMEABLE",
    "MAP_PIXELS",
    "MAX_LABEL",
    "SOURCE_COLUMNS",
    "Measure",
    "SnapshotError",
    "TimeUnit",
    "combine_catalogues",
    "describe_filters",
    "describe_window",
    "events_table",
    "frame_bounds",
    "generated_at",
    "key_figures",
    "pad_frame",
    "parse_size",
    "render_brief",
    "render_snapshot",
    "source_catalogue",
    "source_event_counts",
    "source_label",
    "sources_table",
    "timeline_table",
]
