"""A touch a rule proposes, before every limit has had its say."""

from __future__ import annotations

from datetime import datetime

import attrs

from cadence.channels import Channel

__all__ = ["Candidate"]


@attrs.frozen
class Candidate:
    """A proposed touch: when, on which channel, and whether a call may leave a voicemail.

    Rhythms and reactions propose candidates; limits answer with the earliest candidate they
    allow (``limit(candidate, state)``). ``at`` is a plain
    :class:`~datetime.datetime` in UTC.

    Args:
        at: When the touch would happen, in UTC.
        channel: The channel it would use.
        voicemail: For a call, whether to leave a voicemail if the call reaches voicemail.
        rule: The rule that proposed it.
        reason: Why it is proposed, in words a sales rep understands.
        expires: For a reaction's touch, the last instant it may still happen (in UTC): one
            the limits place later is dropped, not planned late.
    """

    at: datetime
    channel: Channel
    voicemail: bool = False
    rule: object = attrs.field(default=None, eq=False)
    reason: str = attrs.field(default="", eq=False)
    expires: datetime | None = attrs.field(default=None, eq=False)
    urgent: bool = attrs.field(default=False, eq=False, kw_only=True)

    def moved_to(self, at: datetime) -> Candidate:
        """The same candidate at a later instant ``at``."""
        return Candidate(
            at,
            self.channel,
            self.voicemail,
            self.rule,
            self.reason,
            self.expires,
            urgent=self.urgent,
        )

    def without_voicemail(self) -> Candidate:
        """The same candidate, but a call that hangs up rather than leave a voicemail."""
        return Candidate(
            self.at,
            self.channel,
            False,  # noqa: FBT003
            self.rule,
            self.reason,
            self.expires,
            urgent=self.urgent,
        )
