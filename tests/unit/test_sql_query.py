"""geo.query.sql: every answer of SqlQuery (PostGIS) equals the in-memory reference function's.

One PostGIS store per module holds a varied dataset: synthetic events imported by ``COPY`` (the
streamed import; points, border-stretch lines, district polygons, unknown fatalities), the curated
events added by ``INSERT``, edits, soft-deleted events (never counted), events citing several sources
of every rating, publishers and actors with ``|`` in them, and rows written behind the model's back
(no citations, an unknown rating letter, empty ids) as an old or hand-edited database may hold. Each
answer is compared with the reference function of :mod:`geo.query.base` applied to ``store.load()``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterator

import numpy as np
import pandas as pd
import psycopg
import pytest
from geopandas.testing import assert_geodataframe_equal

from geo.briefing import frame_bounds, source_catalogue, source_event_counts, timeline_table
from geo.exchange import import_file, write_events
from geo.filters import Filters, data_extent, filter_mask, filter_options, prepare_frame
from geo.map import GRID_CELL_PX, Bounds, GridCells, aggregate_grid, anchor_points, view_mask
from geo.map.aggregate import cell_size_deg
from geo.model import KINDS
from geo.query.base import TooMany
from geo.query.sql import SqlQuery, _grid_sql
from geo.query.sql_where import placed_where
from geo.stores import pg
from geo.stores.dataset import load_default_events
from geo.stores.pg import PostGISStore, migrate_schema
from scripts.gen_synthetic import make_synthetic_frame
from tests.pgserver import PgServer

PIPE_PUBLISHER, PIPE_ACTOR = "Radio | Ozodi", "Group | North"
DELETED = [f"SYN-{i:07d}" for i in range(1, 6001, 97)]


def _vary(frame: pd.DataFrame) -> pd.DataFrame:
    """Several citations of every rating, and "|" in a publisher and an actor, on some synthetic events."""
    frame = frame.copy()
    letters = "ABCDEF"
    for row in range(0, len(frame), 7):
        frame.at[row, "sources"] = [
            {**frame.at[row, "sources"][0]},
            {"source_id": f"extra-{row % 5}", "publisher": PIPE_PUBLISHER if row % 3 else "Other Desk",
             "title": f"Extra {row}", "published": None, "url": None, "reliability": letters[row % 6],
             "credibility": 3}]
    frame.loc[frame.index % 11 == 0, "actor1"] = PIPE_ACTOR
    return frame


@pytest.fixture(scope="module")
def store(pg_server: PgServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[PostGISStore]:
    url = pg_server.fresh_database()
    store = PostGISStore(url)
    source = tmp_path_factory.mktemp("sql-query") / "synthetic.gpkg"
    write_events(_vary(make_synthetic_frame(6000, seed=5)), "gpkg", source)
    assert import_file(source, store).added >= 5990  # streamed: COPY (a few near-duplicates are merged)
    store.add(load_default_events(), actor="test")  # INSERT
    event, version = store.get_versioned("SYN-0000002")  # type: ignore[misc]
    store.update(event.model_copy(update={"notes": "edited"}), expected_version=version, actor="test")
    store.delete(DELETED, actor="test")
    with psycopg.connect(url) as conn:  # what the model refuses but a database may hold
        for event_id, sources in (
                ("SYN-0000003", []),
                ("SYN-0000004", [{"source_id": "odd", "publisher": "Odd", "reliability": "Z"}]),
                ("SYN-0000005", [{"source_id": "", "publisher": None, "reliability": "B"},
                                 {"source_id": "odd", "publisher": "Odd ¦ Desk"}])):
            conn.execute("UPDATE events SET sources = %s WHERE event_id = %s", (json.dumps(sources), event_id))
        conn.execute("UPDATE store_info SET value = md5(random()::text) WHERE key = 'version'")
    yield store


@pytest.fixture(scope="module")
def reference(store: PostGISStore) -> pd.DataFrame:
    """The live events as the app holds them today: ``store.load()`` prepared for filtering."""
    return prepare_frame(store.load())


@pytest.fixture(scope="module")
def query(store: PostGISStore) -> SqlQuery:
    return SqlQuery(store)


def _filters(reference: pd.DataFrame) -> list[Filters]:
    year = Filters(date_from=dt.date(2005, 1, 1), date_to=dt.date(2005, 12, 31))
    many_sources = tuple(f"syn-src-{k:02d}" for k in range(6))
    return [
        Filters(), year, Filters(date_from=dt.date(2020, 6, 1)), Filters(date_to=dt.date(1993, 2, 1)),
        Filters(sources=("syn-src-07",)), Filters(sources=many_sources), Filters(sources=("odd",)),
        Filters(publishers=(PIPE_PUBLISHER,)), Filters(publishers=("Radio ¦ Ozodi",)),
        Filters(publishers=("Odd | Desk",)),
        Filters(sources=("extra-1", "extra-2"), publishers=("Other Desk",)),
        Filters(min_reliability="A"), Filters(min_reliability="C"), Filters(min_reliability="F"),
        Filters(kinds=("posture", "concentration")), Filters(event_types=("Battles", "Riots")),
        Filters(countries=(str(reference["country"].iloc[0]),)),
        Filters(admin1s=tuple(reference["admin1"].dropna()[:3])),
        Filters(claimed_by=("Russian Defence Ministry",)), Filters(actors=(PIPE_ACTOR, "Taliban")),
        dataclasses.replace(year, kinds=("incident",), min_reliability="E", actors=("ISKP", PIPE_ACTOR)),
        Filters(sources=("no-such-source",)), Filters(date_from=dt.date(2090, 1, 1)),
    ]


FILTER_IDS = ["none", "year", "from", "to", "source", "sources>3", "odd", "pipe-publisher", "broken-bar-publisher",
              "pipe-publisher-2", "sources+publishers", "rel-A", "rel-C", "rel-F", "kinds", "types", "country",
              "admin1", "claimed", "actors", "combined", "no-source", "no-event"]


@pytest.fixture(scope="module", params=range(len(FILTER_IDS)), ids=FILTER_IDS)
def case(request: pytest.FixtureRequest, reference: pd.DataFrame) -> tuple[Filters, np.ndarray]:
    filters = _filters(reference)[request.param]
    return filters, filter_mask(reference, filters)


def test_the_dataset_is_as_varied_as_intended(reference: pd.DataFrame) -> None:
    kinds = set(reference.geometry.geom_type)
    assert {"Point", "Polygon"} <= kinds and kinds - {"Point", "Polygon"}, kinds
    assert not reference["event_id"].isin(DELETED).any() and len(reference) > 5900
    assert reference["fatalities_best"].isna().any() and set(reference["_best_rel"]) == set(range(6))
    assert (reference["_source_ids"] == "").any()  # an event citing nothing


def test_filtered_counts_kinds_and_ids_match(query: SqlQuery, reference: pd.DataFrame,
                                             case: tuple[Filters, np.ndarray]) -> None:
    filters, mask = case
    assert query.count(filters) == int(mask.sum())
    expected = reference["kind"][mask].value_counts()
    assert query.kind_counts(filters) == {str(k): int(n) for k, n in expected.items() if n}
    assert list(query.records(filters, limit=10_000)["event_id"]) == list(reference["event_id"][mask])


def _sorted_cells(cells: GridCells, size: float) -> dict[str, np.ndarray]:
    order = np.lexsort((np.floor(cells.lat / size), np.floor(cells.lon / size)))
    return {field.name: getattr(cells, field.name)[order] for field in dataclasses.fields(cells)}


@pytest.mark.parametrize("kinds", [list(KINDS), ["incident"], []], ids=["all", "incident", "nothing"])
def test_placed_counts_records_and_grid_match(query: SqlQuery, reference: pd.DataFrame,
                                              case: tuple[Filters, np.ndarray], kinds: list[str]) -> None:
    filters, mask = case
    lon, lat = anchor_points(reference)
    point = reference.geometry.iloc[np.flatnonzero(reference.geometry.geom_type == "Point")[0]]
    views: list[Bounds | None] = [None, ((36.5, 69.0), (38.0, 71.5)),
                                  ((point.y - 0.5, point.x), (point.y + 0.5, point.x))]
    for bounds, zoom in zip(views, (None, 9.5, 12), strict=True):
        keep = mask & reference["kind"].isin(kinds).to_numpy() & view_mask(lon, lat, bounds)
        assert query.placed_count(filters, kinds, bounds) == int(keep.sum())
        assert list(query.placed_records(filters, kinds, bounds)["event_id"]) == list(reference["event_id"][keep])
        rows = reference[["event_type", "kind", "fatalities_best", "date_start", "date_end"]][keep]
        size = cell_size_deg(zoom, GRID_CELL_PX)
        got = _sorted_cells(query.grid(filters, kinds, bounds, zoom, GRID_CELL_PX), size)
        want = _sorted_cells(aggregate_grid(lon[keep], lat[keep], rows, zoom, GRID_CELL_PX), size)
        for name, values in want.items():
            assert got[name].dtype == values.dtype and got[name].shape == values.shape, name
            if name in ("lon", "lat"):
                np.testing.assert_allclose(got[name], values, rtol=0, atol=1e-9)
            else:
                np.testing.assert_array_equal(got[name], values, err_msg=name)


def test_the_view_includes_anchors_on_its_edges(query: SqlQuery, reference: pd.DataFrame) -> None:
    point = reference.geometry.iloc[np.flatnonzero(reference.geometry.geom_type == "Point")[0]]
    on_edge = ((point.y - 0.5, point.x), (point.y + 0.5, point.x))  # no width: the padded box's edges are x
    assert query.placed_count(Filters(), list(KINDS), on_edge) >= 1


@pytest.mark.parametrize("unit", ["year", "month"])
@pytest.mark.parametrize("measure", ["events", "fatalities"])
@pytest.mark.parametrize("spread", [False, True])
def test_timelines_match(query: SqlQuery, reference: pd.DataFrame, case: tuple[Filters, np.ndarray], unit: str,
                         measure: str, spread: bool) -> None:
    filters, mask = case
    want = timeline_table(reference[mask], unit, measure, spread=spread)  # type: ignore[arg-type]
    got = query.timeline(filters, unit, measure, spread)
    pd.testing.assert_frame_equal(got, want, check_exact=False, rtol=1e-9, atol=1e-9)


def test_source_counts_match(query: SqlQuery, reference: pd.DataFrame, case: tuple[Filters, np.ndarray]) -> None:
    filters, mask = case
    want = source_event_counts(reference[mask]).sort_index()
    pd.testing.assert_series_equal(query.source_counts(filters).sort_index(), want)


def test_pages_records_and_one_record_are_the_stores_rows(query: SqlQuery, store: PostGISStore,
                                                          reference: pd.DataFrame,
                                                          case: tuple[Filters, np.ndarray]) -> None:
    filters, mask = case
    full = store.load()
    chosen = full[mask].reset_index(drop=True)
    for offset, limit in ((0, 50), (37, 400), (len(chosen) - 3, 10), (-5, 2), (0, 0)):
        want = chosen.iloc[max(0, offset):max(0, offset) + max(0, limit)].reset_index(drop=True)
        assert_geodataframe_equal(query.page(filters, offset, limit), want, check_less_precise=False)
    if len(chosen):
        assert_geodataframe_equal(query.records(filters, len(chosen)), chosen)
        with pytest.raises(TooMany) as raised:
            query.records(filters, len(chosen) - 1)
        assert (raised.value.count, raised.value.limit) == (len(chosen), len(chosen) - 1)
        row = query.record(str(chosen["event_id"].iloc[-1]))
        assert row is not None
        want_row = chosen.iloc[-1].to_dict()
        assert list(row) == list(want_row)
        for name, value in want_row.items():
            missing = not isinstance(value, list) and pd.isna(value)
            assert pd.isna(row[name]) if missing else row[name] == value, name


def test_deleted_and_unknown_events_have_no_record(query: SqlQuery) -> None:
    assert query.record(DELETED[0]) is None and query.record("NO-SUCH") is None
    assert query.record("SYN-0000002")["notes"] == "edited"  # type: ignore[index]


def test_summary_matches(query: SqlQuery, reference: pd.DataFrame) -> None:
    summary = query.summary()
    assert summary.total == len(reference)
    assert summary.options == filter_options(reference)
    assert "Odd ¦ Desk" in summary.options["publishers"] and PIPE_ACTOR in summary.options["actors"]
    pd.testing.assert_frame_equal(summary.catalogue, source_catalogue(reference))
    assert summary.extent == data_extent(reference)
    np.testing.assert_allclose(np.array(summary.frame), np.array(frame_bounds(reference)), rtol=0, atol=1e-12)


def test_an_empty_store_answers_like_an_empty_frame(pg_url: str) -> None:
    query, empty = SqlQuery(PostGISStore(pg_url)), prepare_frame(PostGISStore(pg_url).load())
    summary = query.summary()
    assert (summary.total, summary.extent, summary.frame) == (0, data_extent(empty), frame_bounds(empty))
    assert summary.options == filter_options(empty) and summary.catalogue.empty
    assert query.count(Filters()) == 0 and len(query.grid(Filters(), list(KINDS), None, None, 56)) == 0
    pd.testing.assert_frame_equal(query.timeline(Filters(), "month", "events", True),
                                  timeline_table(empty, "month", "events", spread=True))
    assert query.records(Filters(), 0).empty and query.page(Filters(), 0, 10).empty


def test_key_lists_and_best_rating_equal_prepare_frame(pg_url: str) -> None:
    citations = [[], [{"source_id": "a|b", "publisher": "P|Q", "reliability": "Z"}],
                 [{"source_id": "", "publisher": None}, {"source_id": "x", "publisher": "x", "reliability": "C"},
                  {"source_id": "x", "reliability": "A"}], [{"reliability": None}]]
    PostGISStore(pg_url).version()  # migrated
    with psycopg.connect(pg_url) as conn:
        got = [conn.execute("SELECT bm_citation_keys(%s, 'source_id'), bm_citation_keys(%s, 'publisher'), "
                            "bm_best_reliability(%s)", [json.dumps(c)] * 3).fetchone() for c in citations]
    want = prepare_frame(pd.DataFrame({"sources": citations}))
    for (ids, publishers, best), (_, row) in zip(got, want.iterrows(), strict=True):  # type: ignore[misc]
        assert sorted(ids) == sorted(k for k in str(row["_source_ids"]).split("|") if k)
        assert sorted(publishers) == sorted(k for k in str(row["_publishers"]).split("|") if k)
        assert best == row["_best_rel"]


def test_a_store_made_at_migration_1_upgrades(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pg, "MIGRATIONS", pg.MIGRATIONS[:1])
    store = PostGISStore(pg_url)
    store.add(load_default_events(), actor="test")
    store.delete([load_default_events()[0].event_id], actor="test")
    monkeypatch.undo()
    assert migrate_schema(store._conninfo) == [2] and migrate_schema(store._conninfo) == []
    reference = prepare_frame(store.load())
    query = SqlQuery(store)
    assert query.count(Filters()) == len(reference) == len(load_default_events()) - 1
    cited = str(reference["_source_ids"].iloc[3]).split("|")[1]
    for filters in (Filters(min_reliability="B"), Filters(sources=(cited,))):
        assert query.count(filters) == int(filter_mask(reference, filters).sum())
    lon, lat = anchor_points(reference)
    with psycopg.connect(pg_url) as conn:
        rows = dict(conn.execute("SELECT event_id, ARRAY[ST_X(anchor), ST_Y(anchor), anchor_x, anchor_y] FROM events "
                                 "WHERE deleted_at IS NULL").fetchall())
    np.testing.assert_allclose([rows[i] for i in reference["event_id"]], np.column_stack([lon, lat, lon, lat]),
                               atol=1e-9)


def test_the_filtered_grid_of_a_small_view_uses_the_anchor_index(pg_url: str) -> None:
    store = PostGISStore(pg_url)
    store.add(load_default_events()[:1], actor="test")
    with psycopg.connect(pg_url) as conn:
        conn.execute(
            "INSERT INTO events SELECT 'BULK-' || i, kind, event_type, sub_event_type, date_start + i % 3000, "
            "date_end + i % 3000, time_precision, location, admin1, country, geo_precision, fatalities_low, "
            "fatalities_best, fatalities_high, fatalities_text, wounded, strength_low, strength_best, "
            "strength_high, strength_text, actor1, actor2, claimed_by, notes, sources, "
            "ST_SetSRID(ST_MakePoint(66 + random() * 9, 35 + random() * 5), 4326), 1, i FROM events, "
            "generate_series(1, 20000) AS i")
        conn.execute("ANALYZE events")
    query = SqlQuery(store)
    sql, params = placed_where(Filters(date_from=dt.date(1995, 1, 1)), list(KINDS), ((37.0, 70.0), (37.2, 70.3)))
    with store.reading() as conn:
        plan = conn.execute(f"EXPLAIN (FORMAT JSON) {_grid_sql(sql)}",
                            [0.1, 0.1, *params]).fetchone()[0]  # type: ignore[index]
    assert "events_live_anchor" in json.dumps(plan), plan
    assert query.placed_count(Filters(), list(KINDS), ((37.0, 70.0), (37.2, 70.3))) < 500
