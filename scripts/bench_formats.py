"""Make the 1,000,000-event GeoJSON, ACLED and UCDP files of the issue-12 benchmark from a GeoPackage.

The GeoPackage comes from ``scripts/gen_synthetic.py``; it is read 50,000 features at a time and
written in each layout as ``python -m geo export`` writes it (a FeatureCollection with one space of
indent; the ACLED- and UCDP-style CSV exports), so a million events never sit in memory at once.
Then time the imports with ``/usr/bin/time -v python -m geo import FILE`` into a fresh data
directory (``BORDER_MONITOR_DATA``); the figures are in docs/BENCHMARKS.md (issue 12).

Usage::

    python scripts/gen_synthetic.py --n 1000000 --out /tmp/b/big.gpkg
    python scripts/bench_formats.py --gpkg /tmp/b/big.gpkg --out-dir /tmp/b
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

import pyogrio

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from geo.exchange import feature_count, to_feature_collection
from geo.exchange.tables import ACLED_EXPORT_COLUMNS, UCDP_EXPORT_COLUMNS, acled_export_rows, ucdp_export_rows
from geo.model import LAYER, decode_layer

CHUNK = 50_000


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
    parser.add_argument("--gpkg", type=Path, required=True)
    parser.add_argument("--out-dir", type=Path, required=True)
    args = parser.parse_args()
    for path in convert(args.gpkg, args.out_dir):
        print(f"{path} {path.stat().st_size / 1e6:,.0f} MB")


if __name__ == "__main__":
    main()
