"""Occasions: a round on a date each year, the lead's own or the calendar's."""

from __future__ import annotations

import calendar
import re
from datetime import date, time, timedelta

import attrs

from cadence import _convert as cv
from cadence._repr import span_repr
from cadence._time import at_wall, clock_text, shift, to_clock
from cadence.errors import InvalidTypeError, InvalidValueError, Place
from cadence.protocol.combination import NO_LOOKBACK
from cadence.protocol.rhythm import Rhythm, Slot
from cadence.span import Span, to_span
from cadence.state import State

__all__ = ["ANNIVERSARY", "Yearly"]

ANNIVERSARY = "anniversary"
"""The name :class:`Yearly` reads as the date the lead arrived (or was last enrolled)."""

_MONTH_DAY = re.compile(r"^(\d{2})-(\d{2})$")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _check_on(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str):
        raise InvalidTypeError.at(
            Place.of(instance, attribute),
            expected="a date such as '04-01' or a name",
            got=repr(value),
        )
    found = _MONTH_DAY.match(value)
    if found:
        month, day = int(found.group(1)), int(found.group(2))
        if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(2024, month)[1]:
            raise InvalidValueError.at(
                Place.of(instance, attribute), expected="a real month and day", got=repr(value)
            )
    elif not _NAME.match(value):
        raise InvalidValueError.at(
            Place.of(instance, attribute),
            expected="a month and day such as '04-01', or the name of one of the "
            "lead's dates such as 'birthday'",
            got=repr(value),
        )


def _on_day(year: int, month: int, day: int) -> date:
    # 29 February falls on 28 February in other years.
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


@attrs.frozen(repr=False)
class Yearly(Rhythm):
    """A round on a date each year.

    For the lead's birthday, the anniversary of a purchase, the start of a seasonal
    product's season. Each round falls on the first occurrence after the previous round's
    day, at a local time, optionally some days before. The first may fall on the day the
    lead arrived, but the first anniversary is a year after it. A lead without the named
    date has no occasion rounds.

    An occasion is not made late: a round the limits cannot place within ``expires`` of its
    time (Christmas falls on a weekend and a holiday pushes it three days: still planned; a
    two-week blackout: skipped) is skipped for the next year's, and so is an occurrence whose
    ``expires`` passed before it was planned. A touch carried out within ``expires`` of the
    occasion is that occasion's round.

    Args:
        on: ``"MM-DD"`` for a fixed date (``"04-01"``), ``"anniversary"`` for the date the
            lead arrived (its latest enrollment, see :attr:`cadence.MilestoneKind.ENROLLED`),
            or the name of one of the lead's dates (``"birthday"``, see
            :attr:`cadence.Lead.dates`).
        at: Local time of day, ``"10:00"`` by default.
        before: How long before the date, such as ``"7 days"`` (none by default): its
            calendar days first, then its exact hours and minutes.
        expires: How late after its time a round may still happen, a week by default.
    """

    on: str = attrs.field(validator=_check_on)
    at: time = attrs.field(
        default=time(10), converter=cv.clock, validator=cv.converted(to_clock, time)
    )
    before: Span = attrs.field(
        default=Span(), converter=cv.span, validator=cv.converted(to_span, Span)
    )
    expires: Span = attrs.field(
        default=Span(days=7), converter=cv.span, validator=cv.converted(to_span, Span)
    )

    @property
    def length(self) -> None:
        """Goes on for ever: pair it with a stop rule such as :class:`MaxRounds`."""
        return None

    def month_day(self, state: State) -> tuple[int, int] | None:
        """The month and day of the occasion for this lead, or None without the date."""
        found = _MONTH_DAY.match(self.on)
        if found:
            return int(found.group(1)), int(found.group(2))
        if self.on == ANNIVERSARY:
            arrived = state.local(state.enrolled_at).date()
            return arrived.month, arrived.day
        day = state.lead.date_of(self.on)
        return None if day is None else (day.month, day.day)

    def __call__(self, index: int, state: State) -> Slot | None:
        """The next occurrence after the previous round's day whose time to expire is ahead.

        ``state.time`` is the moment of asking: an occurrence that expired before it is
        skipped.
        """
        del index
        month_day = self.month_day(state)
        if month_day is None:
            return None
        zone = state.zone
        started = state.round_started_at
        after = state.local(state.enrolled_at if started is None else started).date()
        # The day the lead arrives may hold the first round, unless it is the anniversary
        # of that very day.
        arrival_day = started is None and self.on != ANNIVERSARY
        before = timedelta(days=self.before.days)
        for year in range(after.year, date.max.year + 1):
            # The date first, then the clock on it, so that a spring-forward gap at the
            # clock time moves the round forward on its own day, never to another one.
            day = _on_day(year, *month_day) - before
            if day < after or (day == after and not arrival_day):
                continue
            instant = at_wall(day, self.at, zone) - self.before.exact
            expires = shift(instant, self.expires, zone)
            if expires >= state.time:
                reason = f"yearly: {self.on}"
                if not self.before.is_zero:
                    reason = f"yearly: {self.before} before {self.on}"
                return Slot(instant, self, reason, expires)
        return None

    @property
    def lookback(self) -> Span:
        """Zero: it reads only what the state keeps, never past touches."""
        return NO_LOOKBACK

    def describe(self) -> str:
        """Such as ``"yearly 12-25 at 10:00"`` or ``"yearly 2 weeks before birthday at 10:00"``."""
        before = "" if self.before.is_zero else f"{self.before} before "
        return f"yearly {before}{self.on} at {clock_text(self.at)}"

    def __repr__(self) -> str:
        arguments = f"{self.on!r}, at={clock_text(self.at)!r}"
        if not self.before.is_zero:
            arguments += f", before={span_repr(self.before)}"
        if self.expires != Span(days=7):
            arguments += f", expires={span_repr(self.expires)}"
        return f"Yearly({arguments})"
