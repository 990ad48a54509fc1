"""Calendar limits: local hours and periods in which the lead is not touched."""

from __future__ import annotations

from datetime import datetime, time, timedelta, tzinfo
from typing import Any

import attrs

from cadence import _convert as cv
from cadence._time import clock_text, resolve_after, to_clock
from cadence.candidate import Candidate
from cadence.errors import InvalidValueError, Place
from cadence.period import Period, to_periods
from cadence.protocol.combination import NO_LOOKBACK
from cadence.protocol.limit import Limit
from cadence.span import Span
from cadence.state import State

__all__ = ["Blackout", "QuietHours"]

_ONE_DAY = timedelta(days=1)


@attrs.frozen(repr=False)
class QuietHours(Limit):
    """Never touch between ``start`` and ``end`` on the lead's clock, every day.

    The span may wrap midnight: ``QuietHours(start="21:00", end="08:00")`` is quiet from
    21:00 (included) to 08:00 (excluded). A touch inside moves to ``end``.

    Args:
        start: Local time the quiet hours begin.
        end: Local time they end; different from ``start``.
    """

    start: time = attrs.field(converter=cv.clock, validator=cv.converted(to_clock, time))
    end: time = attrs.field(converter=cv.clock, validator=cv.converted(to_clock, time))

    def __attrs_post_init__(self) -> None:
        if self.start == self.end:
            raise InvalidValueError.at(
                Place("QuietHours", "end"),
                expected=f"a time other than start {clock_text(self.start)}",
            )

    @classmethod
    def tcpa(cls) -> QuietHours:
        """US TCPA calling hours: nothing before 08:00 or at or after 21:00, lead's time."""
        return cls(start=time(21), end=time(8))

    def quiet(self, clock: time) -> bool:
        """Whether a local clock time falls inside the quiet hours."""
        if self.start < self.end:
            return self.start <= clock < self.end
        return clock >= self.start or clock < self.end

    def __call__(self, candidate: Candidate, state: State) -> Candidate:
        """The candidate, or moved to the end of the quiet hours it falls in."""
        instant = state.in_every_zone(self._end, candidate.at, what=self.describe)
        return candidate if instant == candidate.at else candidate.moved_to(instant)

    def _end(self, instant: datetime, where: tzinfo) -> datetime:
        """``instant`` if it is not quiet on the clock of ``where``, else the quiet hours' end."""
        local = instant.astimezone(where)
        clock = local.time()
        if not self.quiet(clock):
            return instant
        day = local.date()
        if self.start > self.end and clock >= self.start:
            day += _ONE_DAY
        return resolve_after(datetime.combine(day, self.end), where, instant)

    @property
    def recurring(self) -> bool:
        """True: quiet hours come every day."""
        return True

    @property
    def lookback(self) -> Span:
        """Zero: it reads only what the state keeps, never past touches."""
        return NO_LOOKBACK

    def describe(self) -> str:
        """Such as ``"quiet hours 21:00-08:00"``."""
        return f"quiet hours {clock_text(self.start)}-{clock_text(self.end)}"

    def __repr__(self) -> str:
        return f"QuietHours(start={clock_text(self.start)!r}, end={clock_text(self.end)!r})"


def _periods(values: Any) -> tuple[Period, ...]:
    return cv.lenient(to_periods, values)


@attrs.frozen(repr=False)
class Blackout(Limit):
    """No touch inside these periods of the lead's local time (a vacation they told about).

    A touch inside a period moves to its end.

    Args:
        periods: :class:`~cadence.Period` values or ``(start, end)`` pairs of dates, local
            datetimes or ISO text: ``Blackout([("2026-07-01", "2026-07-14")])``.
    """

    periods: tuple[Period, ...] = attrs.field(
        converter=_periods, validator=cv.converted(to_periods, tuple)
    )

    def __call__(self, candidate: Candidate, state: State) -> Candidate:
        """The candidate, or moved to the end of the period it falls in."""
        instant = state.in_every_zone(self._after, candidate.at, what=self.describe, weekly=False)
        return candidate if instant == candidate.at else candidate.moved_to(instant)

    def _after(self, instant: datetime, zone: tzinfo) -> datetime:
        """``instant``, or the end of the periods it falls in on the clock of ``zone``."""
        wall = instant.astimezone(zone).replace(tzinfo=None)
        for period in self.periods:
            if wall in period:
                instant = resolve_after(period.end, zone, instant)
                wall = instant.astimezone(zone).replace(tzinfo=None)
        return instant

    @property
    def lookback(self) -> Span:
        """Zero: it reads only what the state keeps, never past touches."""
        return NO_LOOKBACK

    def describe(self) -> str:
        """Such as ``"blackout 2026-07-01 to 2026-07-14"``."""
        return "blackout " + ", ".join(period.describe() for period in self.periods)

    def __repr__(self) -> str:
        return "Blackout(" + repr(list(self.periods)) + ")"
