"""``python -m geo ingest``: dry run, writes, merges and bad input, as real subprocesses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, SEEDS

SEED_003 = SEEDS / "003_0373da40c75e1bdd.txt"
pytestmark = pytest.mark.skipif(not SEED_003.exists(), reason="../shared/seeds is not beside the checkout")


def geo(*args: str, data: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BORDER_MONITOR_DATA": str(data)}
    return subprocess.run([sys.executable, "-m", "geo", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=300)


def count(data: Path) -> int:
    out = geo("export", "--format", "geojson", "--out", "-", data=data)
    return len(json.loads(out.stdout)["features"])


def test_dry_run_prints_candidates_with_evidence_and_writes_nothing(tmp_path: Path) -> None:
    before = count(tmp_path)
    out = geo("ingest", str(SEED_003), "--published", "2019-06-15", "--publisher", "Test", "--dry-run",
              data=tmp_path)
    assert out.returncode == 0, out.stderr
    features = json.loads(out.stdout)["features"]
    bomb = [f["properties"] for f in features if f["properties"]["fatalities_best"] == 3]
    assert bomb and bomb[0]["wounded"] == 5
    text = SEED_003.read_text(encoding="utf-8")
    for feature in features:
        assert feature["properties"]["sources"][0]["publisher"] == "Test"
        for ev in feature["properties"]["evidence"]:
            assert 0 <= ev["start"] < ev["end"] <= len(text)
    assert count(tmp_path) == before


def test_ingest_merges_known_events_as_new_sources(tmp_path: Path) -> None:
    before = count(tmp_path)  # seeds the default dataset, which already holds these facts
    out = geo("ingest", str(SEED_003), "--published", "2019-06-15", "--publisher", "Second wire", data=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "added as a new source" in out.stdout
    exported = json.loads(geo("export", "--format", "geojson", "--out", "-", data=tmp_path).stdout)
    cited = [f for f in exported["features"]
             if any(s["publisher"] == "Second wire" for s in f["properties"]["sources"])]
    assert cited, "the matched events should now cite the new article"
    assert count(tmp_path) >= before


@pytest.mark.parametrize(
    ("content", "published", "phrase"),
    [(b"", "2019-06-15", "empty"), (b"\x00\x01\x02\x03", "2019-06-15", "binary"),
     (b"text", "2999-01-01", "future"), (b"text", "15/06/2019", "not a date")],
)
def test_bad_input_gives_one_clear_line(tmp_path: Path, content: bytes, published: str, phrase: str) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(content)
    out = geo("ingest", str(path), "--published", published, data=tmp_path)
    assert out.returncode == 1
    assert phrase in out.stderr.lower() and "Traceback" not in out.stderr
