"""Periods of local time: a vacation, a trade show, a holiday season."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import attrs

from cadence._time import iso_timespec
from cadence.errors import InvalidTypeError, InvalidValueError, Place

__all__ = ["END_OF_CALENDAR", "Period", "to_local_moment", "to_periods"]

END_OF_CALENDAR = datetime.max  # noqa: DTZ901 - a moment of local time: naive on purpose
"""The end of a period that lasts to the end of 9999-12-31, a common "forever"."""


def to_local_moment(value: date | datetime | str, *, end: bool = False) -> datetime:
    """A naive local date and time from a date, a naive datetime or ISO text.

    A bare date means the start of that day, or with ``end`` the end of it (the next
    midnight), so that ``Period("2026-07-01", "2026-07-14")`` covers both days whole.
    """
    if isinstance(value, str):
        text = value.strip()
        try:
            if "T" in text or " " in text:
                value = datetime.fromisoformat(text)
            else:
                value = date.fromisoformat(text)
        except ValueError:
            raise InvalidValueError.at(
                None,
                expected="a local date such as '2026-07-01' or a local date and time such as "
                "'2026-07-01T09:00'",
                got=repr(value),
            ) from None
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            raise InvalidValueError.at(
                None,
                expected="a local date and time without a time zone (it is read on the "
                "lead's clock)",
                got=repr(value.isoformat()),
            )
        return value
    if isinstance(value, date):
        start = datetime.combine(value, time())
        if not end:
            return start
        # The end of the calendar's last day has no next midnight: it ends the calendar.
        return END_OF_CALENDAR if value == date.max else start + timedelta(days=1)
    raise InvalidTypeError.at(
        None, expected="a date, a local datetime or ISO text", got=repr(value)
    )


def _start(value: date | datetime | str) -> datetime:
    try:
        return to_local_moment(value)
    except (InvalidValueError, InvalidTypeError):
        return value  # type: ignore[return-value]  # the validator reports it


def _end(value: date | datetime | str) -> datetime:
    try:
        return to_local_moment(value, end=True)
    except (InvalidValueError, InvalidTypeError):
        return value  # type: ignore[return-value]  # the validator reports it


def _check_moment(instance: object, attribute: attrs.Attribute[datetime], value: object) -> None:
    if isinstance(value, datetime) and value.tzinfo is None:
        return
    try:
        to_local_moment(value)  # type: ignore[arg-type]
    except (InvalidValueError, InvalidTypeError) as error:
        raise error.inside(Place.of(instance, attribute)) from None
    raise InvalidTypeError.at(  # pragma: no cover
        Place.of(instance, attribute), said=f"unexpected {value!r}"
    )


@attrs.frozen(repr=False)
class Period:
    """A stretch of local wall time on the lead's clock: from ``start`` up to ``end``.

    Dates mean whole days: ``Period("2026-07-01", "2026-07-14")`` runs from the start of
    1 July to the end of 14 July. Date-times are read on the lead's clock, without a zone:
    ``Period("2026-07-01T12:00", "2026-07-01T14:00")``.

    Args:
        start: The first moment inside, as a date, a naive datetime or ISO text.
        end: The first moment after (a date: the end of that day); after ``start``.
    """

    start: datetime = attrs.field(converter=_start, validator=_check_moment)
    end: datetime = attrs.field(converter=_end, validator=_check_moment)

    def __attrs_post_init__(self) -> None:
        if self.end <= self.start:
            raise InvalidValueError.at(
                Place("Period", "end"),
                expected=f"a moment after start {self.start.isoformat()}",
                got=self.end.isoformat(),
            )

    def __contains__(self, moment: datetime) -> bool:
        return self.start <= moment < self.end

    def describe(self) -> str:
        """Such as ``"2026-07-01 to 2026-07-14"`` or ``"2026-07-01 12:00 to 14:00"``."""
        whole_days = self.start.time() == time() and _ends_a_day(self.end)
        if whole_days:
            last = _last_day(self.end)
            if last == self.start.date():
                return self.start.date().isoformat()
            return f"{self.start.date().isoformat()} to {last.isoformat()}"
        start = self.start.strftime("%Y-%m-%d %H:%M")
        if self.end.date() == self.start.date():
            return f"{start} to {self.end.strftime('%H:%M')}"
        return f"{start} to {self.end.strftime('%Y-%m-%d %H:%M')}"

    def __repr__(self) -> str:
        return f"Period({_text(self.start)!r}, {_text(self.end, end=True)!r})"


def _ends_a_day(moment: datetime) -> bool:
    return moment.time() == time() or moment == END_OF_CALENDAR


def _last_day(end: datetime) -> date:
    """The last whole day before ``end``, the first moment after a period of whole days."""
    return end.date() if end == END_OF_CALENDAR else (end - timedelta(days=1)).date()


def _text(moment: datetime, *, end: bool = False) -> str:
    if end and _ends_a_day(moment):
        return _last_day(moment).isoformat()
    if moment.time() == time():
        return moment.date().isoformat()
    return moment.isoformat(timespec=iso_timespec(moment))


def to_periods(values: object) -> tuple[Period, ...]:
    """A tuple of periods from periods or ``(start, end)`` pairs."""
    if type(values) is tuple and not values:
        return ()  # none: the usual case, met again by the field's validator
    if isinstance(values, Period):
        return (values,)
    if isinstance(values, str | bytes) or not isinstance(values, list | tuple | set | frozenset):
        raise InvalidTypeError.at(None, expected="a sequence of periods", got=repr(values))
    found: list[Period] = []
    for value in values:
        if isinstance(value, Period):
            found.append(value)
        elif isinstance(value, list | tuple) and len(value) == 2:
            found.append(Period(value[0], value[1]))
        else:
            raise InvalidTypeError.at(
                None, expected="a Period or a (start, end) pair", got=repr(value)
            )
    return tuple(sorted(found, key=lambda period: (period.start, period.end)))
