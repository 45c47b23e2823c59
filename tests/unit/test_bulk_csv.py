"""The streamed CSV import (our CSV read line by line, typed chunk by chunk) gives the same outcome, counts
and messages as the record-by-record import, into either store, on clean, spoilt and hostile files."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from geo.exchange import import_file, write_events
from geo.exchange.bulk import STREAM_MIN_BYTES, table_source
from geo.stores import GeoPackageStore
from scripts.gen_synthetic import make_synthetic_frame
from tests.fuzz.make_hostile import write_hostile_files
from tests.unit.test_bulk_import import NewStore, both_ways, contents, counts, far_frame, new_store, seeded_store

__all__ = ["new_store"]  # the fixture, shared with the GeoPackage tests


def csv_of(tmp_path: Path, n: int, name: str = "events.csv") -> tuple[Path, list[list[str]]]:
    """``n`` synthetic events (and two repeat reports) as our CSV, and its cells."""
    frame = far_frame(n)
    path = tmp_path / name
    write_events(frame, "csv", path)
    with path.open(encoding="utf-8", newline="") as fh:
        return path, list(csv.reader(fh))


def write_cells(path: Path, cells: list[list[str]], blank_after: int | None = None) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for i, row in enumerate(cells):
        writer.writerow(row)
        if blank_after is not None and i == blank_after:
            buffer.write(",,,\r\n")  # a blank row: skipped, but counted in the row numbers
    path.write_text(buffer.getvalue(), encoding="utf-8")


def spoil(cells: list[list[str]]) -> None:
    """Spoil one cell of several rows (CSV row n is cells[n - 1]), each a problem the model words."""
    header = cells[0]
    col = {name: header.index(name) for name in header}

    def put(row: int, name: str, value: str) -> None:
        cells[row - 1][col[name]] = value

    put(3, "fatalities_best", "3.5")
    put(5, "event_id", cells[3][col["event_id"]])  # repeats row 4's id
    put(7, "date_start", "2020-02-30")
    put(9, "latitude", "")  # half a position beside the geometry
    put(11, "kind", "incident ")  # a blank the reader strips: clean after all
    put(13, "geometry", "POINT (70.1 37.2")  # broken WKT
    put(15, "latitude", str(float(cells[14][col["latitude"]]) + 1))  # disagrees with the geometry
    put(17, "wounded", "-4")
    put(19, "notes", "'=SUM(A1)")  # a guarded formula: restored, and clean
    put(21, "event_type", "Battles")
    put(21, "sub_event_type", "Grenade")
    put(23, "time_precision", "five")
    put(25, "sources", '[{"source_id": "short-form", "publisher": "Wire"}]')  # the model fills the defaults
    cells[27 - 1] = cells[27 - 1][:-2]  # too few cells
    put(90, "country", "Kyrgyzstan")
    put(100, "event_id", "has space")


@pytest.mark.parametrize("options", [{}, {"skip_invalid": True}, {"dry_run": True}, {"allow_far": True}])
def test_a_spoilt_csv_is_worded_and_handled_the_same_way_streamed(tmp_path: Path, options: dict[str, bool],
                                                                  new_store: NewStore) -> None:
    path, cells = csv_of(tmp_path, 160)
    spoil(cells)
    write_cells(path, cells, blank_after=40)
    assert table_source(path) is not None  # the streaming reader takes it
    frame = far_frame(160)
    (streamed, s_report), (by_record, r_report), changed = both_ways(new_store, path, frame, **options)
    assert counts(s_report) == counts(r_report)
    problems = s_report.rejected or s_report.skipped  # type: ignore[attr-defined]
    assert len(problems) >= 10, problems
    assert any(line.startswith("row 5 ") and "(also row 4)" in line for line in problems)
    assert any(line.startswith("row 27") and "cells but the header has" in line for line in problems)
    assert contents(streamed) == contents(by_record)
    if not options.get("skip_invalid") or options.get("dry_run"):
        assert not changed  # all or nothing


def test_a_clean_csv_streams_into_the_same_store_as_record_by_record(tmp_path: Path,
                                                                       new_store: NewStore) -> None:
    path, _ = csv_of(tmp_path, 300)
    assert table_source(path) is not None
    frame = far_frame(300)
    (streamed, s_report), (by_record, r_report), _ = both_ways(new_store, path, frame, allow_far=True)
    assert s_report.written and counts(s_report) == counts(r_report)  # type: ignore[attr-defined]
    assert s_report.merged >= 2  # type: ignore[attr-defined]  # the two repeat reports of events
    assert contents(streamed) == contents(by_record)


def test_a_file_the_csv_reader_gives_up_on_part_way_is_refused_whole_with_the_regular_line(tmp_path: Path) -> None:
    path, cells = csv_of(tmp_path, 200)
    write_cells(path, cells)
    assert table_source(path) is not None
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[150] = 'x,"' + "a" * 200_000 + '"\r\n'  # beyond the csv module's field limit
    path.write_text("".join(lines), encoding="utf-8")
    reports = []
    for stream in (True, False):
        store = GeoPackageStore(tmp_path / f"{stream}.gpkg")
        reports.append(import_file(path, store, stream=stream, chunk_rows=40))
        assert store.load().empty
    assert counts(reports[0]) == counts(reports[1])
    assert reports[0].rejected[0].endswith(reports[1].rejected[0].split(": ", 1)[1]) and "near line" in (
        reports[0].rejected[0])


def test_hostile_csv_files_give_the_same_report_streamed(tmp_path: Path) -> None:
    hostile = write_hostile_files(tmp_path / "hostile")["csv"]
    store = seeded_store(GeoPackageStore(tmp_path / "store.gpkg"), far_frame(100))
    before = contents(store)
    streamed = 0
    for path in hostile:
        regular = import_file(path, store, stream=False)
        forced = import_file(path, store, stream=True, chunk_rows=3)
        assert counts(forced) == counts(regular), path.name
        streamed += table_source(path) is not None
    assert contents(store) == before
    assert streamed >= 10  # files the streaming reader took (the others it left to the regular reader)


def test_big_csv_files_stream_by_default_and_small_ones_do_not(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import geo.exchange.bulk.sources as sources
    import geo.exchange.formats as formats

    taken = []
    real = formats.import_stream
    monkeypatch.setattr(formats, "import_stream", lambda *a, **k: taken.append(1) or real(*a, **k))
    small, _ = csv_of(tmp_path, 100, "small.csv")
    assert small.stat().st_size < STREAM_MIN_BYTES
    assert import_file(small, GeoPackageStore(tmp_path / "a.gpkg"), allow_far=True).written and not taken
    monkeypatch.setattr(sources, "STREAM_MIN_BYTES", small.stat().st_size)
    assert import_file(small, GeoPackageStore(tmp_path / "b.gpkg"), allow_far=True).written and taken


def test_a_synthetic_csv_of_thousands_of_events_streams_clean_rows_without_the_record_model(tmp_path: Path) -> None:
    frame = make_synthetic_frame(3_000, seed=9)
    path = tmp_path / "big.csv"
    write_events(frame, "csv", path)
    from geo.model.columns import clean_rows

    source = table_source(path)
    assert source is not None
    chunks = list(source.chunks(1_000))
    assert [len(c.numbers) for c in chunks] == [1_000, 1_000, 1_000]
    clean = sum(int((clean_rows(c.frame)[0] & ~c.unclean).sum()) for c in chunks)  # type: ignore[operator]
    assert clean == 3_000


def test_a_terminal_sees_a_progress_bar_while_a_big_csv_streams(tmp_path: Path) -> None:
    import fcntl
    import os
    import pty
    import struct
    import subprocess
    import sys
    import termios

    path = tmp_path / "big.csv"
    write_events(make_synthetic_frame(7_000, seed=3), "csv", path)
    assert path.stat().st_size >= STREAM_MIN_BYTES
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a terminal 100 wide
    env = {**os.environ, "BORDER_MONITOR_DATA": str(tmp_path / "home")}
    child = subprocess.Popen([sys.executable, "-m", "geo", "import", "--allow-far", str(path)], stderr=follower,
                             stdout=subprocess.PIPE, env=env, cwd=Path(__file__).resolve().parents[2])
    os.close(follower)
    seen = b""
    while True:
        try:
            data = os.read(leader, 4096)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        seen += data
    out, _ = child.communicate(timeout=120)
    os.close(leader)
    assert child.returncode == 0 and b"imported" in out
    assert b"importing" in seen and b"7.00k events" in seen, seen[-300:]  # every row counted
