"""A team's schedule: many leads' planning runs merged in time order against their reps' limits.

**Priority.** When a rep has less room than its leads want, the touch whose lead's own rules
place it earliest goes first (:attr:`cadence.engine.Proposal.own_at`: where the lead's
rules put it from its due time, whenever the schedule is made); among touches at one time,
urgent ones first (a rule marks them: speed to lead, a double tap), then the lead's id.
Everything else waits for the rep's next free moment, each touch still keeping every rule of
its own lead on the lead's clock, and says in its reason which of the rep's rules moved it.

**A burst of new leads.** Fifty leads that arrive at 08:55 all want their speed-to-lead call
at once; a rep who works from 09:00 and makes at most sixty calls an hour calls them from
09:00 in the order of their own times (their arrival, or the opening of their own contact
window), those of one own time by lead id: the rep's first hour goes to the first sixty, the
others follow in the next hour, each still inside its own window. Their double taps, urgent
but due a minute after their first call, queue behind the first calls still waiting, and one
that the rep's limits would push past its expiry is dropped, as :func:`cadence.plan` drops
one that a lead's own limits push too far.

**How.** One run per lead: an :class:`~cadence.engine.Engine`, or the specialised loop's
stepper (:class:`~cadence.specialised.SpecialisedEngine`, with the engine to take over) for
rules it knows. A heap holds each lead's next touch, ranked by the earliest time it can
happen as far as is known, then by the priority above.
The first one is checked against its rep's limits alone (they read the rep's clock and
ledger, not the lead); when they move it, it waits with the rep's other touches on its
channel for the rep's next free moment, where the best of them is taken first. A touch the
rep has room for is asked for again under the rep's limits; if it is still the first, it is
committed and booked on the rep's ledger, else it goes back with its new time. No lead is
planned twice over, and the working memory is the heap of the leads in flight and the
ledgers, which forget bookings older than the rep's longest window.

**Stability.** Carry out the touches up to some moment as assumed and schedule again from
it: the rest of the old schedule comes back, as each touch's rank depends only on its lead's
state and rules (its own time, which is the same however late the schedule is made) and on
the bookings before it.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import NamedTuple

from cadence._time import EARLIEST, check_aware, to_utc
from cadence.agenda import Schedule
from cadence.booking import RepLimit, rep_limits, team_time
from cadence.cadence import Cadence
from cadence.channels import Channel
from cadence.engine import Engine
from cadence.errors import CadenceError, UnsatisfiableError
from cadence.events import Event, Touch
from cadence.horizon import horizon
from cadence.lead import Lead
from cadence.ledger import Ledger
from cadence.planner import DEFAULT_MAX_TOUCHES
from cadence.proposal import Proposal
from cadence.roster import assignments_by_lead, check_working_time, team_by_id
from cadence.shape import Shape, shape_of
from cadence.span import SpanLike
from cadence.specialised import SpecialisedEngine, stepper
from cadence.team import Rep
from cadence.timeline import PlannedTouch, StopReason, Timeline

__all__ = ["schedule"]


_Stepping = Engine | SpecialisedEngine
_RepLimits = tuple[RepLimit, ...]


class _Run:
    """One lead's planning run inside the schedule."""

    __slots__ = ("engine", "extra", "lead_id", "ledger", "rep", "stop", "touches")

    def __init__(self, engine: _Stepping, rep: Rep, ledger: Ledger, extra: _RepLimits) -> None:
        self.engine = engine
        self.lead_id: str = engine.lead.id  # type: ignore[assignment]  # checked before
        self.rep = rep
        self.ledger = ledger
        self.extra = extra
        self.touches: list[PlannedTouch] = []
        self.stop: StopReason | None = None


class _Entry(NamedTuple):
    """A lead's next touch in the heap, in the order the schedule takes them."""

    at: datetime
    """The earliest it can happen as far as is known: its own time, or where the rep's
    limits put it when it was asked for again."""
    own: datetime
    """Its own time (:attr:`Proposal.own_at` of the lead's rules alone): the priority."""
    later: bool
    """Not urgent: urgent touches (False) come first among touches of one own time."""
    lead_id: str
    proposal: Proposal
    """The lead's own proposal, or the latest one asked for under the rep's limits."""
    version: int
    """The version of the rep's ledger that ``proposal`` was asked for against; -1 for
    the lead's own proposal."""
    alone: Proposal
    """The lead's own proposal: what its engine proposes without the rep's limits until
    the touch is committed."""


def schedule(
    assignments: Iterable[tuple[Cadence, Lead, Iterable[Event]]],
    reps: Iterable[Rep],
    *,
    now: datetime,
    until: datetime | SpanLike | None = None,
) -> Schedule:
    """Plan a team's leads together, sharing each rep's hours and limits among its leads.

    Each lead keeps every rule of its own cadence, on its own clock, as in :func:`cadence.plan`;
    on top of them its touches keep the hours, time off and limits of its rep
    (:attr:`Lead.owner <cadence.Lead.owner>`), which count the touches of all the rep's
    leads, history included. See :mod:`cadence.scheduling` for the priority when a rep has
    less room than its leads want. With reps without hours, time off or limits, each
    timeline is what :func:`cadence.plan` gives (with :attr:`~cadence.PlannedTouch.rep`
    set). The order of ``assignments`` does not matter.

    Args:
        assignments: ``(cadence, lead, history)`` for each lead; every lead has an id and an
            owner, a rep of ``reps``.
        reps: The reps.
        now: The present, as an aware datetime.
        until: The horizon: an aware datetime, or a duration after ``now``; by default a
            year, as for :func:`cadence.plan`. Each timeline holds at most
            :data:`~cadence.DEFAULT_MAX_TOUCHES` touches.

    Raises:
        TeamError: before any planning, for a lead without an id or an owner, a duplicate
            lead or rep id, an owner that is not one of ``reps``, or a rep without any
            working time before the horizon.
        InvalidTypeError: for arguments of the wrong type.
        InvalidValueError: for a naive ``now``, an event after ``now``, a bad horizon.
        UnsatisfiableError: when a lead's own limits can never all be met (naming the lead).
    """
    check_aware(now, "now")
    horizon(until, now, Lead("UTC", now))  # the arguments' own errors, before any other
    team = team_by_id(reps)
    work = assignments_by_lead(assignments, team)
    check_working_time(team, now, until)
    ledgers = {rep_id: Ledger(rep) for rep_id, rep in team.items()}
    extras = {rep_id: rep_limits(rep, ledgers[rep_id]) for rep_id, rep in team.items()}
    runs: list[_Run] = []
    # Leads of one cadence share its shape, and with it the texts of what moved a touch.
    shapes: dict[int, Shape | None] = {}
    for rules, lead, history in work:
        owner = team[lead.owner]  # type: ignore[index]  # checked
        ledger = ledgers[owner.id]
        if ledger.needed:
            for event in history:
                if isinstance(event, Touch):
                    ledger.book(to_utc(event.at), event.channel)
        try:
            engine = Engine(rules, lead, history, now=now, until=until)
        except CadenceError as error:
            raise type(error)(f"lead {lead.id!r}: {error}") from None
        if id(rules) not in shapes:
            shapes[id(rules)] = shape_of(rules)
        runs.append(_Run(stepper(engine, shapes[id(rules)]), owner, ledger, extras[owner.id]))
    return _merge(runs, team, now)


def _merge(runs: list[_Run], team: Mapping[str, Rep], now: datetime) -> Schedule:
    by_id = {run.lead_id: run for run in runs}
    ledgers = list({id(run.ledger): run.ledger for run in runs if run.ledger.needed}.values())
    groups: dict[tuple[str, Channel], _Group] = {}
    heap: list[_Entry | _Wake] = []
    reached = to_utc(now)
    for run in runs:
        _advance(run, heap, reached)
    booked = 0
    while heap:
        item = heapq.heappop(heap)
        reached = max(reached, item.at)
        found = _turn(item, by_id, heap, groups)
        if found is None:
            continue
        run, proposal = found
        touch = run.engine.commit(proposal, rep=run.rep.id)
        run.touches.append(touch)
        if run.ledger.needed:
            run.ledger.book(proposal.candidate.at, touch.channel)
            booked += 1
            if booked % _FORGET_EVERY == 0:
                for ledger in ledgers:
                    ledger.forget_before(reached)
        _advance(run, heap, reached)
    timelines = {
        run.lead_id: Timeline(tuple(run.touches), run.stop or _NO_STOP, run.engine.skipped)
        for run in runs
    }
    leads = {run.lead_id: run.engine.lead for run in runs}
    return Schedule(timelines, leads, team)


def _turn(
    item: _Entry | _Wake,
    by_id: Mapping[str, _Run],
    heap: list[_Entry | _Wake],
    groups: dict[tuple[str, Channel], _Group],
) -> tuple[_Run, Proposal] | None:
    """The touch to commit for the first item of the heap, or None if it is not yet time."""
    if isinstance(item, _Wake):
        if item.stamp != item.group.stamp:
            return None  # the group changed since: a newer wake is in the heap
        return _woken(item, by_id, heap)
    run = by_id[item.lead_id]
    if not run.extra or item.version == run.ledger.version:
        return run, item.proposal
    placed = _waiting(run, item, heap, groups)
    return None if placed is None else (run, placed)


_OWN = -1  # an entry's proposal is the lead's own
_MOVED = -2  # the lead's own, and the rep's limits alone moved its time since


def _waiting(
    run: _Run, entry: _Entry, heap: list[_Entry | _Wake], groups: dict[tuple[str, Channel], _Group]
) -> Proposal | None:
    """The touch to commit now, or None when it went back to wait (or the run ended).

    The rep's limits alone are asked first, which is cheap: when they move the touch, it
    waits with the other touches on its channel for the rep's room (its own rules can only
    put it later still), and the lead's engine is asked again only once the rep has room.
    When they leave the lead's own touch where it is, it is the touch the engine would give
    under them too.
    """
    proposal = entry.proposal
    candidate = proposal.candidate
    start = max(entry.at, candidate.at)
    free = _team_time(run, candidate.channel, start)
    if free > entry.at:
        key = (run.rep.id, candidate.channel)
        group = groups.get(key)
        if group is None:
            group = groups[key] = _Group(run, candidate.channel)
        moved = _MOVED if entry.version == _OWN else entry.version
        group.add(entry._replace(at=free, version=moved))
        group.wake(heap)
        return None
    if entry.version == _OWN and free == candidate.at == proposal.own_at:
        return proposal
    return _asked_again(run, entry, heap)


def _woken(
    wake: _Wake, by_id: Mapping[str, _Run], heap: list[_Entry | _Wake]
) -> tuple[_Run, Proposal] | None:
    """The best touch waiting in a group, if the rep has room at the group's time."""
    group = wake.group
    free = _team_time(group.run, group.channel, wake.at)
    group.raise_floor(free)
    if free > wake.at:
        group.wake(heap)
        return None
    entry = group.take()._replace(at=wake.at)
    group.wake(heap)
    run = by_id[entry.lead_id]
    again = _asked_again(run, entry, heap)
    return None if again is None else (run, again)


def _team_time(run: _Run, channel: Channel, start: datetime) -> datetime:
    """The first instant at or after ``start`` the rep's limits allow a touch on ``channel``."""
    memo = run.ledger.memo
    key = (channel, start)
    free = memo.get(key)
    if free is None:
        free = memo[key] = team_time(run.extra, start, channel)
    return free


def _asked_again(run: _Run, entry: _Entry, heap: list[_Entry | _Wake]) -> Proposal | None:
    """The lead's touch under the rep's limits, if it is still the first; else None."""
    again = _again(run)
    if isinstance(again, StopReason):
        run.stop = again
        return None
    own = entry.own
    if again.key != entry.proposal.key:
        # The rep's limits made the touch drop out (a reaction past its expiry): the one in
        # its place ranks by its own time, not by the dropped one's.
        alone = entry.alone
        own = alone.own_at if alone.key == again.key else again.own_at
    rank = entry._replace(
        at=max(again.own_at, entry.at),
        own=own,
        later=not again.urgent,
        proposal=again,
        version=run.ledger.version,
    )
    if heap and rank[:4] > heap[0][:4]:
        heapq.heappush(heap, rank)
        return None
    return again


class _Wake(NamedTuple):
    """A group's turn in the heap: the key of its best waiting touch."""

    at: datetime
    own: datetime
    later: bool
    lead_id: str
    group: _Group
    stamp: int


class _Group:
    """The touches on one channel waiting for one rep's room, the best first.

    Every touch at or before the floor waits for the same moment, the floor (the rep's
    limits allow nothing on the channel before it, and bookings only ever add to them), so
    they are taken in the order of their own time, urgency and lead id; the others wait
    for their own times. One wake in the heap stands for them all: a rep's backlog costs one
    check of the rep's limits per touch the rep makes, not one per touch waiting.
    """

    __slots__ = ("channel", "floor", "future", "ready", "run", "stamp")

    def __init__(self, run: _Run, channel: Channel) -> None:
        self.run = run  # any run of the rep: its limits and ledger are the rep's
        self.channel = channel
        self.floor = EARLIEST
        self.ready: list[tuple[datetime, bool, str, _Entry]] = []
        self.future: list[_Entry] = []
        self.stamp = 0

    def add(self, entry: _Entry) -> None:
        if entry.at <= self.floor:
            heapq.heappush(self.ready, (entry.own, entry.later, entry.lead_id, entry))
        else:
            heapq.heappush(self.future, entry)

    def raise_floor(self, floor: datetime) -> None:
        self.floor = max(self.floor, floor)
        future = self.future
        while future and future[0].at <= self.floor:
            entry = heapq.heappop(future)
            heapq.heappush(self.ready, (entry.own, entry.later, entry.lead_id, entry))

    def take(self) -> _Entry:
        if self.ready:
            return heapq.heappop(self.ready)[3]
        return heapq.heappop(self.future)

    def wake(self, heap: list[_Entry | _Wake]) -> None:
        """Push the group's turn (the earlier ones are dropped when popped)."""
        self.stamp += 1
        if self.ready:
            own, later, lead_id, _ = self.ready[0]
            heapq.heappush(heap, _Wake(self.floor, own, later, lead_id, self, self.stamp))
        elif self.future:
            top = self.future[0]
            heapq.heappush(heap, _Wake(top.at, top.own, top.later, top.lead_id, self, self.stamp))


_FORGET_EVERY = 4096
_NO_STOP = StopReason("no stop")  # never kept: every run ends with a reason


def _advance(run: _Run, heap: list[_Entry | _Wake], reached: datetime) -> None:
    """Push the lead's next touch as its own rules place it, or end its run."""
    engine = run.engine
    stop = engine.stopped()
    if stop is None and len(run.touches) >= DEFAULT_MAX_TOUCHES:
        stop = StopReason(f"the touch limit ({DEFAULT_MAX_TOUCHES}) was reached")
    if stop is None:
        try:
            proposal = engine.propose()
        except UnsatisfiableError as error:
            raise UnsatisfiableError(f"lead {run.lead_id!r}: {error}") from None
        if isinstance(proposal, StopReason):
            stop = proposal
        else:
            # Not before what the schedule reached, but ranked by its own time: an overdue
            # touch keeps its place among the others that wait.
            at = max(proposal.own_at, reached)
            entry = _Entry(
                at, proposal.own_at, not proposal.urgent, run.lead_id, proposal, _OWN, proposal
            )
            heapq.heappush(heap, entry)
            return
    run.stop = stop


def _again(run: _Run) -> Proposal | StopReason:
    """The lead's next touch under its rep's limits too, or why there is none."""
    try:
        return run.engine.propose(run.extra)
    except UnsatisfiableError as error:
        return StopReason(
            f"{run.rep.shown}'s hours and limits never agree with the lead's: {error}"
        )
