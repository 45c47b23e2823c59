"""Briefing PDFs: content read back with pypdf, escaping of untrusted text, key figures."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pytest
from pypdf import PdfReader

import geo.cli.exports  # noqa: F401  (registers the brief command)
from geo.briefing.pdf import chronological, key_figures, render_brief
from geo.cli import main
from geo.filters import Filters, apply_filters
from geo.model import empty_frame, events_to_frame
from geo.stores import load_default_events
from tests.conftest import REPO
from tests.support import needs_chromium
from tests.unit.helpers import make_event

ARTIFACTS = REPO / "artifacts" / "exports"
CAVEAT = "UNCLASSIFIED // TEST RENDERING"


def page_texts(path: Path) -> list[str]:
    """Each page's text with whitespace runs folded (table cells wrap)."""
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(path).pages]


def test_key_figures_sum_estimates_and_count_groups() -> None:
    events = events_to_frame([
        make_event(event_id="A", fatalities_low=1, fatalities_best=2, fatalities_high=3),
        make_event(event_id="B", fatalities_low=None, fatalities_best=10, fatalities_high=None, country="Afghanistan"),
        make_event(event_id="C", fatalities_low=4, fatalities_best=None, fatalities_high=None),
        make_event(event_id="D", fatalities_low=None, fatalities_best=None, fatalities_high=None,
                   kind="context", event_type="Strategic developments", sub_event_type="Other"),
    ])
    figures = key_figures(events)
    assert figures.events == 4 and figures.without_fatalities == 1
    assert figures.fatalities == (1 + 10 + 4, 2 + 10 + 4, 3 + 10 + 4)  # a lone figure stands for all three
    assert figures.by_type == [("Battles", 3), ("Strategic developments", 1)]
    assert figures.by_country == [("Tajikistan", 3), ("Afghanistan", 1)]
    assert dict(figures.by_kind) == {"incident": 3, "context": 1}


@needs_chromium
def test_cli_brief_of_the_default_dataset(capsys: pytest.CaptureFixture[str]) -> None:
    frame = events_to_frame(load_default_events())
    window = Filters(date_from=dt.date(2019, 1, 1), date_to=dt.date(2019, 12, 31))
    cited = Counter(s["source_id"] for srcs in apply_filters(frame, window)["sources"] for s in srcs)
    source = cited.most_common(1)[0][0]
    shown = chronological(apply_filters(frame, Filters(date_from=window.date_from, date_to=window.date_to,
                                                       sources=(source,))))
    out = ARTIFACTS / "brief_2019_one_source.pdf"
    status = main(["brief", "--out", str(out), "--from", "2019-01-01", "--to", "2019-12-31", "--source", source,
                   "--title", "Test brief: 2019, one source", "--caveat", CAVEAT])
    assert status == 0 and f"brief of {len(shown)} events" in capsys.readouterr().err
    pages = page_texts(out)
    first, everything = pages[0], " ".join(pages)
    assert "Test brief: 2019, one source" in first
    assert "Time window: 2019-01-01 – 2019-12-31 (UTC days)" in first
    assert f"Filters: source: {source}" in first
    figures = key_figures(shown)
    assert "Key figures" in first and f"Events shown: {len(shown)}" in first
    low, best, high = figures.fatalities
    if figures.without_fatalities < figures.events:
        assert f"Fatalities (low – best – high): {low:,} – {best:,} – {high:,}" in first
    else:
        assert "Fatalities: no figure given for any event" in first
    assert "By event type (map colours):" in first  # the PDF's legend of the map's colours
    for event_type, count in figures.by_type:
        assert f"{event_type}: {count}" in first
    assert len(PdfReader(out).pages[0].images) == 1  # the map
    squeezed = "".join(everything.split())  # long ids wrap inside their table cell
    positions = [squeezed.find(event_id) for event_id in shown["event_id"]]
    assert all(p > len("".join(first.split())) for p in positions), "every shown event has a row after page 1"
    assert positions == sorted(positions), "rows are in date order"
    assert f"Events shown ({len(shown)}), in date order" in everything
    sources_part = squeezed[squeezed.rindex("Sources"):]
    assert source in sources_part and "Reliability" in sources_part
    for number, text in enumerate(pages, start=1):
        assert text.count(CAVEAT) == 2, f"page {number} lacks the caveat at top and bottom"
        assert f"Page {number} of {len(pages)}" in text


def test_untrusted_text_is_printed_not_interpreted(tmp_path: Path) -> None:
    hostile = '<script>alert(1)</script> <font color="red">red</font> & <b>bold</b> <para>'
    event = make_event(notes=hostile, actor1="<i>Unit</i> & Co", location="Хорог <br/>",
                       sources=[{"source_id": "s1", "publisher": "<b>Wire</b>", "title": 'Title "<x>"',
                                 "url": "https://example.org/?a=1&b=2", "reliability": "C", "credibility": 3}])
    out = render_brief(events_to_frame([event]), Filters(), out=tmp_path / "b.pdf", include_map=False,
                       title="Brief <b>not bold</b>", caveat="CAVEAT <i>x</i>")
    text = " ".join(page_texts(out))
    for literal in ("<script>alert(1)</script>", '<font color="red">red</font> & <b>bold</b> <para>',
                    "<i>Unit</i> & Co", "Хорог <br/>", "<b>Wire</b>", 'Title "<x>"',
                    "https://example.org/?a=1&b=2", "Brief <b>not bold</b>", "CAVEAT <i>x</i>"):
        assert literal in text, literal


def test_long_notes_are_shortened_and_many_rows_split_across_pages(tmp_path: Path) -> None:
    events = [make_event(event_id=f"L-{n:02d}", date_start=f"2020-05-{n:02d}", date_end=f"2020-05-{n:02d}",
                         notes="word " * 990) for n in range(1, 29)]
    out = render_brief(events_to_frame(events), Filters(), out=tmp_path / "long.pdf", include_map=False)
    pages = page_texts(out)
    assert len(pages) > 5
    text = " ".join(pages)
    assert text.count("shortened; the data export has the full note") == 28
    assert [m.group(0) for m in re.finditer(r"L-\d\d", text)][:28] == [f"L-{n:02d}" for n in range(1, 29)]


def test_empty_selection_and_bad_map_path(tmp_path: Path) -> None:
    out = render_brief(empty_frame(), Filters(date_from=dt.date(2030, 1, 1)), out=tmp_path / "e.pdf",
                       include_map=False)
    text = " ".join(page_texts(out))
    assert "Events shown: 0" in text and "No events match the filters." in text
    with pytest.raises(ValueError, match=r"map image .*missing\.png does not exist"):
        render_brief(empty_frame(), Filters(), out=tmp_path / "x.pdf", map_png=tmp_path / "missing.png")
