"""Where a zone's clocks go back: the instants from which its wall times repeat.

A search over calendar days on a rep's clock takes a later instant to have a later wall time;
right after a change back it has an earlier one. The tz database has no public list of a
zone's changes, so they are found from the offsets: a step shorter than the shortest time
between two changes of any zone (95 hours in the tz database; ``tests/test_booking.py``
checks it) holds at most one change, which its two ends' offsets show.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, tzinfo

from cadence._time import EARLIEST, NEVER, utc_offset

__all__ = [
    "changes_back_around",
    "changes_back_between",
    "drops_between",
    "first_change_back",
]

_STEP = timedelta(hours=72)
_SECOND = timedelta(seconds=1)
_NONE = timedelta(0)
_TWO_YEARS = timedelta(days=730)


def first_change_back(start: datetime, end: datetime, zone: tzinfo) -> datetime | None:
    """The first instant in ``(start, end]`` at which the clocks of ``zone`` go back, or None.

    That instant is the first with the lower offset (to the second: changes are at whole
    seconds). ``start`` and ``end`` are UTC instants.
    """
    low, low_offset = start, utc_offset(start, zone)
    while low < end:
        high = min(low + _STEP, end)
        high_offset = utc_offset(high, zone)
        if high_offset < low_offset:  # the one change in the step, a change back
            while high - low > _SECOND:
                middle = low + (high - low) // 2
                if utc_offset(middle, zone) == high_offset:
                    high = middle
                else:
                    low = middle
            return high - timedelta(microseconds=high.microsecond)
        low, low_offset = high, high_offset
    return None


def changes_back_between(
    start: datetime, end: datetime, zone: tzinfo
) -> Iterator[tuple[datetime, timedelta]]:
    """Each change back of ``zone`` in ``(start, end]``, in order: its instant and how far.

    ``start`` and ``end`` are UTC instants; the changes of each calendar year are found once
    per zone (:func:`first_change_back` from the year's start).
    """
    for year in range(start.year, end.year + 1):
        for instant, drop in _changes_back_of_year(zone, year):
            if start < instant <= end:
                yield instant, drop


def drops_between(start: datetime, end: datetime, zone: tzinfo) -> timedelta:
    """How far the clocks of ``zone`` go back in all over ``(start, end]``; zero if they do not."""
    return sum((drop for _, drop in changes_back_between(start, end, zone)), _NONE)


def changes_back_around(instant: datetime, zone: tzinfo) -> tuple[datetime, datetime]:
    """The last change back of ``zone`` before ``instant`` and the first after it (UTC).

    Looked for within two calendar years either way; where there is none, the bound of
    that search stands for it, so the two always enclose a time without a change back.
    """
    year = instant.year
    before, after = max(instant - _TWO_YEARS, EARLIEST), min(instant + _TWO_YEARS, NEVER)
    for candidate in range(max(year - 2, EARLIEST.year), min(year + 2, NEVER.year) + 1):
        for back, _ in _changes_back_of_year(zone, candidate):
            if before < back <= instant:
                before = back
            elif instant < back < after:
                after = back
    return before, after


@functools.lru_cache(maxsize=4_096)
def _changes_back_of_year(zone: tzinfo, year: int) -> tuple[tuple[datetime, timedelta], ...]:
    """Each instant of ``year`` (UTC) at which the clocks of ``zone`` go back, with how far."""
    low = max(datetime(year, 1, 1, tzinfo=UTC), EARLIEST)
    high = datetime(year + 1, 1, 1, tzinfo=UTC) if year < NEVER.year else NEVER
    found = []
    while (back := first_change_back(low, high, zone)) is not None:
        found.append((back, utc_offset(back - _SECOND, zone) - utc_offset(back, zone)))
        low = back
    return tuple(found)
