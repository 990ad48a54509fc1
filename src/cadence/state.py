"""The state object every rule reads: a lead's history folded into counts and instants."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, tzinfo
from datetime import time as clock_time
from typing import NamedTuple

from pendulum.tz.timezone import Timezone

from cadence._time import EARLIEST, at_wall, resolve, shift, shift_back, to_utc, wall_time
from cadence._zones import in_every_zone
from cadence.channels import Channel
from cadence.events import Outcome
from cadence.lead import Lead
from cadence.span import SpanLike, to_span

__all__ = ["Attempt", "State"]


class Attempt(NamedTuple):
    """A touch as the planner sees it: done in the history, or planned with its assumed outcome.

    ``at`` is a plain :class:`~datetime.datetime` in UTC.
    """

    at: datetime
    channel: Channel
    outcome: Outcome


class State:
    """What is known about a lead at one point of planning or auditing.

    The planner builds one from the lead's history and updates it as it plans; every rule
    is asked its question with it. Rules read it and never change it. All instants are
    plain :class:`~datetime.datetime` values in UTC; :meth:`local` gives the lead's wall
    clock.
    """

    __slots__ = (
        "_attempts_by_channel",
        "_local",
        "_times",
        "_voicemails",
        "attempts",
        "contacts",
        "created_at",
        "enrolled_at",
        "enrollment",
        "last_touch",
        "lead",
        "lost_at",
        "meeting_booked_at",
        "now",
        "opted_out",
        "opted_out_all",
        "purchased_at",
        "replied_at",
        "round_started_at",
        "round_touches",
        "rounds",
        "skipped_rounds",
        "snoozed_until",
        "starting_round",
        "time",
        "touches",
        "unreachable",
        "zone",
        "zones",
    )

    lead: Lead
    """The lead being planned for."""
    zone: Timezone
    """The lead's time zone: the calendar of rhythms and durations, and the plan's clock."""
    zones: tuple[Timezone, ...]
    """Every zone the lead may be in (:attr:`cadence.Lead.possible_timezones`), :attr:`zone`
    first: a limit of local time must hold on each of their clocks
    (:meth:`in_every_zone`). Just ``(zone,)`` when the lead's zone is certain."""
    now: datetime
    """The real present: planning starts after it."""
    time: datetime
    """The instant being considered: a candidate touch's time while planning, else ``now``."""
    created_at: datetime
    """When the lead was created, in UTC."""
    enrolled_at: datetime
    """When the cadence started for the lead, in UTC: its latest enrollment, else its creation.

    Rhythms count from here, and so do the counts below; limits see the whole history.
    """
    enrollment: int
    """How many times the lead was enrolled: 0 before any enrollment milestone."""
    attempts: int
    """Touches since the enrollment, history and plan, on any channel."""
    contacts: int
    """Touches since the enrollment that reached the lead (connected or replied)."""
    touches: list[Attempt]
    """Every touch so far, in time order, the history before the enrollment included."""
    last_touch: Attempt | None
    """The latest touch since the enrollment, if any."""
    rounds: int
    """Rounds of contact started since the enrollment."""
    skipped_rounds: int
    """Rounds of the rhythm skipped since the enrollment (steps the lead cannot be reached
    for, occasions that expired): the rhythm's next round is ``rounds + skipped_rounds``."""
    round_started_at: datetime | None
    """When the latest round started."""
    round_touches: list[Attempt]
    """The touches of the latest round, in time order."""
    starting_round: bool
    """While planning: whether the candidate touch would start a new round."""
    opted_out: set[Channel]
    """Channels the lead opted out of."""
    opted_out_all: datetime | None
    """When the lead opted out of all contact, if they did."""
    unreachable: set[Channel]
    """Channels on which a touch bounced."""
    snoozed_until: datetime | None
    """No touch before this instant, if the lead asked for a pause."""
    purchased_at: datetime | None
    """When the lead bought since the enrollment, if they did."""
    lost_at: datetime | None
    """When the lead was marked lost or dead since the enrollment, if they were."""
    replied_at: datetime | None
    """When the lead first replied since the enrollment, if they did."""
    meeting_booked_at: datetime | None
    """When a meeting was booked since the enrollment, if one was."""

    def __init__(self, lead: Lead, now: datetime) -> None:
        self.lead = lead
        self.zone = lead.zone
        self.zones = (self.zone,) if lead.possible_timezones is None else lead.zones
        self.now = now
        self.time = now
        self.created_at = self.enrolled_at = to_utc(lead.created_at)
        self.enrollment = 0
        self.touches = []
        self.starting_round = False
        self.opted_out = set()
        self.opted_out_all = None
        self.unreachable = set()
        self.snoozed_until = None
        self._voicemails: list[datetime] = []
        self._local: tuple[datetime | None, datetime] = (None, EARLIEST)
        # The instants of the touches on each set of channels a rule asked about (None: all),
        # kept up to date as touches are recorded, so that counting is a binary search.
        self._times: dict[frozenset[Channel] | None, list[datetime]] = {None: []}
        self._start()

    def _start(self) -> None:
        """Begin the cadence afresh at :attr:`enrolled_at`: no round, no count, no stop."""
        self.attempts = 0
        self.contacts = 0
        self.last_touch = None
        self.rounds = 0
        self.skipped_rounds = 0
        self.round_started_at = None
        self.round_touches = []
        self.purchased_at = None
        self.lost_at = None
        self.replied_at = None
        self.meeting_booked_at = None
        self._attempts_by_channel: dict[Channel, int] = {}

    def _enroll(self, at: datetime) -> None:
        self.enrolled_at = at
        self.enrollment += 1
        self._start()

    @property
    def latest(self) -> Attempt | None:
        """The latest touch of the whole history and plan, before the enrollment too."""
        return self.touches[-1] if self.touches else None

    def copy(self) -> State:
        """An independent copy: changing one never changes the other."""
        other = object.__new__(State)
        for name in State.__slots__:
            setattr(other, name, getattr(self, name))
        other.touches = list(self.touches)
        other.round_touches = list(self.round_touches)
        other.opted_out = set(self.opted_out)
        other.unreachable = set(self.unreachable)
        other._attempts_by_channel = dict(self._attempts_by_channel)
        other._voicemails = list(self._voicemails)
        other._times = {key: list(times) for key, times in self._times.items()}
        return other

    def local(self, instant: datetime) -> datetime:
        """``instant`` on the lead's wall clock (an aware datetime in the lead's zone)."""
        # A rule may ask again for the same instant (Steps: the enrollment, every round).
        seen, local = self._local
        if seen is not instant:
            local = instant.astimezone(self.zone)
            self._local = (instant, local)
        return local

    # -- the lead's clock, for rules: no rule does zone arithmetic by hand ------------------

    def wall(self, instant: datetime) -> datetime:
        """The lead's wall clock at ``instant``: a naive datetime of local fields."""
        return wall_time(instant, self.zone)

    def instant(self, day: date, clock: clock_time) -> datetime:
        """The UTC instant of local ``clock`` time on the lead's local ``day``.

        A clock time skipped by a spring-forward change moves forward to the first instant
        after the gap; one that happens twice when clocks go back is the earlier.
        """
        return at_wall(day, clock, self.zone)

    def instant_of(self, wall: datetime) -> datetime:
        """The UTC instant of a naive wall time on the lead's clock, by the same policy."""
        return resolve(wall, self.zone)

    def later(self, instant: datetime, span: SpanLike) -> datetime:
        """``instant`` plus ``span``: its days on the lead's calendar, then its exact time."""
        return shift(instant, to_span(span), self.zone)

    def earlier(self, instant: datetime, span: SpanLike) -> datetime:
        """``instant`` minus ``span``: its exact time, then its days on the lead's calendar."""
        return shift_back(instant, to_span(span), self.zone)

    def in_every_zone(
        self,
        step: Callable[[datetime, tzinfo], datetime],
        instant: datetime,
        *,
        what: str | Callable[[], str],
        weekly: bool = True,
    ) -> datetime:
        """The first instant at or after ``instant`` that ``step`` allows in every zone.

        ``step(instant, where)`` answers for one clock: the earliest instant at or after
        ``instant`` allowed on the clock of ``where``. It is asked for each of
        :attr:`zones` in turn until none moves the instant (once, for a lead whose zone
        is certain).

        Args:
            step: The answer on one zone's clock.
            instant: Where to start.
            what: The limit in words, for the error, or a function that gives them (such
                as the limit's ``describe``, called only for the error).
            weekly: Whether the allowed times repeat every week (hours, not a blackout),
                so that zones that have not agreed within two weeks never will.

        Raises:
            UnsatisfiableError: when the zones never agree; the message names them.
        """
        zones = self.zones
        if len(zones) == 1:  # the common case, asked for every limit of every touch
            return step(instant, zones[0])
        return in_every_zone(step, instant, zones, what=what, weekly=weekly)

    def reachable(self, channel: Channel) -> bool:
        """Whether the lead can be touched on ``channel``: given, not opted out, not bounced."""
        return (
            channel in self.lead.channels
            and channel not in self.opted_out
            and channel not in self.unreachable
            and self.opted_out_all is None
        )

    def attempts_on(self, channel: Channel) -> int:
        """Touches so far on ``channel``."""
        return self._attempts_by_channel.get(channel, 0)

    @property
    def voicemails(self) -> list[datetime]:
        """When each voicemail was left, in time order."""
        return self._voicemails

    def voicemails_after(self, instant: datetime) -> int:
        """How many voicemails were left strictly after ``instant``."""
        return len(self._voicemails) - bisect.bisect_right(self._voicemails, instant)

    def touch_times(self, channels: Iterable[Channel] | None = None) -> Sequence[datetime]:
        """The instants of the touches so far on ``channels`` (all if None), in time order.

        Cheap to ask again: the list is kept as touches happen, so a rule can count the
        touches in a window with :func:`bisect.bisect_right` in logarithmic time.
        """
        key = None if channels is None else frozenset(channels)
        times = self._times.get(key)
        if times is None:
            assert key is not None  # noqa: S101 - every touch is listed under None
            times = [touch.at for touch in self.touches if touch.channel in key]
            self._times[key] = times
        return times

    def touches_after(
        self, instant: datetime, channels: Iterable[Channel] | None = None
    ) -> list[Attempt]:
        """The touches strictly after ``instant``, on ``channels`` if given, in time order."""
        start = bisect.bisect_right(self.touches, instant, key=lambda touch: touch.at)
        found = self.touches[start:]
        if channels is None:
            return found
        wanted = frozenset(channels)
        return [touch for touch in found if touch.channel in wanted]

    def _record(self, attempt: Attempt, *, new_round: bool) -> None:
        if new_round or not self.rounds:
            self.rounds += 1
            self.round_started_at = attempt.at
            self.round_touches = []
        self.round_touches.append(attempt)
        self.touches.append(attempt)
        for key, times in self._times.items():
            if key is None or attempt.channel in key:
                times.append(attempt.at)
        self.last_touch = attempt
        self.attempts += 1
        counts = self._attempts_by_channel
        counts[attempt.channel] = counts.get(attempt.channel, 0) + 1
        outcome = attempt.outcome
        if outcome is Outcome.NO_ANSWER or outcome is Outcome.SENT:
            return
        if outcome.is_contact:
            self.contacts += 1
        if outcome is Outcome.VOICEMAIL_LEFT:
            self._voicemails.append(attempt.at)
        elif outcome is Outcome.REPLIED and self.replied_at is None:
            self.replied_at = attempt.at
        elif outcome is Outcome.BOUNCED:
            self.unreachable.add(attempt.channel)
