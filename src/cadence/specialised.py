"""Specialised planning: a lead's plan with the built-in rules' questions answered inline.

:func:`cadence.plan` and :class:`cadence.CompiledCadence` plan with this module when every
rule of the cadence is one it knows (:func:`cadence.shape.shape_of`): a new lead from
scratch, a lead with a history (or a stored state) from the state the engine folded it into.
A lead's best times replace the contact windows and its blackouts are added
(:meth:`cadence.shape.Shape.for_lead`); a lead who may be in several zones has its windows
held on every one of their clocks, as the rule does. Otherwise they drive the generic
engine (:mod:`cadence.engine`), which stays the reference. A team's schedule steps the same
loop a touch at a time (:class:`SpecialisedEngine`), with the rep's limits on top.

The loop here mirrors the engine's step for step (the same proposal order, settlement,
overdue rule, stop questions and texts), on plain UTC instants and counters instead of
candidates, proposals, a state and rule calls:

- the reactions (:class:`~cadence.rules.DoubleTap`, :class:`~cadence.rules.AfterVoicemail`)
  and the limits (:class:`~cadence.rules.ContactWindow`, :class:`~cadence.rules.VoicemailLimit`)
  are answered inline, with the same helpers of the lead's clock the rules use; limits of the
  lead's clock alone (:class:`~cadence.rules.QuietHours`, :class:`~cadence.rules.Holidays`,
  :class:`~cadence.rules.Blackout`, the lead's blackouts) are asked as they are;
- the rhythm is the cadence's own (its rules read only the enrollment, the latest round's
  start and the zone), asked once per round, except an endless
  :class:`~cadence.rules.Every` at the end, whose rounds are computed here;
- stop rules that no planned touch can make true (a purchase, an opt-out, a reply, a booked
  meeting: no assumed outcome sets them) are not asked; the round and attempt caps are
  counted.

Anything it does not expect (a touch past the end of the calendar, a rhythm that expires its
rounds, windows that may never agree) gives up with :class:`Unsupported`, and the caller
plans with the engine instead, so both give the same timeline: ``tests/test_compiled.py``
checks that on random cadences and leads.

It is longer than 400 lines on purpose: it is the engine's loop (``engine.py``,
``replay.py``, ``proposal.py`` and the rules' calls) written out in one place, to be read
side by side with them.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from datetime import datetime, timedelta, tzinfo

from pendulum.tz.timezone import Timezone

from cadence._time import NEVER, next_minute, shift, shift_back, shift_from, to_local
from cadence.candidate import Candidate
from cadence.channels import Channel
from cadence.engine import AFTER_LATEST, NO_CHANNEL, Engine
from cadence.errors import CadenceError, UnsatisfiableError
from cadence.events import Outcome
from cadence.horizon import horizon, horizon_reached, surely_before_horizon
from cadence.hours import next_opening
from cadence.lead import Lead
from cadence.proposal import Proposal
from cadence.protocol.limit import Limit
from cadence.protocol.rhythm import Slot
from cadence.protocol.stop import StopRule
from cadence.rules.reactions import DoubleTap
from cadence.rules.stop import MaxAttempts, MaxRounds
from cadence.shape import (
    AfterShape,
    AskedShape,
    LimitShape,
    Plain,
    RepShape,
    Shape,
    TapShape,
    VoicemailShape,
    WindowShape,
    specialisable,
)
from cadence.span import Span
from cadence.state import Attempt, State
from cadence.step import Step
from cadence.timeline import PlannedTouch, Skipped, StopReason, Timeline

__all__ = ["SpecialisedEngine", "Unsupported", "plan_new_lead", "plan_on", "stepper"]

_MINUTE = timedelta(minutes=1)
# An Attempt made as the tuple it is: its class's own constructor is a Python function.
_new_tuple = tuple.__new__
_NEVER_AGREE = timedelta(days=15)
_NOTHING: frozenset[Channel] = frozenset()
_MAX_SKIPS = 10_000


class Unsupported(Exception):  # noqa: N818 - a signal to the caller, not an error for users
    """The specialised loop met a case it leaves to the engine."""


# Where the limits placed a touch: its instant, voicemail, the limits that moved it, and
# whether it was pushed after the latest touch.
_Placed = tuple[datetime, bool, tuple[Limit, ...], bool]
# A reaction's touch: where it is placed, its channel, reason and rule.
_Reacted = tuple[_Placed, Channel, str, object]
# A round's touch before the limits: when it is due, its channel, reason, rule, step and
# whether it is urgent.
_Due = tuple[datetime, Channel, str, object, Step | None, bool]
# A round's touch: where it is placed, its channel, reason, rule, step and urgency.
_Round = tuple[_Placed, Channel, str, object, Step | None, bool]
# The next touch: where it is placed, its channel, reason (with what moved it), rule, step,
# whether it starts a round, whether it is urgent, and its key.
_Proposed = tuple[_Placed, Channel, str, object, Step | None, bool, bool, str]


def _later(instant: datetime, span: Span, zone: Timezone) -> datetime:
    """``instant`` plus ``span``, as :func:`cadence._time.shift` (exact spans added at once)."""
    if span.days:
        return shift(instant, span, zone)
    return instant + span.exact


def _voicemails_full(
    voicemails: list[datetime],
    limit: VoicemailShape,
    at: datetime,
    local: datetime | None,
    zone: Timezone,
) -> bool:
    """Whether the voicemail limit's window before ``at`` holds its most voicemails already.

    ``voicemails`` are the instants of the voicemails left, in order; ``local`` is ``at`` on
    the lead's clock when known (None otherwise).
    """
    # A bound first: the window's start is within two days of the instant moved back by its
    # length, so most questions need no calendar arithmetic.
    count = len(voicemails)
    if count - bisect.bisect_right(voicemails, at - limit.far) < limit.max:
        return False
    if count - bisect.bisect_right(voicemails, at - limit.near) >= limit.max:
        return True
    since = shift_back(at, limit.per, zone, local)
    return count - bisect.bisect_right(voicemails, since) >= limit.max


class _Run:
    """One lead's plan, from its state: a new lead's, or the engine's after a history."""

    __slots__ = (
        "by_channel",
        "calls_in_round",
        "channel",
        "due",
        "enrollment",
        "last",
        "latest",
        "left",
        "limits",
        "local",
        "now",
        "one_pass",
        "own_at",
        "preferred",
        "prefix",
        "reachable",
        "round_local",
        "round_start",
        "round_touches",
        "rounds",
        "shape",
        "skipped",
        "skipped_before",
        "state",
        "surely",
        "time",
        "touches",
        "until",
        "voicemails",
        "zone",
        "zones",
    )

    def __init__(self, shape: Shape, state: State, until: datetime | None) -> None:
        lead = state.lead
        self.shape = shape
        self.zone: Timezone = state.zone
        # The zones a window must hold in, when the lead may be in several (None: its own).
        self.zones = state.zones if len(state.zones) > 1 else None
        self.now = state.now
        # The horizon (None: the default one, found when a touch passes ``surely``).
        self.until = until
        self.surely = until if until is not None else surely_before_horizon(state.now)
        self.time = state.now
        self.limits = shape.limits
        self.one_pass = shape.one_pass
        self.channel = Channel.CALL  # the channel of the touch being placed
        # The last instant whose local time a window or a round's shift computed, and that
        # local time: a window asked at that instant, and a touch placed there, read it
        # with no zone conversion left to do.
        self.local: tuple[datetime, datetime] = (NEVER, NEVER)
        # The state the rhythm reads: only the latest round's start changes while planning.
        self.state = state
        self.latest: Attempt | None = state.latest
        self.last: Attempt | None = state.last_touch
        self.round_touches: list[Attempt] = list(state.round_touches)
        # Where the round's latest voicemail is in its touches (-1: none yet), and how many
        # of them are calls.
        self.left = -1
        self.calls_in_round = 0
        for place, touch in enumerate(self.round_touches):
            if touch.outcome is _LEFT:
                self.left = place
            if touch.channel is Channel.CALL:
                self.calls_in_round += 1
        self.round_start: datetime | None = state.round_started_at
        # The round start's local time, when the plan placed it (None: not known here).
        self.round_local: datetime | None = None
        self.rounds = state.rounds
        self.skipped: list[Skipped] = []
        # The rounds skipped before: the run counts its own (a team's stepper tells the state).
        self.skipped_before = state.skipped_rounds
        self.touches = state.attempts
        self.by_channel = {
            rule.channel: state.attempts_on(rule.channel)
            for rule in shape.attempt_caps
            if rule.channel is not None
        }
        self.voicemails: list[datetime] = list(state.voicemails)
        self.enrollment = state.enrollment
        # Who can be reached on what cannot change while planning: no assumed outcome opts
        # out or bounces.
        if state.opted_out or state.unreachable or state.opted_out_all is not None:
            self.reachable = frozenset(filter(state.reachable, lead.channels))
        else:  # a lead who never opted out nor bounced: every channel given
            self.reachable = lead.channels
        # A preference's first channel the lead can be reached on, the same all plan long.
        self.preferred: Channel | None = None
        for one in shape.channels:
            if one in self.reachable:
                self.preferred = one
                break
        # Where the limits placed the latest touch from its due time, even at or before now.
        self.own_at = NEVER
        # The rhythm's answer for the next round, and the rounds done when it was asked: a
        # round is asked for once, however often the next touch is proposed.
        self.due: tuple[int, _Due | StopReason] | None = None
        # The keys of the round's touches start alike: the text is built once per round.
        self.prefix = f"e{self.enrollment}.r{self.rounds}.t"

    # -- stop rules ----------------------------------------------------------------------
    # A round cap can hold only when a round starts (a plan never has more rounds than the
    # cap), an attempt cap only after a touch (it would have held after the one before).

    def _stop(self, rule: StopRule, at: datetime) -> StopReason:
        return StopReason(f"stopped: {rule.describe()}", rule, to_local(at, self.zone))

    def round_capped(self) -> MaxRounds | None:
        for rule in self.shape.round_caps:
            if self.rounds >= rule.n:
                return rule
        return None

    def attempts_capped(self) -> MaxAttempts | None:
        for rule in self.shape.attempt_caps:
            done = self.touches if rule.channel is None else self.by_channel.get(rule.channel, 0)
            if done >= rule.n:
                return rule
        return None

    def past_horizon(self, at: datetime) -> StopReason | None:
        """The stop at the horizon when ``at`` is past it; the default one is found here."""
        if self.until is None:
            self.until = horizon(None, self.now, self.state.lead)
        return horizon_reached(self.until, self.zone) if at > self.until else None

    # -- limits --------------------------------------------------------------------------

    def _limit(self, limit: LimitShape, at: datetime, voicemail: bool) -> tuple[datetime, bool]:
        if isinstance(limit, WindowShape):
            if self.zones is not None:
                return self._opening_everywhere(limit, at), voicemail
            local = at.astimezone(self.zone)
            if local.weekday() in limit.days and limit.start <= local.time() < limit.end:
                return at, voicemail
            return next_opening(limit.days, limit.start, limit.end, at, self.zone), voicemail
        if isinstance(limit, VoicemailShape):
            return at, voicemail and not self._voicemails_full(limit, at)
        if isinstance(limit, RepShape):
            return limit.rule.earliest(at, self.channel), voicemail
        return self._ask(limit, at, voicemail)

    def _ask(self, limit: AskedShape, at: datetime, voicemail: bool) -> tuple[datetime, bool]:
        """A limit of the lead's clock alone, asked as it is (it reads no touch)."""
        candidate = Candidate(at, self.channel, voicemail)
        try:
            allowed = limit.rule(candidate, self.state)
        except UnsatisfiableError:  # the engine's error names the limits that never agree
            raise Unsupported from None
        if allowed is None or allowed.at < at:  # a veto, or a broken limit: the engine's
            raise Unsupported
        return allowed.at, allowed.voicemail

    def _opening_everywhere(self, limit: WindowShape, at: datetime) -> datetime:
        """The window's opening on the clock of every zone the lead may be in."""

        def opening(instant: datetime, where: tzinfo) -> datetime:
            return next_opening(limit.days, limit.start, limit.end, instant, where)

        try:
            return self.state.in_every_zone(opening, at, what=limit.rule.describe)
        except UnsatisfiableError:  # the engine's error names the limits that never agree
            raise Unsupported from None

    def _voicemails_full(self, limit: VoicemailShape, at: datetime) -> bool:
        seen, local = self.local
        return _voicemails_full(
            self.voicemails, limit, at, local if seen is at else None, self.zone
        )

    def _settle(self, at: datetime, voicemail: bool) -> _Placed:
        """The fixpoint of the limits, as :func:`cadence.protocol.limit.settle` reaches it.

        With one limit at most that moves touches (a window, or a limit asked as it is), one
        pass in order reaches it: that limit's answer is allowed by it whatever the voicemail,
        and a voicemail limit that holds at an instant holds at every earlier one (its window
        holds more voicemails there), so a second pass would change nothing.
        """
        if not self.one_pass:  # several limits that move touches: in turn, as settle()
            return self._settle_all(at, voicemail)
        zone = self.zone
        moved: tuple[Limit, ...] = ()
        for limit in self.limits:
            if type(limit) is WindowShape and self.zones is None:  # the common case, inline
                seen, local = self.local
                if seen is not at:
                    local = at.astimezone(zone)
                if local.weekday() in limit.days and limit.start <= local.time() < limit.end:
                    self.local = (at, local)
                    continue
                at = next_opening(limit.days, limit.start, limit.end, at, zone)
            elif type(limit) is VoicemailShape:
                if not voicemail or not self._voicemails_full(limit, at):
                    continue
                voicemail = False
            else:
                allowed, allowed_voicemail = self._limit(limit, at, voicemail)
                if allowed == at and allowed_voicemail == voicemail:
                    continue
                at, voicemail = allowed, allowed_voicemail
            if limit.rule not in moved:
                moved = (*moved, limit.rule)
        return at, voicemail, moved, False

    def _settle_all(self, at: datetime, voicemail: bool) -> _Placed:
        """The fixpoint of the limits, asked in turn, as settle() asks them.

        It ends once every limit in a row left the touch as it is: settle() would end at the
        end of that pass, asking the rest again about the touch they all allowed.
        """
        moved: list[Limit] = []
        start = at
        limits = self.limits
        count = len(limits)
        allowed = 0  # the limits in a row that left the touch as it is
        while True:
            for limit in limits:
                new_at, new_voicemail = self._limit(limit, at, voicemail)
                if new_at != at or new_voicemail != voicemail:
                    allowed = 0
                    if limit.rule not in moved:
                        moved.append(limit.rule)
                    at, voicemail = new_at, new_voicemail
                else:
                    allowed += 1
                    if allowed == count:
                        return at, voicemail, tuple(moved), False
            if at - start > _NEVER_AGREE:  # windows that may never agree: the engine knows
                raise Unsupported

    def _holding_back(self, placed: datetime, voicemail: bool) -> tuple[Limit, ...]:
        before = placed - _MINUTE
        found: list[Limit] = []
        for limit in self.limits:
            earlier = self._limit(limit, before, voicemail)
            here = self._limit(limit, placed, voicemail)
            if earlier[0] != before or here[1] != voicemail:
                found.append(limit.rule)
        return tuple(found)

    def place(self, at: datetime, channel: Channel, voicemail: bool) -> _Placed:
        """As the engine's ``_place``: after the latest touch and after now."""
        self.channel = channel
        latest = self.latest
        if latest is not None:
            last = latest.at
            earliest = (
                last + _MINUTE if not (last.second or last.microsecond) else next_minute(last)
            )
            if at < earliest:
                placed = self._settle(earliest, voicemail)
                self.own_at = placed[0]
                if placed[0] > self.now:
                    # Said only of a touch of this enrollment: one before it is no step's.
                    pushed = latest is self.last
                    return placed[0], placed[1], placed[2], pushed
                return self._overdue(voicemail)
        placed = self._settle(at, voicemail)
        self.own_at = placed[0]
        return placed if placed[0] > self.now else self._overdue(voicemail)

    def _overdue(self, voicemail: bool) -> _Placed:
        at, placed_voicemail, _, _ = self._settle(next_minute(self.now), voicemail)
        return at, placed_voicemail, self._holding_back(at, voicemail), False

    # -- proposing -----------------------------------------------------------------------

    def react(self) -> _Reacted | None:
        """The first reaction the limits place before it expires, as the engine's ``_react``."""
        last = self.last
        if last is None:
            return None
        for reaction in self.shape.reactions:
            if type(reaction) is TapShape:
                # Most touches are no unanswered first call of a round: asked inline.
                if (
                    last.outcome is not Outcome.NO_ANSWER
                    or self.calls_in_round != 1
                    or last.channel is not Channel.CALL
                    or Channel.CALL not in self.reachable
                ):
                    continue
                reacted = self._tap(reaction.rule, last)
            elif self.left < 0:  # an AfterVoicemail, in a round without a voicemail yet
                continue
            else:
                reacted = self._after(reaction)  # type: ignore[arg-type]
            if reacted is not None:
                return reacted
        return None

    def _tap(self, tap: DoubleTap, last: Attempt) -> _Reacted | None:
        """The second dial after ``last``, an unanswered first call of the round."""
        due = _later(last.at, tap.gap, self.zone)
        placed = self.place(due, Channel.CALL, tap.voicemail)
        # Nothing expires before it is due: only a moved touch can be too late.
        if placed[0] == due or placed[0] <= _later(due, tap.expires, self.zone):
            return placed, Channel.CALL, _TAP_REASON, tap
        return None

    def _after(self, reaction: AfterShape) -> _Reacted | None:
        """The messages after the round's latest voicemail (there is one)."""
        touches = self.round_touches
        position = self.left
        left = touches[position]
        done = (
            {touch.channel for touch in touches[position + 1 :]}
            if position + 1 < len(touches)
            else _NOTHING
        )
        after = reaction.rule
        due = _later(left.at, after.gap, self.zone)
        expires: datetime | None = None
        for channel, reason in reaction.reasons:
            if channel in done or channel not in self.reachable:
                continue
            placed = self.place(due, channel, voicemail=False)
            if placed[0] == due:
                return placed, channel, reason, after
            if expires is None:
                expires = _later(due, after.expires, self.zone)
            if placed[0] <= expires:
                return placed, channel, reason, after
        return None

    def choices(self) -> tuple[Channel, ...]:
        """The channel rule's answer: the preference, or the rotation from this round's."""
        channels = self.shape.channels
        if not self.shape.rotate:
            return channels
        start = self.rounds % len(channels)
        return channels[start:] + channels[:start]

    def next_round(self) -> _Round | StopReason:
        """The next round's touch, placed, with its channel, reason, rule, step and urgency."""
        due = self.round_due()
        if isinstance(due, StopReason):
            return due
        at, channel, reason, rule, step, urgent = due
        voicemail = channel is Channel.CALL and self.shape.first_call_voicemail
        return self.place(at, channel, voicemail), channel, reason, rule, step, urgent

    def round_due(self) -> _Due | StopReason:
        """When the next round is due, on which channel, and why; or the stop.

        Asked of the rhythm once per round: the answer is kept until a round starts.
        """
        due = self.due
        if due is not None and due[0] == self.rounds:
            return due[1]
        shape = self.shape
        index = self.rounds + self.skipped_before + len(self.skipped)
        repeats = shape.repeats
        answer: _Due | StopReason | None = None
        if repeats is not None and index >= shape.repeats_from and self.round_start is not None:
            # A round of the endless Every, after an earlier round: its gap after the latest
            # round's start, as the rhythm gives it.
            turn = (index - shape.repeats_from) % len(repeats)
            reason = shape.repeat_reasons[turn]
            channel = (
                self.preferred
                if not shape.rotate
                else next((one for one in self.choices() if one in self.reachable), None)
            )
            if channel is not None:
                at, local = shift_from(self.round_start, self.round_local, repeats[turn], self.zone)
                if local is not None:
                    self.local = (at, local)
                answer = at, channel, reason, shape.repeats_rule, None, False
        if answer is None:
            asked = self.rhythm_round()
            if isinstance(asked, StopReason):
                answer = asked
            else:
                slot, channel = asked
                answer = slot.at, channel, slot.reason, slot.rule, slot.step, slot.urgent
        self.due = (self.rounds, answer)
        return answer

    def rhythm_round(self) -> tuple[Slot, Channel] | StopReason:
        """The rhythm's next round the lead can be reached for, and its channel.

        The rounds it cannot be reached for are skipped (:attr:`skipped`); the stop when the
        rhythm has no more rounds, or no channel is left.
        """
        state = self.state
        state.round_started_at = self.round_start
        shape = self.shape
        rhythm = shape.rhythm
        channels = self.reachable
        for _ in range(_MAX_SKIPS):
            index = self.rounds + self.skipped_before + len(self.skipped)
            slot = rhythm(index, state)
            if slot is None:
                return StopReason(
                    "the rhythm has no more rounds", rhythm, to_local(self.time, self.zone)
                )
            if slot.expires is not None:
                raise Unsupported
            asked = slot.channels
            for channel in self.choices() if asked is None else asked:
                if channel in channels:
                    return slot, channel
            if asked is None:  # the channel rule has no channel left
                return StopReason(NO_CHANNEL, at=to_local(self.time, self.zone))
            names = " or ".join(channel.label for channel in asked)
            self.skipped.append(
                Skipped(
                    f"{slot.reason}: the lead cannot be reached on {names}",
                    slot.rule,
                    to_local(min(slot.at, NEVER), self.zone),
                    slot.step,
                )
            )
        raise Unsupported

    # -- the plan ------------------------------------------------------------------------

    def propose(self) -> _Proposed | StopReason:
        """The next touch, placed, with its reason and key, or why there is none.

        As the engine's ``propose``: the first reaction the limits place before it expires,
        else the rhythm's next round; a round cap at the new round, or the horizon before the
        touch, ends the plan instead.
        """
        reaction = self.react()
        if reaction is not None:
            placed, channel, reason, rule = reaction
            step, new_round, urgent = None, False, type(rule) is DoubleTap
            place = len(self.round_touches) + 1
            key = self.prefix + (_PLACES[place] if place < _MANY_PLACES else str(place))
        else:
            round_ = self.next_round()
            if isinstance(round_, StopReason):
                return round_
            placed, channel, reason, rule, step, urgent = round_
            new_round = True
            if self.shape.round_caps:
                capped = self.round_capped()
                if capped is not None:
                    return self._stop(capped, placed[0])
            if placed[3]:
                reason += AFTER_LATEST
            key = f"e{self.enrollment}.r{self.rounds + 1}.t1"
        at, _, moved_by, _ = placed
        if at > self.surely:
            stop = self.past_horizon(at)
            if stop is not None:
                return stop
        if moved_by:
            reason += self.shape.limited_by(moved_by)
        return placed, channel, reason, rule, step, new_round, urgent, key

    def commit(self, proposed: _Proposed, rep: str | None) -> PlannedTouch:
        """Carry out a proposed touch with its assumed outcome: the touch it becomes."""
        (at, voicemail, moved_by, _), channel, reason, rule, step, new_round, _, key = proposed
        seen, local = self.local
        if new_round:
            self.rounds += 1
            self.prefix = key[:-1]  # the key of the round's first touch ends with its place
            self.round_start = at
            self.round_local = local if seen is at else None
            self.round_touches = round_touches = []
            self.calls_in_round = 0
            self.left = -1
        else:
            round_touches = self.round_touches
        if channel is Channel.CALL:
            self.calls_in_round += 1
            if voicemail:
                assumed = _LEFT
                self.voicemails.append(at)
                self.left = len(round_touches)
            else:
                assumed = Outcome.NO_ANSWER
        else:
            assumed = Outcome.SENT
        touch = _new_tuple(Attempt, (at, channel, assumed))
        round_touches.append(touch)
        self.last = self.latest = touch
        self.time = at
        self.touches += 1
        if self.shape.attempt_caps:
            self.by_channel[channel] = self.by_channel.get(channel, 0) + 1
        # Its pendulum instant is built when ``at`` is first read, as the engine's are: from
        # the local time a window found, when that was this very instant.
        return PlannedTouch._planned(  # noqa: SLF001 - the planner's own constructor
            at,
            local if seen is at else self.zone,
            (channel, voicemail, self.rounds, reason, rule, key, moved_by, assumed, step, rep),
        )

    def attempts_stop(self) -> StopReason | None:
        """The stop after the latest touch when an attempt cap holds."""
        capped = self.attempts_capped() if self.shape.attempt_caps else None
        return None if capped is None else self._stop(capped, self.time)

    def run(self, cap: int) -> Timeline:
        """The timeline from here: the engine's loop, a touch at a time."""
        touches: list[PlannedTouch] = []
        append = touches.append
        propose, commit = self.propose, self.commit
        attempt_caps = self.shape.attempt_caps
        while True:
            if len(touches) >= cap:
                stop = StopReason(f"the touch limit ({cap}) was reached")
                break
            proposed = propose()
            if isinstance(proposed, StopReason):
                stop = proposed
                break
            append(commit(proposed, None))
            if attempt_caps:
                capped = self.attempts_stop()
                if capped is not None:
                    stop = capped
                    break
        return Timeline(tuple(touches), stop, tuple(self.skipped))


class _PlainRun(_Run):
    """A plan whose limits are a contact window, then perhaps a voicemail limit (:class:`Plain`).

    The most common limits, on the lead's own clock, answered without a loop over them.
    """

    __slots__ = ()

    def _settle(self, at: datetime, voicemail: bool) -> _Placed:
        """The fixpoint of a window then perhaps a voicemail limit: one pass, inline."""
        plain: Plain = self.shape.plain  # type: ignore[assignment]  # a plain run's shape has one
        window = plain.window
        seen, local = self.local
        if seen is not at:  # a touch due at an instant whose local time is not known yet
            local = at.astimezone(self.zone)
        if local.weekday() in window.days and window.start <= local.time() < window.end:
            self.local = (at, local)
            moved: tuple[Limit, ...] = ()
        else:
            at = next_opening(window.days, window.start, window.end, at, self.zone)
            moved = plain.by_window
        limit = plain.voicemail
        if voicemail and limit is not None and self._voicemails_full(limit, at):
            return at, False, plain.by_both if moved else plain.by_voicemail, False
        return at, voicemail, moved, False

    def run(self, cap: int) -> Timeline:  # noqa: C901, PLR0912, PLR0915 - written out for speed
        """:meth:`_Run.run` with its calls written out, on local variables.

        The same loop, step for step: the reactions (:meth:`_Run.react`), the placement
        (:meth:`_Run.place`), the window and the voicemail limit (:meth:`_settle`) and the
        endless :class:`~cadence.rules.Every`'s rounds are answered here, so a touch costs
        a few calls instead of a dozen. The rounds a rhythm is asked for come from
        :meth:`_Run.rhythm_round` and are placed here too; an overdue touch and the caps go
        through the methods, with the run's fields they read brought up to date first.
        ``tests/test_compiled.py`` holds both loops to the engine.
        """
        shape = self.shape
        plain: Plain = shape.plain  # type: ignore[assignment]  # a plain run's shape has one
        window = plain.window
        days, opens, closes = window.days, window.start, window.end
        vlimit = plain.voicemail
        by_window, by_voicemail, by_both = plain.by_window, plain.by_voicemail, plain.by_both
        zone, now, surely = self.zone, self.now, self.surely
        reachable = self.reachable
        voicemails = self.voicemails
        reactions = shape.reactions
        round_caps, attempt_caps = shape.round_caps, shape.attempt_caps
        # The fewest rounds a cap allows: before them, no cap is asked.
        capped_from = min(one.n for one in round_caps) if round_caps else None
        repeats, repeats_from, repeats_rule = shape.repeats, shape.repeats_from, shape.repeats_rule
        # The endless Every's channel, when the channels do not rotate (when they do, the
        # rhythm is asked for every round).
        preferred = None if shape.rotate else self.preferred
        repeat_reasons = shape.repeat_reasons
        skipped = self.skipped
        skipped_before = self.skipped_before
        first_call_voicemail = shape.first_call_voicemail
        call = Channel.CALL
        no_answer = Outcome.NO_ANSWER
        # The run's fields as locals: written back before a method that reads them.
        seen, seen_local = self.local
        latest, last = self.latest, self.last
        round_touches = self.round_touches
        left, calls_in_round = self.left, self.calls_in_round
        # The channels of the round's touches after its latest voicemail.
        done = {touch.channel for touch in round_touches[left + 1 :]} if left >= 0 else set()
        rounds, planned = self.rounds, self.touches
        round_start, round_local = self.round_start, self.round_local
        time = self.time

        def overdue(voicemail: bool) -> _Placed:
            nonlocal seen, seen_local
            self.local = (seen, seen_local)
            placed = self._overdue(voicemail)
            seen, seen_local = self.local
            return placed

        def place(at: datetime, voicemail: bool) -> _Placed:
            # After the latest touch, then the window and the voicemail limit in one pass
            # (_settle), after now; the voicemail limit never moves a touch, so a touch the
            # window places by now is overdue whatever it says.
            nonlocal seen, seen_local
            pushed = False
            if latest is not None:
                latest_at = latest.at
                earliest = (
                    latest_at + _MINUTE
                    if not (latest_at.second or latest_at.microsecond)
                    else next_minute(latest_at)
                )
                if at < earliest:
                    # Said only of a touch of this enrollment: one before it is no step's.
                    at, pushed = earliest, latest is last
            local = seen_local if seen is at else at.astimezone(zone)
            if local.weekday() in days and opens <= local.time() < closes:
                seen, seen_local = at, local
                moved: tuple[Limit, ...] = ()
            else:
                at = next_opening(days, opens, closes, at, zone)
                moved = by_window
            if at <= now:
                return overdue(voicemail)
            if (
                voicemail
                and vlimit is not None
                and _voicemails_full(
                    voicemails, vlimit, at, seen_local if seen is at else None, zone
                )
            ):
                return at, False, by_both if moved else by_voicemail, pushed
            return at, voicemail, moved, pushed

        def after(reaction: AfterShape) -> _Reacted | None:
            rule = reaction.rule
            due = _later(round_touches[left].at, rule.gap, zone)
            expires: datetime | None = None
            for channel, reason in reaction.reasons:
                if channel in done or channel not in reachable:
                    continue
                placed = place(due, voicemail=False)
                if placed[0] == due:
                    return placed, channel, reason, rule
                if expires is None:
                    expires = _later(due, rule.expires, zone)
                if placed[0] <= expires:
                    return placed, channel, reason, rule
            return None

        touches: list[PlannedTouch] = []
        append = touches.append
        keys = f"e{self.enrollment}.r"
        prefix = f"{keys}{rounds}.t"
        stop: StopReason | None = None
        made = 0
        while True:
            if made >= cap:
                stop = StopReason(f"the touch limit ({cap}) was reached")
                break
            step: Step | None = None
            reacted: _Reacted | None = None
            if last is not None:
                for reaction in reactions:
                    if type(reaction) is TapShape:
                        if (
                            last.outcome is not no_answer
                            or calls_in_round != 1
                            or last.channel is not call
                            or call not in reachable
                        ):
                            continue
                        tap = reaction.rule
                        due = _later(last.at, tap.gap, zone)
                        tapped = place(due, tap.voicemail)
                        # Nothing expires before it is due: only a moved touch can be late.
                        if tapped[0] == due or tapped[0] <= _later(due, tap.expires, zone):
                            reacted = tapped, call, _TAP_REASON, tap
                            break
                    elif left >= 0:
                        reacted = after(reaction)  # type: ignore[arg-type]
                        if reacted is not None:
                            break
            if reacted is not None:
                placed, channel, reason, rule = reacted
                new_round = False
            else:
                index = rounds + skipped_before + len(skipped)
                proposed: tuple[_Placed, Channel, str, object, Step | None] | None = None
                if (
                    repeats is not None
                    and preferred is not None
                    and index >= repeats_from
                    and round_start is not None
                ):
                    # A round of the endless Every, as next_round() computes it.
                    turn = (index - repeats_from) % len(repeats)
                    at, local = shift_from(round_start, round_local, repeats[turn], zone)
                    if local is not None:
                        seen, seen_local = at, local
                    voicemail = preferred is call and first_call_voicemail
                    repeated = repeat_reasons[turn]
                    proposed = place(at, voicemail), preferred, repeated, repeats_rule, None
                if proposed is None:  # a round the rhythm is asked for
                    self.rounds, self.round_start, self.time = rounds, round_start, time
                    asked = self.rhythm_round()
                    if isinstance(asked, StopReason):
                        stop = asked
                        break
                    slot, channel = asked
                    voicemail = channel is call and first_call_voicemail
                    placed = place(slot.at, voicemail)
                    proposed = placed, channel, slot.reason, slot.rule, slot.step
                placed, channel, reason, rule, step = proposed
                new_round = True
                if capped_from is not None and rounds >= capped_from:
                    capped = next((one for one in round_caps if rounds >= one.n), None)
                    if capped is not None:
                        stop = self._stop(capped, placed[0])
                        break
            at, voicemail, moved_by, pushed = placed
            if at > surely:
                stop = self.past_horizon(at)
                if stop is not None:
                    break
            if new_round:
                rounds += 1
                round_, place_in_round = rounds, 1
                prefix = f"{keys}{round_}.t"
                if pushed:
                    reason += AFTER_LATEST
                round_start = at
                round_local = seen_local if seen is at else None
                round_touches = []
                calls_in_round = 0
                left = -1
                done = set()
            else:
                round_, place_in_round = rounds, len(round_touches) + 1
            if channel is call:
                calls_in_round += 1
                if voicemail:
                    assumed = _LEFT
                    voicemails.append(at)
                    left = len(round_touches)
                    done = set()
                else:
                    assumed = no_answer
                    if left >= 0:
                        done.add(channel)
            else:
                assumed = Outcome.SENT
                if left >= 0:
                    done.add(channel)
            touch = _new_tuple(Attempt, (at, channel, assumed))
            round_touches.append(touch)
            last = latest = touch
            time = at
            planned += 1
            made += 1
            if attempt_caps:
                self.by_channel[channel] = self.by_channel.get(channel, 0) + 1
            # Its pendulum instant is built when ``at`` is first read, as the engine's are.
            append(
                PlannedTouch._planned(  # noqa: SLF001 - the planner's own constructor
                    at,
                    seen_local if seen is at else zone,
                    (
                        channel,
                        voicemail,
                        round_,
                        reason + shape.limited_by(moved_by) if moved_by else reason,
                        rule,
                        prefix
                        + (
                            _PLACES[place_in_round]
                            if place_in_round < _MANY_PLACES
                            else str(place_in_round)
                        ),
                        moved_by,
                        assumed,
                        step,
                        None,
                    ),
                )
            )
            if attempt_caps:
                self.touches = planned
                capped_attempts = self.attempts_capped()
                if capped_attempts is not None:
                    stop = self._stop(capped_attempts, at)
                    break
        return Timeline(tuple(touches), stop, tuple(skipped))


_LEFT = Outcome.VOICEMAIL_LEFT
# A touch's place in its round, as the end of its key: few rounds have many touches.
_MANY_PLACES = 16
_PLACES = tuple(str(place) for place in range(_MANY_PLACES))
_TAP_REASON = "double tap: call again right after the unanswered call"


class SpecialisedEngine:
    """One lead's run a touch at a time, as :class:`cadence.engine.Engine`, with the loop above.

    A team's schedule (:func:`cadence.schedule`) drives it as it drives an engine: it asks
    :meth:`propose`, again with the rep's limits on top of the lead's when the rep has no room
    (they are asked as they are, as the loop asks limits of the lead's clock alone), then
    :meth:`commit` and :meth:`stopped`. Made by :func:`stepper` from an engine that folded
    the lead's history, it keeps that engine in step with every touch it commits: where the
    loop meets a case it leaves to the engine (:class:`Unsupported`), the engine goes on
    from the latest touch, so both give the same schedule (``tests/test_team.py`` checks it
    on random teams).
    """

    __slots__ = ("_engine", "_handed_over", "_pending", "_run", "_skips", "_step", "lead")

    def __init__(self, engine: Engine, shape: Shape) -> None:
        self._engine = engine
        self.lead = engine.lead
        # On the engine's own state, which it keeps in step (the rhythm and limits read it).
        self._run: _Run = _Run(shape, engine.handover(), engine.until)
        # Whether the latest proposal waits to be committed (only its Proposal is kept: a
        # team's heap holds thousands, and fewer objects alive cost the collector less).
        self._pending = False
        self._handed_over = False
        self._step = 0
        # The rounds of the run's that the engine was told it skipped.
        self._skips = 0

    @property
    def handed_over(self) -> bool:
        """Whether the engine took over (from the latest touch) and plans the rest."""
        return self._handed_over

    @property
    def skipped(self) -> tuple[Skipped, ...]:
        """The rounds skipped while planning, in order."""
        if self._handed_over:
            return self._engine.skipped
        return tuple(self._run.skipped)

    def stopped(self) -> StopReason | None:
        """Why the cadence is over after the latest touch, or None while it goes on."""
        if self._handed_over:
            return self._engine.stopped()
        return self._run.attempts_stop()

    def propose(self, extra: Sequence[Limit] = ()) -> Proposal | StopReason:
        """The next touch, or why there is none, as :meth:`cadence.engine.Engine.propose`."""
        if self._handed_over:
            return self._engine.propose(extra)
        run = self._run
        if extra:
            run.limits, run.one_pass = run.shape.with_extra(extra), False
        try:
            proposed = run.propose()
        except (Unsupported, OverflowError):
            self._handed_over = True
            return self._engine.propose(extra)
        finally:
            run.limits, run.one_pass = run.shape.limits, run.shape.one_pass
        if isinstance(proposed, StopReason):
            self._pending = False
            return proposed
        self._pending = True
        (at, voicemail, moved_by, _), channel, reason, rule, step, new_round, urgent, key = proposed
        return Proposal(
            Candidate(at, channel, voicemail, rule, reason, urgent=urgent),
            moved_by,
            new_round,
            run.rounds + 1 if new_round else run.rounds,
            reason,
            key,
            step,
            run.own_at,
            urgent=urgent,
            owner=self,
            sequence=self._step,
        )

    def commit(self, proposal: Proposal, *, rep: str | None = None) -> PlannedTouch:
        """Carry out the latest proposal with its assumed outcome: the touch it becomes.

        Raises:
            CadenceError: for a proposal that is not the latest of this run.
        """
        if self._handed_over:
            return self._engine.commit(proposal, rep=rep)
        owner: object = getattr(proposal, "_owner", None)
        if not self._pending or owner is not self or proposal._sequence != self._step:  # noqa: SLF001
            raise CadenceError("commit: expected the latest proposal of this engine")
        run = self._run
        candidate = proposal.candidate
        placed = (candidate.at, candidate.voicemail, proposal.moved_by, False)
        touch = run.commit(
            (
                placed, candidate.channel, proposal.reason, candidate.rule, proposal.step,
                proposal.new_round, proposal.urgent, proposal.key,
            ),
            rep,
        )  # fmt: skip
        self._pending = False
        self._step += 1
        self._engine._follow(  # noqa: SLF001 - kept in step to take over
            run.last,  # type: ignore[arg-type]  # the touch just committed
            new_round=proposal.new_round,
            skipped=run.skipped[self._skips :],
        )
        self._skips = len(run.skipped)
        return touch


def stepper(engine: Engine, shape: Shape | None) -> Engine | SpecialisedEngine:
    """The run that plans on from ``engine`` a touch at a time: the specialised one if it can.

    ``engine`` has folded the lead's history and proposed nothing yet; ``shape`` is its
    cadence's (:func:`cadence.shape.shape_of`), None when a rule is not one the loop knows.
    """
    if shape is None or not specialisable(engine.lead) or engine.stopped() is not None:
        return engine
    if engine.handover().snoozed_until is not None:  # the snooze's limit is the engine's
        return engine
    return SpecialisedEngine(engine, shape.for_lead(engine.lead))


def plan_new_lead(
    shape: Shape, lead: Lead, *, now: datetime, until: datetime | None, cap: int
) -> Timeline:
    """The timeline :func:`cadence.plan` gives a lead without history, with the loop above.

    ``now`` and ``until`` are UTC instants (checked by the caller; ``until`` None for the
    default horizon), ``cap`` the touch limit.

    Raises:
        Unsupported: for a case left to the engine.
    """
    return plan_on(shape, State(lead, now), until=until, cap=cap)


def plan_on(shape: Shape, state: State, *, until: datetime | None, cap: int) -> Timeline:
    """The timeline :func:`cadence.plan` gives from ``state``, a history folded by the engine.

    ``state`` is the engine's own (:meth:`cadence.engine.Engine.handover`), at ``now``, with
    no stop rule holding; this changes it. ``until`` is a UTC instant (None for the default
    horizon, a year on the lead's calendar, found only for a touch that may pass it), ``cap``
    the touch limit.

    Raises:
        Unsupported: for a case left to the engine (then plan with a new engine: ``state``
            is not the same after this).
    """
    if state.snoozed_until is not None:
        # The snooze's limit is the engine's: even one over by now moves, and is named by,
        # a touch due before its end and placed from its due time.
        raise Unsupported
    try:
        run = _PlainRun if shape.plain is not None and len(state.zones) == 1 else _Run
        return run(shape, state, until).run(cap)
    except OverflowError:  # a touch past the end of the calendar: the engine knows
        raise Unsupported from None
