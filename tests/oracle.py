"""An independent judge of the library's limits, for the properties to check plans against.

Everything here works on stdlib ``zoneinfo`` and the rules' data fields only: it never calls
a rule's ``allow``, nor the library's time helpers. The policy it implements is the one the
design states: a wall time in a spring-forward gap is the first instant after the gap, an
ambiguous wall time is the earlier instant; calendar days move the local clock, exact time
is elapsed time.
"""

from __future__ import annotations

import functools
import zoneinfo
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import NamedTuple

from cadence import (
    Blackout,
    Cadence,
    Channel,
    ContactWindow,
    FrequencyCap,
    Holidays,
    Lead,
    Milestone,
    MilestoneKind,
    MinGap,
    Outcome,
    QuietHours,
    Span,
    Touch,
    VoicemailLimit,
)
from cadence.rules import AllLimits, AnyLimit, Limit

_SECOND = timedelta(seconds=1)


class Done(NamedTuple):
    """A touch as the oracle sees it: a UTC instant, a channel, an outcome."""

    at: datetime
    channel: Channel
    outcome: Outcome


# -- the lead's clock ---------------------------------------------------------------------


@functools.cache
def clock(name: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(name)


def utc(value: datetime) -> datetime:
    """The same instant as a plain stdlib datetime in UTC (pendulum's arithmetic differs)."""
    moment = value.astimezone(UTC)
    return datetime.combine(moment.date(), moment.time(), UTC)


def wall(instant: datetime, where: zoneinfo.ZoneInfo) -> datetime:
    """The naive local wall time of ``instant``."""
    return instant.astimezone(where).replace(tzinfo=None)


def occurrences(moment: datetime, where: zoneinfo.ZoneInfo) -> list[datetime]:
    """Every UTC instant whose wall time in ``where`` is the naive ``moment``, earliest first."""
    found = {
        moment.replace(tzinfo=where, fold=fold).astimezone(UTC)
        for fold in (0, 1)
        if wall(moment.replace(tzinfo=where, fold=fold).astimezone(UTC), where) == moment
    }
    return sorted(found)


def gap_end(moment: datetime, where: zoneinfo.ZoneInfo) -> datetime:
    """For a wall time that does not exist, the first instant after the gap holding it."""
    ends = sorted(moment.replace(tzinfo=where, fold=fold).astimezone(UTC) for fold in (0, 1))
    low, high = ends[0], ends[1]
    assert wall(low, where) < moment < wall(high, where), (moment, where)
    while high - low > _SECOND:
        middle = low + (high - low) / 2
        if wall(middle, where) > moment:
            high = middle
        else:
            low = middle
    return high.replace(microsecond=0)


def instant_of(moment: datetime, where: zoneinfo.ZoneInfo) -> datetime:
    """The UTC instant of a naive wall time, by the library's policy."""
    found = occurrences(moment, where)
    return found[0] if found else gap_end(moment, where)


def plus(instant: datetime, span: Span, where: zoneinfo.ZoneInfo) -> datetime:
    """``instant`` + ``span``: calendar days on the wall clock, then elapsed time."""
    if span.days:
        instant = instant_of(wall(instant, where) + timedelta(days=span.days), where)
    return instant + span.exact


def minus(instant: datetime, span: Span, where: zoneinfo.ZoneInfo) -> datetime:
    """``instant`` - ``span``: elapsed time first, then calendar days on the wall clock."""
    instant -= span.exact
    if span.days:
        instant = instant_of(wall(instant, where) - timedelta(days=span.days), where)
    return instant


# -- what the limits mean -------------------------------------------------------------------


def seconds_of(value: time) -> int:
    return value.hour * 3600 + value.minute * 60 + value.second


def quiet(hours: QuietHours, at: time) -> bool:
    """Whether ``at`` is in the quiet hours: less than their length after they begin."""
    day = 24 * 3600
    since = (seconds_of(at) - seconds_of(hours.start)) % day
    return since < (seconds_of(hours.end) - seconds_of(hours.start)) % day


@functools.cache
def region_days(region: str, subdiv: str | None, year: int) -> frozenset[date]:
    import holidays

    return frozenset(holidays.country_holidays(region, subdiv=subdiv, years=year))


def holiday(limit: Holidays, day: date) -> bool:
    if day in limit.dates:
        return True
    return limit.region is not None and day in region_days(limit.region, limit.subdiv, day.year)


def covers(limit: FrequencyCap | MinGap, channel: Channel) -> bool:
    return limit.channels is None or channel in limit.channels


def allows(
    limit: Limit,
    at: datetime,
    channel: Channel,
    before: Sequence[Done],
    where: zoneinfo.ZoneInfo,
    *,
    local: datetime | None = None,
) -> bool:
    """Whether a touch on ``channel`` at the UTC instant ``at`` keeps ``limit``.

    ``before`` holds the touches made before it (history and plan), in time order.
    """
    if local is None:
        local = at.astimezone(where)
    kind = type(limit)  # the library's own classes: exact types are cheaper to test
    if kind is AnyLimit:
        return any(
            allows(member, at, channel, before, where, local=local) for member in limit.limits
        )
    if kind is AllLimits:
        return all(
            allows(member, at, channel, before, where, local=local) for member in limit.limits
        )
    if kind is ContactWindow:
        return local.weekday() in limit.days and limit.start <= local.time() < limit.end
    if kind is QuietHours:
        return not quiet(limit, local.time())
    if kind is Blackout:
        moment = local.replace(tzinfo=None)
        return not any(period.start <= moment < period.end for period in limit.periods)
    if kind is Holidays:
        return not holiday(limit, local.date())
    if kind is FrequencyCap:
        if not covers(limit, channel):
            return True
        since = minus(at, limit.per, where)
        inside = sum(since < done.at <= at and covers(limit, done.channel) for done in before)
        return inside < limit.max
    if kind is MinGap:
        if not covers(limit, channel):
            return True
        earlier = [done.at for done in before if done.at <= at and covers(limit, done.channel)]
        return not earlier or at >= plus(max(earlier), limit.between, where)
    if kind is VoicemailLimit:
        return True  # it only ever takes a voicemail away
    raise AssertionError(f"the oracle does not know {limit!r}")


def by_channel(limit: Limit) -> bool:
    """Whether the limit treats some channels differently from others."""
    if isinstance(limit, AnyLimit | AllLimits):
        return any(by_channel(member) for member in limit.limits)
    return isinstance(limit, FrequencyCap | MinGap) and limit.channels is not None


def voicemail_allowed(
    limit: VoicemailLimit, at: datetime, before: Sequence[Done], where: zoneinfo.ZoneInfo
) -> bool:
    """Whether a voicemail left at ``at`` keeps the voicemail limit."""
    since = minus(at, limit.per, where)
    left = sum(since < done.at <= at and done.outcome is Outcome.VOICEMAIL_LEFT for done in before)
    return left < limit.max


def only_hours(limit: Limit) -> bool:
    """Whether a limit only sets contact hours (which a lead's best times replace)."""
    if isinstance(limit, ContactWindow):
        return True
    return isinstance(limit, AnyLimit | AllLimits) and all(
        only_hours(member) for member in limit.limits
    )


def limits_for(cadence: Cadence, lead: Lead) -> list[Limit]:
    """The limits that apply to this lead, as the documentation of ``Lead`` states them."""
    limits = list(cadence.limits)
    if lead.best_times is not None:
        limits = [limit for limit in limits if not only_hours(limit)]
        limits.append(ContactWindow.of(lead.best_times))
    if lead.blackouts:
        limits.append(Blackout(lead.blackouts))
    return limits


def snoozed_until(history: Iterable[Touch | Milestone]) -> datetime | None:
    """When the lead's snooze ends, or None: a resume ends the snooze asked before it.

    Of two snoozes asked at once, the later end counts; a snooze asked at the instant of a
    resume counts (the planner replays milestones of one instant by kind, "resumed" first).
    """
    latest: tuple[datetime, int, datetime] | None = None
    until = None
    for event in history:
        if isinstance(event, Milestone) and event.kind is MilestoneKind.SNOOZED:
            key, end = (utc(event.at), 1, utc(event.until)), utc(event.until)
        elif isinstance(event, Milestone) and event.kind is MilestoneKind.RESUMED:
            key, end = (utc(event.at), 0, utc(event.at)), None
        else:
            continue
        if latest is None or key > latest:
            latest, until = key, end
    return until


def done_touches(events: Iterable[Touch | Milestone]) -> list[Done]:
    """The touches among ``events``, in the order the planner replays them."""
    found = [
        Done(utc(event.at), event.channel, event.outcome)
        for event in events
        if isinstance(event, Touch)
    ]
    return sorted(found, key=lambda done: (done.at, done.channel.value, done.outcome.value))


def unreachable(lead: Lead, history: Iterable[Touch | Milestone]) -> set[Channel]:
    """The channels the lead cannot be touched on: not given, opted out of, bounced."""
    gone = set(Channel) - set(lead.channels)
    for event in history:
        if isinstance(event, Touch) and event.outcome is Outcome.BOUNCED:
            gone.add(event.channel)
        elif isinstance(event, Milestone) and event.kind is MilestoneKind.OPTED_OUT:
            gone |= set(Channel) if event.channel is None else {event.channel}
    return gone
