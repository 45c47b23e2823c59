"""Event cards: every field shown, dates and precision labelled, and untrusted text escaped."""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from geo.map.cards import aggregate_card_html, event_card_html, event_tooltip, format_estimate, format_when
from geo.model import events_to_frame
from tests.unit.helpers import make_event

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
LIVE_TAG = re.compile(r"<(script|img)\b", re.IGNORECASE)


def _record(**overrides: Any) -> dict[str, Any]:
    """A frame row (as the map sees it) of a test event."""
    frame = events_to_frame([make_event(**overrides)])
    return frame.drop(columns="geometry").iloc[0].to_dict()


def _hostile_record() -> dict[str, Any]:
    rec = _record(
        notes=f"Shots fired {SCRIPT} near the post {IMG}",
        actor1=f"Group {SCRIPT}", actor2=IMG, claimed_by=f'"quoted" {IMG}',
        location=f"Post {IMG}", fatalities_text=SCRIPT,
        sources=[{"source_id": "s1", "publisher": f"Wire {SCRIPT}", "title": f"Headline {IMG}",
                  "published": "2020-05-02", "url": "https://example.org/a", "reliability": "B",
                  "credibility": 2}],
    )
    # The schema refuses quotes in URLs; the card must not rely on that.
    rec["sources"][0]["url"] = 'https://example.org/a?x=1&y="2"'
    return rec


def test_untrusted_text_is_escaped_everywhere_in_the_card() -> None:
    card = event_card_html(_hostile_record())
    assert not LIVE_TAG.search(card)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in card
    assert "&lt;img src=x onerror=alert(1)&gt;" in card
    assert "&quot;quoted&quot;" in card
    assert 'href="https://example.org/a?x=1&amp;y=&quot;2&quot;"' in card
    assert not LIVE_TAG.search(event_tooltip(_hostile_record()))


def test_template_syntax_in_text_is_neutralised() -> None:
    card = event_card_html(_record(notes="{{ 7*7 }} and {% if x %}"))
    assert "{{" not in card and "{%" not in card
    assert "&#123;&#123; 7*7 &#125;&#125;" in card


def test_card_shows_what_when_where_casualties_actors_claims_and_rated_sources() -> None:
    rec = _record(
        date_start="2019-05-19", date_end="2019-05-19", time_precision=1, geo_precision=2,
        location="Shurobod", admin1="Khatlon", country="Tajikistan",
        fatalities_low=3, fatalities_best=5, fatalities_high=8, fatalities_text="several", wounded=4,
        actor1="Tajik Border Troops", actor2="Smugglers", claimed_by="Tajik border service",
        notes="A clash at a border post.",
        sources=[
            {"source_id": "a", "publisher": "Wire A", "title": "First report", "published": "2019-05-20",
             "url": "https://example.org/a", "reliability": "B", "credibility": 2},
            {"source_id": "b", "publisher": "Paper B", "title": "Second report", "reliability": "D",
             "credibility": 4},
        ],
    )
    card = event_card_html(rec)
    assert "2019-05-19 (day)" in card
    assert "Shurobod, Khatlon, Tajikistan (near a place / district)" in card
    assert "3 – 5 – 8 (low – best – high)" in card and "several" in card
    assert "<th>Wounded</th><td>4</td>" in card
    assert "Tajik Border Troops vs Smugglers" in card
    assert "Tajik border service" in card
    assert "A clash at a border post." in card
    assert 'class="bm-card-id">T-1<' in card
    assert re.findall(r'class="bm-rating"[^>]*>([A-F?][1-6?])<', card) == ["B2", "D4"]
    assert '<a href="https://example.org/a" target="_blank" rel="noopener noreferrer">First report</a>' in card
    assert "Wire A</b>, 2019-05-20" in card and "Paper B" in card
    assert card.count("<li>") == 2


def test_strength_and_range_dates_of_a_concentration() -> None:
    rec = _record(kind="concentration", event_type="Strategic developments", sub_event_type="Other",
                  date_start="2023-09-01", date_end="2023-09-30", time_precision=2, geo_precision=3,
                  fatalities_low=None, fatalities_best=None, fatalities_high=None,
                  strength_low=20000, strength_best=50000, strength_high=60000, strength_text="tens of thousands")
    card = event_card_html(rec)
    assert "2023-09-01 – 2023-09-30 (week or month)" in card
    assert "20,000 – 50,000 – 60,000 (low – best – high)" in card and "tens of thousands" in card
    assert "Fatalities" not in card, "an unknown count gets no row"


def test_only_http_links_and_unknown_ratings_are_marked() -> None:
    rec = _record()
    rec["sources"] = [{"publisher": "X", "title": "Click", "url": "javascript:alert(1)", "reliability": "Z",
                       "credibility": 9}, "not a source"]
    card = event_card_html(rec)
    assert "javascript:" not in card and "<a " not in card
    assert ">??</span>" in card


def test_missing_values_of_a_frame_row_do_not_crash_or_show() -> None:
    rec = _record(admin1=None, actor1=None, actor2=None, claimed_by=None, fatalities_low=None,
                  fatalities_best=None, fatalities_high=None, notes="")
    rec["wounded"] = pd.NA
    rec["admin1"] = float("nan")
    card = event_card_html(rec)
    assert "nan" not in card.lower() and "<NA>" not in card and "None" not in card
    assert "Kulob, Tajikistan" in card
    assert event_card_html({}).startswith('<div class="bm-card">')


def test_long_notes_are_cut_for_the_map_but_kept_when_asked() -> None:
    rec = _record(notes="word " * 400)
    assert len(event_card_html(rec)) < len(event_card_html(rec, notes_limit=None))
    assert "Events page" in event_card_html(rec)


def test_formatters() -> None:
    assert format_when(pd.Timestamp("2019-05-19"), pd.Timestamp("2019-05-19"), 1) == "2019-05-19 (day)"
    assert format_when("2020-01-01", "2020-12-31", 3) == "2020-01-01 – 2020-12-31 (year or longer range)"
    assert format_when("2020-01-01", None, None) == "2020-01-01 (precision unknown)"
    assert format_estimate(None, 7, None) == "7"
    assert format_estimate(None, None, None) == ""
    assert format_estimate(2, None, 9) == "2 – ? – 9 (low – best – high)"


def test_aggregate_card_lists_counts_and_how_to_see_events() -> None:
    card = aggregate_card_html(1234, {"Battles": 1000, "Riots": 234, "Protests": 0}, {"incident": 1234},
                               56, pd.Timestamp("2001-02-03"), pd.Timestamp("2009-10-11"))
    assert "1,234 events" in card and "<th>Battles</th><td>1,000</td>" in card
    assert "Protests" not in card
    assert "2001-02-03 – 2009-10-11" in card and "Zoom in" in card
