"""A limit a CRM developer writes: planned around, audited, and held to the planner's rules."""

from __future__ import annotations

from datetime import datetime

import attrs
import pendulum
import pytest

from cadence import (
    Cadence,
    CadenceError,
    Candidate,
    Lead,
    SpeedToLead,
    State,
    Touch,
    Weekly,
    audit,
    plan,
)
from cadence.rules import Limit

# Monday 2 March 2026, 09:00 in Chicago.
ARRIVED = pendulum.datetime(2026, 3, 2, 9, tz="America/Chicago")
LEAD = Lead(timezone="America/Chicago", created_at=ARRIVED)
# The office reopens on Wednesday at 10:00 Chicago time.
REOPENS = pendulum.datetime(2026, 3, 4, 10, tz="America/Chicago").in_tz("UTC")


@attrs.frozen
class ClosedUntil(Limit):
    """No touch before the office reopens; a touch before then moves to the reopening."""

    reopens: datetime

    def __call__(self, candidate: Candidate, state: State) -> Candidate | None:
        del state
        return candidate.moved_to(self.reopens) if candidate.at < self.reopens else candidate

    def describe(self) -> str:
        return "the office is closed until it reopens"


@attrs.frozen
class Copying(Limit):
    """Allows every touch as it is, but answers with a copy rather than the candidate."""

    def __call__(self, candidate: Candidate, state: State) -> Candidate | None:
        del state
        return attrs.evolve(candidate)

    def describe(self) -> str:
        return "allows everything"


@attrs.frozen
class Earlier(Limit):
    """Breaks the contract of a limit: it moves touches an hour earlier."""

    def __call__(self, candidate: Candidate, state: State) -> Candidate | None:
        del state
        return candidate.moved_to(candidate.at - pendulum.duration(hours=1))

    def describe(self) -> str:
        return "an hour earlier"


def cadence_with(limit: Limit) -> Cadence:
    return Cadence(rhythm=SpeedToLead() + Weekly(["mon", "thu"], at="11:00"), limits=(limit,))


def test_a_custom_limit_moves_planned_touches_and_is_named_as_what_moved_them() -> None:
    closed = ClosedUntil(REOPENS)
    timeline = plan(cadence_with(closed), LEAD, now=ARRIVED, max_touches=3)
    first = timeline[0]
    assert first.at == REOPENS
    assert first.moved_by == (closed,)
    assert [touch.at.format("ddd HH:mm") for touch in timeline] == [
        "Wed 10:00",
        "Thu 11:00",
        "Mon 11:00",
    ]
    assert [touch.moved_by for touch in timeline[1:]] == [(), ()]


def test_a_custom_limit_is_audited() -> None:
    closed = ClosedUntil(REOPENS)
    early = Touch(at=ARRIVED.add(minutes=1), channel="call", outcome="no_answer")
    later = Touch(at=REOPENS.add(hours=1), channel="call", outcome="no_answer")
    violations = audit(cadence_with(closed), LEAD, [early, later])
    assert [(violation.touch, violation.rule) for violation in violations] == [(early, closed)]
    assert "the office is closed until it reopens" in violations[0].message
    assert "Wed 2026-03-04 10:00" in violations[0].message


def test_a_limit_that_answers_with_an_equal_copy_moves_nothing() -> None:
    plain = plan(cadence_with(ClosedUntil(ARRIVED)), LEAD, now=ARRIVED, max_touches=4)
    copied = plan(cadence_with(Copying()), LEAD, now=ARRIVED, max_touches=4)
    assert list(copied) == list(plain)
    assert all(touch.moved_by == () for touch in copied)


def test_a_limit_that_moves_a_touch_earlier_is_refused_with_its_name() -> None:
    rules = cadence_with(Earlier())
    touch = Touch(at=ARRIVED.add(minutes=1), channel="call", outcome="no_answer")
    refused = r"Earlier\(\) moved a touch earlier.*only move .*later"
    with pytest.raises(CadenceError, match=refused):
        plan(rules, LEAD, now=ARRIVED)
    with pytest.raises(CadenceError, match=refused):
        audit(rules, LEAD, [touch])
