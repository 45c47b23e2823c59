"""About / method page: field meanings, precision codes, Admiralty code, licences."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.paths import DATA_DIR
from geo.schema import CREDIBILITY_LABELS, GEO_PRECISION_LABELS, RELIABILITY_LABELS, TIME_PRECISION_LABELS

st.subheader("What the fields mean")
st.markdown(
    "- **kind**: `incident` (clash, attack, explosion, killing, riot), `posture` (base, deployment, force "
    "presence), `concentration` (militants reported massed in an area, with a strength) or `context` "
    "(meeting, statement, amnesty, agreement).\n"
    "- **event_type / sub_event_type**: ACLED's taxonomy (6 types, 25 sub-types).\n"
    "- **date_start / date_end**: equal for a single day; a range when the report gives only a month, a year "
    "or a period. An event shows when its range overlaps the time window.\n"
    "- **fatalities low / best / high**: UCDP-style estimates; vague wording is kept in *fatalities_text* and "
    "coded by ACLED's conservative rule (\"dozens\" = 12, \"hundreds\" = 100, \"thousands\" = 1,000).\n"
    "- **strength**: reported size of a force or militant concentration, same convention.\n"
    "- **claimed_by**: who states the fact; **sources**: every report, each with its Admiralty rating."
)
cols = st.columns(2)
cols[0].markdown("**Time precision**")
cols[0].table(pd.DataFrame(TIME_PRECISION_LABELS.items(), columns=["code", "meaning"]))
cols[1].markdown("**Geo precision**")
cols[1].table(pd.DataFrame(GEO_PRECISION_LABELS.items(), columns=["code", "meaning"]))
st.subheader("Admiralty code")
cols = st.columns(2)
cols[0].markdown("**Source reliability**")
cols[0].table(pd.DataFrame(RELIABILITY_LABELS.items(), columns=["rating", "meaning"]))
cols[1].markdown("**Claim credibility**")
cols[1].table(pd.DataFrame(CREDIBILITY_LABELS.items(), columns=["rating", "meaning"]))
st.subheader("Data licences and attribution")
attribution = DATA_DIR / "ATTRIBUTION.md"
st.markdown(attribution.read_text(encoding="utf-8") if attribution.exists() else "See data/ATTRIBUTION.md.")
