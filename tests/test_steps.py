"""Sequences of steps as CRMs write them: each step on its own day after the enrollment."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cadence import (
    Cadence,
    Channel,
    ContactWindow,
    Every,
    Holidays,
    InvalidTypeError,
    InvalidValueError,
    Lead,
    MaxRounds,
    MeetingBooked,
    Milestone,
    OptOut,
    Prefer,
    Replied,
    Step,
    Steps,
    Touch,
    plan,
)
from cadence._time import resolve
from cadence.rules.steps import _business_days_after
from tests import strategies as ds

NEW_YORK = "America/New_York"
# A Thursday, 09:00 in New York.
ENROLLED = pendulum.datetime(2026, 3, 5, 9, tz=NEW_YORK)

B2B = Steps(
    Step(0, "email", at="09:30", label="intro email", template="tpl-intro"),
    Step(2, "call", at="10:00"),
    Step(3, "linkedin", at="11:00", fallback=["email"]),
    Step(5, "sms", at="10:00"),
    Step(14, "email", at="09:30", label="breakup email", template="tpl-breakup"),
)


def test_a_b2b_sequence_keeps_each_step_on_its_own_day() -> None:
    rules = Cadence(
        rhythm=B2B,
        limits=(ContactWindow(), Holidays(dates=["2026-03-19"])),
        stop=Replied() | MeetingBooked() | OptOut(),
    )
    lead = Lead(timezone=NEW_YORK, created_at=ENROLLED, channels=["call", "sms", "email"])
    timeline = plan(rules, lead, now=ENROLLED)
    shown = [
        (touch.at.format("ddd MM-DD HH:mm"), touch.channel.value, touch.reason)
        for touch in timeline
    ]
    assert shown == [
        ("Thu 03-05 09:30", "email", "step 1, day 0: intro email"),
        # Day 2 is a Saturday: the window moves this step to Monday, and this step only.
        (
            "Mon 03-09 09:00",
            "call",
            "step 2, day 2; limited by contact window Mon-Fri 09:00-18:00",
        ),
        # Day 3, a Sunday, on the fallback channel (the lead has no LinkedIn), right after
        # the step before it.
        ("Mon 03-09 09:01", "email", "step 3, day 3; after the previous touch"),
        ("Tue 03-10 10:00", "sms", "step 4, day 5"),
        # Day 14 is a holiday: the breakup email waits a day, carrying its template.
        (
            "Fri 03-20 09:00",
            "email",
            (
                "step 5, day 14: breakup email; limited by holidays 2026-03-19, "
                "contact window Mon-Fri 09:00-18:00"
            ),
        ),
    ]
    assert timeline[-1].step == B2B.steps[-1]
    assert timeline[-1].step.template == "tpl-breakup"  # type: ignore[union-attr]
    assert [touch.key for touch in timeline] == [f"e0.r{n}.t1" for n in range(1, 6)]
    assert str(timeline.stop) == "the rhythm has no more rounds"
    replied = [Milestone(at=ENROLLED.add(days=1), kind="replied")]
    assert str(plan(rules, lead, replied, now=ENROLLED.add(days=1)).stop) == (
        "stopped: the lead replied"
    )


@st.composite
def sequences(draw: st.DrawFn) -> Steps:
    days = sorted(draw(st.lists(st.integers(0, 40), min_size=1, max_size=6)))
    steps = [
        Step(
            day,
            draw(st.sampled_from([None, Channel.CALL, Channel.SMS, Channel.EMAIL])),
            at=draw(st.none() | ds.clocks),
        )
        for day in days
    ]
    return Steps(*steps)


def _own_instant(sequence: Steps, index: int, lead: Lead) -> datetime:
    """Where step ``index`` is due by its definition, computed without the library's rules."""
    step = sequence.steps[index]
    start = lead.created_at.astimezone(lead.zone)
    day = start.date() + timedelta(days=step.day)
    if step.at is None and step.day == 0:
        return lead.created_at.astimezone(UTC)
    clock = step.at if step.at is not None else start.time().replace(tzinfo=None)
    return resolve(datetime.combine(day, clock), lead.zone)


def _next_minute(instant: datetime) -> datetime:
    return instant.replace(second=0, microsecond=0) + timedelta(minutes=1)


@given(sequences(), ds.zone_names, st.data())
def test_without_limits_every_step_is_at_its_own_instant(sequence, name, data) -> None:
    created = data.draw(ds.instants_near_dst(name))
    lead = Lead(timezone=name, created_at=created)
    timeline = plan(Cadence(rhythm=sequence, channels=Prefer(("call",))), lead, now=created)
    expected: list[datetime] = []
    for index in range(len(sequence.steps)):
        start = _own_instant(sequence, index, lead)
        if expected:
            start = max(start, _next_minute(expected[-1]))
        expected.append(start if start > created else _next_minute(created))
    assert [touch.at.astimezone(UTC) for touch in timeline] == expected
    assert [touch.step for touch in timeline] == list(sequence.steps)


@given(sequences(), ds.zone_names, st.data())
def test_a_pushed_step_moves_alone(sequence, name, data) -> None:
    created = data.draw(ds.instants_near_dst(name))
    lead = Lead(timezone=name, created_at=created)
    window = ContactWindow(days=["mon", "tue", "wed", "thu", "fri"], start="09:00", end="17:00")
    rules = Cadence(rhythm=sequence, channels=Prefer(("email",)), limits=(window,))
    timeline = plan(rules, lead, now=created)
    previous: datetime | None = None
    for index, touch in enumerate(timeline):
        at = touch.at.astimezone(UTC)
        own = _own_instant(sequence, index, lead)
        wall = touch.at.astimezone(lead.zone)
        assert wall.weekday() < 5
        assert time(9) <= wall.time() < time(17)
        # After the previous step's touch; a step whose own instant is free stays there,
        # whatever the window did to the steps before it.
        if previous is not None:
            assert at > previous
        own_wall = own.astimezone(lead.zone)
        free = own_wall.weekday() < 5 and time(9) <= own_wall.time() < time(17)
        # (Touches come at least a whole minute after the one before.)
        if free and own > created and (previous is None or own >= _next_minute(previous)):
            assert at == own
        previous = at


def _business_days(start: date, holidays: set[date]) -> list[date]:
    found = [start]
    day = start
    while len(found) < 60:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in holidays:
            found.append(day)
    return found


@given(
    st.lists(st.integers(0, 40), min_size=1, max_size=5).map(sorted),
    st.sets(st.integers(0, 60), max_size=6),
    st.integers(0, 6),
)
def test_business_days_skip_weekends_and_holidays(days, holiday_offsets, weekday) -> None:
    start = date(2026, 3, 2) + timedelta(days=weekday)
    holidays = {start + timedelta(days=offset) for offset in holiday_offsets}
    sequence = Steps(
        *(Step(day, "email", at="10:00") for day in days),
        days="business",
        holidays=Holidays(dates=holidays) if holidays else None,
    )
    lead = Lead(timezone="UTC", created_at=datetime.combine(start, time(8), UTC))
    timeline = plan(Cadence(rhythm=sequence), lead, now=lead.created_at)
    business = _business_days(start, holidays)
    expected = []
    for day in days:
        moment = datetime.combine(business[day], time(10), UTC)
        expected.append(max(moment, expected[-1] + timedelta(minutes=1)) if expected else moment)
    assert [touch.at.astimezone(UTC) for touch in timeline] == expected


@given(st.dates(max_value=date(9990, 12, 31)), st.integers(1, 2_000))
def test_business_days_by_arithmetic_are_those_stepped_one_by_one(start, count) -> None:
    day = start
    for _ in range(count):
        day += timedelta(days=1)
        while day.weekday() >= 5:
            day += timedelta(days=1)
    assert _business_days_after(start, count) == day


def test_a_step_the_lead_cannot_be_reached_for_is_skipped_and_said_so() -> None:
    rules = Cadence(
        rhythm=Steps(Step(0, "linkedin", at="10:00"), Step(1, "call", fallback=["whatsapp"]))
        + Every("7 days"),
        channels=Prefer(("email",)),
        stop=MaxRounds(3),
    )
    lead = Lead(timezone=NEW_YORK, created_at=ENROLLED, channels=["email", "call"])
    timeline = plan(rules, lead, [Milestone.opted_out(ENROLLED, "call")], now=ENROLLED)
    assert [str(skipped) for skipped in timeline.skipped] == [
        "step 1, day 0: the lead cannot be reached on LinkedIn",
        "step 2, day 1: the lead cannot be reached on call or WhatsApp",
    ]
    assert [skipped.step for skipped in timeline.skipped] == list(rules.rhythm.parts[0].steps)  # type: ignore[attr-defined]
    # The chain goes on after the steps, on the channel rule's channels.
    assert [(touch.channel.value, touch.reason) for touch in timeline] == [
        ("email", "repeat: 1 week after the last round"),
        ("email", "repeat: 1 week after the last round"),
        ("email", "repeat: 1 week after the last round"),
    ]


def test_a_step_falls_back_to_its_first_reachable_channel_and_plans_only_that() -> None:
    steps = Steps(Step(0, "direct_mail", at="10:00", fallback=["whatsapp", "email"]))
    lead = Lead(timezone=NEW_YORK, created_at=ENROLLED, channels=["email", "whatsapp"])
    history = [Milestone.opted_out(ENROLLED, "whatsapp")]
    timeline = plan(Cadence(rhythm=steps), lead, history, now=ENROLLED)
    assert [touch.channel for touch in timeline] == [Channel.EMAIL]
    mail = Lead(timezone=NEW_YORK, created_at=ENROLLED, channels=["direct_mail"])
    assert plan(Cadence(rhythm=steps), mail, now=ENROLLED)[0].channel == Channel("direct_mail")


def test_replaying_carried_out_steps_keeps_the_rest_of_the_sequence() -> None:
    rules = Cadence(rhythm=B2B, limits=(ContactWindow(),))
    lead = Lead(timezone=NEW_YORK, created_at=ENROLLED, channels=["call", "sms", "email"])
    planned = plan(rules, lead, now=ENROLLED)
    done = [planned[0].done(), planned[1].done("connected")]
    again = plan(rules, lead, done, now=planned[1].at)
    assert again.touches == planned.touches[2:]
    late = [
        planned[0].done(),
        Touch(at=planned[1].at.add(hours=3), channel="call", outcome="no_answer"),
    ]
    later = plan(rules, lead, late, now=planned[1].at.add(hours=3))
    assert [touch.key for touch in later] == [touch.key for touch in planned[2:]]


@pytest.mark.parametrize(
    ("build", "kind", "message"),
    [
        (Steps, InvalidValueError, r"^Steps\.steps: expected at least one step"),
        (lambda: Steps(Step(3), Step(1)), InvalidValueError, r"Steps\.steps\[1\]: steps run"),
        (lambda: Steps("call"), InvalidTypeError, r"^Steps\.steps\[0\]: expected a step"),
        (
            lambda: Steps(Step(1), holidays=Holidays(dates=["2026-12-25"])),
            InvalidValueError,
            r"^Steps\.holidays: holidays count only in business days",
        ),
        (lambda: Steps(Step(1), days="weekdays"), InvalidValueError, r"^Steps\.days: expected"),
        (lambda: Step(-1), InvalidValueError, r"^Step\.day: expected a day from 0"),
        (lambda: Step(1, fallback=["sms"]), InvalidValueError, r"^Step\.fallback: only a step"),
        (lambda: Step(1, "sms", fallback=["sms"]), InvalidValueError, r"^Step\.fallback: the"),
        (lambda: Step(1, label=""), InvalidValueError, r"^Step\.label: expected text of 1"),
    ],
)
def test_a_broken_sequence_is_refused_by_name(build, kind, message) -> None:
    with pytest.raises(kind, match=message):
        build()


def test_a_sequence_is_a_value_that_reads_like_its_code() -> None:
    namespace = {"Step": Step, "Steps": Steps, "Holidays": Holidays}
    for value in (B2B, Steps(Step(0), Step(3, "sms"), days="business")):
        assert eval(repr(value), namespace) == value  # noqa: S307 - a repr reads like code
        assert Cadence.from_dict(Cadence(rhythm=value).to_dict()).rhythm == value
    assert B2B.describe() == "5 steps over 14 days"
    assert B2B.steps[-1].describe() == "day 14: breakup email"
