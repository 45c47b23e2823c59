"""About / method page: what the fields mean, precision and Admiralty codes, licences, citation."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from geo.model import (
    ACLED_TAXONOMY,
    CREDIBILITY_LABELS,
    GEO_PRECISION_LABELS,
    RELIABILITY_LABELS,
    TIME_PRECISION_LABELS,
)
from geo.paths import DATA_DIR
from ui.state import current_view

FIELD_MEANINGS = {
    "event_id": "Stable identifier of the record.",
    "kind": "incident (clash, attack, explosion, riot), posture (base, deployment, force presence), "
            "concentration (militants reported massed in an area, with a strength) or context "
            "(meeting, statement, agreement).",
    "event_type / sub_event_type": "ACLED's taxonomy: 6 event types and 25 sub-event types (below).",
    "date_start / date_end": "UTC days. Equal for a single day; a range when the report gives only a week, "
                             "month, year or period. An event is shown when its range overlaps the time window.",
    "time_precision": "How exactly the date is known (codes below).",
    "location / admin1 / country": "Named place, province or region, and country.",
    "geo_precision": "How exactly the place is known (codes below); approximate places are drawn with an "
                     "uncertainty area on the map.",
    "fatalities low / best / high": "UCDP-style estimates. Vague wording is kept in fatalities_text and coded by "
                                    "ACLED's conservative rule (\"dozens\" = 12, \"hundreds\" = 100).",
    "wounded": "Reported number of wounded, when given.",
    "strength low / best / high": "Reported size of a force or militant concentration, same convention.",
    "actor1 / actor2": "The sides involved; the actor filter matches either.",
    "claimed_by": "Who states the fact (a ministry, a spokesman, a group claiming responsibility).",
    "sources": "Every report supporting the record, each rated with the Admiralty code: reliability of the "
               "source (A–F) and credibility of this claim (1–6), e.g. B2.",
}


def code_table(labels: dict, code: str) -> pd.DataFrame:
    """A two-column table of codes and what they mean."""
    return pd.DataFrame({code: [str(k) for k in labels], "meaning": list(labels.values())})


st.header("About Border Monitor")
st.markdown(
    "Border Monitor collects reported border clashes, attacks, military postures and militant "
    "concentrations on and near the Afghan–Tajik border, each with its sources and their ratings. "
    "It records what sources *report*: a record is a claim with provenance, not a verified fact."
)

st.subheader("What the fields mean")
st.table(pd.DataFrame({"field": list(FIELD_MEANINGS), "meaning": list(FIELD_MEANINGS.values())}))

st.subheader("Precision codes")
cols = st.columns(2)
cols[0].markdown("**Time precision**")
cols[0].table(code_table(TIME_PRECISION_LABELS, "code"))
cols[1].markdown("**Geo precision**")
cols[1].table(code_table(GEO_PRECISION_LABELS, "code"))

st.subheader("Admiralty code")
st.markdown("Each source is rated for its **reliability** as a source and each claim for its **credibility**; "
            "the minimum-reliability filter keeps events with at least one source rated at that level or better.")
cols = st.columns(2)
cols[0].markdown("**Source reliability**")
cols[0].table(code_table(RELIABILITY_LABELS, "rating"))
cols[1].markdown("**Claim credibility**")
cols[1].table(code_table(CREDIBILITY_LABELS, "rating"))

st.subheader("Event types (ACLED)")
st.table(pd.DataFrame({"event type": list(ACLED_TAXONOMY),
                       "sub-event types": [", ".join(subs) for subs in ACLED_TAXONOMY.values()]}))

st.subheader("Data licences and attribution")
attribution = DATA_DIR / "ATTRIBUTION.md"
if attribution.exists():
    with st.expander("data/ATTRIBUTION.md", expanded=True):
        st.markdown(attribution.read_text(encoding="utf-8"))
else:
    st.markdown("The attribution file data/ATTRIBUTION.md is missing from this installation.")
st.markdown("Source articles remain the property of their publishers: records paraphrase them and link to them.")

st.subheader("How to cite")
today = dt.datetime.now(dt.UTC).date().isoformat()
current_version = current_view().dataset.version
st.code(f"Border Monitor contributors. Border Monitor: reported events on the Afghan–Tajik border "
        f"(dataset version {current_version}). Accessed {today}.", language="text", wrap_lines=True)
st.caption("Add the link of the view you used: it holds every filter. When you use a single record, "
           "cite its original sources too (Events page, Sources column).")
