"""Crash safety: a write killed with SIGKILL at any moment leaves the store whole.

An import of a few thousand events and a loop of edits run in a child process
against a real GeoPackage file and a real PostGIS database; the parent kills the
child at several points. Afterwards the store must read back, and hold either
exactly what it held before the import or the whole import (never a part), and
every edited event must agree with its own audit history.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest

from geo.exchange import write_events
from geo.exchange.bulk import STREAM_MIN_BYTES, STREAM_MIN_FEATURES
from geo.model import Event, events_to_frame, frame_to_events
from geo.stores import EventStore, open_store
from tests.conftest import REPO
from tests.unit.helpers import make_event

IMPORT_EVENTS = 3000
STREAMED_EVENTS = STREAM_MIN_FEATURES + 1000
#: Seconds after the child starts writing at which it is killed (spread over an import's run).
KILL_AFTER_S = (0.0, 0.15, 0.4, 0.8, 1.5)
EDIT_LOOP = """
import sys
from geo.stores import open_store
store = open_store(sys.argv[1])
ids = sys.argv[2:]
n = 0
while True:
    for event_id in ids:
        event, version = store.get_versioned(event_id)
        n += 1
        store.update(event.model_copy(update={"notes": f"edit {n}"}), expected_version=version, actor="loop")
        print(n, flush=True)
"""


@pytest.fixture(params=["gpkg", "postgis"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "gpkg":
        return str(tmp_path / "store.gpkg")
    return str(request.getfixturevalue("pg_url"))


def snapshot(store: EventStore) -> dict[str, str]:
    return {e.event_id: json.dumps(e.to_feature(), sort_keys=True) for e in frame_to_events(store.load())}


def many_events(count: int) -> list[Event]:
    """Events on distinct days, so the import's duplicate matching merges none of them."""
    days = [(dt.date(2000, 1, 1) + dt.timedelta(days=i)).isoformat() for i in range(count)]
    return [make_event(event_id=f"K-{i}", date_start=days[i], date_end=days[i],
                       geometry={"type": "Point", "coordinates": [69.5 + (i % 100) / 200, 37.6 + i / 40000]})
            for i in range(count)]


def big_file(tmp_path: Path, count: int = IMPORT_EVENTS) -> Path:
    features = [event.to_feature() for event in many_events(count)]
    path = tmp_path / "many.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


def child_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO)}


def big_geopackage(tmp_path: Path) -> Path:
    """A GeoPackage big enough to be imported by streaming (chunks appended to a copy of the store)."""
    path = tmp_path / "many.gpkg"
    write_events(events_to_frame(many_events(STREAMED_EVENTS)), "gpkg", path)
    return path


def test_an_import_killed_at_any_point_leaves_all_or_nothing(store_url: str, tmp_path: Path) -> None:
    kill_during_import(store_url, big_file(tmp_path), IMPORT_EVENTS, "--update")


def test_a_streamed_import_killed_at_any_point_leaves_all_or_nothing(store_url: str, tmp_path: Path) -> None:
    kill_during_import(store_url, big_geopackage(tmp_path), STREAMED_EVENTS)


def test_a_streamed_geojson_import_killed_at_any_point_leaves_all_or_nothing(store_url: str, tmp_path: Path) -> None:
    path = big_file(tmp_path, STREAMED_EVENTS)
    assert path.stat().st_size >= STREAM_MIN_BYTES  # read feature by feature, appended in chunks
    kill_during_import(store_url, path, STREAMED_EVENTS)


#: What the PostGIS import's connection runs at each stage (the COPY of new events, then the audit entries) and
#: the table it writes there.
POSTGIS_STAGES = (("COPY events (", "events"),
                  ("INSERT INTO event_audit (at, actor, action, event_id, version, before, after) SELECT",
                   "event_audit"))


@pytest.mark.parametrize(("stage", "table"), POSTGIS_STAGES)
def test_a_streamed_postgis_import_killed_mid_write_leaves_the_store_unchanged(pg_url: str, tmp_path: Path,
                                                                            stage: str, table: str) -> None:
    """Killed while the server holds the import's transaction at ``stage``: a lock that blocks writes to
    ``table`` (not reads) keeps it there until the kill, however fast or slow the machine (polling for a
    statement that may last a millisecond missed it on a loaded machine)."""
    source = big_geopackage(tmp_path)
    store = open_store(pg_url)
    store.add([make_event()])
    before = (snapshot(store), store.audit_log(None), store.version())
    with psycopg.connect(pg_url) as holder, psycopg.connect(pg_url, autocommit=True) as watcher:
        holder.execute(f"LOCK TABLE {table} IN SHARE MODE")  # held until the rollback below
        child = subprocess.Popen([sys.executable, "-m", "geo", "--store", pg_url, "import", str(source)], cwd=REPO,
                                 env={**child_env(), "PGAPPNAME": "bm-kill9"}, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
        seen = None
        deadline = time.monotonic() + 120
        while seen is None and child.poll() is None and time.monotonic() < deadline:
            row = watcher.execute("SELECT wait_event_type FROM pg_stat_activity WHERE application_name = 'bm-kill9' "
                                  "AND starts_with(query, %s) AND wait_event_type = 'Lock'", (stage,)).fetchone()
            seen = row[0] if row else None
            time.sleep(0.02)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=60)
        holder.rollback()  # the blocked statement goes on, finds its client gone and rolls back
        assert seen is not None, f"the import never reached {stage!r}"
        while watcher.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'bm-kill9'"
                              ).fetchone() != (0,):  # the server ends the killed client's session
            time.sleep(0.05)
    after = open_store(pg_url)
    assert (snapshot(after), after.audit_log(None), after.version()) == before
    assert after.add([make_event(event_id="AFTER-KILL")]).ok  # the write lock went with the killed session


def kill_during_import(store_url: str, source: Path, count: int, *options: str) -> None:
    store = open_store(store_url)
    store.add([make_event()])
    before = snapshot(store)
    outcomes = []
    for delay in KILL_AFTER_S:
        child = subprocess.Popen([sys.executable, "-m", "geo", "--store", store_url, "import", *options, str(source)],
                                 cwd=REPO, env=child_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=60)
        after = snapshot(open_store(store_url))
        if after == before:
            outcomes.append("nothing")
        else:
            assert len(after) == len(before) + count, f"a partial import after a kill at {delay} s"
            assert {k: v for k, v in after.items() if k in before} == before
            outcomes.append("all")
            before = after
    assert "nothing" in outcomes, outcomes  # at least one kill hit the import before it committed
    if isinstance(store_url, str) and store_url.endswith(".gpkg"):
        assert open_store(store_url).add([make_event(event_id="AFTER-KILLS")]).ok  # the next write works...
        leftovers = [p.name for p in Path(store_url).parent.iterdir() if p.name.startswith(".store.gpkg")]
        assert leftovers == [], "...and removes the temp files killed writes left"


@pytest.mark.parametrize("kill_after_edits", [1, 7, 25])
def test_edits_killed_mid_loop_leave_every_event_consistent_with_its_history(
        store_url: str, kill_after_edits: int) -> None:
    store = open_store(store_url)
    events = [make_event(event_id=f"E-{i}", date_start=f"2020-0{i + 1}-01", date_end=f"2020-0{i + 1}-01")
              for i in range(3)]
    store.add(events)
    child = subprocess.Popen([sys.executable, "-c", EDIT_LOOP, store_url, *[e.event_id for e in events]], cwd=REPO,
                             env=child_env(), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert child.stdout is not None
    done = 0
    deadline = time.monotonic() + 120
    while done < kill_after_edits and time.monotonic() < deadline:  # wait for real progress, not a clock
        line = child.stdout.readline()
        if not line:
            break
        done = int(line)
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=60)
    assert done >= kill_after_edits, "the edit loop never got going"
    reopened = open_store(store_url)
    assert set(snapshot(reopened)) == {e.event_id for e in events}
    for event in events:
        stored, version = reopened.get_versioned(event.event_id)  # type: ignore[misc]
        history = reopened.history(event.event_id)
        assert history[-1].version == version
        assert (history[-1].after or {}).get("notes", stored.notes) == stored.notes
