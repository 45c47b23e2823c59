"""The map page's "Export for briefing" area: a map PNG and a briefing PDF of the current view.

The exports show exactly what the map page shows: the shared filtered events
(filters and time window), the layers switched on and, once the map has
reported them, its current bounds. Rendering drives headless Chromium
(:mod:`geo.briefing.snapshot`) and takes seconds, so each export is made when its button
is pressed, kept in the session with the settings it was made for, and offered
as a download for as long as those settings still describe the view.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import streamlit as st

from geo.briefing import DEFAULT_TITLE, MAP_PIXELS, MAX_LABEL, SnapshotError, render_brief, render_snapshot
from geo.filters import filters_to_params
from geo.map import Bounds
from ui.state import View
from ui.status import md_escape
from ui.tables import BROWSER_DOWNLOAD_MAX

#: Image sizes offered (pixels); the print size is the screen view at twice the resolution.
SIZES: dict[str, tuple[int, int]] = {"Screen 1600 × 1000": (1600, 1000), "Print 3200 × 2000": (3200, 2000)}
NO_CAVEAT, OTHER_CAVEAT = "No caveat", "Other (type it below)"
CAVEAT_PRESETS = ("UNCLASSIFIED // FOR OFFICIAL USE ONLY", "UNCLASSIFIED")
SIZE_KEY, TITLE_KEY = "brief_size", "brief_title"
CAVEAT_CHOICE_KEY, CAVEAT_TEXT_KEY = "brief_caveat_choice", "brief_caveat_text"
MAKE_KEYS = {"png": "brief_make_png", "pdf": "brief_make_pdf"}
#: Session keys of the exports made so far (:class:`PreparedExport`).
EXPORT_KEYS = {"png": "_bm_export_png", "pdf": "_bm_export_pdf"}
_REQUESTED = "_bm_export_requested"


@dataclass(frozen=True)
class ExportSettings:
    """Everything an export depends on; an export is offered only while these stay the same."""

    version: str
    params: tuple[tuple[str, str], ...]
    layers: tuple[str, ...]
    bounds: Bounds | None
    size: tuple[int, int]
    title: str
    caveat: str | None


@dataclass(frozen=True)
class PreparedExport:
    """A rendered file waiting to be downloaded."""

    data: bytes
    file_name: str
    mime: str
    settings: ExportSettings
    events: int


def _caveat() -> str | None:
    choice = st.session_state.get(CAVEAT_CHOICE_KEY, NO_CAVEAT)
    if choice == NO_CAVEAT:
        return None
    text = st.session_state.get(CAVEAT_TEXT_KEY, "") if choice == OTHER_CAVEAT else choice
    return " ".join(str(text).split()) or None


def _controls() -> None:
    st.radio("Map image size", list(SIZES), key=SIZE_KEY, horizontal=True,
             help="Pixels of the PNG. The print size shows the same map at twice the resolution.")
    st.text_input("Title", value=DEFAULT_TITLE, key=TITLE_KEY, max_chars=MAX_LABEL)
    left, right = st.columns(2)
    choice = left.selectbox("Handling caveat", [NO_CAVEAT, *CAVEAT_PRESETS, OTHER_CAVEAT], key=CAVEAT_CHOICE_KEY,
                            help="Printed at the top and bottom of the image and of every PDF page.")
    if choice == OTHER_CAVEAT:
        right.text_input("Caveat text", key=CAVEAT_TEXT_KEY, max_chars=MAX_LABEL,
                         placeholder="e.g. UNCLASSIFIED // FOR OFFICIAL USE ONLY")


def current_settings(view: View, layers: Sequence[str], bounds: Bounds | None) -> ExportSettings:
    """The export settings for this run's view and the area's widgets."""
    return ExportSettings(
        version=view.dataset.version,
        params=tuple(sorted(filters_to_params(view.filters).items())),
        layers=tuple(layers),
        bounds=bounds,
        size=SIZES.get(st.session_state.get(SIZE_KEY, ""), next(iter(SIZES.values()))),
        title=" ".join(str(st.session_state.get(TITLE_KEY) or "").split()) or DEFAULT_TITLE,
        caveat=_caveat(),
    )


def _file_name(kind: str, settings: ExportSettings) -> str:
    params = dict(settings.params)
    dated = "from" in params or "to" in params
    window = f"_{params.get('from', 'start')}_to_{params.get('to', 'end')}" if dated else ""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%MZ")
    stem = "map" if kind == "png" else "brief"
    suffix = f"_{settings.size[0]}x{settings.size[1]}.png" if kind == "png" else ".pdf"
    return f"border-monitor_{stem}{window}_{stamp}{suffix}"


def _render(kind: str, view: View, settings: ExportSettings, out: Path) -> None:
    common: dict[str, Any] = {"out": out, "title": settings.title, "caveat": settings.caveat,
                              "layers": settings.layers}
    if settings.bounds is not None:
        common["bounds"] = settings.bounds
    events = view.query.records(view.filters, BROWSER_DOWNLOAD_MAX)  # TooMany (a ValueError) says to narrow
    if kind == "png":
        render_snapshot(events, view.filters, size=settings.size, **common)
    else:
        render_brief(events, view.filters, **common)


def make_export(kind: str, view: View, settings: ExportSettings) -> PreparedExport:
    """Render the PNG (``kind="png"``) or PDF (``"pdf"``) of the view into memory."""
    with tempfile.TemporaryDirectory(prefix="bm-export-") as tmp:
        out = Path(tmp) / f"export.{kind}"
        _render(kind, view, settings, out)
        data = out.read_bytes()
    mime = "image/png" if kind == "png" else "application/pdf"
    return PreparedExport(data, _file_name(kind, settings), mime, settings, view.count)


def _request(kind: str) -> None:
    # A button callback: it survives a rerun that would reset the button's own value
    # (e.g. a run that starts on the page file alone and is rerouted through app.py).
    st.session_state[_REQUESTED] = kind


def _export_column(column: Any, kind: str, view: View, settings: ExportSettings) -> None:
    label = "map PNG" if kind == "png" else "briefing PDF"
    column.button(f"Make {label}", key=MAKE_KEYS[kind], width="stretch", on_click=_request, args=(kind,))
    if st.session_state.get(_REQUESTED) == kind:
        st.session_state.pop(EXPORT_KEYS[kind], None)
        waiting = "Rendering the map image…" if kind == "png" else "Rendering the map and writing the PDF…"
        try:
            with column, st.spinner(waiting):
                st.session_state[EXPORT_KEYS[kind]] = make_export(kind, view, settings)
        except (SnapshotError, ValueError, OSError) as exc:
            column.error(f"The {label} could not be made: {md_escape(str(exc))}")
        except Exception:
            st.session_state.pop(_REQUESTED, None)  # a failure is reported once, not retried on every run
            raise
        # Consumed only now: a run that a rerun cuts short (the map reporting its view while the export
        # starts, which Streamlit signals with a BaseException) leaves the request for the next run.
        st.session_state.pop(_REQUESTED, None)
    prepared = st.session_state.get(EXPORT_KEYS[kind])
    if not isinstance(prepared, PreparedExport):
        return
    if prepared.settings != settings:
        column.caption(f"The view or the settings changed since the {label} was made: make it again.")
        return
    column.download_button(f"Download {label}", prepared.data, prepared.file_name, mime=prepared.mime,
                           key=f"brief_download_{kind}", on_click="ignore", width="stretch")
    column.caption(f"{prepared.file_name} · {len(prepared.data) / 1e6:.1f} MB · {prepared.events} events")


def render_export_area(view: View, layers: Sequence[str], bounds: Bounds | None) -> None:
    """Draw the "Export for briefing" expander for the map page's current view."""
    with st.expander("Export for briefing"):
        st.caption("A map image and a briefing PDF (map, key figures, events table, sources) of exactly this view: "
                   f"the {view.count:,} events shown, the layers switched on and the map's current frame. "
                   "Rendering takes a few seconds.")
        _controls()
        settings = current_settings(view, layers, bounds)
        png, pdf = st.columns(2)
        _export_column(png, "png", view, settings)
        # The PDF embeds its own print-size map: the size choice is the PNG's alone.
        _export_column(pdf, "pdf", view, dataclasses.replace(settings, size=MAP_PIXELS))
