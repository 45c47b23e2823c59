"""Server-side aggregation of many events into grid cells (vectorised with numpy).

When a view holds too many events to draw one by one, they are counted per
cell of a longitude/latitude grid whose cell edge is a fixed number of screen
pixels at the current zoom (Web Mercator tiles are 256 px for 360° at zoom 0).
Each cell keeps its count, counts by event type and by kind, the best-estimate
fatalities added up, the first and last date, and the mean position of its
events (where its bubble is drawn).

Example
-------
>>> cell_size_deg(7, 56)
0.615234375
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.model import EVENT_TYPES, KINDS

#: Zoom used when the view's zoom is unknown (the whole border region fits at about 7).
DEFAULT_ZOOM = 7


def cell_size_deg(zoom: float | None, cell_px: int) -> float:
    """Edge in degrees of a grid cell ``cell_px`` screen pixels wide at ``zoom``."""
    level = DEFAULT_ZOOM if zoom is None else max(0.0, min(float(zoom), 22.0))
    return float(cell_px * 360.0 / (256.0 * 2.0**level))


@dataclass(frozen=True)
class GridCells:
    """Aggregated cells; every array has one entry per non-empty cell."""

    lon: np.ndarray
    lat: np.ndarray
    count: np.ndarray
    #: (cells, len(EVENT_TYPES)) counts; a type outside ACLED's six is not counted here.
    by_type: np.ndarray
    #: (cells, len(KINDS)) counts.
    by_kind: np.ndarray
    fatalities: np.ndarray
    first: np.ndarray
    last: np.ndarray

    def __len__(self) -> int:
        return len(self.count)

    def dominant_type(self) -> list[str]:
        """The most frequent ACLED event type of each cell."""
        return [EVENT_TYPES[i] for i in self.by_type.argmax(axis=1)]


def _codes(values: pd.Series, categories: tuple[str, ...]) -> np.ndarray:
    return np.asarray(pd.Categorical(values, categories=list(categories)).codes, dtype=np.int64)


def aggregate_grid(lon: np.ndarray, lat: np.ndarray, frame: pd.DataFrame, zoom: float | None,
                   cell_px: int) -> GridCells:
    """Count the events of ``frame`` (positions ``lon``/``lat`` in degrees) per grid cell.

    ``frame`` needs ``event_type``, ``kind``, ``fatalities_best``, ``date_start``
    and ``date_end``; its rows line up with ``lon`` and ``lat``.
    """
    size = cell_size_deg(zoom, cell_px)
    if not len(frame):
        empty = np.zeros(0)
        return GridCells(empty, empty, empty.astype(np.int64), np.zeros((0, len(EVENT_TYPES)), np.int64),
                         np.zeros((0, len(KINDS)), np.int64), empty, empty.astype("datetime64[ns]"),
                         empty.astype("datetime64[ns]"))
    col = np.floor(lon / size).astype(np.int64)
    row = np.floor(lat / size).astype(np.int64)
    key = (col - col.min()) * (int(row.max() - row.min()) + 1) + (row - row.min())
    _, cell = np.unique(key, return_inverse=True)
    n_cells = int(cell.max()) + 1
    count = np.bincount(cell, minlength=n_cells)

    def tally(codes: np.ndarray, width: int) -> np.ndarray:
        keep = codes >= 0  # -1: a value outside the categories
        return np.bincount(cell[keep] * width + codes[keep], minlength=n_cells * width).reshape(n_cells, width)

    deaths = pd.to_numeric(frame["fatalities_best"]).astype("Float64").fillna(0).to_numpy(dtype=float)
    starts = frame["date_start"].to_numpy(dtype="datetime64[ns]").astype(np.int64)
    ends = frame["date_end"].to_numpy(dtype="datetime64[ns]").astype(np.int64)
    first = np.full(n_cells, np.iinfo(np.int64).max)
    last = np.full(n_cells, np.iinfo(np.int64).min)
    np.minimum.at(first, cell, starts)
    np.maximum.at(last, cell, ends)
    return GridCells(
        lon=np.bincount(cell, weights=lon, minlength=n_cells) / count,
        lat=np.bincount(cell, weights=lat, minlength=n_cells) / count,
        count=count,
        by_type=tally(_codes(frame["event_type"], EVENT_TYPES), len(EVENT_TYPES)),
        by_kind=tally(_codes(frame["kind"], KINDS), len(KINDS)),
        fatalities=np.bincount(cell, weights=deaths, minlength=n_cells),
        first=first.astype("datetime64[ns]"),
        last=last.astype("datetime64[ns]"),
    )
