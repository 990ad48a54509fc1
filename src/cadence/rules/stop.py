"""Stop rules: when a cadence is over."""

from __future__ import annotations

import attrs

from cadence import _convert as cv
from cadence._repr import span_repr
from cadence._time import shift
from cadence.channels import Channel
from cadence.protocol.combination import NO_LOOKBACK
from cadence.protocol.stop import StopRule
from cadence.span import Span, to_span
from cadence.state import State

__all__ = [
    "BuyOrDie",
    "MaxAttempts",
    "MaxContacts",
    "MaxDuration",
    "MaxRounds",
    "MeetingBooked",
    "OptOut",
    "Replied",
]


@attrs.frozen
class BuyOrDie(StopRule):
    """Keep going until they buy or die: stop once the lead purchased or is lost."""

    def __call__(self, state: State) -> bool:
        """Whether a purchase or a lost milestone is in the history."""
        return state.purchased_at is not None or state.lost_at is not None

    @property
    def lookback(self) -> Span:
        """Zero: it reads only what the state keeps, never past touches."""
        return NO_LOOKBACK

    def describe(self) -> str:
        """``"the lead bought or was lost"``."""
        return "the lead bought or was lost"


@attrs.frozen
class OptOut(StopRule):
    """Stop once the lead opted out of all contact.

    The planner honours an opt-out whether or not a cadence names this rule; naming it
    makes the intent visible. An opt-out of one channel only removes that channel.
    """

    def __call__(self, state: State) -> bool:
        """Whether the lead opted out of everything."""
        return state.opted_out_all is not None

    @property
    def lookback(self) -> Span:
        """Zero: it reads only what the state keeps, never past touches."""
        return NO_LOOKBACK

    def describe(self) -> str:
        """``"the lead opted out of all contact"``."""
        return "the lead opted out of all contact"


@attrs.frozen
class Replied(StopRule):
    """Stop once the lead replied, to hand the conversation to a person."""

    def __call__(self, state: State) -> bool:
        """Whether a reply is in the history."""
        return state.replied_at is not None

    @property
    def lookback(self) -> Span:
        """Zero: it reads only what the state keeps, never past touches."""
        return NO_LOOKBACK

    def describe(self) -> str:
        """``"the lead replied"``."""
        return "the lead replied"


@attrs.frozen
class MeetingBooked(StopRule):
    """Stop once a meeting is booked with the lead."""

    def __call__(self, state: State) -> bool:
        """Whether a meeting-booked milestone is in the history."""
        return state.meeting_booked_at is not None

    @property
    def lookback(self) -> Span:
        """Zero: it reads only what the state keeps, never past touches."""
        return NO_LOOKBACK

    def describe(self) -> str:
        """``"a meeting was booked"``."""
        return "a meeting was booked"


@attrs.frozen
class MaxAttempts(StopRule):
    """Stop after ``n`` touches, on one channel or on all.

    Args:
        n: The cap, at least 1.
        channel: Count only this channel's touches; None counts every touch.
    """

    n: int = attrs.field(validator=cv.at_least(1))
    channel: Channel | None = attrs.field(
        default=None,
        converter=cv.optional_channel,
        validator=cv.optional_converted(cv.to_channel, Channel),
    )

    def __call__(self, state: State) -> bool:
        """Whether ``n`` touches are done."""
        done = state.attempts if self.channel is None else state.attempts_on(self.channel)
        return done >= self.n

    @property
    def lookback(self) -> Span:
        """Zero: it reads only what the state keeps, never past touches."""
        return NO_LOOKBACK

    def describe(self) -> str:
        """Such as ``"12 attempts were made"``."""
        where = "" if self.channel is None else f" by {self.channel}"
        return f"{self.n} attempts were made{where}"


@attrs.frozen
class MaxContacts(StopRule):
    """Stop after ``n`` contacts (touches that connected or got a reply).

    Args:
        n: The cap, at least 1.
    """

    n: int = attrs.field(validator=cv.at_least(1))

    def __call__(self, state: State) -> bool:
        """Whether ``n`` contacts happened."""
        return state.contacts >= self.n

    @property
    def lookback(self) -> Span:
        """Zero: it reads only what the state keeps, never past touches."""
        return NO_LOOKBACK

    def describe(self) -> str:
        """Such as ``"3 contacts were made"``."""
        return f"{self.n} contacts were made"


@attrs.frozen
class MaxRounds(StopRule):
    """Stop once ``n`` rounds are done (a round's reactions still finish).

    Args:
        n: The cap, at least 1.
    """

    n: int = attrs.field(validator=cv.at_least(1))

    def __call__(self, state: State) -> bool:
        """Whether another round would be one too many."""
        return state.rounds >= self.n and (state.starting_round or state.rounds > self.n)

    @property
    def lookback(self) -> Span:
        """Zero: it reads only what the state keeps, never past touches."""
        return NO_LOOKBACK

    def describe(self) -> str:
        """Such as ``"12 rounds were done"``."""
        return f"{self.n} rounds were done"


@attrs.frozen
class MaxDuration(StopRule):
    """Stop once this long has passed since the lead arrived (or was last enrolled).

    Args:
        span: The duration, such as ``"30 days"`` (calendar days in the lead's zone).
    """

    span: Span = attrs.field(
        converter=cv.span, validator=cv.converted(to_span, Span), repr=span_repr
    )

    def __call__(self, state: State) -> bool:
        """Whether the instant considered is at or past the end."""
        return state.time >= shift(state.enrolled_at, self.span, state.zone)

    @property
    def lookback(self) -> Span:
        """Zero: it reads only what the state keeps, never past touches."""
        return NO_LOOKBACK

    def describe(self) -> str:
        """Such as ``"30 days passed since the lead arrived"``."""
        return f"{self.span} passed since the lead arrived"
