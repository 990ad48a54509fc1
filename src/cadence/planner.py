"""The planner: a forward simulation from a lead's history to its future touches."""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from cadence._time import LATEST, NEVER, check_aware, next_minute, shift, to_local, to_utc
from cadence.bounds import MAX_WHOLE_NUMBER
from cadence.cadence import Cadence
from cadence.candidate import Candidate
from cadence.channels import Channel
from cadence.errors import CadenceError, InvalidTypeError, InvalidValueError, UnsatisfiableError
from cadence.events import (
    Event,
    Milestone,
    MilestoneKind,
    Outcome,
    Touch,
    check_event,
    check_history,
)
from cadence.lead import Lead
from cadence.rules.calendar import Blackout
from cadence.rules.limits import AllLimits, AnyLimit, ContactWindow, Limit, Settled, Snooze, settle
from cadence.rules.reactions import Reaction
from cadence.rules.rhythm import Slot
from cadence.rules.stop import OptOut
from cadence.span import Span, SpanLike, to_span
from cadence.state import Attempt, State
from cadence.timeline import PlannedTouch, StopReason, Timeline

__all__ = ["DEFAULT_HORIZON", "DEFAULT_MAX_TOUCHES", "next_touch", "plan"]

DEFAULT_HORIZON = Span(days=365)
"""How far ahead :func:`plan` looks when no ``until`` is given."""

DEFAULT_MAX_TOUCHES = 1000
"""How many touches :func:`plan` returns at most when no ``max_touches`` is given."""

# How many expired rounds in a row the planner skips before it gives up on the rhythm.
_MAX_SKIPS = 10_000
_TICK = timedelta(microseconds=1)
_SNOOZE = Snooze()
_OPT_OUT = OptOut()
_MILESTONE_ORDER = {kind: rank for rank, kind in enumerate(MilestoneKind)}
_SORT_KEY = operator.itemgetter(0, 1, 2, 3)


def plan(  # noqa: PLR0913 - all but three are keyword-only
    cadence: Cadence,
    lead: Lead,
    history: Iterable[Event] = (),
    *,
    now: datetime,
    until: datetime | SpanLike | None = None,
    max_touches: int | None = None,
) -> Timeline:
    """Plan a lead's future touches.

    Folds the history (in any order) into a state, then simulates forward: the next touch is
    the first due reaction, else the rhythm's next round on the channel the channel rule
    picks; every limit moves it until all agree; its outcome is assumed to be the pessimistic
    one; and so on until a stop rule holds, the rhythm ends, the horizon or the touch limit is
    reached. Pure: the same arguments give the same timeline.

    Args:
        cadence: The rules.
        lead: The person.
        history: What already happened, every event at or before ``now``.
        now: The present, as an aware datetime. Every planned touch is strictly after it.
        until: The horizon: an aware datetime, or a duration after ``now``; by default
            :data:`DEFAULT_HORIZON`.
        max_touches: At most this many touches; by default :data:`DEFAULT_MAX_TOUCHES`. At
            most 100,000 (``cadence.bounds.MAX_WHOLE_NUMBER``).

    Returns:
        The planned touches and the reason the plan ends.

    Raises:
        InvalidValueError: for a naive ``now``, an event after ``now``, a bad horizon.
        InvalidTypeError: for arguments of the wrong type.
        UnsatisfiableError: when the cadence's limits can never all be met.
    """
    check_history(history)
    return _Planner(cadence, lead, history, now).run(
        _horizon(until, now, lead), _touch_cap(max_touches)
    )


def next_touch(
    cadence: Cadence,
    lead: Lead,
    history: Iterable[Event] = (),
    *,
    now: datetime,
    until: datetime | SpanLike | None = None,
) -> PlannedTouch | None:
    """The first touch :func:`plan` would return, or None if there is none.

    Cheaper than planning the whole timeline: it stops after one touch.
    """
    check_history(history)
    timeline = _Planner(cadence, lead, history, now).run(_horizon(until, now, lead), 1)
    return timeline.touches[0] if timeline.touches else None


def _horizon(until: datetime | SpanLike | None, now: datetime, lead: Lead) -> datetime:
    """The horizon as a UTC instant, capped at the end of the calendar (:data:`LATEST`)."""
    start = to_utc(check_aware(now, "now"))
    if until is None:
        return min(shift(start, DEFAULT_HORIZON, lead.zone), LATEST)
    if isinstance(until, datetime):
        end = to_utc(check_aware(until, "until"))
        if end < start:
            raise InvalidValueError(f"until: expected an instant at or after now, got {until!r}")
        return end
    try:
        return min(shift(start, to_span(until), lead.zone), LATEST)
    except CadenceError as error:
        raise type(error)(f"until: {error}") from None


def _touch_cap(max_touches: int | None) -> int:
    if max_touches is None:
        return DEFAULT_MAX_TOUCHES
    if isinstance(max_touches, bool) or not isinstance(max_touches, int):
        raise InvalidTypeError(f"max_touches: expected a whole number, got {max_touches!r}")
    if not 0 <= max_touches <= MAX_WHOLE_NUMBER:
        raise InvalidValueError(
            f"max_touches: expected a whole number from 0 to {MAX_WHOLE_NUMBER}, got {max_touches}"
        )
    return max_touches


def assumed_outcome(candidate: Candidate) -> Outcome:
    """The pessimistic outcome the planner assumes for a planned touch."""
    if candidate.channel is Channel.CALL:
        return Outcome.VOICEMAIL_LEFT if candidate.voicemail else Outcome.NO_ANSWER
    return Outcome.SENT


_Inspector = Callable[["_Planner", Touch, Attempt], None]


def _is_hours(limit: Limit) -> bool:
    """Whether a limit only sets contact hours, which a lead's own best times replace."""
    if isinstance(limit, ContactWindow):
        return True
    return isinstance(limit, AnyLimit | AllLimits) and all(
        _is_hours(member) for member in limit.limits
    )


def _limits_for(cadence: Cadence, lead: Lead) -> tuple[Limit, ...]:
    """The limits that apply to this lead: the cadence's, the lead's own, and the snooze."""
    limits = list(cadence.limits)
    if lead.best_times is not None:
        limits = [limit for limit in limits if not _is_hours(limit)]
        limits.append(ContactWindow.of(lead.best_times))
    if lead.blackouts:
        limits.append(Blackout(lead.blackouts))
    if _SNOOZE not in limits:
        limits.insert(0, _SNOOZE)
    return tuple(limits)


def _in_order(
    history: Iterable[Event], now: datetime
) -> list[tuple[datetime, int, str, str, int, Event]]:
    """The history's events in replay order, each with its instant in UTC, checked."""
    if isinstance(history, Touch | Milestone) or not isinstance(history, Iterable):
        raise InvalidTypeError(f"history: expected an iterable of events, got {history!r}")
    keyed: list[tuple[datetime, int, str, str, int, Event]] = []
    for position, event in enumerate(history):
        if type(event) is not Touch and type(event) is not Milestone:
            check_event(event, f"history[{position}]")
        at = to_utc(event.at)
        if at > now:
            raise InvalidValueError(
                f"history[{position}]: event at {event.at.isoformat()} is after now "
                f"({now.isoformat()}); the history holds only what already happened"
            )
        # The enum members are strings equal to their values: they sort the same.
        if isinstance(event, Touch):
            keyed.append((at, 0, event.channel, event.outcome, 0, event))
        else:
            # Two snoozes asked at once: the one that ends later is replayed last, and wins.
            if event.until is not None:
                detail: str = to_utc(event.until).isoformat()
            else:
                detail = "" if event.channel is None else event.channel
            keyed.append((at, 1, event.kind, detail, position, event))
    # Sorting on the event's own fields makes the fold independent of the input order.
    keyed.sort(key=_SORT_KEY)
    return keyed


class _Planner:
    """One planning run: the cadence and the folded state."""

    __slots__ = (
        "_due",
        "_first_call_voicemail",
        "_limits",
        "cadence",
        "lead",
        "state",
    )

    def __init__(
        self,
        cadence: Cadence,
        lead: Lead,
        history: Iterable[Event],
        now: datetime,
        inspect: _Inspector | None = None,
    ) -> None:
        if not isinstance(cadence, Cadence):
            raise InvalidTypeError(f"cadence: expected a Cadence, got {cadence!r}")
        if not isinstance(lead, Lead):
            raise InvalidTypeError(f"lead: expected a Lead, got {lead!r}")
        self.cadence = cadence
        self.lead = lead
        present = to_utc(check_aware(now, "now"))
        self.state = State(lead, present)
        self._limits = _limits_for(cadence, lead)
        self._first_call_voicemail = not any(
            reaction.defers_voicemail for reaction in cadence.reactions
        )
        self._due: Slot | None = None
        self._fold(history, inspect)

    @property
    def limits(self) -> tuple[Limit, ...]:
        """Every limit that applies to this lead, the snooze and the lead's own included."""
        return self._limits

    # -- history -------------------------------------------------------------------------

    def _fold(self, history: Iterable[Event], inspect: _Inspector | None = None) -> None:
        """Replay the history in time order into the state.

        ``inspect``, if given, sees each touch before it is recorded, with the state as it
        was then (``state.time`` at the touch, ``state.starting_round`` set): the audit.
        """
        keyed = _in_order(history, self.state.now)
        state = self.state
        for at, _, _, _, _, event in keyed:
            state.time = at
            if isinstance(event, Touch):
                attempt = Attempt(at, event.channel, event.outcome)
                new_round = self._starts_round(attempt)
                if inspect is not None:
                    state.starting_round = new_round
                    inspect(self, event, attempt)
                    state.starting_round = False
                self._record(attempt, new_round=new_round)
            else:
                self._milestone(event, at)
        state.time = state.now
        # Rhythms may read the present (an occasion skips days that passed): ask again.
        self._due = None

    def _milestone(self, event: Milestone, at: datetime) -> None:
        state = self.state
        kind = event.kind
        if kind is MilestoneKind.PURCHASED:
            state.purchased_at = state.purchased_at or at
        elif kind is MilestoneKind.LOST:
            state.lost_at = state.lost_at or at
        elif kind is MilestoneKind.REPLIED:
            state.replied_at = state.replied_at or at
        elif kind is MilestoneKind.MEETING_BOOKED:
            state.meeting_booked_at = state.meeting_booked_at or at
        elif kind is MilestoneKind.OPTED_OUT:
            if event.channel is None:
                state.opted_out_all = state.opted_out_all or at
            else:
                state.opted_out.add(event.channel)
        else:
            assert event.until is not None  # noqa: S101 - Milestone validates this
            state.snoozed_until = to_utc(event.until)

    def _starts_round(self, attempt: Attempt) -> bool:
        """Whether a touch from the history started a new round, as the planner would have."""
        state = self.state
        if not state.rounds:
            return True
        # A touch before the next round is due cannot start one, whatever the reactions say:
        # asking the rhythm first spares most touches the reactions' questions.
        due = self._next_due()
        if due is not None and due.expires is not None and attempt.at > due.expires:
            # The round expired before this touch: the planner would have skipped it.
            self._due = None
            due = self._next_due()
        if due is None or attempt.at < due.at:
            return False
        for reaction in self.cadence.reactions:
            for candidate in self._reaction_candidates(reaction):
                if candidate.channel is attempt.channel and candidate.at <= attempt.at <= shift(
                    candidate.at, reaction.expires, state.zone
                ):
                    return False
        return True

    def _record(self, attempt: Attempt, *, new_round: bool) -> None:
        self.state._record(attempt, new_round=new_round)  # noqa: SLF001 - the planner owns it
        if new_round:
            self._due = None

    def _next_due(self) -> Slot | None:
        if self._due is None:
            state = self.state
            try:
                self._due = self.cadence.rhythm.due(state.rounds, state)
            except OverflowError:  # the next round lies past the end of the calendar
                self._due = Slot(NEVER, self.cadence.rhythm, "past the end of the calendar")
        return self._due

    def _skip(self, slot: Slot) -> Slot | None:
        """The round after ``slot``, whose time to expire passed: the rhythm is asked again."""
        assert slot.expires is not None  # noqa: S101 - only expiring rounds are skipped
        state = self.state
        asked_at = state.time
        state.time = slot.expires + _TICK
        self._due = None
        try:
            following = self._next_due()
        finally:
            state.time = asked_at
        if following is not None and (
            following.expires is None or following.expires <= slot.expires
        ):
            raise CadenceError(
                f"{self.cadence.rhythm!r} proposed a round that expired "
                f"({slot.expires.isoformat()}) again, when asked after it"
            )
        return following

    def _reaction_candidates(self, reaction: Reaction) -> Iterable[Candidate]:
        try:
            return tuple(reaction.candidates(self.state))
        except OverflowError:  # its touch would lie past the end of the calendar
            return ()

    # -- planning ------------------------------------------------------------------------

    def run(self, until: datetime, max_touches: int) -> Timeline:
        state = self.state
        zone = state.zone
        stopped = self._stopped()
        touches: list[PlannedTouch] = []
        # The limits live as long as this run: their descriptions are built once.
        limited_by: dict[tuple[int, ...], str] = {}
        while stopped is None:
            if len(touches) >= max_touches:
                stopped = StopReason(f"the touch limit ({max_touches}) was reached")
                break
            proposal = self._propose(until)
            if isinstance(proposal, StopReason):
                stopped = proposal
                break
            candidate, moved_by, new_round = proposal
            # A stop rule that ends the cadence at this candidate explains the end better
            # than the horizon does, so it is asked first.
            state.time = candidate.at
            state.starting_round = new_round
            stopped = self._stopped()
            if stopped is not None:
                break
            if candidate.at > until:
                stopped = self._horizon_reached(until)
                break
            outcome = assumed_outcome(candidate)
            reason = candidate.reason
            if moved_by:
                key = tuple(map(id, moved_by))
                limited = limited_by.get(key)
                if limited is None:
                    limited = "; limited by " + ", ".join(limit.describe() for limit in moved_by)
                    limited_by[key] = limited
                reason += limited
            touches.append(
                PlannedTouch(
                    at=to_local(candidate.at, zone),
                    channel=candidate.channel,
                    voicemail=candidate.voicemail,
                    round=state.rounds + 1 if new_round else state.rounds,
                    reason=reason,
                    rule=candidate.rule,
                    moved_by=moved_by,
                    assumed=outcome,
                )
            )
            self._record(Attempt(candidate.at, candidate.channel, outcome), new_round=new_round)
            # Asked again once the touch is done, as a replan right after it would ask.
            state.starting_round = False
            stopped = self._stopped()
        state.starting_round = False
        return Timeline(tuple(touches), stopped)

    def _horizon_reached(self, until: datetime) -> StopReason:
        shown = to_local(until, self.state.zone)
        return StopReason(
            f"the planning horizon ({shown.to_iso8601_string()}) was reached", at=shown
        )

    def _stopped(self) -> StopReason | None:
        state = self.state
        rule = _OPT_OUT if state.opted_out_all is not None else self.cadence.stop.fired(state)
        if rule is None:
            return None
        return StopReason(f"stopped: {rule.describe()}", rule, to_local(state.time, state.zone))

    def _propose(self, until: datetime) -> tuple[Candidate, tuple[Limit, ...], bool] | StopReason:
        """The next touch: the first due reaction, else the next round; or why there is none."""
        never: list[Settled] = []
        reaction = self._react(never)
        if reaction is not None:
            return *reaction, False
        return self._next_round(until, never)

    def _react(self, never: list[Settled]) -> tuple[Candidate, tuple[Limit, ...]] | None:
        """The first reaction placed before it expires; notes limits that never agree."""
        state = self.state
        for reaction in self.cadence.reactions:
            for candidate in self._reaction_candidates(reaction):
                if not state.reachable(candidate.channel):
                    continue
                settled = self._place(candidate)
                placed = settled.candidate
                if placed is None:
                    never.extend((settled,) if settled.never else ())
                elif placed.at <= shift(candidate.at, reaction.expires, state.zone):
                    return placed, settled.moved_by
        return None

    def _next_round(
        self, until: datetime, never: list[Settled]
    ) -> tuple[Candidate, tuple[Limit, ...], bool] | StopReason:
        """The next round on the first channel the limits place before it expires."""
        state = self.state
        slot = self._next_due()
        reachable: list[Channel] = []
        for _ in range(_MAX_SKIPS):
            if slot is None:
                return StopReason(
                    "the rhythm has no more rounds",
                    self.cadence.rhythm,
                    to_local(state.time, state.zone),
                )
            state.starting_round = True
            reachable = [
                channel
                for channel in self.cadence.channels.choices(state)
                if state.reachable(channel)
            ]
            late = False
            for channel in reachable:
                voicemail = channel is Channel.CALL and self._first_call_voicemail
                candidate = Candidate(slot.at, channel, voicemail, slot.rule, slot.reason)
                settled = self._place(candidate)
                placed = settled.candidate
                if placed is None:
                    never.extend((settled,) if settled.never else ())
                elif slot.expires is None or placed.at <= slot.expires:
                    return placed, settled.moved_by, True
                else:
                    late = True
            if not late or slot.at > until:
                break
            # No channel could happen before the round expired: the next round instead.
            slot = self._skip(slot)
        if never:
            raise UnsatisfiableError(
                "the cadence's limits never agree on a time for a touch: "
                + "; ".join(limit.describe() for limit in (never[0].moved_by or self._limits))
            )
        if slot is not None and slot.at > until:
            return self._horizon_reached(until)
        if reachable:
            why = "the limits veto every channel the lead can be reached on"
        else:
            why = "no channel is left: the lead cannot be reached on any channel of the cadence"
        return StopReason(why, at=to_local(state.time, state.zone))

    def _place(self, candidate: Candidate) -> Settled:
        """Settle ``candidate`` after the latest touch, and after now.

        The candidate starts no earlier than the next whole minute after the latest touch,
        so touches strictly increase and a replan after a touch sees the same start. Only if
        the limits place it at or before now does it start again from the next minute after
        now: so a replan before the touch, with nothing new, places it where it was, moved
        by the same limits.
        """
        state = self.state
        last = state.last_touch
        if last is not None:
            earliest = next_minute(last.at)
            if candidate.at < earliest:
                candidate = candidate.moved_to(earliest)
        settled = settle(self._limits, candidate, state)
        placed = settled.candidate
        if placed is None or placed.at > state.now:
            return settled
        return settle(self._limits, candidate.moved_to(next_minute(state.now)), state)
