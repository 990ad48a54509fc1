"""A rep's throttle of calendar days where the rep's clocks go back: windows out of order.

The throttle's search in :mod:`cadence.booking` takes the window that ends at a later
instant to start later, which holds while the wall times run on. Right after a change back
they start again earlier: in New York, the window of a day that ends at 01:10 EST on the
night of the change starts at 01:10 EDT the night before, 25 hours back, earlier than the
window of 01:59 EDT that night. Near such a change the search asks every window that could
hold the touch instead, as the definition of a rolling window says: the one that ends at
the touch and each that ends at a later booking and reaches back past the touch.
"""

from __future__ import annotations

import bisect
from datetime import datetime
from typing import Protocol

__all__ = ["CalendarWindows", "step_near_change_back"]


class CalendarWindows(Protocol):
    """A throttle's windows on the rep's clock."""

    def window_start(self, end: datetime) -> datetime:
        """The start of the window that ends at ``end``.

        The window holds the bookings after its start, up to and including its end.
        """

    def first_past(self, booked: datetime, at: datetime) -> datetime:
        """The first instant after ``at`` whose window no longer holds ``booked``."""


def step_near_change_back(
    times: list[datetime],
    at: datetime,
    most: int,
    reach: datetime,
    windows: CalendarWindows,
) -> datetime | None:
    """None when a touch at ``at`` keeps every window within ``most``; else where to look next.

    When the window that ends at ``at`` holds ``most`` bookings, the window of every later
    instant holds them too until its start passes the oldest of them, so the search jumps
    there (:meth:`CalendarWindows.first_past`). A full window of a later booking that
    reaches back past ``at`` holds every instant from ``at`` to that booking, so the search
    goes on from the newest such booking, where the window that ends at it is that full one.

    Args:
        times: The booked UTC instants, in order.
        at: The instant asked about.
        most: The throttle's maximum.
        reach: A bound on the bookings whose window can reach back past ``at``.
        windows: The throttle's windows.
    """
    end = bisect.bisect_right(times, at)
    if end >= most and _count(times, windows.window_start(at), at) >= most:
        return windows.first_past(times[end - most], at)
    latest = None
    for index in range(end, len(times)):
        booked = times[index]
        if booked > reach:
            break
        start = windows.window_start(booked)
        if start < at and _count(times, start, booked) >= most:
            latest = booked
    return latest


def _count(times: list[datetime], start: datetime, end: datetime) -> int:
    """How many of the bookings ``times`` are after ``start``, up to and including ``end``."""
    return bisect.bisect_right(times, end) - bisect.bisect_right(times, start)
