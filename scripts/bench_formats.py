"""Make the 1,000,000-event GeoJSON, ACLED and UCDP files of the issue-12 benchmark from a GeoPackage.

The GeoPackage comes from ``scripts/gen_synthetic.py``; it is read 50,000 features at a time and
written in each layout as ``python -m geo export`` writes it (a FeatureCollection with one space of
indent; the ACLED- and UCDP-style CSV exports), so a million events never sit in memory at once.
Then time the imports with ``/usr/bin/time -v python -m geo import FILE`` into a fresh data
directory (``BORDER_MONITOR_DATA``); the figures are in docs/BENCHMARKS.md (issue 12).
``--readers FILE.geojson`` times the two ways of reading a big GeoJSON considered for the import
(GDAL's driver through pyogrio's Arrow batches; ijson's C backend, feature by feature), each in a
fresh process, printing wall time and peak resident memory.

Usage::

    python scripts/gen_synthetic.py --n 1000000 --out /tmp/b/big.gpkg
    python scripts/bench_formats.py --gpkg /tmp/b/big.gpkg --out-dir /tmp/b
    python scripts/bench_formats.py --readers /tmp/b/events.geojson
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
from pathlib import Path

import pyogrio

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from geo.exchange import (
    ACLED_EXPORT_COLUMNS,
    UCDP_EXPORT_COLUMNS,
    acled_export_rows,
    feature_count,
    to_feature_collection,
    ucdp_export_rows,
)
from geo.model import LAYER, decode_layer

CHUNK = 50_000
#: Each reader counts the features of sys.argv[1] in batches and prints the count, seconds and peak RSS (MB).
READERS = {
    "pyogrio open_arrow (GDAL GeoJSON driver), 50,000 a batch": """
import pyogrio.raw
with pyogrio.raw.open_arrow(sys.argv[1], batch_size=50_000, use_pyarrow=True) as (meta, reader):
    count = sum(batch.num_rows for batch in reader)
""",
    "ijson yajl2_c items('features.item'), 50,000 a batch": """
import ijson
count = 0
with open(sys.argv[1], "rb") as fh:
    batch = []
    for feature in ijson.get_backend("yajl2_c").items(fh, "features.item", use_float=True):
        batch.append(feature)
        if len(batch) == 50_000:
            count += len(batch)
            batch = []
    count += len(batch)
""",
}
_TIMED = """
import resource, sys, time
start = time.perf_counter()
{body}
print(count, round(time.perf_counter() - start, 1), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""


def time_readers(path: Path) -> None:
    """Print features read, seconds and peak MB of each reader in :data:`READERS`, each in a fresh process."""
    for name, body in READERS.items():
        done = subprocess.run([sys.executable, "-c", _TIMED.format(body=body), str(path)], capture_output=True,
                              text=True, check=False)
        figures = done.stdout.split() if done.returncode == 0 else ["failed:", done.stderr.strip()[-200:]]
        print(f"{name}: {' '.join(figures)} (features, s, peak MB)")


def convert(gpkg: Path, out_dir: Path) -> list[Path]:
    """``events.geojson``, ``events_acled.csv`` and ``events_ucdp.csv`` in ``out_dir``; returns their paths."""
    total = feature_count(gpkg) or 0
    paths = [out_dir / "events.geojson", out_dir / "events_acled.csv", out_dir / "events_ucdp.csv"]
    with (paths[0].open("w", encoding="utf-8") as geojson, paths[1].open("w", encoding="utf-8", newline="") as acled,
          paths[2].open("w", encoding="utf-8", newline="") as ucdp):
        acled_out = csv.DictWriter(acled, fieldnames=list(ACLED_EXPORT_COLUMNS), lineterminator="\n")
        ucdp_out = csv.DictWriter(ucdp, fieldnames=list(UCDP_EXPORT_COLUMNS), lineterminator="\n")
        acled_out.writeheader()
        ucdp_out.writeheader()
        geojson.write('{\n "type": "FeatureCollection",\n "features": [\n')
        for start in range(0, total, CHUNK):
            frame = decode_layer(pyogrio.read_dataframe(gpkg, layer=LAYER, skip_features=start, max_features=CHUNK))
            features = to_feature_collection(frame)["features"]
            text = ",\n".join(json.dumps(f, ensure_ascii=False, indent=1) for f in features)
            geojson.write((",\n" if start else "") + text)
            acled_out.writerows(acled_export_rows(frame))
            ucdp_out.writerows(ucdp_export_rows(frame))
            print(f"{min(start + CHUNK, total):,} of {total:,}", file=sys.stderr)
        geojson.write("\n ]\n}\n")
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gpkg", type=Path)
    parser.add_argument("--out-dir", type=Path)
    parser.add_argument("--readers", type=Path, metavar="FILE.geojson")
    args = parser.parse_args()
    if args.readers:
        time_readers(args.readers)
        return
    if not (args.gpkg and args.out_dir):
        parser.error("give --gpkg and --out-dir, or --readers")
    for path in convert(args.gpkg, args.out_dir):
        print(f"{path} {path.stat().st_size / 1e6:,.0f} MB")


if __name__ == "__main__":
    main()
