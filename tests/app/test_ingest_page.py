"""The Ingest page through AppTest: article in, review, edits, accept/reject, the store, bad input, escaping.

Articles here are invented for the tests. Expected values come from the store
and the gazetteer (geo/), never from the page itself.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.extraction import MAX_BYTES
from geo.places import load_gazetteer
from geo.stores import open_store
from tests.app.test_pages import APP, TIMEOUT_S, assert_healthy, counts
from tests.unit.helpers import make_event
from ui.ingest_batch import Accepted, commit_candidates

PUBLISHED = dt.date(2024, 5, 8)
ARTICLE = (
    "DUSHANBE, May 8 (Test Wire) - Two Tajik border guards were killed in a clash with drug smugglers "
    "near Khorog on Monday, the State Committee for National Security said.\n\n"
    "Separately, Afghan forces shelled positions near Ishkashim on Tuesday, a local official said.\n"
)
SECOND_REPORT = ("Two border guards died in fighting with smugglers close to Khorog on Monday, "
                 "officials in Dushanbe said.\n")
NO_EVENTS = "The weather in Dushanbe was mild this week and the markets were busy before the holiday.\n"
HEADLINE = re.compile(r"\*\*(\d+)\. ")


def open_ingest() -> AppTest:
    """The app on the Ingest page (the store is seeded with the curated dataset)."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT_S)
    at.run()
    at.switch_page("pages/ingest.py").run()
    assert_healthy(at)
    return at


def submit(at: AppTest, text: str = "", upload: tuple[str, bytes] | None = None, *,
           published: dt.date | None = PUBLISHED, publisher: str = "Test Wire", title: str = "",
           url: str = "") -> AppTest:
    """Fill the article form and press Extract."""
    at.text_area(key="ing_text").set_value(text)
    at.file_uploader(key="ing_file").set_value(None if upload is None else (upload[0], upload[1], "text/plain"))
    at.date_input(key="ing_published").set_value(published)
    at.text_input(key="ing_publisher").set_value(publisher)
    at.text_input(key="ing_title").set_value(title)
    at.text_input(key="ing_url").set_value(url)
    return at.button(key="ing_extract").click().run()


def headlines(at: AppTest) -> list[str]:
    """The candidate headlines ("**1. Incident: Armed clash** at Khorog ...")."""
    return [md.value for md in at.main.markdown if HEADLINE.match(md.value)]


def candidate_ids(at: AppTest) -> list[str]:
    return [re.search(r"`([^`]+)`$", h).group(1) for h in headlines(at)]  # type: ignore[union-attr]


def decision_key(at: AppTest, index: int) -> str:
    keys = sorted(r.key for r in at.radio if r.key and r.key.endswith("_decision"))
    return next(k for k in keys if re.fullmatch(rf"ing\d+c{index}_decision", k))


def prefix(at: AppTest, index: int) -> str:
    return decision_key(at, index).removesuffix("decision")


def all_text(at: AppTest) -> str:
    return " ".join(e.value for kind in ("error", "warning", "info", "success") for e in getattr(at, kind))


# -- the happy path ---------------------------------------------------------------------------------

def test_an_edited_candidate_is_accepted_and_stored_with_its_citation_and_ratings() -> None:
    at = open_ingest()
    total = counts(at)[1]
    submit(at, ARTICLE, url="https://example.org/news/1", title="Guards killed")
    assert_healthy(at)
    ids = candidate_ids(at)
    assert len(ids) == 2 and "Khorog" in headlines(at)[0]
    assert len(at.html) == 2  # the evidence of each candidate

    first = prefix(at, 0)
    at.text_input(key=first + "place_query").set_value("Kulyab").run()  # the gazetteer search box
    at.button(key=first + "place_set").click().run()
    at.text_input(key=first + "actor2").set_value("Smugglers (Afghanistan)").run()
    at.selectbox(key=next(s.key for s in at.selectbox if s.key and s.key.endswith("_reliability"))).set_value("B")
    at.selectbox(key=first + "credibility").set_value(2)
    at.radio(key=first + "decision").set_value("accept")
    at.radio(key=prefix(at, 1) + "decision").set_value("reject").run()
    assert at.button(key="ing_save").label == "Save 1 accepted"
    at.button(key="ing_save").click().run()
    assert_healthy(at)

    stored = open_store().get(ids[0])
    assert stored is not None and open_store().get(ids[1]) is None
    kulob = load_gazetteer().lookup("Kulyab")
    assert kulob is not None
    assert (stored.location, stored.admin1, stored.country) == (kulob.name, kulob.admin1, kulob.country)
    assert stored.geometry.equals(kulob.geometry)
    assert stored.actor2 == "Smugglers (Afghanistan)"
    assert stored.fatalities_best == 2 and stored.date_start == dt.date(2024, 5, 6)
    [source] = stored.sources
    assert (source.publisher, source.title, source.url, source.published) == (
        "Test Wire", "Guards killed", "https://example.org/news/1", PUBLISHED)
    assert (source.reliability, source.credibility) == ("B", 2)
    assert [(h.actor, h.action) for h in open_store().history(ids[0])] == [("local", "create")]
    assert counts(at) == (total + 1, total + 1)  # the dashboard reloaded the store
    assert ids[0] in " ".join(s.value for s in at.success).replace("\\", "")
    assert headlines(at) == []  # every candidate decided: the review is closed


def test_accept_all_stores_every_candidate_in_one_batch() -> None:
    at = open_ingest()
    before = len(open_store().load())
    submit(at, ARTICLE)
    ids = candidate_ids(at)
    at.button(key="ing_accept_all").click().run()
    assert at.button(key="ing_save").label == f"Save {len(ids)} accepted"
    at.button(key="ing_save").click().run()
    assert_healthy(at)
    assert len(open_store().load()) == before + len(ids)
    assert all(open_store().get(i) is not None for i in ids)


def test_rejecting_or_discarding_writes_nothing() -> None:
    at = open_ingest()
    version = open_store().version()
    submit(at, ARTICLE)
    for index in range(len(headlines(at))):
        at.radio(key=prefix(at, index) + "decision").set_value("reject")
    at.run()
    assert at.button(key="ing_save").disabled
    assert open_store().version() == version
    at.button(key="ing_discard").click().run()
    assert_healthy(at)
    assert headlines(at) == [] and "discarded" in all_text(at)
    assert open_store().version() == version


def test_an_invalid_edit_names_the_field_and_nothing_is_written() -> None:
    at = open_ingest()
    version = open_store().version()
    submit(at, ARTICLE)
    first, second = prefix(at, 0), prefix(at, 1)
    at.text_input(key=first + "location").set_value("")
    at.number_input(key=second + "fatalities_low").set_value(5)
    at.number_input(key=second + "fatalities_best").set_value(3)  # below the low estimate
    at.button(key="ing_accept_all").click().run()
    inline = [e.value.replace("\\", "") for e in at.error]
    assert len(inline) == 2
    assert "candidate 1, field location: String should have at least 1 character" in inline[0]
    assert "candidate 2" in inline[1] and "fatalities estimates must satisfy low <= best <= high" in inline[1]
    at.button(key="ing_save").click().run()
    [message] = [e.value.replace("\\", "") for e in at.error if "Nothing was written" in e.value]
    assert "candidate 1, field location" in message and "candidate 2" in message
    assert open_store().version() == version
    assert len(headlines(at)) == 2  # the review stays open for fixing


def test_a_second_report_of_a_stored_event_is_added_as_a_new_source_by_default() -> None:
    at = open_ingest()
    submit(at, ARTICLE)
    at.radio(key=prefix(at, 0) + "decision").set_value("accept")
    at.radio(key=prefix(at, 1) + "decision").set_value("reject").run()
    stored_id = candidate_ids(at)[0]
    at.button(key="ing_save").click().run()
    total = len(open_store().load())

    submit(at, SECOND_REPORT, publisher="Other Wire", published=PUBLISHED + dt.timedelta(days=1))
    assert len(headlines(at)) == 1
    target = at.radio(key=prefix(at, 0) + "target")
    assert target.value == stored_id  # the default: add the article as a new source
    assert "" in target.options or "Store as a new event" in " ".join(map(str, target.options))
    at.radio(key=prefix(at, 0) + "decision").set_value("accept").run()
    at.button(key="ing_save").click().run()
    assert_healthy(at)
    event = open_store().get(stored_id)
    assert event is not None and [s.publisher for s in event.sources] == ["Test Wire", "Other Wire"]
    assert len(open_store().load()) == total


def test_a_refused_second_write_undoes_the_first_so_nothing_is_half_written() -> None:
    store = open_store()
    new = make_event(event_id="ING-NEW-1")
    repeat = Accepted(make_event(event_id="ING-REPEAT-1"), merge_into="NO-SUCH-EVENT")
    result = commit_candidates(store, [Accepted(new), repeat], actor="tester")
    assert not result.ok and "NO-SUCH-EVENT" in " ".join(result.problems)
    assert result.added == [] and store.get(new.event_id) is None
    again = commit_candidates(store, [Accepted(new)], actor="tester")  # the id is free again: purged, not hidden
    assert again.ok and again.added == [new.event_id]
    assert store.history(new.event_id)[-1].actor == "tester"


def test_ingesting_the_same_article_again_marks_its_stored_candidates_rejected() -> None:
    at = open_ingest()
    submit(at, ARTICLE)
    ids = candidate_ids(at)
    at.radio(key=prefix(at, 0) + "decision").set_value("accept").run()
    at.button(key="ing_save").click().run()  # candidate 2 stays undecided: the review stays open
    assert [h for h in headlines(at) if ids[0] in h] == []
    version = open_store().version()

    submit(at, ARTICLE)
    assert candidate_ids(at) == ids
    assert at.radio(key=prefix(at, 0) + "decision").value == "reject"
    assert "already in the store" in " ".join(w.value for w in at.warning)
    at.button(key="ing_accept_all").click().run()
    assert at.radio(key=prefix(at, 0) + "decision").value == "reject"
    assert at.button(key="ing_save").label == "Save 1 accepted"
    assert open_store().version() == version


# -- bad input ---------------------------------------------------------------------------------------

BAD_INPUT = {
    "empty text": ({"text": "  \n"}, "Paste the article text or upload a file first"),
    "empty file": ({"upload": ("empty.txt", b"")}, "the file is empty"),
    "binary file": ({"upload": ("scan.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00\x01\x02")}, "binary file"),
    "too large": ({"upload": ("huge.txt", b"word " * (MAX_BYTES // 5 + 1))}, "larger than the 5 MB limit"),
    "undecodable": ({"upload": ("utf16.txt", codecs.BOM_UTF16_LE + b"\x00\xd8")}, "marker but byte"),
    "only scripts and navigation": (
        {"upload": ("page.html", b"<html><head><script>var a = 1;</script></head><body><nav>Home | News</nav>"
                                 b"<script>track()</script><footer>Copyright</footer></body></html>")},
        "no article text left"),
    "text and file": ({"text": ARTICLE, "upload": ("a.txt", ARTICLE.encode())}, "clear one of them"),
    "no date": ({"text": ARTICLE, "published": None}, "publication date is required"),
    "future date": ({"text": ARTICLE, "published": dt.date.today() + dt.timedelta(days=30)}, "in the future"),
    "bad url": ({"text": ARTICLE, "url": "javascript:alert(1)"}, "must start with http:// or https://"),
}


@pytest.mark.parametrize("case", list(BAD_INPUT))
def test_bad_input_gives_a_clear_message_and_writes_nothing(case: str) -> None:
    given, expected = BAD_INPUT[case]
    at = open_ingest()
    version = open_store().version()
    submit(at, **given)  # type: ignore[arg-type]
    assert [e.value for e in at.exception] == []
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and errors[0].startswith("Nothing was extracted")
    assert expected.lower() in errors[0].replace("\\", "").lower()
    assert headlines(at) == []
    assert open_store().version() == version
    submit(at, ARTICLE)  # the app keeps working
    assert_healthy(at)
    assert len(headlines(at)) == 2


def test_an_article_without_events_says_so_and_writes_nothing() -> None:
    at = open_ingest()
    version = open_store().version()
    submit(at, NO_EVENTS)
    assert_healthy(at)
    assert "No events were found" in " ".join(w.value for w in at.warning)
    assert headlines(at) == []
    assert open_store().version() == version


def test_a_windows_1252_file_is_decoded_with_a_note() -> None:
    at = open_ingest()
    text = ARTICLE.replace("the State Committee", "the State Committee\u2019s spokesman for National Security")
    submit(at, upload=("cp1252.txt", text.encode("cp1252")))
    assert_healthy(at)
    assert len(headlines(at)) == 2
    [note] = [w.value.replace("\\", "") for w in at.warning]
    assert "not UTF-8" in note and "windows-1252" in note


def test_an_html_page_loses_its_scripts_and_navigation(tmp_path: Path) -> None:
    page = ("<html><head><title>Guards killed</title><script>alert('x')</script></head><body>"
            "<nav><a href='/'>Home</a> Clashes near Ishkashim on Tuesday</nav>"
            f"<article><p>{ARTICLE.splitlines()[0]}</p></article><footer>Share</footer></body></html>")
    at = open_ingest()
    submit(at, upload=("story.html", page.encode()))
    assert_healthy(at)
    assert len(headlines(at)) == 1 and "Khorog" in headlines(at)[0]
    assert "alert" not in at.html[0].value and "Home" not in at.html[0].value


def test_article_text_is_escaped_in_the_evidence() -> None:
    hostile = ("Two Tajik border guards were killed <script>alert('x')</script> in a clash "
               "<img src=x onerror=alert(1)> near Khorog on Monday, officials said.\n")
    at = open_ingest()
    submit(at, upload=("hostile.txt", hostile.encode()))  # a .txt file stays text: tags are characters
    assert_healthy(at)
    assert len(headlines(at)) == 1
    evidence = at.html[0].value
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in evidence
    assert "&lt;img src=x onerror=alert(1)&gt;" in evidence
    assert "<script" not in evidence and "<img" not in evidence
    assert all("<img" not in md.value and "<script" not in md.value for md in at.main.markdown)


def test_a_candidate_placed_far_outside_its_country_is_refused_unless_confirmed() -> None:
    store = open_store()
    swapped = make_event(event_id="ING-FAR-1", geometry={"type": "Point", "coordinates": [37.9, 69.8]})
    result = commit_candidates(store, [Accepted(swapped)], actor="tester")
    assert not result.ok and "ING-FAR-1, field geometry" in result.problems[0] and "outside Tajikistan" in \
        result.problems[0]
    assert store.get("ING-FAR-1") is None
    confirmed = commit_candidates(store, [Accepted(swapped)], actor="tester", allow_far=True)
    assert confirmed.ok and store.get("ING-FAR-1") is not None
