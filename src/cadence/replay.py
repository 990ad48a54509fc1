"""The replay: a lead's history folded into the state every rule reads, as the planner sees it.

Planning and auditing read a history the same way, through this module: the events in time
order (whatever order they were given in), each touch either starting a round of the rhythm
or belonging to the current one, each milestone changing the lead's status. The planner then
records its own planned touches the same way.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta

from cadence._time import NEVER, to_local, to_utc
from cadence.cadence import Rules
from cadence.candidate import Candidate
from cadence.errors import CadenceError, InvalidTypeError, InvalidValueError
from cadence.events import Event, Milestone, MilestoneKind, Touch, check_event
from cadence.lead import Lead
from cadence.protocol.reaction import Reaction
from cadence.protocol.rhythm import Slot
from cadence.state import Attempt, State
from cadence.timeline import Skipped

__all__ = ["Replay"]

_TICK = timedelta(microseconds=1)
# The milestones that end a cadence, and the state's field of each.
_ENDS = {
    MilestoneKind.PURCHASED: "purchased_at",
    MilestoneKind.LOST: "lost_at",
    MilestoneKind.REPLIED: "replied_at",
    MilestoneKind.MEETING_BOOKED: "meeting_booked_at",
}
# How many rounds in a row may be skipped before the rhythm is judged broken.
_MAX_SKIPS = 10_000
_SORT_KEY = operator.itemgetter(0, 1, 2, 3)


def in_order(history: Iterable[Event], now: datetime) -> list[tuple[datetime, Event]]:
    """The history's events in replay order, each with its instant in UTC, checked.

    Sorting on the events' own fields makes the fold independent of the input order.

    Raises:
        InvalidTypeError: for a history that is not an iterable of events.
        InvalidValueError: for an event after ``now``.
    """
    # A list or a tuple, the usual histories, needs no check against the abstract classes.
    usual = type(history) is list or type(history) is tuple
    if not usual and (isinstance(history, Touch | Milestone) or not isinstance(history, Iterable)):
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
            # An enrollment starts afresh after whatever else happened at its instant (an
            # enrollment at the purchase is the answer to the purchase).
            rank = 2 if event.kind is MilestoneKind.ENROLLED else 1
            keyed.append((at, rank, event.kind, detail, position, event))
    keyed.sort(key=_SORT_KEY)
    return [(item[0], item[5]) for item in keyed]


class Replay:
    """A lead's state, and the rules that tell which touches start a round.

    Args:
        rules: The rules that apply to the lead (:meth:`cadence.Cadence.for_lead`).
        lead: The lead.
        now: The present, a UTC instant.
    """

    __slots__ = ("_due", "_due_asked_at", "_resume_at", "due_asked_at", "rules", "skipped", "state")

    def __init__(self, rules: Rules, lead: Lead, now: datetime) -> None:
        self.rules = rules
        self.state = State(lead, now)
        self.skipped: list[Skipped] = []
        """The rounds skipped so far, history and plan, in order."""
        self._due: Slot | None = None
        # When the rhythm was asked for the round held in ``_due`` (``state.time`` then).
        self._due_asked_at: datetime | None = None
        # From a stored state: when the fold before it asked the rhythm for the round it held.
        self._resume_at: datetime | None = None
        self.due_asked_at: datetime | None = None
        """After a fold: when the fold last asked the rhythm for the next round, if it still
        held that answer at the end, else None. A fold that goes on from a stored state
        (:class:`cadence.Snapshot`) asks the rhythm at that moment again, as one fold of the
        whole history would have kept its answer."""

    # -- the history ----------------------------------------------------------------------

    def touches(self, history: Iterable[Event]) -> Iterator[tuple[Touch, Attempt, bool]]:
        """Replay ``history``; yield each touch just before it is recorded.

        Each item is the touch, its attempt (the instant in UTC) and whether it starts a
        round. While it is yielded, the state is as it was before the touch, with
        ``state.time`` at the touch and ``state.starting_round`` set: the audit judges it
        there. The touch is recorded when the next item is asked for. Once the history is
        replayed, ``state.time`` is ``now``.
        """
        return self.touches_ordered(in_order(history, self.state.now))

    def touches_ordered(
        self, ordered: list[tuple[datetime, Event]]
    ) -> Iterator[tuple[Touch, Attempt, bool]]:
        """:meth:`touches` for events already in replay order (:func:`in_order`)."""
        state = self.state
        for at, event in ordered:
            state.time = at
            if isinstance(event, Touch):
                attempt = Attempt(at, event.channel, event.outcome)
                new_round = self._starts_round(attempt)
                state.starting_round = new_round
                yield event, attempt, new_round
                state.starting_round = False
                self.record(attempt, new_round=new_round)
            else:
                self._milestone(event, at)
        state.time = state.now
        self.due_asked_at = self._due_asked_at if self._due is not None else self._resume_at
        if self._due is not None and self.rules.rhythm.reads_time:
            # The present moved on to ``now`` (an occasion that expired is skipped): ask again.
            self._due = None
            self._due_asked_at = None
        self._resume_at = None

    def fold(self, history: Iterable[Event]) -> None:
        """Replay the whole of ``history`` into the state."""
        for _ in self.touches(history):
            pass

    def fold_ordered(self, ordered: list[tuple[datetime, Event]]) -> None:
        """Replay events already in replay order (:func:`in_order`) into the state."""
        for _ in self.touches_ordered(ordered):
            pass

    def _milestone(self, event: Milestone, at: datetime) -> None:
        state = self.state
        kind = event.kind
        ended = _ENDS.get(kind)
        if ended is not None:
            # The first one counts: it ended the cadence, later ones change nothing.
            if getattr(state, ended) is None:
                setattr(state, ended, at)
        elif kind is MilestoneKind.OPTED_OUT:
            if event.channel is None:
                state.opted_out_all = state.opted_out_all or at
            else:
                state.opted_out.add(event.channel)
        elif kind is MilestoneKind.OPTED_IN:
            if event.channel is None:
                state.opted_out_all = None
            else:
                state.opted_out.discard(event.channel)
        elif kind is MilestoneKind.SNOOZED:
            assert event.until is not None  # noqa: S101 - Milestone validates this
            state.snoozed_until = to_utc(event.until)
        elif kind is MilestoneKind.RESUMED:
            state.snoozed_until = None
        else:
            state._enroll(at)  # noqa: SLF001 - the replay owns the state
            self._due = None
            self._resume_at = None

    def _starts_round(self, attempt: Attempt) -> bool:
        """Whether a touch from the history started a new round, as the planner would have."""
        state = self.state
        if not state.rounds:
            return True
        # A touch before the next round is due cannot start one, whatever the reactions say:
        # asking the rhythm first spares most touches the reactions' questions.
        due = self.next_due()
        while due is not None and due.expires is not None and attempt.at > due.expires:
            # The round expired before this touch: the planner would have skipped it.
            due = self.skip(due)
        if due is None or attempt.at < due.at:
            return False
        for reaction in self.rules.reactions:
            for candidate in self.reaction_candidates(reaction):
                if (
                    candidate.channel is attempt.channel
                    and candidate.at <= attempt.at
                    and (candidate.expires is None or attempt.at <= candidate.expires)
                ):
                    return False
        return True

    # -- shared with planning ------------------------------------------------------------

    def record(self, attempt: Attempt, *, new_round: bool) -> None:
        """Record a touch, done or planned, in the state."""
        self.state._record(attempt, new_round=new_round)  # noqa: SLF001 - the replay owns it
        if new_round:
            self._due = None
            self._resume_at = None

    def next_due(self) -> Slot | None:
        """When the next round is due, asked of the rhythm once per round.

        A round on channels the lead cannot be reached on (a step's) is skipped, and noted in
        :attr:`skipped`; the rhythm is asked for the one after it.
        """
        state = self.state
        for _ in range(_MAX_SKIPS):
            if self._due is None:
                self._due = self._ask_rhythm()
            due = self._due
            if due is None or due.channels is None:
                return due
            if any(state.reachable(channel) for channel in due.channels):
                return due
            names = " or ".join(channel.label for channel in due.channels)
            self._skipped(due, f"{due.reason}: the lead cannot be reached on {names}")
        raise CadenceError(
            f"{self.rules.rhythm!r} proposed {_MAX_SKIPS} rounds in a row on channels the lead "
            "cannot be reached on"
        )

    def _ask_rhythm(self) -> Slot | None:
        state = self.state
        rhythm = self.rules.rhythm
        present = state.time
        asked_at = self._resume_at
        self._resume_at = None
        if asked_at is not None:  # asked again as the fold before a stored state asked it
            state.time = asked_at
        self._due_asked_at = state.time
        try:
            return rhythm(state.rounds + state.skipped_rounds, state)
        except OverflowError:  # the next round lies past the end of the calendar
            return Slot(NEVER, rhythm, "past the end of the calendar")
        finally:
            state.time = present

    def resume(self, due_asked_at: datetime | None) -> None:
        """Go on from a stored state whose fold held the rhythm's answer asked at this instant.

        The next time the fold asks the rhythm before anything changes the round, it asks
        as of ``due_asked_at``.
        """
        self._due = None
        self._resume_at = due_asked_at

    def skip(self, slot: Slot) -> Slot | None:
        """The round after ``slot``, whose time to expire passed: the rhythm is asked again.

        Raises:
            CadenceError: for a rhythm that proposes the expired round again.
        """
        assert slot.expires is not None  # noqa: S101 - only expiring rounds are skipped
        state = self.state
        shown = to_local(slot.expires, state.zone).format("ddd YYYY-MM-DD HH:mm zz")
        self._skipped(slot, f"{slot.reason}: it could not happen before it expired on {shown}")
        asked_at = state.time
        state.time = slot.expires + _TICK
        try:
            following = self.next_due()
        finally:
            state.time = asked_at
        if following is not None and (
            following.expires is None or following.expires <= slot.expires
        ):
            raise CadenceError(
                f"{self.rules.rhythm!r} proposed a round that expired "
                f"({slot.expires.isoformat()}) again, when asked after it"
            )
        return following

    def _skipped(self, slot: Slot, reason: str) -> None:
        at = to_local(min(slot.at, NEVER), self.state.zone)
        self.note_skipped(Skipped(reason, slot.rule, at, slot.step))

    def note_skipped(self, skipped: Skipped) -> None:
        """Count a skipped round: the rhythm is asked for the one after it."""
        self.skipped.append(skipped)
        self.state.skipped_rounds += 1
        self._due = None
        self._resume_at = None

    def reaction_candidates(self, reaction: Reaction) -> tuple[Candidate, ...]:
        """The touches ``reaction`` wants now (none past the end of the calendar)."""
        try:
            return tuple(reaction(self.state))
        except OverflowError:  # its touch would lie past the end of the calendar
            return ()
