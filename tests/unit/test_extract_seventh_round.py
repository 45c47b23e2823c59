"""Failure classes of issue 11, seventh round: a night that may run into the next day ("late on June 4",
"late Friday", "on the night of 4 June"), one person named by an office with "the" ("the district police chief
was killed") and people named by kinship or service to a victim ("along with his driver", "and his son").

Every sentence here was written for this test (none is taken from an article, seed or gold file).
META's publication day is Saturday 10 July 2021.
"""

from __future__ import annotations

import datetime as dt

import pytest

from geo.extraction import find_dates
from tests.unit.extraction_helpers import META, events


@pytest.mark.parametrize(("sentence", "first", "last"), [
    ("The raid began late on July 4 when gunmen fired at the post.", "2021-07-04", "2021-07-05"),
    ("The raid began late Thursday when gunmen fired at the post.", "2021-07-08", "2021-07-09"),
    ("Gunmen fired at the post on the night of 6 July.", "2021-07-06", "2021-07-07"),
    ("Gunmen fired at the post on July 6 at night.", "2021-07-06", "2021-07-07"),
    ("Gunmen fired at the post on July 6.", "2021-07-06", "2021-07-06"),
    ("Gunmen fired at the post on July 6 in the late afternoon.", "2021-07-06", "2021-07-06"),
])
def test_a_night_runs_into_the_next_day(sentence: str, first: str, last: str) -> None:
    (found,) = find_dates(sentence, META.published)
    assert (found.date_start.isoformat(), found.date_end.isoformat()) == (first, last)


def test_a_night_never_runs_past_publication() -> None:
    (found,) = find_dates("The post came under fire late on Saturday.", dt.date(2021, 7, 10))
    assert (found.date_start, found.date_end) == (dt.date(2021, 7, 10), dt.date(2021, 7, 10))


def test_an_attack_started_late_on_a_day_spans_that_night() -> None:
    (found,) = events("Militants attacked a border post in Khamyab district late on July 4, killing two guards, "
                      "the district chief said.")
    assert (found["date_start"], found["date_end"]) == (dt.date(2021, 7, 4), dt.date(2021, 7, 5))


@pytest.mark.parametrize(("sentence", "killed", "sub_type"), [
    ("The district police chief was killed by a roadside bomb in Khanabad on Friday.", 1,
     "Remote explosive/landmine/IED"),
    ("The district police chief was killed by a roadside bomb in Khanabad on Friday along with his driver.", 2,
     "Remote explosive/landmine/IED"),
    ("A roadside bomb in Khanabad killed the deputy governor alongside his two bodyguards on Friday.", 3,
     "Remote explosive/landmine/IED"),
    ("Gunmen killed a tribal elder and his son in Khanabad on Friday.", 2, "Attack"),
])
def test_an_office_holder_and_the_people_with_him_are_counted(sentence: str, killed: int, sub_type: str) -> None:
    (found,) = events(sentence)
    assert (found["fatalities_best"], found["sub_event_type"]) == (killed, sub_type)


@pytest.mark.parametrize("sentence", [
    "Gunmen killed a tribal elder in Khanabad on Friday, his son said.",
    "Gunmen killed a tribal elder in Khanabad on Friday while his son was away.",
    "A roadside bomb killed a tribal elder in Khanabad on Friday, the district police chief told reporters.",
    "A roadside bomb killed a tribal elder in Khanabad on Friday, the governor of the province said.",
])
def test_a_speaker_or_a_bystander_is_no_casualty(sentence: str) -> None:
    (found,) = events(sentence)
    assert found["fatalities_best"] == 1
