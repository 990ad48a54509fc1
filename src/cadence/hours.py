"""Hours: days of the week and a span of local clock time on them, such as Mon-Fri 09:00-18:00."""

from __future__ import annotations

from datetime import datetime, time, timedelta, tzinfo

import attrs

from cadence import _convert as cv
from cadence._time import clock_text, resolve_after, to_clock
from cadence.errors import InvalidValueError, Place
from cadence.weekday import WEEKDAYS, Weekday, describe_days

__all__ = ["Hours", "next_opening"]

_ONE_DAY = timedelta(days=1)


def check_span(owner: str, start: time, end: time) -> None:
    """Refuse hours that close at or before they open, naming ``owner``'s field."""
    if end <= start:
        raise InvalidValueError.at(
            Place(owner, "end"),
            expected=f"a time after start {clock_text(start)}",
            got=clock_text(end),
        )


def next_opening(
    days: frozenset[Weekday], start: time, end: time, instant: datetime, where: tzinfo
) -> datetime:
    """The first UTC instant at or after ``instant`` inside the hours, on the clock of ``where``.

    Where an opening falls in a spring-forward gap, the first instant after the gap.
    """
    local = instant.astimezone(where)
    # Most instants are inside already: answer them without building dates.
    if local.weekday() in days and start <= local.time() < end:
        return instant
    # A spring-forward gap can swallow an opening; eight days always contain one.
    for _ in range(16):
        day = local.date()
        clock = local.time()
        if day.weekday() in days:
            if start <= clock < end:
                return instant
            if clock < start:
                instant = resolve_after(datetime.combine(day, start), where, instant)
                local = instant.astimezone(where)
                continue
        day += _ONE_DAY
        while day.weekday() not in days:
            day += _ONE_DAY
        # A change back across midnight (St John's changed at 00:01 until 2011) repeats the
        # start of the next day: the opening is its occurrence after ``instant``.
        instant = resolve_after(datetime.combine(day, start), where, instant)
        local = instant.astimezone(where)
    raise AssertionError("unreachable: hours open within a week")  # pragma: no cover


def hours_text(days: frozenset[Weekday], start: time, end: time) -> str:
    """Such as ``"Mon-Fri 09:00-18:00"``."""
    return f"{describe_days(days)} {clock_text(start)}-{clock_text(end)}"


def hours_arguments(days: frozenset[Weekday], start: time, end: time) -> str:
    """The arguments that build these hours again, as code."""
    names = tuple(day.name.lower() for day in sorted(days))
    return f"days={names!r}, start={clock_text(start)!r}, end={clock_text(end)!r}"


@attrs.frozen(repr=False)
class Hours:
    """Days of the week and a span of local clock time on them: ``Mon-Fri 09:00-18:00``.

    Start included, end excluded, on the wall clock of whoever the hours belong to: a lead's
    best times (:attr:`cadence.Lead.best_times`), a contact window.

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
        check_span("Hours", self.start, self.end)

    def __contains__(self, wall: datetime) -> bool:
        """Whether a local wall time (naive, or on the hours' own clock) is inside."""
        return wall.weekday() in self.days and self.start <= wall.time() < self.end

    def next_opening(self, instant: datetime, where: tzinfo) -> datetime:
        """The first instant at or after ``instant`` inside the hours, on the clock of ``where``."""
        return next_opening(self.days, self.start, self.end, instant, where)

    def describe(self) -> str:
        """Such as ``"Mon-Fri 09:00-18:00"``."""
        return hours_text(self.days, self.start, self.end)

    def __repr__(self) -> str:
        return f"Hours({hours_arguments(self.days, self.start, self.end)})"
