"""Days of the week, for contact windows and weekly rhythms."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import NoReturn, TypeAlias

from cadence._repr import enum_repr
from cadence.errors import InvalidTypeError, InvalidValueError, Place

__all__ = ["Weekday", "WeekdayLike", "to_weekdays"]


class Weekday(enum.IntEnum):
    """A day of the week, numbered like :meth:`datetime.date.weekday` (Monday is 0).

    Rules accept a :data:`WeekdayLike` for days: a ``Weekday``, an int from 0 to 6, or a
    name such as ``"mon"``, ``"Tue"`` or ``"wednesday"``.
    """

    MON = 0
    TUE = 1
    WED = 2
    THU = 3
    FRI = 4
    SAT = 5
    SUN = 6

    __repr__ = enum_repr

    @classmethod
    def _missing_(cls, value: object) -> NoReturn:
        raise InvalidValueError.at(
            Place("Weekday"), expected="a number from 0 (Monday) to 6 (Sunday)", got=repr(value)
        )

    @property
    def label(self) -> str:
        """The three-letter English name, such as ``"Mon"``."""
        return self.name.capitalize()


WEEKDAYS: frozenset[Weekday] = frozenset(
    {Weekday.MON, Weekday.TUE, Weekday.WED, Weekday.THU, Weekday.FRI}
)
"""Monday to Friday."""

EVERY_DAY: frozenset[Weekday] = frozenset(Weekday)
"""All seven days."""

WeekdayLike: TypeAlias = Weekday | int | str
"""A :class:`Weekday`, its number (Monday is 0), or its name (``"mon"``, ``"Monday"``)."""

_NAMES = {day.name.lower(): day for day in Weekday} | {
    name: Weekday(number)
    for number, name in enumerate(
        ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    )
}


def to_weekday(value: WeekdayLike) -> Weekday:
    """Convert a :data:`WeekdayLike` to a :class:`Weekday`."""
    if isinstance(value, Weekday):
        return value
    if isinstance(value, bool):
        raise InvalidTypeError.at(None, expected="a day of the week", got=repr(value))
    if isinstance(value, str):
        day = _NAMES.get(value.strip().lower())
        if day is None:
            raise InvalidValueError.at(
                None, expected="a day of the week such as 'mon'", got=repr(value)
            )
        return day
    if isinstance(value, int):  # a bool is an int too, and was refused above
        if not 0 <= value <= 6:
            raise InvalidValueError.at(
                None, expected="a day of the week from 0 (Monday) to 6 (Sunday)", got=repr(value)
            )
        return Weekday(value)
    raise InvalidTypeError.at(None, expected="a day of the week", got=repr(value))


def to_weekdays(values: Iterable[WeekdayLike] | WeekdayLike) -> frozenset[Weekday]:
    """Convert one or many :data:`WeekdayLike` to a frozen set of :class:`Weekday`."""
    if isinstance(values, Weekday | int | str):
        return frozenset({to_weekday(values)})
    if isinstance(values, bytes) or not isinstance(values, Iterable):
        raise InvalidTypeError.at(None, expected="days of the week", got=repr(values))
    return frozenset(to_weekday(value) for value in values)


def describe_days(days: frozenset[Weekday]) -> str:
    """Name a set of days compactly: ``"Mon-Fri"``, ``"Tue, Thu"``, ``"every day"``."""
    if days == EVERY_DAY:
        return "every day"
    ordered = sorted(days)
    if len(ordered) > 2 and ordered[-1] - ordered[0] == len(ordered) - 1:
        return f"{ordered[0].label}-{ordered[-1].label}"
    return ", ".join(day.label for day in ordered)
