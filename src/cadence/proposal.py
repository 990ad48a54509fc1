"""The engine's answer: the next touch as a lead's own rules place it."""

from __future__ import annotations

from datetime import datetime, tzinfo

import attrs

from cadence._time import to_utc
from cadence.candidate import Candidate
from cadence.channels import Channel
from cadence.events import Outcome
from cadence.protocol.limit import Limit
from cadence.step import Step
from cadence.timeline import PlannedTouch

__all__ = ["Proposal", "assumed_outcome"]


@attrs.frozen(eq=False)
class Proposal:
    """The next touch as the lead's rules place it, to commit or to ask for again.

    Args:
        candidate: The touch, in UTC, after every limit.
        moved_by: The limits that moved it later or took its voicemail away.
        new_round: Whether it starts a round (else a reaction inside the current one).
        round: The round it belongs to, from 1.
        reason: Why it is there and what moved it, in words.
        key: Its identity in the timeline (:attr:`cadence.PlannedTouch.key`).
        step: The step of a sequence it carries out, if it is one.
        own_at: Where the lead's own rules place it from its due time, in UTC: the
            candidate's instant, or, for a touch overdue (placed from now), where it would
            have been. It does not depend on when the plan is made, so a team schedule ranks
            touches by it.
        urgent: Whether the rule that proposed it marks it urgent: worth more the sooner it
            is made (speed to lead, a double tap); it goes first among touches at one time.
    """

    candidate: Candidate
    moved_by: tuple[Limit, ...]
    new_round: bool
    round: int
    reason: str
    key: str
    step: Step | None
    own_at: datetime
    urgent: bool = attrs.field(default=False, kw_only=True)
    _owner: object = attrs.field(alias="owner", repr=False)
    _sequence: int = attrs.field(alias="sequence", repr=False)

    def planned(self, shown: tzinfo, rep: str | None = None) -> PlannedTouch:
        """The touch it becomes in a timeline, shown in ``shown`` (the lead's zone).

        Its pendulum instant is built when ``at`` is first read: most never are.
        """
        candidate = self.candidate
        return PlannedTouch._planned(  # noqa: SLF001 - the planner's own constructor
            to_utc(candidate.at),
            shown,
            (
                candidate.channel,
                candidate.voicemail,
                self.round,
                self.reason,
                candidate.rule,
                self.key,
                self.moved_by,
                assumed_outcome(candidate),
                self.step,
                rep,
            ),
        )


def assumed_outcome(candidate: Candidate) -> Outcome:
    """The pessimistic outcome assumed for a planned touch.

    A call is not answered, or reaches voicemail and leaves one where it may; a message is
    sent and not answered.
    """
    if candidate.channel is Channel.CALL:
        return Outcome.VOICEMAIL_LEFT if candidate.voicemail else Outcome.NO_ANSWER
    return Outcome.SENT
