"""A team's schedule: many leads' planning runs merged in time order against their reps' limits.

**Priority.** When a rep has less room than its leads want, the touch whose lead's own rules
place it earliest goes first (:attr:`cadence.engine.Proposal.own_at`: where the lead's
rules put it from its due time, whenever the schedule is made); among touches at one time,
urgent ones first (a rule marks them: speed to lead, a double tap), then the lead's id.
Everything else waits for the rep's next free moment, each touch still keeping every rule of
its own lead on the lead's clock, and says in its reason which of the rep's rules moved it.

**A burst of new leads.** Fifty leads that arrive at 08:55 all want their speed-to-lead call
at 08:55; a rep who works from 09:00 and makes at most sixty calls an hour calls them from
09:00 in the order they arrived (their own times), those of one minute by id. Their second
calls, due later, queue behind the first calls that are still waiting; a double tap that
would come after its window closes is dropped, as :func:`cadence.plan` drops it.

**How.** One :class:`~cadence.engine.Engine` per lead; a heap holds each lead's next touch,
ranked as above. The first one is asked for again with its rep's limits; if it is still the
first, it is committed and booked on the rep's ledger, else it goes back with its new rank.
No lead is planned twice over, and the working memory is the heap of the leads in flight and
the ledgers, which forget bookings older than the rep's longest window.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import NamedTuple

from cadence._time import check_aware, shift, to_utc, wall_time
from cadence.agenda import Schedule
from cadence.booking import Ledger, rep_limits, team_time
from cadence.cadence import Cadence
from cadence.engine import DEFAULT_HORIZON, Engine, horizon
from cadence.errors import CadenceError, InvalidTypeError, TeamError, UnsatisfiableError
from cadence.events import Event, Touch, check_history
from cadence.lead import Lead
from cadence.planner import DEFAULT_MAX_TOUCHES
from cadence.proposal import Proposal
from cadence.protocol.limit import Limit
from cadence.span import SpanLike, to_span
from cadence.team import Rep
from cadence.timeline import PlannedTouch, StopReason, Timeline

__all__ = ["schedule"]


class _Run:
    """One lead's planning run inside the schedule."""

    __slots__ = ("engine", "extra", "lead_id", "ledger", "rep", "stop", "touches")

    def __init__(self, engine: Engine, rep: Rep, ledger: Ledger, extra: tuple[Limit, ...]) -> None:
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
    team = _reps(reps)
    work = _assignments(assignments, team)
    _check_working_time(team, now, until)
    ledgers = {rep_id: Ledger(rep) for rep_id, rep in team.items()}
    extras = {rep_id: rep_limits(rep, ledgers[rep_id]) for rep_id, rep in team.items()}
    runs: list[_Run] = []
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
        runs.append(_Run(engine, owner, ledger, extras[owner.id]))
    return _merge(runs, team, now)


def _merge(runs: list[_Run], team: Mapping[str, Rep], now: datetime) -> Schedule:
    by_id = {run.lead_id: run for run in runs}
    ledgers = list({id(run.ledger): run.ledger for run in runs if run.ledger.needed}.values())
    heap: list[_Entry] = []
    reached = to_utc(now)
    for run in runs:
        _advance(run, heap, reached)
    booked = 0
    while heap:
        entry = heapq.heappop(heap)
        reached = max(reached, entry.at)
        run = by_id[entry.lead_id]
        proposal = entry.proposal
        if run.extra and entry.version != run.ledger.version:
            placed = _waiting(run, entry, heap)
            if placed is None:
                continue
            proposal = placed
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


_OWN = -1  # an entry's proposal is the lead's own
_MOVED = -2  # the lead's own, and the rep's limits alone moved its time since


def _waiting(run: _Run, entry: _Entry, heap: list[_Entry]) -> Proposal | None:
    """The touch to commit now, or None when it went back into the heap (or the run ended).

    The rep's limits alone are asked first, which is cheap, and the answer is shared by every
    touch on the channel waiting for the same moment: when they move it, it goes back at the
    time they give (its own rules can only put it later still), and the lead's engine is
    asked again only once the rep has room for it. When they leave the lead's own touch
    where it is, it is the touch the engine would give under them too.
    """
    ledger = run.ledger
    proposal = entry.proposal
    candidate = proposal.candidate
    start = max(entry.at, candidate.at)
    key = (candidate.channel, start)
    free = ledger.memo.get(key)
    if free is None:
        free = team_time(
            run.extra, candidate if start == candidate.at else candidate.moved_to(start)
        )
        ledger.memo[key] = free
    if free > entry.at:
        moved = _MOVED if entry.version == _OWN else entry.version
        heapq.heappush(heap, entry._replace(at=free, version=moved))
        return None
    if entry.version == _OWN and free == candidate.at == proposal.own_at:
        return proposal
    again = _again(run)
    if isinstance(again, StopReason):
        run.stop = again
        return None
    rank = entry._replace(
        at=max(again.own_at, entry.at),
        later=not again.urgent,
        proposal=again,
        version=ledger.version,
    )
    if heap and rank[:4] > heap[0][:4]:
        heapq.heappush(heap, rank)
        return None
    return again


_FORGET_EVERY = 4096
_NO_STOP = StopReason("no stop")  # never kept: every run ends with a reason


def _advance(run: _Run, heap: list[_Entry], reached: datetime) -> None:
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
            own = max(proposal.own_at, reached)
            entry = _Entry(own, own, not proposal.urgent, run.lead_id, proposal, _OWN)
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


# -- checks before any work -------------------------------------------------------------------


def _reps(reps: object) -> dict[str, Rep]:
    if isinstance(reps, Rep | str | bytes) or not isinstance(reps, Iterable):
        raise InvalidTypeError(f"reps: expected a sequence of Rep, got {reps!r}")
    team: dict[str, Rep] = {}
    for position, rep in enumerate(reps):
        if not isinstance(rep, Rep):
            raise InvalidTypeError(f"reps[{position}]: expected a Rep, got {rep!r}")
        if rep.id in team:
            raise TeamError(f"reps[{position}]: duplicate rep id {rep.id!r}")
        team[rep.id] = rep
    return team


def _assignments(
    assignments: object, team: Mapping[str, Rep]
) -> list[tuple[Cadence, Lead, list[Event]]]:
    if isinstance(assignments, str | bytes) or not isinstance(assignments, Iterable):
        raise InvalidTypeError(
            f"assignments: expected (cadence, lead, history) triples, got {assignments!r}"
        )
    found: dict[str, tuple[Cadence, Lead, list[Event]]] = {}
    for position, item in enumerate(assignments):
        where = f"assignments[{position}]"
        if not isinstance(item, tuple | list) or len(item) != 3:
            raise InvalidTypeError(f"{where}: expected (cadence, lead, history), got {item!r}")
        rules, lead, history = item
        if not isinstance(rules, Cadence):
            raise InvalidTypeError(f"{where}: expected a Cadence first, got {rules!r}")
        if not isinstance(lead, Lead):
            raise InvalidTypeError(f"{where}: expected a Lead second, got {lead!r}")
        events = list(check_history(history, f"{where} history"))
        if lead.id is None:
            raise TeamError(f"{where}: a lead without an id; a schedule names each lead by it")
        if lead.id in found:
            raise TeamError(f"{where}: duplicate lead id {lead.id!r}")
        if lead.owner is None:
            raise TeamError(f"{where}: lead {lead.id!r} has no owner; give it Lead(owner=...)")
        if lead.owner not in team:
            known = ", ".join(repr(key) for key in sorted(team)) or "none"
            raise TeamError(
                f"{where}: lead {lead.id!r} has owner {lead.owner!r}, which is not one of the "
                f"reps ({known})"
            )
        found[lead.id] = (rules, lead, events)
    return [found[key] for key in sorted(found)]


def _check_working_time(team: Mapping[str, Rep], now: datetime, until: object) -> None:
    """Refuse a rep whose time off covers everything from now to the horizon."""
    start = to_utc(check_aware(now, "now"))
    for rep in team.values():
        if not rep.blackouts:
            continue
        ledger = Ledger(rep)
        if isinstance(until, datetime):
            end = to_utc(check_aware(until, "until"))
        else:
            span = DEFAULT_HORIZON if until is None else to_span(until)  # type: ignore[arg-type]
            end = shift(start, span, ledger.zone)
        first = wall_time(start, ledger.zone)
        last = wall_time(end, ledger.zone)
        if any(period.start <= first and last < period.end for period in rep.blackouts):
            raise TeamError(
                f"reps: rep {rep.id!r} has no working time between now and the horizon: its "
                "time off covers all of it"
            )
