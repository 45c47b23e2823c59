"""Turn quoted evidence in a gold annotation into character offsets, so no quote is kept.

An annotator writes each evidence span (of ``events`` and ``not_events``) as
``{"quote": "exact words from the article"}`` (with ``"occurrence": n`` when the
words appear more than once, counting from 1). This script replaces every such
span by ``{"start", "end", "sha1"}`` (sha1 = first 12 hex digits of the UTF-8
span text, as in ``tests/gold/seeds_gold.json``) and rewrites the file
atomically. Spans already in offset form are checked against the text.

Usage: ``.venv/bin/python scripts/gold_spans.py tests/gold/dev/some-article.json [...]``
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any


def sha1_12(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def resolve(span: dict[str, Any], text: str, where: str) -> dict[str, Any]:
    """The offset form of one evidence span; ValueError saying which span is wrong."""
    if "quote" not in span:
        start, end = int(span["start"]), int(span["end"])
        if not (0 <= start < end <= len(text)) or sha1_12(text[start:end]) != span["sha1"]:
            raise ValueError(f"{where}: offsets {start}-{end} do not match their sha1")
        return span
    quote, occurrence = str(span["quote"]), int(span.get("occurrence", 1))
    starts, at = [], text.find(quote)
    while at >= 0:
        starts.append(at)
        at = text.find(quote, at + 1)
    if not starts:
        raise ValueError(f"{where}: quote not found in the article: {quote[:60]!r}")
    if len(starts) > 1 and "occurrence" not in span:
        raise ValueError(f"{where}: quote appears {len(starts)} times; say which with \"occurrence\"")
    if occurrence > len(starts):
        raise ValueError(f"{where}: occurrence {occurrence} asked, the quote appears {len(starts)} times")
    start = starts[occurrence - 1]
    out = {"start": start, "end": start + len(quote), "sha1": sha1_12(quote)}
    return {**out, **{k: v for k, v in span.items() if k not in ("quote", "occurrence")}}


def convert(path: Path) -> int:
    """Rewrite one annotation file; the number of spans converted."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    text = (path.parent / doc["file"]).read_text(encoding="utf-8")
    converted = 0
    for key in ("events", "not_events"):
        for i, item in enumerate(doc.get(key, [])):
            spans = item["evidence"] if key == "events" else [item]
            for j, span in enumerate(spans):
                new = resolve(span, text, f"{path.name} {key}[{i}] span {j}")
                converted += new is not span
                spans[j] = new
            if key == "not_events":
                doc[key][i] = spans[0]
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(doc, fh, indent=1, ensure_ascii=False)
        fh.write("\n")
    os.replace(tmp, path)
    return converted


def main(argv: list[str]) -> int:
    status = 0
    for name in argv:
        try:
            print(f"{name}: {convert(Path(name))} spans converted")
        except (ValueError, KeyError, OSError, json.JSONDecodeError) as exc:
            print(f"{name}: {exc}", file=sys.stderr)
            status = 1
    return status


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
