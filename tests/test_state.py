"""The state rules read: the lead's clock through its helpers, and copies that do not alias."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from hypothesis import example, given
from hypothesis import strategies as st

from cadence import Channel, Lead, Outcome, Span, presets
from cadence._time import resolve, shift, shift_back
from cadence.engine import Engine
from cadence.state import Attempt, State
from tests import strategies as ds


@st.composite
def states_and_instants(draw: st.DrawFn) -> tuple[State, datetime]:
    name = draw(ds.zone_names)
    instant = draw(ds.instants_near_dst(name))
    return State(Lead(timezone=name, created_at=instant), instant), instant


_SPRING_FORWARD = datetime(2025, 3, 9, 7, tzinfo=UTC)  # New York, 02:00 local
NEW_YORK_GAP = (
    State(Lead(timezone="America/New_York", created_at=_SPRING_FORWARD), _SPRING_FORWARD),
    _SPRING_FORWARD,
)


@given(states_and_instants(), st.integers(0, 23), st.sampled_from([0, 15, 30, 45]))
@example(NEW_YORK_GAP, 2, 30)
def test_the_instant_of_a_local_day_and_clock_shows_that_clock_unless_it_was_skipped(
    state_and_instant, hour, minute
):
    state, instant = state_and_instant
    day = state.wall(instant).date()
    clock = time(hour, minute)
    found = state.instant(day, clock)
    wall = state.wall(found)
    assert found.tzinfo is UTC
    if wall != datetime.combine(day, clock):
        # Skipped by a spring-forward change: the first instant after the gap, a later wall
        # time, and no instant between the clock's would-be place and it shows the clock.
        assert wall > datetime.combine(day, clock)
        assert state.wall(found - timedelta(seconds=1)) < datetime.combine(day, clock)
    assert found == resolve(datetime.combine(day, clock), state.zone)
    assert state.instant_of(datetime.combine(day, clock)) == found


@given(states_and_instants())
def test_the_wall_clock_of_an_instant_leads_back_to_it_or_to_its_earlier_twin(state_and_instant):
    state, instant = state_and_instant
    instant = instant.replace(microsecond=0)
    back = state.instant_of(state.wall(instant))
    assert back <= instant
    assert state.wall(back) == state.wall(instant)
    if back != instant:  # the second of two instants with one wall time, when clocks went back
        assert instant - back <= timedelta(hours=3)


@given(states_and_instants(), ds.spans)
def test_moving_along_the_lead_calendar_is_the_library_arithmetic(state_and_instant, span):
    state, instant = state_and_instant
    assert state.later(instant, span) == shift(instant, span, state.zone)
    assert state.earlier(instant, span) == shift_back(instant, span, state.zone)
    assert state.later(instant, str(span)) == state.later(instant, span)
    assert state.later(instant, Span()) == instant


def test_a_copy_of_the_state_does_not_alias_the_engine() -> None:
    lead = Lead(timezone="America/Chicago", created_at=datetime(2026, 3, 2, 15, tzinfo=UTC))
    engine = Engine(presets.persistent(), lead, now=lead.created_at)
    seen = engine.state
    seen._record(Attempt(lead.created_at, Channel.CALL, Outcome.VOICEMAIL_LEFT), new_round=True)
    seen.opted_out.add(Channel.SMS)
    fresh = engine.state
    assert (fresh.attempts, fresh.rounds, fresh.voicemails, fresh.opted_out) == (0, 0, [], set())
    assert fresh.touch_times() == []
    assert seen.touch_times() == [lead.created_at]
    first = engine.propose()
    engine.commit(first)  # type: ignore[arg-type]
    assert engine.state.attempts == 1
    assert seen.attempts == 1
    assert seen.touches[0].at == lead.created_at


@given(states_and_instants(), st.lists(st.integers(-3, 3), min_size=1, max_size=8))
def test_the_local_time_of_an_instant_is_its_own_when_asked_again_or_in_turn(
    state_and_instant, hours
):
    # State.local() keeps its last answer: asked again for one instant, or for others in
    # turn, each answer is the instant's own local time (the instant, fold and zone).
    state, instant = state_and_instant
    asked = [instant + timedelta(hours=hour) for hour in hours]
    for at in [*asked, *asked, asked[0], asked[0]]:
        local = state.local(at)
        expected = at.astimezone(state.zone)
        assert (local, local.fold, local.tzinfo) == (expected, expected.fold, expected.tzinfo)
        assert local.replace(tzinfo=None) == expected.replace(tzinfo=None)
