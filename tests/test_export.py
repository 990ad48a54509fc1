"""cadence.export: one timeline or many leads' as JSON, CSV and iCalendar, escaped."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta

import attrs
import icalendar
import pendulum
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from cadence import (
    Cadence,
    Channel,
    InvalidTypeError,
    InvalidValueError,
    Lead,
    Replied,
    Step,
    Steps,
    Timeline,
    Touch,
    export,
    plan,
    presets,
)
from cadence._time import to_utc
from tests import strategies as ds

NOW = pendulum.datetime(2026, 3, 6, 16, 0, tz="UTC")
CHICAGO = Lead(timezone="America/Chicago", created_at=NOW, id="acme-42")
PARIS = Lead(timezone="Europe/Paris", created_at=NOW, id="acme-43")
SEQUENCE = Cadence(
    rhythm=Steps(
        Step(0, "email", label="intro email", template="tpl-intro"),
        Step(2, "call"),
        Step(14, "email", label="breakup email", template="tpl-breakup"),
    )
)


def _events(text: str) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(text).walk("VEVENT"))


def test_two_leads_in_one_calendar_keep_every_event() -> None:
    plans = [
        (lead, plan(presets.persistent(), lead, now=NOW, max_touches=8))
        for lead in (CHICAGO, PARIS)
    ]
    events = _events(export.to_ics(plans, NOW))
    assert len(events) == 16
    uids = {str(event["uid"]) for event in events}
    assert len(uids) == 16
    # Imported into one calendar: every event stays, since no two share a UID.
    calendar = icalendar.Calendar()
    for text in (export.to_ics([pair], NOW) for pair in plans):
        for event in _events(text):
            calendar.add_component(event)
    merged = _events(calendar.to_ical().decode())
    assert len({str(event["uid"]) for event in merged}) == 16
    assert {str(event["summary"]).split(":")[0] for event in merged} == {"acme-42", "acme-43"}


def test_summary_names_the_lead_and_the_steps_label_and_description_the_template() -> None:
    timeline = plan(SEQUENCE, CHICAGO, now=NOW)
    events = _events(export.to_ics(timeline, NOW, lead=CHICAGO))
    assert [str(event["summary"]) for event in events] == [
        "acme-42: intro email (round 1)",
        "acme-42: Call, leave a voicemail (round 2)",
        "acme-42: breakup email (round 3)",
    ]
    assert str(events[2]["description"]).endswith("\ntemplate: tpl-breakup")
    assert str(events[0]["uid"]) == "acme-42/e0.r1.t1@cadence-rules"


@given(ds.rich_situations(), st.data())
def test_replanning_after_a_touch_changes_no_uid_of_the_remaining_touches(situation, data) -> None:
    rules, lead, history, now = situation
    lead = attrs.evolve(lead, id="lead\n1")
    try:
        before = plan(rules, lead, history, now=now, max_touches=20)
    except ValueError:
        return
    assume(len(before) > 1)
    # The touch and its delay are drawn from the plan, so no usable plan is thrown away; the
    # delay keeps the touch before the next one (planned touches are a minute apart or more).
    index = data.draw(st.integers(0, min(3, len(before) - 2)), label="index")
    carried = before[index]
    gap = to_utc(before[index + 1].at) - to_utc(carried.at)
    latest = min(90, (gap - timedelta(seconds=1)) // timedelta(minutes=1))
    late_minutes = data.draw(st.integers(0, latest), label="late_minutes")
    at = to_utc(carried.at) + timedelta(minutes=late_minutes)
    done = [*history, *(touch.done() for touch in before[:index])]
    done.append(Touch(at=at, channel=carried.channel, outcome=carried.assumed))
    after = plan(rules, lead, done, now=at, max_touches=20)
    rest = before[index + 1 :]
    old = [str(event["uid"]) for event in _events(export.to_ics(before, now, lead=lead))]
    new = [str(event["uid"]) for event in _events(export.to_ics(after, at, lead=lead))]
    shape = [(touch.rule, touch.channel, touch.round) for touch in after][: len(rest)]
    if not late_minutes or shape == [(t.rule, t.channel, t.round) for t in rest][: len(after)]:
        # The same touches: the same events, which a calendar updates in place.
        assert new[: len(rest)] == old[index + 1 :][: len(new)]


def test_a_previous_exports_touches_no_longer_planned_are_cancelled() -> None:
    timeline = plan(SEQUENCE, CHICAGO, now=NOW)
    first = export.to_ics(timeline, NOW, lead=CHICAGO)
    previous = export.planned_uids(first)
    assert len(previous) == 3
    # The first two steps are done; the lead replies: the breakup email is off.
    history = [timeline[0].done(), timeline[1].done()]
    history.append(Touch(at=timeline[1].at.add(hours=1), channel="email", outcome="replied"))
    later = timeline[1].at.add(hours=2)
    rules = attrs.evolve(SEQUENCE, stop=SEQUENCE.stop | Replied())
    replanned = plan(rules, CHICAGO, history, now=later)
    assert len(replanned) == 0
    events = _events(export.to_ics(replanned, later, lead=CHICAGO, previous=previous))
    assert [str(event["uid"]) for event in events] == previous
    assert all(str(event["status"]) == "CANCELLED" for event in events)
    # Still planned: kept as they are, not cancelled.
    again = _events(export.to_ics(timeline, NOW, lead=CHICAGO, previous=previous))
    assert [str(event.get("status", "")) for event in again] == ["", "", ""]
    assert (
        export.planned_uids(export.to_ics(replanned, later, lead=CHICAGO, previous=previous)) == []
    )


HOSTILE = "evil\r\nATTENDEE:mailto:boss@example.com\nX-INJECTED:1;,\\"


def test_a_lead_id_or_label_with_line_breaks_adds_no_calendar_field() -> None:
    lead = attrs.evolve(CHICAGO, id=HOSTILE)
    rules = Cadence(
        rhythm=Steps(Step(0, "email", label="a\nDTSTART:19700101T000000Z", template=HOSTILE))
    )
    text = export.to_ics(plan(rules, lead, now=NOW), NOW, lead=lead)
    for line in text.splitlines():
        assert not line.startswith(("ATTENDEE", "X-INJECTED"))
    assert sum(line.startswith("DTSTART") for line in text.splitlines()) == 1
    (event,) = _events(text)
    assert str(event["summary"]).startswith(
        "evil\nATTENDEE:mailto:boss@example.com\nX-INJECTED:1;,\\:"
    )
    assert "\n" not in str(event["uid"])
    assert "\r" not in str(event["uid"])
    assert str(event["uid"]).startswith("evil%0D%0AATTENDEE%3A")


def test_uids_are_unique_for_ids_that_look_alike() -> None:
    touch = plan(presets.persistent(), CHICAGO, now=NOW, max_touches=1)[0]
    ids = ["a/b", "a%2Fb", "a", "a/e0.r1.t1@cadence-rules"]
    uids = {export.uid(attrs.evolve(CHICAGO, id=value), touch) for value in ids}
    assert len(uids) == len(ids)


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_csv_cell_that_a_spreadsheet_would_run_is_quoted(start: str) -> None:
    lead = attrs.evolve(CHICAGO, id=f'{start}HYPERLINK("http://x")')
    rules = Cadence(rhythm=Steps(Step(0, "email", label=f"{start}1+1", template=f"{start}tpl")))
    rows = list(csv.DictReader(io.StringIO(export.to_csv(plan(rules, lead, now=NOW), lead=lead))))
    (row,) = rows
    assert row["lead"] == f'\'{start}HYPERLINK("http://x")'
    assert row["label"] == f"'{start}1+1"
    assert row["template"] == f"'{start}tpl"
    assert row["at"] == "2026-03-06T10:01:00-06:00"


def test_csv_of_many_leads_has_a_row_per_touch_with_the_step() -> None:
    plans = [(lead, plan(SEQUENCE, lead, now=NOW)) for lead in (CHICAGO, PARIS)]
    rows = list(csv.DictReader(io.StringIO(export.to_csv(plans))))
    assert tuple(rows[0]) == export.CSV_COLUMNS
    assert [row["lead"] for row in rows] == ["acme-42"] * 3 + ["acme-43"] * 3
    assert [(row["key"], row["step_day"], row["label"], row["template"]) for row in rows[:3]] == [
        ("e0.r1.t1", "0", "intro email", "tpl-intro"),
        ("e0.r2.t1", "2", "", ""),
        ("e0.r3.t1", "14", "breakup email", "tpl-breakup"),
    ]
    # A lead id with a newline stays in its cell.
    lead = attrs.evolve(CHICAGO, id='two\nlines,"quoted"')
    text = export.to_csv(plan(SEQUENCE, lead, now=NOW), lead=lead)
    assert [row["lead"] for row in csv.DictReader(io.StringIO(text))] == [lead.id] * 3


def test_json_of_one_timeline_and_of_many() -> None:
    timeline = plan(SEQUENCE, CHICAGO, now=NOW)
    one = json.loads(export.to_json(timeline, NOW, lead=CHICAGO))
    assert one["lead"] == "acme-42"
    assert one["touches"][2]["step"] == {
        "day": 14,
        "label": "breakup email",
        "template": "tpl-breakup",
    }
    assert one["touches"][2]["key"] == "e0.r3.t1"
    assert one["stop"]["reason"] == "the rhythm has no more rounds"
    anonymous = json.loads(export.to_json(timeline, NOW))
    assert anonymous["lead"] is None
    many = json.loads(
        export.to_json([(CHICAGO, timeline), (PARIS, plan(SEQUENCE, PARIS, now=NOW))], NOW)
    )
    assert [entry["lead"] for entry in many["plans"]] == ["acme-42", "acme-43"]
    skipped = plan(SEQUENCE, attrs.evolve(CHICAGO, channels=("email",)), now=NOW)
    assert json.loads(export.to_json(skipped, NOW))["skipped"][0]["step"]["day"] == 2
    hostile = attrs.evolve(CHICAGO, id=HOSTILE)
    assert json.loads(export.to_json(timeline, NOW, lead=hostile))["lead"] == HOSTILE


def test_icalendar_refuses_a_lead_without_an_id_or_two_leads_with_one() -> None:
    anonymous = attrs.evolve(CHICAGO, id=None)
    timeline = plan(SEQUENCE, anonymous, now=NOW)
    with pytest.raises(InvalidValueError, match="lead: an iCalendar event needs the lead's id"):
        export.to_ics([(anonymous, timeline)], NOW)
    with pytest.raises(InvalidValueError, match="pass the timeline's lead"):
        export.to_ics(timeline, NOW)
    with pytest.raises(
        InvalidValueError, match=r"plans\[1\]: the lead id 'acme-42' is the id of plans\[0\]"
    ):
        export.to_ics([(CHICAGO, timeline), (CHICAGO, timeline)], NOW)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: export.to_csv([("lead", "timeline")]),
            r"plans\[0\]: expected a \(lead, timeline\) pair",
        ),
        (lambda: export.to_csv("text"), "plans: expected a Timeline or"),
        (
            lambda: export.to_json(
                Timeline((), plan(SEQUENCE, CHICAGO, now=NOW).stop), NOW, lead="x"
            ),
            "lead: expected a Lead",
        ),
        (
            lambda: export.to_ics(
                Timeline((), plan(SEQUENCE, CHICAGO, now=NOW).stop),
                NOW,
                lead=CHICAGO,
                previous="uid",
            ),
            "previous: expected the UIDs",
        ),
        (lambda: export.uid(CHICAGO, 3), "touch: expected a PlannedTouch or its key"),
    ],
)
def test_bad_arguments_are_named(call, message: str) -> None:
    with pytest.raises((InvalidTypeError, InvalidValueError), match=message):
        call()


def test_pairs_with_lead_given_too_are_refused() -> None:
    timeline = plan(SEQUENCE, CHICAGO, now=NOW)
    with pytest.raises(InvalidValueError, match="give lead= with one timeline"):
        export.to_csv([(CHICAGO, timeline)], lead=CHICAGO)


def test_a_custom_channel_is_its_category() -> None:
    rules = Cadence(rhythm=Steps(Step(0, Channel("direct_mail"), label="postcard")))
    lead = attrs.evolve(CHICAGO, channels=("direct_mail",))
    (event,) = _events(export.to_ics(plan(rules, lead, now=NOW), NOW, lead=lead))
    assert event["categories"].cats == ["direct_mail"]
    assert event.decoded("dtstart") == datetime(2026, 3, 6, 16, 1, tzinfo=UTC)


def test_with_one_lead_the_keys_of_the_previous_plan_stand_for_their_uids() -> None:
    timeline = plan(SEQUENCE, CHICAGO, now=NOW)
    rest = Timeline(timeline.touches[1:], timeline.stop)
    keys = [touch.key for touch in timeline]
    events = _events(export.to_ics(rest, NOW, lead=CHICAGO, previous=keys))
    cancelled = [str(event["uid"]) for event in events if event.get("status") == "CANCELLED"]
    assert cancelled == [export.uid(CHICAGO, timeline[0])]
    assert len(events) == 3


def test_a_teams_touch_names_its_rep_in_the_calendar_event() -> None:
    timeline = plan(presets.persistent(), CHICAGO, now=NOW, max_touches=3)
    staffed = attrs.evolve(
        timeline, touches=tuple(attrs.evolve(touch, rep="ana") for touch in timeline)
    )
    for alone, with_rep in zip(
        _events(export.to_ics(timeline, NOW, lead=CHICAGO)),
        _events(export.to_ics(staffed, NOW, lead=CHICAGO)),
        strict=True,
    ):
        assert str(with_rep["description"]) == f"{alone['description']}\nrep: ana"
