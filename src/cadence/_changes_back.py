"""Where a zone's clocks go back: the instants from which its wall times repeat.

A search over calendar days on a rep's clock takes a later instant to have a later wall time;
right after a change back it has an earlier one. The tz database has no public list of a
zone's changes, so they are found from the offsets: a step shorter than the shortest time
between two changes of any zone (95 hours in the tz database; ``tests/test_booking.py``
checks it) holds at most one change, which its two ends' offsets show.
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

from cadence._time import utc_offset

__all__ = ["first_change_back"]

_STEP = timedelta(hours=72)
_SECOND = timedelta(seconds=1)


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
