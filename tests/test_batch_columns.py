"""Timelines in column form come back exactly as they went, whatever they hold."""

from __future__ import annotations

import pickle
from datetime import UTC, datetime

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
