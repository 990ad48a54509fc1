"""Limits: constraints that move a candidate touch later, drop its voicemail, or veto it."""

from __future__ import annotations

from datetime import datetime, time, timedelta, tzinfo

import attrs

from cadence import _convert as cv
from cadence._repr import span_repr
from cadence._time import shift_back, to_clock
from cadence.candidate import Candidate
from cadence.errors import (
    InvalidTypeError,
    InvalidValueError,
    Place,
)
from cadence.hours import Hours, check_span, hours_arguments, hours_text, next_opening
from cadence.protocol.combination import NO_LOOKBACK
from cadence.protocol.limit import Limit
from cadence.span import Span, to_span
from cadence.state import State
from cadence.weekday import WEEKDAYS, Weekday

__all__ = ["ContactWindow", "Snooze", "VoicemailLimit"]

_ONE_DAY = timedelta(days=1)


@attrs.frozen(repr=False)
class ContactWindow(Limit):
    """Touch only on these days, between these local times (start included, end excluded).

    Judged on the lead's wall clock, in every zone the lead may be in. A touch outside moves
    to the next opening; where the opening falls in a spring-forward gap, it moves to the
    first instant after the gap.

    Args:
        days: Days of the week, by default Monday to Friday.
        start: Local opening time, such as ``"09:00"``.
        end: Local closing time, later than ``start``.
    """

    days: frozenset[Weekday] = attrs.field(
        default=WEEKDAYS,
        converter=cv.weekdays,
        validator=cv.converted(cv.to_some_weekdays, frozenset),
    )
    start: time = attrs.field(
        default=time(9), converter=cv.clock, validator=cv.converted(to_clock, time)
    )
    end: time = attrs.field(
        default=time(18), converter=cv.clock, validator=cv.converted(to_clock, time)
    )

    def __attrs_post_init__(self) -> None:
        check_span("ContactWindow", self.start, self.end)

    @classmethod
    def of(cls, hours: Hours) -> ContactWindow:
        """The contact window of ``hours``: touch only inside them."""
        if not isinstance(hours, Hours):
            raise InvalidTypeError.at(
                Place("ContactWindow", "hours"),
                expected="hours such as Hours(start='09:00', end='17:00')",
                got=repr(hours),
            )
        return cls(days=hours.days, start=hours.start, end=hours.end)

    @property
    def hours(self) -> Hours:
        """The window's days and clock times, as a value."""
        return Hours(days=self.days, start=self.start, end=self.end)

    def __call__(self, candidate: Candidate, state: State) -> Candidate:
        """The candidate if inside the window, else moved to the next opening."""
        instant = state.in_every_zone(self._opening, candidate.at, what=self.describe)
        return candidate if instant == candidate.at else candidate.moved_to(instant)

    def _opening(self, instant: datetime, where: tzinfo) -> datetime:
        return next_opening(self.days, self.start, self.end, instant, where)

    @property
    def recurring(self) -> bool:
        """True: a window opens every week."""
        return True

    @property
    def contact_hours(self) -> bool:
        """True: a lead's own best times replace it."""
        return True

    @property
    def lookback(self) -> Span:
        """Zero: it reads only what the state keeps, never past touches."""
        return NO_LOOKBACK

    def describe(self) -> str:
        """Such as ``"contact window Mon-Fri 09:00-18:00"``."""
        return f"contact window {hours_text(self.days, self.start, self.end)}"

    def __repr__(self) -> str:
        return f"ContactWindow({hours_arguments(self.days, self.start, self.end)})"


@attrs.frozen(repr=False)
class VoicemailLimit(Limit):
    """At most ``max`` voicemails in any rolling window of ``per``.

    A call over the limit still happens, but hangs up at voicemail.

    Args:
        max: Voicemails allowed per window (one by default).
        per: The window, by default a week (seven calendar days).
    """

    max: int = attrs.field(default=1, validator=cv.at_least(0))
    per: Span = attrs.field(
        default=Span(days=7), converter=cv.span, validator=cv.converted(to_span, Span)
    )

    def __attrs_post_init__(self) -> None:
        if self.per.is_zero:
            raise InvalidValueError.at(
                Place("VoicemailLimit", "per"), expected="a window longer than zero"
            )

    def __call__(self, candidate: Candidate, state: State) -> Candidate:
        """The candidate, without its voicemail if the window already holds ``max``."""
        if not candidate.voicemail:
            return candidate
        since = shift_back(candidate.at, self.per, state.zone)
        if state.voicemails_after(since) >= self.max:
            return candidate.without_voicemail()
        return candidate

    @property
    def lookback(self) -> Span:
        """How far back it reads past touches. Its window: ``per`` before the moment of asking."""
        return self.per

    def describe(self) -> str:
        """Such as ``"at most 1 voicemail per 1 week"``."""
        noun = "voicemail" if self.max == 1 else "voicemails"
        return f"at most {self.max} {noun} per {self.per}"

    def __repr__(self) -> str:
        return f"VoicemailLimit(max={self.max}, per={span_repr(self.per)})"


@attrs.frozen
class Snooze(Limit):
    """No touch before a snooze ends ("call me in three weeks").

    The planner always applies this limit, whether or not a cadence names it.
    """

    def __call__(self, candidate: Candidate, state: State) -> Candidate:
        """The candidate, moved to the end of the lead's snooze if it falls before it."""
        until = state.snoozed_until
        if until is not None and candidate.at < until:
            return candidate.moved_to(until)
        return candidate

    @property
    def lookback(self) -> Span:
        """Zero: it reads only what the state keeps, never past touches."""
        return NO_LOOKBACK

    def describe(self) -> str:
        """``"the lead's snooze"``."""
        return "the lead's snooze"
