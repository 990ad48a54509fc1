"""Judging local time in every zone a lead may be in, until all of them agree."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta, tzinfo

from cadence.errors import UnsatisfiableError

__all__ = ["in_every_zone", "zone_names"]

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
    what: str,
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
        what: The limit in words, for the error.
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
    raise UnsatisfiableError(
        f"{what} never allows the same time in every time zone the lead may be in: "
        f"{zone_names(zones)}"
    )
