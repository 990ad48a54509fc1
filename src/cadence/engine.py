"""The step-wise engine: one lead's planning run, a touch at a time.

The engine knows the five kinds of rule only by their protocols. A consumer drives it:
:meth:`Engine.propose` gives the next touch as the lead's rules place it (or why there is
none); the consumer commits it with :meth:`Engine.commit` (with the assumed outcome or
another one), asks for it again under extra limits (a team's), or stops. :func:`cadence.plan`
and :func:`cadence.next_touch` are such consumers; :func:`cadence.audit` reads a history with
the same replay.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import NamedTuple

from cadence._time import check_aware, next_minute, to_local, to_utc
from cadence._zones import zone_names
from cadence.cadence import Cadence
from cadence.candidate import Candidate
from cadence.channels import Channel
from cadence.errors import CadenceError, InvalidTypeError, UnsatisfiableError
from cadence.events import Event, Outcome
from cadence.horizon import DEFAULT_HORIZON, horizon, horizon_reached, surely_before_horizon
from cadence.lead import Lead
from cadence.proposal import Proposal, assumed_outcome
from cadence.protocol.limit import Limit, Settled, settle
from cadence.protocol.stop import fired
from cadence.replay import Replay
from cadence.snapshot import Snapshot, resumed
from cadence.span import SpanLike
from cadence.state import Attempt, State
from cadence.step import Step
from cadence.timeline import PlannedTouch, Skipped, StopReason

__all__ = ["AFTER_LATEST", "DEFAULT_HORIZON", "NO_CHANNEL", "Engine", "Proposal", "assumed_outcome"]

# How many expired rounds in a row the engine skips before it gives up on the rhythm.
_MAX_SKIPS = 10_000
_MINUTE = timedelta(minutes=1)
AFTER_LATEST = "; after the previous touch"
"""What a new round's reason adds when it was due before the latest touch and starts after it."""
NO_CHANNEL = "no channel is left: the lead cannot be reached on any channel of the cadence"
"""Why a plan ends when the lead can be reached on no channel the next round may use."""


class Engine:
    """One lead's planning run, a touch at a time.

    Args:
        cadence: The rules.
        lead: The person.
        history: What already happened, every event at or before ``now``, in any order.
        now: The present, as an aware datetime; every proposed touch is strictly after it.
        until: The horizon: an aware datetime, or a duration after ``now``; by default a
            year (:data:`DEFAULT_HORIZON`).
        since: A stored state (:class:`~cadence.Snapshot`) to go on from; ``history`` then
            holds only the events after it.

    Raises:
        InvalidTypeError: for arguments of the wrong type.
        InvalidValueError: for a naive ``now``, an event after ``now``, a bad horizon.
    """

    __slots__ = (
        "_first_skip",
        "_limited_by",
        "_replay",
        "_step",
        "_surely_before",
        "_time",
        "_until",
        "lead",
        "rules",
    )

    def __init__(  # noqa: PLR0913 - all but three are keyword-only
        self,
        cadence: Cadence,
        lead: Lead,
        history: Iterable[Event] = (),
        *,
        now: datetime,
        until: datetime | SpanLike | None = None,
        since: Snapshot | None = None,
    ) -> None:
        if not isinstance(cadence, Cadence):
            raise InvalidTypeError(f"cadence: expected a Cadence, got {cadence!r}")
        if not isinstance(lead, Lead):
            raise InvalidTypeError(f"lead: expected a Lead, got {lead!r}")
        present = to_utc(check_aware(now, "now"))
        self.lead = lead
        self.rules = cadence.for_lead(lead)
        # The default horizon is found when a touch comes near it: most plans end before.
        self._until = None if until is None else horizon(until, now, lead)
        self._surely_before = self._until or surely_before_horizon(present)
        if since is None:
            self._replay = Replay(self.rules, lead, present)
            self._replay.fold(history)
        else:  # a stored state, and the events after it
            self._replay = resumed(since, cadence, lead, self.rules, history, now=present)
        self._first_skip = len(self._replay.skipped)
        self._time = present
        self._step = 0
        # The limits live as long as this run: their descriptions are built once.
        self._limited_by: dict[tuple[int, ...], str] = {}

    @property
    def until(self) -> datetime:
        """The horizon, a UTC instant: no touch is proposed after it."""
        if self._until is None:
            self._until = horizon(None, self._replay.state.now, self.lead)
        return self._until

    @property
    def state(self) -> State:
        """A copy of the lead's state after the history and the touches committed so far."""
        return self._replay.state.copy()

    def handover(self) -> State:
        """The engine's own state, for a consumer that plans on from it by itself.

        :func:`cadence.plan` hands a folded history to its specialised loop
        (:mod:`cadence.specialised`) this way. The consumer changes the state: the engine is
        not to be used after, unless the consumer keeps it in step with every touch it plans
        (as the specialised stepper of a team's schedule does).
        """
        return self._replay.state

    @property
    def skipped(self) -> tuple[Skipped, ...]:
        """The rounds skipped while planning (not while reading the history), in order."""
        return tuple(self._replay.skipped[self._first_skip :])

    def stopped(self) -> StopReason | None:
        """Why the cadence is over now, or None while it goes on."""
        state = self._replay.state
        rule = fired(self.rules.stop, state)
        if rule is None:
            return None
        return StopReason(f"stopped: {rule.describe()}", rule, to_local(state.time, state.zone))

    def propose(self, extra: Sequence[Limit] = ()) -> Proposal | StopReason:
        """The next touch, or why there is none.

        The first reaction that the limits place before it expires, else the rhythm's next
        round on the first channel the limits place before the round expires. A stop rule
        that holds at that touch, or the horizon before it, ends the plan instead.

        Args:
            extra: Limits to apply on top of the lead's own (a team's), such as when the
                touch is asked for again because a rep has no room for it.

        Raises:
            UnsatisfiableError: when the limits can never all be met.
        """
        state = self._replay.state
        state.time = self._time
        limits = self.rules.limits + tuple(extra) if extra else self.rules.limits
        never: list[Settled] = []
        reaction = self._react(limits, never)
        new_round = reaction is None
        placed = self._next_round(limits, never) if reaction is None else reaction
        if isinstance(placed, StopReason):
            state.starting_round = False
            return placed
        candidate, moved_by = placed.settled.candidate, placed.settled.moved_by
        assert candidate is not None  # noqa: S101 - only placed candidates are chosen
        # A stop rule that ends the cadence at this touch explains the end better than the
        # horizon does, so it is asked first.
        state.time = candidate.at
        state.starting_round = new_round
        stopped = self.stopped()
        state.starting_round = False
        if stopped is not None:
            return stopped
        if candidate.at > self._surely_before and candidate.at > self.until:
            return self._horizon_reached()
        round_ = state.rounds + 1 if new_round else state.rounds
        place = 1 if new_round else len(state.round_touches) + 1
        return Proposal(
            candidate,
            moved_by,
            new_round,
            round_,
            candidate.reason
            + (AFTER_LATEST if new_round and placed.pushed else "")
            + self._limited(moved_by),
            f"e{state.enrollment}.r{round_}.t{place}",
            placed.step,
            placed.own_at or candidate.at,
            urgent=candidate.urgent,
            owner=self,
            sequence=self._step,
        )

    def commit(
        self, proposal: Proposal, outcome: Outcome | None = None, *, rep: str | None = None
    ) -> PlannedTouch:
        """Carry out ``proposal`` in the plan: the touch it becomes, and the state after it.

        Args:
            proposal: The latest proposal of this engine.
            outcome: The outcome to continue from; by default the assumed one
                (:func:`assumed_outcome`).
            rep: The id of the rep who makes the touch (:attr:`PlannedTouch.rep`), if any.

        Raises:
            CadenceError: for a proposal that is not the latest of this engine.
        """
        # Anything but the latest proposal (an earlier one, another engine's) is refused.
        if getattr(proposal, "_owner", None) is not self or proposal._sequence != self._step:  # noqa: SLF001
            raise CadenceError("commit: expected the latest proposal of this engine")
        candidate = proposal.candidate
        self._replay.record(
            Attempt(candidate.at, candidate.channel, outcome or assumed_outcome(candidate)),
            new_round=proposal.new_round,
        )
        self._time = candidate.at
        self._step += 1
        return proposal.planned(self._replay.state.zone, rep)

    def _follow(self, touch: Attempt, *, new_round: bool, skipped: Iterable[Skipped]) -> None:
        """Record a touch that another run of the same rules, from the same state, committed.

        The specialised stepper (:class:`cadence.specialised.SpecialisedEngine`) plans a
        lead of a team's schedule and keeps this engine in step, so that the engine can take
        over at any touch: ``skipped`` are the rounds it skipped since the touch before.
        """
        replay = self._replay
        for round_ in skipped:
            replay.note_skipped(round_)
        replay.record(touch, new_round=new_round)
        self._time = touch.at
        self._step += 1

    # -- proposing -----------------------------------------------------------------------

    def _limited(self, moved_by: tuple[Limit, ...]) -> str:
        if not moved_by:
            return ""
        key = tuple(map(id, moved_by))
        limited = self._limited_by.get(key)
        if limited is None:
            limited = "; limited by " + ", ".join(limit.describe() for limit in moved_by)
            self._limited_by[key] = limited
        return limited

    def _horizon_reached(self) -> StopReason:
        return horizon_reached(self.until, self._replay.state.zone)

    def _react(self, limits: tuple[Limit, ...], never: list[Settled]) -> _Placed | None:
        """The first reaction placed before it expires; notes limits that never agree."""
        replay = self._replay
        state = replay.state
        for reaction in self.rules.reactions:
            for candidate in replay.reaction_candidates(reaction):
                if not state.reachable(candidate.channel):
                    continue
                placed = self._place(candidate, limits)
                if placed.candidate is None:
                    never.extend((placed.settled,) if placed.settled.never else ())
                elif candidate.expires is None or placed.candidate.at <= candidate.expires:
                    return placed
        return None

    def _next_round(self, limits: tuple[Limit, ...], never: list[Settled]) -> _Placed | StopReason:
        """The next round on the first channel the limits place before it expires."""
        replay = self._replay
        state = replay.state
        slot = replay.next_due()
        reachable: list[Channel] = []
        for _ in range(_MAX_SKIPS):
            if slot is None:
                return StopReason(
                    "the rhythm has no more rounds",
                    self.rules.rhythm,
                    to_local(state.time, state.zone),
                )
            state.starting_round = True
            choices = slot.channels if slot.channels is not None else self.rules.channels(state)
            reachable = [channel for channel in choices if state.reachable(channel)]
            late = False
            for channel in reachable:
                voicemail = channel is Channel.CALL and self.rules.first_call_voicemail
                candidate = Candidate(
                    slot.at, channel, voicemail, slot.rule, slot.reason, urgent=slot.urgent
                )
                placed = self._place(candidate, limits, slot.step)
                if placed.candidate is None:
                    never.extend((placed.settled,) if placed.settled.never else ())
                elif slot.expires is None or placed.candidate.at <= slot.expires:
                    return placed
                else:
                    late = True
            if not late or slot.at > self.until:
                break
            # No channel could happen before the round expired: the next round instead.
            slot = replay.skip(slot)
        if never:
            raise _never_agree(never[0], limits, state)
        # No channel left is the answer whenever the next round is due: the horizon's
        # answer would change as time passes.
        if not reachable:
            why = NO_CHANNEL
        elif slot is not None and slot.at > self.until:
            return self._horizon_reached()
        else:
            why = "the limits veto every channel the lead can be reached on"
        return StopReason(why, at=to_local(state.time, state.zone))

    def _place(
        self, candidate: Candidate, limits: tuple[Limit, ...], step: Step | None = None
    ) -> _Placed:
        """Settle ``candidate`` after the latest touch, and after now.

        The candidate starts no earlier than the next whole minute after the latest touch,
        so touches strictly increase and a replan after a touch sees the same start. Only if
        the limits place it at or before now does it start again from the next minute after
        now. Either way a replan before the touch, with nothing new, places it where it was
        and names the same limits: from its due time, the limits that moved it; once it is
        overdue (placed from now), the limits that hold it back at its place, which do not
        depend on when the plan is made.
        """
        state = self._replay.state
        last = state.latest
        pushed = False
        if last is not None:
            earliest = next_minute(last.at)
            if candidate.at < earliest:
                candidate = candidate.moved_to(earliest)
                # Said only of a touch of this enrollment: one before it is no step's.
                pushed = state.last_touch is last
        settled = settle(limits, candidate, state)
        placed = settled.candidate
        if placed is None or placed.at > state.now:
            return _Placed(settled, step, None if placed is None else placed.at, pushed=pushed)
        own_at = placed.at
        settled = settle(limits, candidate.moved_to(next_minute(state.now)), state)
        placed = settled.candidate
        if placed is None:
            return _Placed(settled, step, own_at)
        held_back = _holding_back(limits, candidate, placed, state)
        return _Placed(Settled(placed, held_back), step, own_at)


def _never_agree(settled: Settled, limits: Sequence[Limit], state: State) -> UnsatisfiableError:
    """The error for limits that never agree, naming the lead's zones if it has several.

    It names the limits that moved the touch (all when none did) in the order of ``limits``,
    which, unlike the order they moved it in, does not change with where the search began.
    """
    where = ""
    if len(state.zones) > 1:
        where = f" in every time zone the lead may be in ({zone_names(state.zones)})"
    named = [limit for limit in limits if any(limit is one for one in settled.moved_by)] or limits
    return UnsatisfiableError(
        f"the cadence's limits never agree on a time for a touch{where}: "
        + "; ".join(limit.describe() for limit in named)
    )


class _Placed(NamedTuple):
    """A candidate as the limits placed it, with what the proposal needs to know of it."""

    settled: Settled
    step: Step | None
    own_at: datetime | None
    """Where the limits placed it from its due time, even at or before now."""
    pushed: bool = False
    """Whether it was due before the latest touch and starts after it instead."""

    @property
    def candidate(self) -> Candidate | None:
        return self.settled.candidate


def _holding_back(
    limits: tuple[Limit, ...], due: Candidate, placed: Candidate, state: State
) -> tuple[Limit, ...]:
    """The limits that hold an overdue touch back at its place.

    The ones that move it from a minute earlier, or take its voicemail away there.
    """
    before = due.moved_to(placed.at - _MINUTE)
    at = due.moved_to(placed.at)
    found: list[Limit] = []
    for limit in limits:
        try:
            earlier = limit(before, state)
            here = limit(at, state)
        except (OverflowError, UnsatisfiableError):
            continue
        if (
            earlier is None
            or earlier.at != before.at
            or (here is not None and here.voicemail != at.voicemail)
        ):
            found.append(limit)
    return tuple(found)
