"""A rhythm's ``reads_time``: whether its answer may change with the moment it is asked.

The planner keeps the answer a rhythm gave while the history was read when the rhythm says
it does not read the moment, and asks again as of ``now`` when it does.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import attrs
from hypothesis import given
from hypothesis import strategies as st

from cadence import Cadence, Channel, Lead, Outcome, State, Touch, next_touch, plan
from cadence.engine import Engine
from cadence.rules import DayOffsets, Every, Rhythm, Slot, SpeedToLead, Weekly, Yearly
from tests.test_properties import any_situation
from tests.test_steps import sequences

NOW = datetime(2026, 3, 9, 14, 1, 30, tzinfo=UTC)


def _asked(rhythm: Rhythm, index: int, state: State) -> Slot | str | None:
    try:
        return rhythm(index, state)
    except OverflowError:  # past the end of the calendar, at any moment
        return "past the end of the calendar"


@given(
    any_situation,
    sequences(),
    st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=400)),
)
def test_a_rhythm_that_does_not_read_the_time_answers_the_same_at_any_moment(
    situation, steps, later
) -> None:
    cadence, lead, history, now = situation
    state = Engine(cadence, lead, history, now=now).state
    index = state.rounds + state.skipped_rounds
    rhythms = [cadence.rhythm, steps, *getattr(cadence.rhythm, "parts", ())]
    for rhythm in rhythms:
        if rhythm.reads_time:
            continue
        state.time = state.now
        first = _asked(rhythm, index, state)
        state.time = state.now + later
        assert _asked(rhythm, index, state) == first, rhythm


def test_which_rhythms_read_the_time() -> None:
    timeless = [SpeedToLead(), DayOffsets(1, 3), Every("3 days"), Weekly(["tue"], at="10:00")]
    assert [rhythm.reads_time for rhythm in timeless] == [False] * 4
    assert not (SpeedToLead() + DayOffsets(1) + Every("2 days")).reads_time
    assert Yearly("12-24", at="10:00").reads_time
    assert (DayOffsets(1) + Yearly("12-24", at="10:00")).reads_time
    assert _Counted(Every("3 days"), timeless=False).reads_time is True
    assert _Counted(Every("3 days"), timeless=True).reads_time is False
    assert _Own().reads_time, "a rhythm of your own reads the time unless it says otherwise"


@attrs.frozen
class _Own(Rhythm):
    @property
    def length(self) -> None:
        return None

    def __call__(self, index: int, state: State) -> Slot:
        return Slot(state.time + timedelta(days=1), self, "a day after asking")

    def describe(self) -> str:
        return "a day after asking"


@attrs.frozen
class _Counted(Rhythm):
    """A rhythm that notes the moment of each question it answers."""

    inner: Rhythm
    timeless: bool
    asked: list[datetime] = attrs.field(factory=list, eq=False)

    @property
    def length(self) -> int | None:
        return self.inner.length

    @property
    def reads_time(self) -> bool:
        return not self.timeless

    def __call__(self, index: int, state: State) -> Slot | None:
        self.asked.append(state.time)
        return self.inner(index, state)

    def describe(self) -> str:
        return self.inner.describe()


def test_the_answer_read_with_the_history_is_kept_by_a_rhythm_that_does_not_read_the_time() -> None:
    lead = Lead(timezone="America/Chicago", created_at=NOW - timedelta(days=3))
    # A round's call and a second touch a minute later: the rhythm is asked about the next
    # round at the second touch, while the history is read.
    history = [
        Touch(NOW - timedelta(minutes=1, seconds=30), Channel.CALL, Outcome.NO_ANSWER),
        Touch(NOW - timedelta(seconds=30), Channel.EMAIL, Outcome.SENT),
    ]
    answers = {}
    for timeless in (True, False):
        counted = _Counted(Every("3 days"), timeless=timeless)
        answers[timeless] = next_touch(Cadence(counted), lead, history, now=NOW)
        asked_again = [] if timeless else [NOW]
        assert counted.asked == [history[-1].at, *asked_again]
    assert answers[True] == answers[False]
    assert answers[True] is not None
    assert answers[True].reason == "repeat: 3 days after the last round"


def test_planning_asks_a_rhythm_once_per_round() -> None:
    # From scratch no history is read, so this holds whatever the rhythm says of the time.
    lead = Lead(timezone="Pacific/Chatham", created_at=NOW)
    counted = _Counted(Every("2 days"), timeless=True)
    timeline = plan(Cadence(counted), lead, now=NOW, max_touches=5)
    assert len(timeline) == 5
    assert len(counted.asked) == 5


@given(
    st.lists(st.sampled_from(["1 day", "3 days", "4 days", "90 minutes", "2 weeks"]), min_size=1),
    st.integers(min_value=0, max_value=50),
)
def test_every_gives_a_rounds_reason_without_a_state(gaps: list[str], index: int) -> None:
    # The specialised loop takes the reasons of an endless Every from here, not from a slot.
    rhythm = Every(*gaps)
    lead = Lead(timezone="Pacific/Chatham", created_at=NOW)
    state = Engine(Cadence(rhythm), lead, now=NOW).state
    assert rhythm.reason(index) == rhythm(index, state).reason
