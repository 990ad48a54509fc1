"""Judging local time in every zone a lead may be in, until all of them agree."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta, tzinfo
from typing import Any

import attrs

from cadence import _convert as cv
from cadence._time import zone
from cadence.errors import InvalidTypeError, InvalidValueError, Place, UnsatisfiableError

__all__ = [
    "check_possible_zones",
    "in_every_zone",
    "optional_zone_names",
    "to_zone_names",
    "zone_names",
]

# Hours that repeat every week and have not agreed within two weeks never will (as for the
# planner's own fixpoint); a push that ends (a blackout) agrees within a few rounds.
_NEVER_AGREE = timedelta(days=15)
_MAX_ROUNDS = 1_000


def zone_names(zones: Sequence[tzinfo]) -> str:
    """The zones' IANA names, joined for a message."""
    return ", ".join(str(getattr(where, "key", where)) for where in zones)


def in_every_zone(
    step: Callable[[datetime, tzinfo], datetime],
    instant: datetime,
    zones: Sequence[tzinfo],
    *,
    what: str | Callable[[], str],
    weekly: bool,
) -> datetime:
    """The first instant at or after ``instant`` that ``step`` allows on every zone's clock.

    ``step(instant, where)`` is one limit's answer on the clock of ``where``: the earliest
    instant at or after ``instant`` it allows there. With one zone it is asked once;
    with several, in each zone in turn until none moves the instant.

    Args:
        step: The answer in one zone.
        instant: Where to start.
        zones: The zones, at least one.
        what: The limit in words, for the error, or a function that gives them (such as
            the limit's ``describe``, called only for the error).
        weekly: Whether the limit's openings repeat every week (hours), so that zones
            that have not agreed within two weeks never will.

    Raises:
        UnsatisfiableError: when the zones never agree, naming them.
    """
    if len(zones) == 1:
        return step(instant, zones[0])
    start = instant
    for _ in range(_MAX_ROUNDS):
        before = instant
        for where in zones:
            instant = step(instant, where)
        if instant == before:
            return instant
        if weekly and instant - start > _NEVER_AGREE:
            break
    words = what if isinstance(what, str) else what()
    raise UnsatisfiableError(
        f"{words} never allows the same time in every time zone the lead may be in: "
        f"{zone_names(zones)}"
    )


def to_zone_names(values: object) -> tuple[str, ...]:
    """IANA zone names, at least one, in their order without repeats."""
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise InvalidTypeError.at(
            None,
            expected="time zone names such as ('America/Boise', 'America/Los_Angeles')",
            got=repr(values),
        )
    names: list[str] = []
    for name in values:
        zone(name)
        if name not in names:
            names.append(name)
    if not names:
        raise InvalidValueError.at(
            None,
            expected="at least one time zone; leave possible_timezones out (None) when the "
            "lead's zone is certain",
            got="no zone",
        )
    return tuple(names)


def optional_zone_names(values: object) -> tuple[str, ...] | None:
    """A converter: the names as a tuple, None as None, anything bad left to the validator."""
    return None if values is None else cv.lenient(to_zone_names, values)


def check_possible_zones(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """A validator: None, or zone names among which is the instance's own ``timezone``."""
    if value is None:
        return
    try:
        names = to_zone_names(value)
    except (InvalidValueError, InvalidTypeError) as error:
        raise error.inside(Place.of(instance, attribute)) from None
    timezone = getattr(instance, "timezone", None)
    if timezone not in names:
        raise InvalidValueError.at(
            Place(type(instance).__name__, "timezone"),
            expected=f"one of the possible time zones {', '.join(names)}",
            got=repr(timezone),
        )
