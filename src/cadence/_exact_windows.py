"""A rep's limits over windows of exact time: searches of the booked instants, no zone.

A throttle per hour or a spacing of minutes counts elapsed time, so the window that ends at
an instant starts a fixed timedelta before it, whatever the rep's clock says: plain
additions answer what :mod:`cadence.booking` otherwise asks of the calendar
(:func:`cadence._time.shift` and :func:`~cadence._time.shift_back`), and the schedule asks
these limits about every touch it places. Each function gives exactly what the general
search gives for such a span.
"""

from __future__ import annotations

import bisect
from datetime import datetime, timedelta

from cadence._time import EARLIEST, NEVER

__all__ = ["spaced_exactly", "throttled_exactly"]

_MINUTE = timedelta(minutes=1)
_MAX_MOVES = 100_000


def throttled_exactly(times: list[datetime], at: datetime, most: int, per: timedelta) -> datetime:
    """The first instant at or after ``at`` that no window of ``per`` holds ``most`` at.

    ``times`` are the booked UTC instants, in order, at least ``most`` of them. As the
    general search does, it jumps past the newest full run of bookings that could hold
    ``at`` (``most`` bookings closer together than ``per``) and goes on from there.

    Raises:
        OverflowError: near an end of the calendar, where the general search clamps.
    """
    for _ in range(_MAX_MOVES):
        first = bisect.bisect_right(times, max(at - per, EARLIEST))
        after = bisect.bisect_left(times, at + per)
        oldest = after - most
        while oldest >= first and not times[oldest] > max(times[oldest + most - 1] - per, EARLIEST):
            oldest -= 1
        if oldest < first:
            return at
        past = times[oldest] + per
        at = past if past > at else at + _MINUTE
        if at >= NEVER:
            return NEVER
    return NEVER  # pragma: no cover - bookings are finite


def spaced_exactly(times: list[datetime], at: datetime, between: timedelta) -> datetime:
    """The first instant at or after ``at`` at least ``between`` from every booked instant.

    ``times`` are the booked UTC instants, in order. Past the end of the calendar,
    :data:`~cadence._time.NEVER`.
    """
    try:
        for _ in range(_MAX_MOVES):
            index = bisect.bisect_right(times, at)
            if index and at < times[index - 1] + between:
                at = times[index - 1] + between
            elif index < len(times) and times[index] < at + between:
                at = times[index] + between
            else:
                return at
            if at >= NEVER:
                break
    except OverflowError:  # as shift() answers past the end of the calendar
        pass
    return NEVER
