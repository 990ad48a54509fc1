"""Timelines in column form come back exactly as they went, whatever they hold."""

from __future__ import annotations

import pickle
from datetime import UTC, datetime, timedelta

import attrs
import pendulum
from hypothesis import given, reject

from cadence import (
    BatchError,
    Cadence,
    Every,
    Lead,
    MaxRounds,
    SpeedToLead,
    UnsatisfiableError,
    plan,
    presets,
)
from cadence.batch_columns import from_columns, to_columns
from cadence.timeline import Timeline
from tests.test_properties import any_situation


def _everything(timeline: Timeline) -> tuple[object, ...]:
    """What a timeline says, with what equality leaves out: rules, moved-by, zone, fold."""
    return (
        [
            (
                touch,
                touch.rule,
                touch.moved_by,
                touch.at.isoformat(),
                touch.at.tzinfo,
                touch.at.fold,
            )
            for touch in timeline
        ],
        timeline.stop,
        timeline.stop.rule,
        None if timeline.stop.at is None else timeline.stop.at.isoformat(),
        None if timeline.stop.at is None else timeline.stop.at.tzinfo,
        None if timeline.stop.at is None else timeline.stop.at.fold,
        timeline.skipped,
    )


@given(any_situation)
def test_a_timeline_in_column_form_comes_back_as_it_was(situation) -> None:
    rules, lead, history, now = situation
    try:
        timeline = plan(rules, lead, history, now=now, max_touches=40)
    except UnsatisfiableError:
        reject()
    error = BatchError(1, lead, ValueError("a bad lead"))
    sent = pickle.loads(pickle.dumps(to_columns([timeline, error, timeline])))
    first, failed, again = from_columns(sent)
    assert first == timeline
    assert _everything(first) == _everything(timeline)
    assert _everything(again) == _everything(timeline)
    assert isinstance(failed, BatchError)
    assert failed.index == 1


def test_a_repeated_wall_time_keeps_its_fold() -> None:
    # New York's clocks go back at 02:00 on 2026-11-01: 01:30 happens twice.
    lead = Lead(timezone="America/New_York", created_at=datetime(2026, 11, 1, 5, 0, tzinfo=UTC))
    rules = Cadence(rhythm=SpeedToLead() + Every("20 minutes"), stop=MaxRounds(8))
    timeline = plan(rules, lead, now=lead.created_at)
    assert any(touch.at.fold for touch in timeline)
    (back,) = from_columns(to_columns([timeline]))
    assert _everything(back) == _everything(timeline)


def test_at_utc_is_the_instant_as_a_plain_utc_datetime() -> None:
    lead = Lead(timezone="Australia/Lord_Howe", created_at=datetime(2026, 4, 5, 14, 40, tzinfo=UTC))
    for touch in plan(presets.persistent(), lead, now=lead.created_at):
        at = touch.at_utc
        assert type(at) is datetime
        assert at.tzinfo is UTC
        assert at == touch.at
        assert pendulum.instance(at) == touch.at.in_timezone("UTC")


def test_touches_made_with_an_instant_of_their_own_come_back_in_their_zone() -> None:
    lead = Lead(timezone="Pacific/Chatham", created_at=datetime(2026, 4, 4, 13, 40, tzinfo=UTC))
    planned = plan(presets.persistent(), lead, now=lead.created_at)
    made = Timeline(
        tuple(attrs.evolve(touch, at=touch.at) for touch in planned),
        planned.stop,
        planned.skipped,
    )
    (back,) = from_columns(to_columns([made]))
    assert _everything(back) == _everything(made) == _everything(planned)


def test_equal_touches_of_a_chunk_come_back_as_one_value() -> None:
    # Two leads that arrive a minute apart on a Saturday have the same timeline (speed to
    # lead waits for Monday 09:00). Winnipeg keeps Chicago's offset in March: its touches
    # are at the same instants, equal, but shown in another zone, so none is shared.
    created = datetime(2026, 3, 7, 16, 0, tzinfo=UTC)
    rules = presets.persistent()
    leads = [
        Lead(timezone="America/Chicago", created_at=created),
        Lead(timezone="America/Chicago", created_at=created + timedelta(minutes=1)),
        Lead(timezone="America/Winnipeg", created_at=created),
    ]
    timelines = [plan(rules, lead, now=created) for lead in leads]
    assert timelines[0] == timelines[1]
    first, second, other = from_columns(to_columns(timelines))
    assert all(a is b for a, b in zip(first, second, strict=True))
    assert not {id(touch) for touch in first} & {id(touch) for touch in other}
    for back, timeline in zip((first, second, other), timelines, strict=True):
        assert _everything(back) == _everything(timeline)
