"""The Edit page (analysts and admins): change a stored event, re-rate its sources, delete, see history.

The form is drawn from the version the analyst loaded (kept in the session), and
saving sends that version as ``expected_version``: when someone else saved the
event in between, the store refuses with ``StaleVersion`` and the page says so and
offers the current version instead of overwriting it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import streamlit as st
from pydantic import ValidationError
from shapely.geometry import Point

from geo.model import (
    ACLED_TAXONOMY,
    CREDIBILITY_LABELS,
    GEO_PRECISION_LABELS,
    KINDS,
    RELIABILITY,
    TIME_PRECISION_LABELS,
    Event,
    format_errors,
)
from geo.places import location_problem
from geo.stores import StaleVersion, StoreError, history_summary, history_table, open_store
from ui.auth import Identity
from ui.data import events_page
from ui.state import View
from ui.status import md_escape

PICK_KEY = "edit_event"
#: Events the picker lists at most (those passing the sidebar's filters, in store order).
PICK_MAX = 5_000
_LOADED = "_bm_edit_loaded"
_NOTICE = "_bm_edit_notice"
_STALE = "_bm_edit_stale"
SUB_TYPES = sorted({sub for subs in ACLED_TAXONOMY.values() for sub in subs})
TEXT_FIELDS = ("location", "admin1", "country", "actor1", "actor2", "claimed_by", "fatalities_text", "strength_text")
COUNT_FIELDS = ("fatalities_low", "fatalities_best", "fatalities_high", "wounded",
                "strength_low", "strength_best", "strength_high")
FORM_FIELDS = ("kind", "event_type", "sub_event_type", "date_start", "date_end", "time_precision", "geo_precision",
               *TEXT_FIELDS, *COUNT_FIELDS, "notes")


@dataclass(frozen=True)
class Loaded:
    """The event version the form shows (and the version a save expects to replace)."""

    event: Event
    version: Any

    def key(self, name: str) -> str:
        """A widget key tied to this event and version (a new version gets fresh widgets)."""
        return f"edit:{self.event.event_id}:{self.version}:{name}"


def _load(event_id: str) -> Loaded | None:
    found = open_store().get_versioned(event_id)
    loaded = None if found is None else Loaded(found[0], found[1])
    st.session_state[_LOADED] = loaded
    return loaded


def _notice(level: str, text: str, lines: Sequence[str] = ()) -> None:
    st.session_state[_NOTICE] = (level, text, list(lines))


def _show_notice() -> None:
    found = st.session_state.pop(_NOTICE, None)
    if found:
        level, text, lines = found
        body = md_escape(text) + "".join(f"\n- {md_escape(line)}" for line in lines)
        {"error": st.error, "info": st.info}.get(level, st.success)(body)


def _label(view: View) -> dict[str, str]:
    events = events_page(view.dataset, view.filters, 0, PICK_MAX)
    return {str(r.event_id): f"{r.event_id} — {r.location}, {r.date_start:%Y-%m-%d}" for r in events.itertuples()}


def _pick(view: View) -> str | None:
    labels = _label(view)
    if view.count > PICK_MAX:
        st.caption(f"The list holds the first {PICK_MAX:,} of the {view.count:,} events that pass the filters: "
                   "narrow the filters in the sidebar to reach the others.")
    elif view.count < view.dataset.total:
        st.caption(f"The list holds the {view.count:,} events that pass the sidebar's filters.")
    chosen = st.selectbox("Event", list(labels), index=None, key=PICK_KEY, format_func=lambda i: labels.get(i, i),
                          placeholder="Type an event id, place or date…")
    return str(chosen) if chosen else None


def _field_inputs(loaded: Loaded) -> None:
    e, key = loaded.event, loaded.key
    cols = st.columns(3)
    cols[0].selectbox("Kind", KINDS, index=KINDS.index(e.kind), key=key("kind"))
    types = list(ACLED_TAXONOMY)
    cols[1].selectbox("Event type", types, index=types.index(e.event_type), key=key("event_type"))
    cols[2].selectbox("Sub-event type", SUB_TYPES, index=SUB_TYPES.index(e.sub_event_type), key=key("sub_event_type"))
    cols[0].date_input("Start (UTC)", e.date_start, key=key("date_start"))
    cols[1].date_input("End (UTC)", e.date_end, key=key("date_end"))
    cols[2].selectbox("Time precision", list(TIME_PRECISION_LABELS), index=e.time_precision - 1,
                      key=key("time_precision"), format_func=lambda c: f"{c}: {TIME_PRECISION_LABELS[c]}")
    cols[2].selectbox("Geo precision", list(GEO_PRECISION_LABELS), index=e.geo_precision - 1,
                      key=key("geo_precision"), format_func=lambda c: f"{c}: {GEO_PRECISION_LABELS[c]}")
    for number, name in enumerate(TEXT_FIELDS):
        label = name.replace("_", " ").capitalize()
        cols[number % 2].text_input(label, getattr(e, name) or "", key=key(name), max_chars=300)
    if isinstance(e.geometry, Point):
        cols[0].number_input("Latitude", -90.0, 90.0, e.geometry.y, format="%.5f", key=key("lat"))
        cols[1].number_input("Longitude", -180.0, 180.0, e.geometry.x, format="%.5f", key=key("lon"))
    counts = st.columns(len(COUNT_FIELDS))
    for col, name in zip(counts, COUNT_FIELDS, strict=True):
        col.number_input(name.replace("_", " ").capitalize(), min_value=0, value=getattr(e, name), step=1,
                         key=key(name))
    st.text_area("Notes", e.notes, key=key("notes"), max_chars=5000, height=120)


def _source_inputs(loaded: Loaded) -> None:
    st.markdown("**Sources** (Admiralty code: reliability of the source A–F, credibility of this claim 1–6)")
    for number, source in enumerate(loaded.event.sources):
        left, middle, right = st.columns([3, 1, 1], vertical_alignment="bottom")
        left.text(f"{source.publisher} — {source.title or source.source_id}")
        middle.selectbox("Reliability", RELIABILITY, index=RELIABILITY.index(source.reliability),
                         key=loaded.key(f"rel{number}"))
        credibility = list(CREDIBILITY_LABELS)
        right.selectbox("Credibility", credibility, index=credibility.index(source.credibility),
                        key=loaded.key(f"cred{number}"))


def form_changes(loaded: Loaded, values: Mapping[str, Any]) -> dict[str, Any]:
    """The event fields as the form's widgets (``values``: widget key -> value) now hold them."""
    key = loaded.key
    changes = {name: values[key(name)] for name in FORM_FIELDS if key(name) in values}
    if key("lat") in values and key("lon") in values:
        changes["geometry"] = Point(values[key("lon")], values[key("lat")])
    sources = []
    for number, source in enumerate(loaded.event.sources):
        data = source.model_dump()
        data["reliability"] = values.get(key(f"rel{number}"), source.reliability)
        data["credibility"] = values.get(key(f"cred{number}"), source.credibility)
        sources.append(data)
    changes["sources"] = sources
    return changes


def edited_event(loaded: Loaded, changes: Mapping[str, Any]) -> Event:
    """The loaded event with the form's values (raises ValidationError with every problem)."""
    data = loaded.event.model_dump()
    data.update({name: (value.strip() or None) if isinstance(value, str) and name in TEXT_FIELDS else value
                 for name, value in changes.items()})
    data["geometry"] = changes.get("geometry", loaded.event.geometry)
    return Event.model_validate(data)


def _save(loaded: Loaded, me: Identity) -> None:
    """Form callback: validate and save with the loaded version, or say why not."""
    try:
        event = edited_event(loaded, form_changes(loaded, st.session_state.to_dict()))
    except ValidationError as exc:
        _notice("error", "Not saved:", format_errors(exc, "event"))
        return
    if event == loaded.event:
        _notice("info", "Nothing changed.")
        return
    far = location_problem(event.country, event.geometry)
    if far and not st.session_state.get(loaded.key("allow_far")):
        _notice("error", "Not saved:", [f"field geometry: {far}. Tick “Accept a place far from the region or "
                                        "outside its country” to save it anyway."])
        return
    try:
        version = open_store().update(event, expected_version=loaded.version, actor=me.username)
    except StaleVersion as exc:
        st.session_state[_STALE] = (loaded.event.event_id, loaded.version, str(exc), str(exc.current_version))
        return
    except StoreError as exc:
        _notice("error", f"Not saved: {exc}")
        return
    _load(event.event_id)
    _notice("success", f"Saved {event.event_id} (version {version}).")


def _reload(loaded: Loaded) -> None:
    st.session_state.pop(_STALE, None)
    _load(loaded.event.event_id)


def _stale_area(loaded: Loaded) -> None:
    """After a refused save: the store's message, the current version and a way to load it."""
    stale = st.session_state.get(_STALE)
    if not stale or tuple(stale[:2]) != (loaded.event.event_id, loaded.version):
        return
    _, _, message, current = stale
    st.error(f"Not saved: {md_escape(message)}.\n\nThe stored version is now {md_escape(current)}; "
             "your changes are still in the form.")
    st.button("Load the current version (drops your changes)", key=loaded.key("reload"), on_click=_reload,
              args=(loaded,))


def _delete(loaded: Loaded, me: Identity) -> None:
    try:
        open_store().delete([loaded.event.event_id], actor=me.username)
    except StoreError as exc:
        _notice("error", f"Not deleted: {exc}")
        return
    st.session_state[_LOADED] = None
    st.session_state[PICK_KEY] = None
    _notice("success", f"Deleted {loaded.event.event_id}. An admin can restore it.")


def _delete_area(loaded: Loaded, me: Identity) -> None:
    with st.expander("Delete this event"):
        st.caption("Deleting hides the event everywhere; it stays in the audit log and an admin can restore it.")
        sure = st.checkbox("I want to delete this event", key=loaded.key("sure"))
        st.button("Delete event", key=loaded.key("delete"), disabled=not sure, on_click=_delete, args=(loaded, me))


def _restore_or_purge(action: str, me: Identity) -> None:
    event_id = st.session_state.get("edit_deleted_id")
    if not event_id or not me.allows("admin"):  # the buttons are only drawn for admins; never trust that alone
        return
    store = open_store()
    try:
        (store.restore if action == "restore" else store.purge)([event_id], actor=me.username)
    except StoreError as exc:
        _notice("error", str(exc))
        return
    _notice("success", f"{'Restored' if action == 'restore' else 'Purged'} {event_id}.")


def _admin_area(me: Identity) -> None:
    deleted = {e.event_id: f"{e.event_id} — {e.location}, {e.date_start:%Y-%m-%d}" for e in open_store().deleted()}
    with st.expander(f"Deleted events (admin): {len(deleted)}"):
        if not deleted:
            st.caption("No deleted events.")
            return
        st.selectbox("Deleted event", list(deleted), key="edit_deleted_id", format_func=lambda i: deleted.get(i, i))
        left, right = st.columns(2)
        left.button("Restore", key="edit_restore", on_click=_restore_or_purge, args=("restore", me))
        right.button("Purge for good", key="edit_purge", on_click=_restore_or_purge, args=("purge", me),
                     help="Removes the event itself; the audit log keeps the purge and the last record.")


def show_history(event_id: str) -> None:
    """The event's audit history (who, when, what changed) as a table."""
    entries = open_store().history(event_id)
    table = history_table(entries)
    st.markdown("**History**")
    if entries:
        st.caption(md_escape(history_summary(entries)))
    if table.empty:
        st.caption("No recorded changes (events imported before the audit log existed have none).")
    else:
        st.dataframe(table, hide_index=True, width="stretch")


def render_edit_page(view: View, me: Identity) -> None:
    """Everything on the Edit page for ``me``, choosing among ``view``'s events."""
    st.header("Edit an event")
    _show_notice()
    event_id = _pick(view)
    loaded = st.session_state.get(_LOADED)
    if event_id and (not isinstance(loaded, Loaded) or loaded.event.event_id != event_id):
        loaded = _load(event_id)
    if event_id and loaded is None:
        st.warning("This event is no longer in the store (deleted by someone else?).")
    if event_id and isinstance(loaded, Loaded):
        st.caption(f"Version {md_escape(str(loaded.version))} of {md_escape(loaded.event.event_id)}: saving checks "
                   "that nobody saved a newer version in the meantime.")
        with st.form(loaded.key("form")):
            _field_inputs(loaded)
            _source_inputs(loaded)
            st.checkbox("Accept a place far from the region or outside its country", key=loaded.key("allow_far"))
            st.form_submit_button("Save changes", type="primary", on_click=_save, args=(loaded, me))
        _stale_area(loaded)
        _delete_area(loaded, me)
        show_history(loaded.event.event_id)
    if me.allows("admin"):
        _admin_area(me)
