"""The B2B sequence of issue 14, as a TOML file: steps on their anchored days, US holidays."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import attrs
import jsonschema
import pendulum
import pytest

from cadence import Cadence, Lead, Milestone, Step, Touch, json_schema, load, plan
from cadence.rules import Holidays

B2B = load(Path(__file__).parent.parent / "examples" / "b2b.toml")
DAYS = [0, 2, 3, 5, 14]


def _prospect(day: date) -> Lead:
    return Lead(
        timezone="America/New_York",
        created_at=pendulum.datetime(day.year, day.month, day.day, 9, 30, tz="America/New_York"),
        channels=("email", "call", "linkedin", "sms"),
        id="acme-42",
    )


def test_the_file_is_the_sequence_of_the_issue() -> None:
    steps = B2B.rhythm.steps  # type: ignore[attr-defined]
    assert [(step.day, step.channel.value) for step in steps] == [
        (0, "email"),
        (2, "call"),
        (3, "linkedin"),
        (5, "sms"),
        (14, "email"),
    ]
    assert steps[-1] == Step(14, "email", label="breakup email", template="b2b-breakup")
    assert Holidays(region="US") in B2B.limits
    assert Cadence.from_dict(B2B.to_dict()) == B2B
    jsonschema.validate(B2B.to_dict(), json_schema())


def _business(day: date) -> bool:
    return day.weekday() < 5 and not Holidays(region="US").holiday(day)


@pytest.mark.parametrize(
    "start",
    [date(2026, 11, 24), date(2026, 12, 21), date(2026, 6, 30), date(2027, 1, 13)],
    ids=["thanksgiving", "christmas", "independence day", "mlk day"],
)
def test_each_step_is_on_its_anchored_day_and_a_push_moves_that_step_only(start: date) -> None:
    prospect = _prospect(start)
    timeline = plan(B2B, prospect, now=prospect.created_at)
    assert [touch.step.day for touch in timeline] == DAYS  # type: ignore[union-attr]
    unlimited = plan(attrs.evolve(B2B, limits=()), prospect, now=prospect.created_at)
    pushed = 0
    previous = None
    for touch, free in zip(timeline, unlimited, strict=True):
        own = start + timedelta(days=touch.step.day)  # type: ignore[union-attr]
        assert free.at.date() == own  # without limits, every step is on its own day
        if _business(own):
            # Not pushed itself, so not moved by any push before it.
            assert touch.at.date() == own
            assert touch.at.format("HH:mm") in {"09:30", "09:31"}
        else:
            # Pushed to the next business day's opening, and no later.
            later = own + timedelta(days=1)
            while not _business(later):
                later += timedelta(days=1)
            assert touch.at.date() == later
            # Moved by the limits, or pushed with the step before it onto the same day: then
            # just after that step's touch.
            assert touch.moved_by or touch.at == previous.add(minutes=1)  # type: ignore[union-attr]
            pushed += 1
        previous = touch.at
    assert pushed >= 1


def test_the_breakup_email_carries_its_label_and_template() -> None:
    prospect = _prospect(date(2026, 11, 24))
    breakup = plan(B2B, prospect, now=prospect.created_at)[-1]
    assert breakup.step is not None
    assert (breakup.step.label, breakup.step.template) == ("breakup email", "b2b-breakup")
    assert breakup.reason == "step 5, day 14: breakup email"


@pytest.mark.parametrize(
    ("event", "reason"),
    [
        ("reply", "stopped: the lead replied"),
        ("meeting", "stopped: a meeting was booked"),
    ],
)
def test_a_reply_or_a_booked_meeting_ends_the_sequence(event: str, reason: str) -> None:
    prospect = _prospect(date(2026, 11, 24))
    timeline = plan(B2B, prospect, now=prospect.created_at)
    at = timeline[1].at.add(hours=1)
    happened: Touch | Milestone = (
        Touch(at=at, channel="email", outcome="replied")
        if event == "reply"
        else Milestone(at=at, kind="meeting_booked")
    )
    history = [timeline[0].done(), timeline[1].done(), happened]
    later = plan(B2B, prospect, history, now=at.add(minutes=1))
    assert len(later) == 0
    assert str(later.stop) == reason
