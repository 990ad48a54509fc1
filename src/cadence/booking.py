"""A rep's rules as limits a lead's engine applies, judged against the rep's ledger.

:func:`cadence.schedule` books every touch it plans on the ledger of the lead's rep
(:class:`~cadence.ledger.Ledger`), and asks each lead's engine for its touch again with
:func:`rep_limits` as extra limits. They are ordinary :class:`~cadence.rules.Limit`
objects, so a touch a rep's rule moves says so in its reason like any other ("limited by
Ana's throttle: 60 calls per 1 hour"). They judge on the rep's clock, not the lead's.

The bookings are not made in time order (an overdue touch is booked late), so the throttle
checks every window that would hold the new touch, not only the one that ends at it.
"""

from __future__ import annotations

import abc
import bisect
import contextlib
from collections.abc import Sequence
from datetime import datetime, timedelta

import attrs
from pendulum.tz.timezone import Timezone

from cadence._calendar_windows import step_near_change_back
from cadence._changes_back import changes_back_around, changes_back_between, drops_between
from cadence._exact_windows import spaced_exactly, throttled_exactly
from cadence._time import (
    EARLIEST,
    NEVER,
    resolve_after,
    shift,
    shift_back,
    stamped,
    utc_offset,
    wall_time,
)
from cadence.candidate import Candidate
from cadence.channels import Channel
from cadence.hours import next_opening
from cadence.ledger import Ledger
from cadence.protocol.limit import Limit
from cadence.span import Span
from cadence.state import State
from cadence.team import Rep, Spacing, Throttle

__all__ = ["RepLimit", "RepRule", "recorded", "rep_limits", "team_time"]

_MINUTE = timedelta(minutes=1)
_SECOND = timedelta(seconds=1)
_ZERO = timedelta(0)
_DAY = timedelta(days=1)
_MAX_MOVES = 100_000
_KEPT_BACKS = 8_192  # a throttle's cache of window starts, emptied when it holds more


def _exact(span: Span) -> timedelta | None:
    """The span as a timedelta when it has no calendar days (then the zone plays no part)."""
    return None if span.days else span.exact


def rep_limits(rep: Rep, ledger: Ledger) -> tuple[RepLimit, ...]:
    """The rep's hours, time off and own limits, as limits bound to its ledger."""
    found: list[RepLimit] = []
    if rep.hours is not None:
        found.append(WorkingHours(rep, ledger.zone))
    if rep.blackouts:
        found.append(TimeOff(rep, ledger.zone))
    for limit in rep.limits:
        if isinstance(limit, Throttle):
            found.append(Throttled(rep, limit, ledger))
        else:
            found.append(Spaced(rep, limit, ledger))
    return tuple(found)


def team_time(limits: Sequence[RepLimit], at: datetime, channel: Channel) -> datetime:
    """The first instant at or after ``at`` (UTC) the rep's ``limits`` all allow on ``channel``.

    They read the rep's clock and ledger, never the lead's state, and never veto.
    """
    for _ in range(_MAX_MOVES):
        before = at
        for limit in limits:
            at = limit.earliest(at, channel)
        if at == before or at >= NEVER:
            return at
    return NEVER  # pragma: no cover - the rep's limits agree within a week or two


@attrs.frozen
class RepRule(Limit):
    """A rep's rule as a stored plan remembers it: which rep, and what the rule said.

    A touch a rep's rule moved names that rule in :attr:`cadence.PlannedTouch.moved_by`;
    :meth:`cadence.Timeline.to_dict` writes it as this record (the rep's ledger, which the
    rule read, is not part of a plan), and :meth:`cadence.Timeline.from_dict` reads it back.
    As a limit it moves nothing: the schedule applies the rep's real rules.

    Args:
        rep: The rep's id.
        description: What the rule said, such as ``"Ana's throttle: 60 calls per 1 hour"``.
    """

    rep: str
    description: str

    def __call__(self, candidate: Candidate, state: State) -> Candidate:  # noqa: ARG002
        """The candidate unchanged: a record, not a rule to apply."""
        return candidate

    def describe(self) -> str:
        """What the rule said."""
        return self.description


def recorded(limit: object) -> RepRule | None:
    """A rep's rule bound to its ledger, as a stored plan remembers it; None for any other."""
    return limit.recorded() if isinstance(limit, RepLimit) else None


class RepLimit(Limit):
    """A limit of a rep's, judged on the rep's clock; it names the rep in its description."""

    __slots__ = ("_described", "rep", "zone")

    def __init__(self, rep: Rep, zone: Timezone, described: str) -> None:
        self.rep = rep
        self.zone = zone
        self._described = f"{rep.shown}'s {described}"

    def describe(self) -> str:
        """Such as ``"Ana's throttle: 60 calls per 1 hour"``."""
        return self._described

    def recorded(self) -> RepRule:
        """The rule as a stored plan remembers it."""
        return RepRule(self.rep.id, self._described)

    def __call__(self, candidate: Candidate, state: State) -> Candidate:  # noqa: ARG002
        """The candidate, or moved to the first instant the rule allows (it never vetoes)."""
        at = self.earliest(candidate.at, candidate.channel)
        return candidate if at == candidate.at else candidate.moved_to(at)

    @abc.abstractmethod
    def earliest(self, at: datetime, channel: Channel) -> datetime:
        """The first instant at or after ``at`` (UTC) the rule allows a touch on ``channel``.

        It reads the rep's clock and ledger, never a lead's state, and never changes a
        voicemail: the specialised loop asks it without a candidate.
        """

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of rep {self.rep.id!r}: {self._described}>"


class WorkingHours(RepLimit):
    """A touch only inside the rep's working hours (any of them), on the rep's clock."""

    __slots__ = ("_windows",)

    def __init__(self, rep: Rep, zone: Timezone) -> None:
        hours = rep.hours or ()
        text = " or ".join(hour.describe() for hour in hours)
        super().__init__(rep, zone, f"working hours {text} ({rep.timezone})")
        self._windows = tuple((hour.days, hour.start, hour.end) for hour in hours)

    @property
    def recurring(self) -> bool:
        """True: working hours come every week."""
        return True

    def earliest(self, at: datetime, channel: Channel) -> datetime:  # noqa: ARG002
        """``at``, or the rep's next opening."""
        zone = self.zone
        windows = self._windows
        if len(windows) == 1:  # the common case, asked for every touch the schedule places
            days, start, end = windows[0]
            return next_opening(days, start, end, at, zone)
        return min(next_opening(days, start, end, at, zone) for days, start, end in windows)


class TimeOff(RepLimit):
    """No touch inside the rep's blackouts, periods of the rep's local time."""

    __slots__ = ("_periods",)

    def __init__(self, rep: Rep, zone: Timezone) -> None:
        text = ", ".join(period.describe() for period in rep.blackouts)
        super().__init__(rep, zone, f"time off {text}")
        self._periods = rep.blackouts

    def earliest(self, at: datetime, channel: Channel) -> datetime:  # noqa: ARG002
        """``at``, or the end of the period it falls in."""
        wall = wall_time(at, self.zone)
        for period in self._periods:
            if wall in period:
                at = resolve_after(period.end, self.zone, at)
                wall = wall_time(at, self.zone)
        return at


class Throttled(RepLimit):
    """A rep's :class:`~cadence.Throttle`, counting the bookings of its ledger."""

    __slots__ = ("_backs", "_exact", "_ledger", "_limit", "_memo", "_quiet", "_version")

    def __init__(self, rep: Rep, limit: Throttle, ledger: Ledger) -> None:
        super().__init__(rep, ledger.zone, limit.describe())
        self._limit = limit
        self._ledger = ledger
        self._exact = _exact(limit.per)
        # Answers by instant while no touch is booked: many leads ask about the same minutes.
        self._memo: dict[datetime, datetime] = {}
        self._version = -1
        # The start of each booking's window: calendar days on the rep's clock cost a zone
        # look-up each, and every search reads the same bookings' again.
        self._backs: dict[datetime, datetime] = {}
        # Instants whose windows, of calendar days, are all far from the clocks going back.
        self._quiet = (NEVER, EARLIEST)

    def earliest(self, at: datetime, channel: Channel) -> datetime:
        """``at``, or the first instant after it no window would hold too many at."""
        limit = self._limit
        if limit.channels is not None and channel not in limit.channels:
            return at
        ledger = self._ledger
        if self._version != ledger.version:
            self._memo.clear()
            self._version = ledger.version
        found = self._memo.get(at)
        if found is None:
            found = self._memo[at] = self._earliest(ledger.times(limit.channels), at)
        return found

    def _earliest(self, times: list[datetime], at: datetime) -> datetime:
        """The first instant at or after ``at`` that no window would hold too many at.

        A run of ``max`` consecutive bookings closer together than ``per`` makes every
        instant whose window would hold them all too full: those after ``per`` before the
        run's newest and before ``per`` after its oldest. Of the runs that could hold
        ``at``, the newest full one reaches furthest, so the touch jumps past it and the
        search goes on from there: a rep's fully booked day costs one step per window, not
        one per booking.
        """
        most = self._limit.max
        if len(times) < most:
            return at
        if self._exact is not None:
            with contextlib.suppress(OverflowError):  # near an end of the calendar: below
                return throttled_exactly(times, at, most, self._exact)
        if len(self._backs) > _KEPT_BACKS:
            self._backs.clear()
        for _ in range(_MAX_MOVES):
            moved = self._step(times, at)
            if moved is None:
                return at
            if moved >= NEVER:
                return NEVER
            at = moved
        return NEVER  # pragma: no cover - bookings are finite

    def _step(self, times: list[datetime], at: datetime) -> datetime | None:
        """None when no window holding ``at`` is full; else where the search goes on."""
        most, per, zone = self._limit.max, self._limit.per, self.zone
        exact = not per.days
        if not exact and (reach := self._reach_near_change_back(at)) is not None:
            return step_near_change_back(times, at, most, reach, self)
        # The runs that hold ``at``: their oldest is after ``per`` before it, their newest
        # within ``per`` after it (the windows' starts are in order away from a change back).
        first = bisect.bisect_right(times, shift_back(at, per, zone))
        if exact:
            after = bisect.bisect_left(times, shift(at, per, zone))
        else:
            after = bisect.bisect_left(times, at, key=self.window_start)
        oldest = after - most
        while oldest >= first and not self._full(times, oldest):
            oldest -= 1
        return None if oldest < first else self.first_past(times[oldest], at)

    def _reach_near_change_back(self, at: datetime) -> datetime | None:
        """A bound on the bookings whose window can hold ``at`` near a change back, or None.

        A window of calendar days starts ``per`` before its end on the rep's clock: in elapsed
        time, at most the span's hours and the clocks' changes back in between earlier.
        """
        low, high = self._quiet
        if low < at < high:
            return None
        span = self._limit.per.approximate()
        before, after = changes_back_around(at, self.zone)
        with contextlib.suppress(OverflowError):  # near an end of the calendar: below
            low, high = before + span + _DAY, after - span - _DAY
            if low < at < high:
                self._quiet = (low, high)
                return None
        start = at - min(span + _DAY, at - EARLIEST)  # no further than the calendar's ends
        drop = drops_between(start, at + min(span + _DAY, NEVER - at), self.zone)
        return at + min(span + drop, NEVER - at) if drop else None

    def _full(self, times: list[datetime], oldest: int) -> bool:
        """Whether the ``max`` bookings from index ``oldest`` on all fit in one window."""
        return times[oldest] > self.window_start(times[oldest + self._limit.max - 1])

    def window_start(self, booked: datetime) -> datetime:
        """The start of the window that ends at the booking ``booked``."""
        back = self._backs.get(booked)
        if back is None:
            back = self._backs[booked] = shift_back(booked, self._limit.per, self.zone)
        return back

    def first_past(self, oldest: datetime, at: datetime) -> datetime:
        """The first instant after ``at`` whose window no longer holds the booking ``oldest``."""
        per, zone = self._limit.per, self.zone
        instant = shift(oldest, per, zone)
        if per.days:
            instant -= self._skipped_before(oldest)
        instant = max(instant, at)
        while shift_back(instant, per, zone) < oldest:  # calendar days across DST
            instant += _MINUTE
        return instant if instant > at else at + _MINUTE

    def _skipped_before(self, instant: datetime) -> timedelta:
        """The wall time a spring-forward change skipped right before ``instant``, or zero.

        After a booking at the first instant past such a change, the window of a touch up to
        that much before "a day later" starts in the skipped wall times, which move forward
        to the booking: that window no longer holds it, so the search starts that early.
        """
        zone = self.zone
        return max(utc_offset(instant, zone) - utc_offset(instant - _SECOND, zone), _ZERO)


class Spaced(RepLimit):
    """A rep's :class:`~cadence.Spacing`, against the bookings of its ledger."""

    __slots__ = ("_exact", "_ledger", "_limit")

    def __init__(self, rep: Rep, limit: Spacing, ledger: Ledger) -> None:
        super().__init__(rep, ledger.zone, limit.describe())
        self._limit = limit
        self._ledger = ledger
        self._exact = _exact(limit.between)

    def earliest(self, at: datetime, channel: Channel) -> datetime:
        """``at``, or ``between`` after the booking it is too close to."""
        limit = self._limit
        if limit.channels is not None and channel not in limit.channels:
            return at
        times = self._ledger.times(limit.channels)
        if self._exact is not None:
            return spaced_exactly(times, at, self._exact)
        between, zone = limit.between, self.zone
        for _ in range(_MAX_MOVES):
            index = bisect.bisect_right(times, at)
            end = self._end(times, index) if index else at
            if at < end:
                at = end
            elif index < len(times) and times[index] < shift(at, between, zone):
                at = self._before(at, times[index])
            else:
                return at
            if at >= NEVER:
                break
        return NEVER

    def _end(self, times: list[datetime], index: int) -> datetime:
        """When the spacing after the bookings before ``index`` is over (calendar days).

        The calendar days count on the rep's clock, so the booking with the latest wall time
        ends last, and after the clocks go back that can be an older one than the newest (a
        touch at 01:59 before New York's change back ends after one at 01:00 after it). A
        wall time is less than a day away from its instant, so only a booking less than a
        day before the latest wall time found can have a later one.
        """
        latest = times[index - 1]
        latest_wall = stamped(latest, self.zone)
        for earlier in range(index - 2, -1, -1):
            booked = times[earlier]
            if booked <= latest_wall - _DAY:
                break
            wall = stamped(booked, self.zone)
            if wall > latest_wall:
                latest, latest_wall = booked, wall
        return shift(latest, self._limit.between, self.zone)

    def _before(self, at: datetime, booked: datetime) -> datetime:
        """Where the search goes on when ``at`` is too close before the booking ``booked``.

        A later instant has a later wall time, and so is too close too, up to the booking
        (the search then goes on from the gap after it), unless the clocks go back before it:
        from that change on, the wall times start again earlier (calendar days only).
        """
        zone, between = self.zone, self._limit.between
        for back, _ in changes_back_between(at, booked, zone):
            if back < booked and shift(back, between, zone) <= booked:
                return back
        return booked
