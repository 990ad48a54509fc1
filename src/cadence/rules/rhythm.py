"""Rhythms: when rounds of contact happen."""

from __future__ import annotations

import functools
import itertools
from datetime import datetime, time, timedelta
from typing import Any

import attrs

from cadence import _convert as cv
from cadence._repr import span_repr
from cadence._time import at_wall, clock_text, shift, to_clock, whole_days
from cadence.bounds import MAX_SPAN_DAYS
from cadence.errors import InvalidValueError
from cadence.protocol.combination import NO_LOOKBACK
from cadence.protocol.rhythm import Rhythm, Slot
from cadence.span import Span, SpanLike, to_span
from cadence.state import State
from cadence.weekday import Weekday, describe_days

__all__ = ["DayOffsets", "Every", "SpeedToLead", "Weekly"]


def _anchor(state: State) -> datetime:
    started = state.round_started_at
    return state.enrolled_at if started is None else started


def _spans(values: tuple[SpanLike, ...]) -> tuple[Span, ...]:
    return tuple(to_span(value) for value in values)


@attrs.frozen
class SpeedToLead(Rhythm):
    """The first round, as soon as the lead arrives.

    The first touch is due the moment the lead is created (or enrolled again, see
    :attr:`cadence.MilestoneKind.ENROLLED`); a lead that arrives outside
    contact hours is touched as soon as the limits allow. Calling within five minutes
    converts many times better than calling later.

    Args:
        within: The target for the first touch, stated in its reason.
    """

    within: Span = attrs.field(
        default=Span(minutes=5),
        converter=cv.span,
        validator=cv.converted(to_span, Span),
        repr=span_repr,
    )

    @property
    def reads_time(self) -> bool:
        """False: its round is the lead's arrival, whenever it is asked."""
        return False

    @property
    def length(self) -> int:
        """Always one round."""
        return 1

    def __call__(self, index: int, state: State) -> Slot | None:
        """Round 0 is due when the lead was created, or last enrolled."""
        if index:
            return None
        return Slot(state.enrolled_at, self, _speed_reason(self.within), urgent=True)

    @property
    def lookback(self) -> Span:
        """Zero: it reads only what the state keeps, never past touches."""
        return NO_LOOKBACK

    def describe(self) -> str:
        """Such as ``"speed to lead within 5 minutes"``."""
        return f"speed to lead within {self.within}"


def _day_offsets(values: Any) -> tuple[int, ...]:
    if isinstance(values, int):
        values = (values,)
    days = tuple(values)
    for day in days:
        if isinstance(day, bool) or not isinstance(day, int) or not 0 <= day <= MAX_SPAN_DAYS:
            raise InvalidValueError.at(
                None, expected=f"whole day numbers from 0 to {MAX_SPAN_DAYS}", got=repr(day)
            )
    if not days:
        raise InvalidValueError.at(None, expected="at least one day offset")
    if any(later <= earlier for earlier, later in itertools.pairwise(days)):
        raise InvalidValueError.at(None, expected="increasing day offsets", got=repr(days))
    if days[0] == 0 and len(days) > 1 and days[1] == 0:
        raise InvalidValueError.at(None, expected="increasing day offsets", got=repr(days))
    return days


@attrs.frozen(init=False)
class DayOffsets(Rhythm):
    """Rounds on given days, such as day 1, 3 and 7 of a cadence.

    Days are calendar days in the lead's zone, counted from the previous round (the lead's
    arrival or latest enrollment before the first), so the gaps between rounds are the
    differences of the offsets: ``DayOffsets(1, 3, 7)`` follows up one day after the
    previous round, then two days later, then four. A round that runs late moves the next
    ones with it instead of bunching them up (:class:`~cadence.rules.Steps` anchors each
    step to the enrollment instead).

    With ``at``, a round falls on the previous round's local date plus the gap, at ``at``
    (moved forward to the first instant after a spring-forward gap only if ``at`` itself
    falls in one). Without it, a round keeps the previous round's clock; where that wall
    time does not exist on the new date (a gap), it moves forward to the first instant after
    the gap, which for a gap that crosses midnight (America/Nuuk springs forward from
    Saturday 23:00 to Sunday 00:00) is on the next date.

    Args:
        *days: Increasing day numbers, at least one.
        at: Local time of day for these rounds; by default the time of day of the previous
            round.
    """

    days: tuple[int, ...] = attrs.field(validator=cv.converted(_day_offsets, tuple))
    at: time | None = attrs.field(
        default=None, converter=cv.optional_clock, validator=cv.optional_converted(to_clock, time)
    )

    def __init__(self, *days: int, at: time | str | None = None) -> None:
        self.__attrs_init__(cv.lenient(_day_offsets, days), at)

    @property
    def reads_time(self) -> bool:
        """False: each round counts from the previous one, whenever it is asked."""
        return False

    @property
    def length(self) -> int:
        """One round per offset."""
        return len(self.days)

    def __call__(self, index: int, state: State) -> Slot | None:
        """Round ``index`` is due ``days[index] - days[index - 1]`` days after the previous."""
        if index >= len(self.days):
            return None
        gap = self.days[index] - (self.days[index - 1] if index else 0)
        anchor = _anchor(state)
        if self.at is None:
            instant = shift(anchor, _days(gap), state.zone)
        else:
            # The date first, then the clock on it: shifting the anchor's own wall time could
            # land in a gap that crosses midnight and move to the next date.
            day = anchor.astimezone(state.zone).date() + whole_days(gap)
            instant = at_wall(day, self.at, state.zone)
        return Slot(instant, self, f"follow-up on day {self.days[index]}")

    @property
    def lookback(self) -> Span:
        """Zero: it reads only what the state keeps, never past touches."""
        return NO_LOOKBACK

    def describe(self) -> str:
        """Such as ``"follow-ups on days 1, 3 and 7 at 10:00"``."""
        days = [str(day) for day in self.days]
        listed = days[0] if len(days) == 1 else ", ".join(days[:-1]) + " and " + days[-1]
        noun = "a follow-up on day" if len(days) == 1 else "follow-ups on days"
        at = "" if self.at is None else f" at {clock_text(self.at)}"
        return f"{noun} {listed}{at}"

    def __repr__(self) -> str:
        arguments = ", ".join(str(day) for day in self.days)
        if self.at is not None:
            arguments += f", at={clock_text(self.at)!r}"
        return f"DayOffsets({arguments})"


def _gaps(values: Any) -> tuple[Span, ...]:
    gaps = _spans(tuple(values))
    if not gaps:
        raise InvalidValueError.at(None, expected="at least one gap between rounds")
    for gap in gaps:
        if gap.approximate() < timedelta(minutes=1):
            raise InvalidValueError.at(None, expected="a gap of at least one minute", got=str(gap))
    return gaps


_ONE_DAY = timedelta(days=1)


@functools.lru_cache(maxsize=256)
def _days(count: int) -> Span:
    return Span(days=count)


@functools.lru_cache(maxsize=256)
def _repeat_reason(gap: Span) -> str:
    # Asked once per round: the text is the same every time.
    return f"repeat: {gap} after the last round"


@functools.lru_cache(maxsize=256)
def _speed_reason(within: Span) -> str:
    return f"speed to lead: first touch within {within} of arrival"


@attrs.frozen(init=False)
class Every(Rhythm):
    """Rounds that repeat for ever: every few days after the previous round.

    Several gaps are used in turn: ``Every("3 days", "4 days")`` is twice a week.
    Each gap counts from the start of the previous round, so a round that runs late moves the
    next ones with it.

    Args:
        *gaps: One or more durations of at least a minute (calendar days stay at the same
            local time).
    """

    gaps: tuple[Span, ...] = attrs.field(validator=cv.converted(_gaps, tuple))

    def __init__(self, *gaps: SpanLike) -> None:
        self.__attrs_init__(cv.lenient(_gaps, gaps))

    @property
    def reads_time(self) -> bool:
        """False: each round counts from the previous one, whenever it is asked."""
        return False

    @property
    def length(self) -> None:
        """Goes on for ever: pair it with a stop rule such as :class:`MaxRounds`."""
        return None

    def __call__(self, index: int, state: State) -> Slot:
        """Round ``index`` is due ``gaps[index % len(gaps)]`` after the previous round."""
        gap = self.gaps[index % len(self.gaps)]
        return Slot(shift(_anchor(state), gap, state.zone), self, _repeat_reason(gap))

    def reason(self, index: int) -> str:
        """The reason of round ``index``, such as ``"repeat: 3 days after the last round"``.

        The same as its :class:`~cadence.protocol.Slot`'s, without the state a slot needs.
        """
        return _repeat_reason(self.gaps[index % len(self.gaps)])

    @property
    def lookback(self) -> Span:
        """Zero: it reads only what the state keeps, never past touches."""
        return NO_LOOKBACK

    def describe(self) -> str:
        """Such as ``"every 3 days, then 4 days, in turn"``."""
        gaps = ", then ".join(str(gap) for gap in self.gaps)
        return f"every {gaps}" + (", in turn" if len(self.gaps) > 1 else "")

    def __repr__(self) -> str:
        return "Every(" + ", ".join(repr(str(gap)) for gap in self.gaps) + ")"


@attrs.frozen
class Weekly(Rhythm):
    """Rounds on fixed days of the week at a local time, such as Tuesday and Thursday 10:00.

    Each round is due at the first such moment on a later local day than the previous round
    (at or after the lead's arrival or latest enrollment for the first).

    Args:
        days: Days of the week (``"tue"``, ``Weekday.THU``, ``3``...).
        at: Local clock time, such as ``"10:00"``.
    """

    days: frozenset[Weekday] = attrs.field(
        converter=cv.weekdays, validator=cv.converted(cv.to_some_weekdays, frozenset)
    )
    at: time = attrs.field(converter=cv.clock, validator=cv.converted(to_clock, time))

    @property
    def reads_time(self) -> bool:
        """False: each round follows the previous one's day, whenever it is asked."""
        return False

    @property
    def length(self) -> None:
        """Goes on for ever: pair it with a stop rule such as :class:`MaxRounds`."""
        return None

    def __call__(self, index: int, state: State) -> Slot:
        """The next chosen weekday at ``at``, after the previous round's day."""
        del index
        started = state.round_started_at
        if started is None:
            local = state.local(state.enrolled_at)
            day = local.date()
            if local.time() > self.at:
                day += _ONE_DAY
        else:
            day = state.local(started).date() + _ONE_DAY
        while day.weekday() not in self.days:
            day += _ONE_DAY
        return Slot(at_wall(day, self.at, state.zone), self, f"weekly: {self._when()}")

    @property
    def lookback(self) -> Span:
        """Zero: it reads only what the state keeps, never past touches."""
        return NO_LOOKBACK

    def describe(self) -> str:
        """Such as ``"weekly Tue, Thu at 10:00"``."""
        return f"weekly {self._when()}"

    def _when(self) -> str:
        return f"{describe_days(self.days)} at {clock_text(self.at)}"

    def __repr__(self) -> str:
        days = tuple(day.name.lower() for day in sorted(self.days))
        return f"Weekly(days={days!r}, at={clock_text(self.at)!r})"
