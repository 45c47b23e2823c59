"""Briefing PDFs: the map, key figures, the events shown and their sources.

:func:`render_brief` writes an A4 landscape PDF with ReportLab:

1. the title, time window and active filters, the map image
   (:func:`geo.briefing.snapshot.render_snapshot`, or a PNG you pass) and the key
   figures: events, fatalities low – best – high, counts by event type
   (coloured as on the map, so it doubles as a legend), by kind and by country;
2. a chronological table of the events shown, each with its sources and their
   Admiralty ratings;
3. the source list (publisher, title, date, URL, reliability).

The handling caveat, if any, is printed at the top and bottom of every page,
with page numbers and the generation time (UTC). All data text is escaped
before it reaches ReportLab's paragraph markup, so a note containing ``<`` or
``<font>`` is printed as written and never interpreted.
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import geopandas as gpd
import matplotlib
import pandas as pd
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Image, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from geo.briefing.snapshot import (
    DEFAULT_TITLE,
    attribution_text,
    check_label,
    describe_filters,
    describe_window,
    generated_at,
    render_snapshot,
)
from geo.briefing.summaries import source_catalogue
from geo.filters import Filters
from geo.map import LAYERS, format_estimate, format_when, type_colour
from geo.model import atomic_path

PAGE = landscape(A4)
MARGIN = 14 * mm
#: Longest note printed in the events table (characters); the exports carry the full text.
MAX_NOTE_CHARS = 1200
#: Size (pixels) and pixels per CSS pixel of the map rendered for the brief: the print snapshot, a
#: 1600 x 1000 view at 2x (a smaller view would cut the legend in the side panel), so that printed
#: about 20 cm wide its labels and legend stay readable.
MAP_PIXELS, MAP_SCALE = (3200, 2000), 2
FONT, BOLD = "BMSans", "BMSans-Bold"


@cache
def _register_fonts() -> None:
    """DejaVu Sans (shipped with matplotlib) so Cyrillic, Dari and Pashto names print."""
    fonts = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    pdfmetrics.registerFont(TTFont(FONT, str(fonts / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(fonts / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)


def _styles() -> dict[str, ParagraphStyle]:
    _register_fonts()
    base = ParagraphStyle("body", fontName=FONT, fontSize=8.5, leading=10.5, alignment=TA_LEFT)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=7.5, leading=9),
        "cell": ParagraphStyle("cell", parent=base, fontSize=7.2, leading=8.6),
        "head": ParagraphStyle("head", parent=base, fontName=BOLD, fontSize=7.5, leading=9,
                               textColor=colors.white),
        "title": ParagraphStyle("title", parent=base, fontName=BOLD, fontSize=17, leading=21),
        "h2": ParagraphStyle("h2", parent=base, fontName=BOLD, fontSize=12, leading=15, spaceBefore=4,
                             spaceAfter=4),
    }


def text(value: Any) -> str:
    """Data text made safe for ReportLab paragraph markup (``<``, ``>``, ``&`` escaped)."""
    if value is None or (not isinstance(value, list | dict) and pd.isna(value)):
        return ""
    return escape(str(value))


# -- figures ------------------------------------------------------------------------------


@dataclass(frozen=True)
class KeyFigures:
    """Totals for the events shown.

    Fatality sums follow UCDP practice (sum of each estimate). An event with
    only some estimates contributes its best figure (or, failing that, the
    nearest one given) to the missing ones, so low <= best <= high holds for
    the sums; events with no figure at all are counted in ``without_fatalities``.
    """

    events: int
    fatalities: tuple[int, int, int]
    without_fatalities: int
    by_type: list[tuple[str, int]]
    by_kind: list[tuple[str, int]]
    by_country: list[tuple[str, int]]


def key_figures(gdf: gpd.GeoDataFrame) -> KeyFigures:
    """Event count, fatality sums (low, best, high) and counts by type, kind and country."""
    sums = [0, 0, 0]
    missing = 0
    for low, best, high in zip(gdf["fatalities_low"], gdf["fatalities_best"], gdf["fatalities_high"],
                               strict=True):
        given = [None if pd.isna(v) else int(v) for v in (low, best, high)]
        if all(v is None for v in given):
            missing += 1
            continue
        middle = given[1] if given[1] is not None else next(v for v in given if v is not None)
        filled = [middle if v is None else v for v in given]
        sums = [a + b for a, b in zip(sums, filled, strict=True)]

    def counts(column: str) -> list[tuple[str, int]]:
        return [(str(k), int(n)) for k, n in Counter(gdf[column].dropna()).most_common()]

    return KeyFigures(len(gdf), (sums[0], sums[1], sums[2]), missing,
                      counts("event_type"), counts("kind"), counts("country"))


def chronological(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Events ordered by start date, then end date and id."""
    return gdf.sort_values(["date_start", "date_end", "event_id"], kind="stable")


# -- flowables ----------------------------------------------------------------------------


def _table(rows: list[list[Any]], widths: list[float], header: bool = True, **extra: Any) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0, splitInRow=1, **extra)
    style = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("GRID", (0, 0), (-1, -1), 0.3, colors.HexColor("#999999")),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#33475b")))
        style.extend(("BACKGROUND", (0, r), (-1, r), colors.HexColor("#f2f4f7")) for r in range(2, len(rows), 2))
    table.setStyle(TableStyle(style))
    return table


def _figures_block(figures: KeyFigures, st: dict[str, ParagraphStyle], width: float) -> Table:
    low, best, high = figures.fatalities
    lines = [
        f"<b>Events shown:</b> {figures.events}",
        (f"<b>Fatalities</b> (low – best – high): {low:,} – {best:,} – {high:,}"
         + (f"<br/><font size=7>{figures.without_fatalities} event(s) without a figure</font>"
            if figures.without_fatalities else ""))
        if figures.without_fatalities < figures.events else "<b>Fatalities:</b> no figure given for any event",
        "<b>By event type</b> (map colours):<br/>" + "<br/>".join(
            f'<font color="{type_colour(name)}">●</font> {text(name)}: {n}'
            for name, n in figures.by_type) if figures.by_type else "<b>By event type:</b> none",
        "<b>By kind:</b> " + (", ".join(f"{text(k)} {n}" for k, n in figures.by_kind) or "none"),
        "<b>By country:</b><br/>" + ("<br/>".join(f"{text(c)}: {n}" for c, n in figures.by_country) or "none"),
    ]
    rows = [[Paragraph("Key figures", st["head"])], *[[Paragraph(line, st["body"])] for line in lines]]
    return _table(rows, [width])


def _event_rows(gdf: gpd.GeoDataFrame, st: dict[str, ParagraphStyle]) -> list[list[Any]]:
    head = ["When (UTC)", "Event", "Where", "Fatalities", "Actors / claimed by", "Notes", "Sources (rating)"]
    rows: list[list[Any]] = [[Paragraph(h, st["head"]) for h in head]]
    for rec in chronological(gdf).to_dict("records"):
        note = str(rec.get("notes") or "")
        if len(note) > MAX_NOTE_CHARS:
            note = note[:MAX_NOTE_CHARS].rstrip() + " … (shortened; the data export has the full note)"
        fatalities = format_estimate(rec["fatalities_low"], rec["fatalities_best"], rec["fatalities_high"])
        if text(rec.get("fatalities_text")):
            fatalities += f" “{rec['fatalities_text']}”"
        actors = " vs ".join(str(rec[k]) for k in ("actor1", "actor2") if text(rec.get(k)))
        claimed = f"<br/><i>claimed by</i> {text(rec['claimed_by'])}" if text(rec.get("claimed_by")) else ""
        where = ", ".join(dict.fromkeys(str(rec[k]) for k in ("location", "admin1", "country") if text(rec.get(k))))
        sources = "<br/>".join(
            f"{text(s.get('publisher'))} <b>{text(s.get('reliability'))}{text(s.get('credibility'))}</b>"
            for s in rec["sources"])
        cells = [
            text(format_when(rec["date_start"], rec["date_end"], rec["time_precision"])),
            f"<b>{text(rec['sub_event_type'])}</b><br/>{text(rec['event_type'])} · {text(rec['kind'])}"
            f"<br/><font size=6.5>{text(rec['event_id'])}</font>",
            text(where) + f"<br/><font size=6.5>geo precision {text(rec['geo_precision'])}</font>",
            text(fatalities),
            text(actors) + claimed,
            text(note),
            sources,
        ]
        rows.append([Paragraph(cell, st["cell"]) for cell in cells])
    return rows


def _source_rows(gdf: gpd.GeoDataFrame, st: dict[str, ParagraphStyle]) -> list[list[Any]]:
    head = ["Publisher", "Title", "Published", "URL", "Reliability", "Events"]
    rows: list[list[Any]] = [[Paragraph(h, st["head"]) for h in head]]
    for src in source_catalogue(gdf).to_dict("records"):
        url = src["url"] if isinstance(src["url"], str) else ""
        link = (f'<link href="{escape(url, {chr(34): "&quot;"})}" color="#1f4e99">{text(url)}</link>'
                if url.startswith(("http://", "https://")) else "")
        cells = [
            f"{text(src['publisher'])}<br/><font size=6.5>{text(src['source_id'])}</font>",
            text(src["title"]),
            text(src["published"]) or "undated",
            link,
            text(src["reliability_label"]),
            str(src["events"]),
        ]
        rows.append([Paragraph(cell, st["cell"]) for cell in cells])
    return rows


def _story(gdf: gpd.GeoDataFrame, filters: Filters, title: str, map_png: Path | None) -> list[Any]:
    st = _styles()
    width = PAGE[0] - 2 * MARGIN
    map_width = width * 0.72
    intro = [
        Paragraph(text(title), st["title"]),
        Paragraph(f"<b>Time window:</b> {text(describe_window(filters, gdf))}", st["body"]),
        Paragraph(f"<b>Filters:</b> {text('; '.join(describe_filters(filters)))}", st["body"]),
        Spacer(1, 3 * mm),
    ]
    if map_png is not None:
        picture: Any = Image(str(map_png), width=map_width, height=map_width * 10 / 16, kind="proportional")
    else:
        picture = Paragraph("<i>Map image not included (rendered without a browser).</i>", st["body"])
    first_page = Table([[picture, _figures_block(key_figures(gdf), st, width - map_width - 4 * mm)]],
                       colWidths=[map_width + 4 * mm, width - map_width - 4 * mm])
    first_page.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    credit = Paragraph(text(attribution_text(gdf, limit=6)), st["small"])
    events = [Paragraph(f"Events shown ({len(gdf)}), in date order", st["h2"])]
    if len(gdf):
        fractions = (0.10, 0.14, 0.13, 0.08, 0.13, 0.27, 0.15)
        events.append(_table(_event_rows(gdf, st), [width * f for f in fractions]))
    else:
        events.append(Paragraph("No events match the filters.", st["body"]))
    sources = [Paragraph("Sources", st["h2"]), Paragraph(
        "Reliability is the Admiralty rating of the source (A completely reliable … F cannot be judged); "
        "the number after the letter in the events table is the credibility of that report (1 confirmed … "
        "6 cannot be judged).", st["small"]), Spacer(1, 2 * mm)]
    if len(gdf):
        sources.append(_table(_source_rows(gdf, st), [width * f for f in (0.2, 0.3, 0.08, 0.24, 0.12, 0.06)]))
    return [*intro, first_page, Spacer(1, 2 * mm), credit, PageBreak(), *events, Spacer(1, 5 * mm), *sources]


def _page_decorator(title: str, caveat: str | None, stamp: str, total: int) -> Callable[[Canvas, Any], None]:
    def decorate(canvas: Canvas, doc: Any) -> None:
        canvas.saveState()
        width, height = PAGE
        if caveat:
            canvas.setFont(BOLD, 9)
            canvas.drawCentredString(width / 2, height - 8 * mm, caveat)
            canvas.drawCentredString(width / 2, 6 * mm, caveat)
        canvas.setFont(FONT, 7)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawString(MARGIN, height - 8 * mm, title[:90])
        canvas.drawString(MARGIN, 6 * mm, f"Generated {stamp} · Border Monitor")
        canvas.drawRightString(width - MARGIN, 6 * mm, f"Page {doc.page} of {total}")
        canvas.restoreState()

    return decorate


def _build(story_maker: Callable[[], list[Any]], target: Any, title: str, caveat: str | None,
           stamp: str, total: int) -> int:
    doc = SimpleDocTemplate(target, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN,
                            topMargin=MARGIN, bottomMargin=MARGIN, title=title, author="Border Monitor",
                            subject=f"Briefing generated {stamp}", creator="Border Monitor (geo.briefing.pdf)")
    decorate = _page_decorator(title, caveat, stamp, total)
    doc.build(story_maker(), onFirstPage=decorate, onLaterPages=decorate)
    return int(doc.page)


def render_brief(
    gdf_filtered: gpd.GeoDataFrame,
    filters: Filters,
    *,
    out: str | Path,
    title: str = DEFAULT_TITLE,
    caveat: str | None = None,
    map_png: str | Path | None = None,
    include_map: bool = True,
    layers: Iterable[str] = LAYERS,
    bounds: tuple[tuple[float, float], tuple[float, float]] | None = None,
    now: dt.datetime | None = None,
) -> Path:
    """Write the briefing PDF for ``gdf_filtered`` (already filtered with ``filters``).

    ``map_png`` is used as the page-1 map if given; otherwise the map is
    rendered with :func:`geo.briefing.snapshot.render_snapshot` (needs Chromium; raises
    :class:`geo.briefing.snapshot.SnapshotError` without it) unless ``include_map`` is
    False; ``layers`` and ``bounds`` are passed on to it (the layers drawn
    and the frame, as on the dashboard map). ``caveat`` (e.g.
    ``"UNCLASSIFIED // FOR OFFICIAL USE ONLY"``) is printed at the top and
    bottom of every page. The file is replaced
    atomically; returns its path.
    """
    out = Path(out)
    if out.is_dir():
        raise ValueError(f"{out} is a directory; give a file name ending in .pdf")
    title = check_label(title, "title") or DEFAULT_TITLE
    caveat = check_label(caveat, "caveat")
    if map_png is not None and not Path(map_png).is_file():
        raise ValueError(f"map image {map_png} does not exist")
    stamp = generated_at(now)
    _register_fonts()
    with tempfile.TemporaryDirectory(prefix="bm-brief-") as tmp:
        picture = Path(map_png) if map_png is not None else None
        if picture is None and include_map:
            picture = render_snapshot(gdf_filtered, filters, out=Path(tmp) / "map.png", size=MAP_PIXELS,
                                      scale=MAP_SCALE, title=title, caveat=caveat, layers=layers, bounds=bounds)

        def story() -> list[Any]:
            return _story(gdf_filtered, filters, title, picture)

        # Two passes: the first counts the pages so every footer can say "Page n of N".
        total = _build(story, io.BytesIO(), title, caveat, stamp, 0)
        with atomic_path(out) as tmp_pdf:
            _build(story, str(tmp_pdf), title, caveat, stamp, total)
    return out
