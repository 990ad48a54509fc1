"""Reactions: touches that an outcome triggers inside a round."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import attrs

from cadence import _convert as cv
from cadence._repr import span_repr, tuple_text
from cadence._time import shift
from cadence.candidate import Candidate
from cadence.channels import Channel
from cadence.errors import InvalidValueError
from cadence.events import Outcome
from cadence.protocol.combination import NO_LOOKBACK
from cadence.protocol.reaction import Reaction
from cadence.span import Span, to_span
from cadence.state import State

__all__ = ["AfterVoicemail", "DoubleTap", "Reaction"]


@attrs.frozen
class DoubleTap(Reaction):
    """Call again at once when a round's first call is not answered.

    An immediate second dial is picked up markedly more often than the first. The first call
    of a round hangs up at voicemail; the second may leave one (if the voicemail limit
    allows).

    Args:
        gap: Time between the two calls; the planner keeps at least a minute.
        expires: How late the second dial may still be made.
        voicemail: Whether the second dial leaves a voicemail when it reaches one.
    """

    gap: Span = attrs.field(
        default=Span(), converter=cv.span, validator=cv.converted(to_span, Span), repr=span_repr
    )
    expires: Span = attrs.field(
        default=Span(minutes=15),
        converter=cv.span,
        validator=cv.converted(to_span, Span),
        repr=span_repr,
    )
    voicemail: bool = attrs.field(default=True, validator=cv.is_a(bool, "True or False"))

    def __call__(self, state: State) -> Iterator[Candidate]:
        """A second call after the round's first call, if that went unanswered."""
        last = state.last_touch
        if (
            last is None
            or last.channel is not Channel.CALL
            or last.outcome is not Outcome.NO_ANSWER
            or sum(touch.channel is Channel.CALL for touch in state.round_touches) != 1
        ):
            return
        due = shift(last.at, self.gap, state.zone)
        yield Candidate(
            due,
            Channel.CALL,
            self.voicemail,
            self,
            "double tap: call again right after the unanswered call",
            shift(due, self.expires, state.zone),
            urgent=True,
        )

    @property
    def defers_voicemail(self) -> bool:
        """True: the first dial hangs up so that the second can be made at once."""
        return True

    @property
    def lookback(self) -> Span:
        """Zero: it reads only the current round, which the state always keeps."""
        return NO_LOOKBACK

    def describe(self) -> str:
        """Such as ``"double tap: a second call right after an unanswered first call"``."""
        gap = "right after" if self.gap.is_zero else f"{self.gap} after"
        return f"double tap: a second call {gap} an unanswered first call"


def _to_message_channels(values: Iterable[Channel | str]) -> tuple[Channel, ...]:
    channels = cv.to_channels(values)
    if Channel.CALL in channels:
        raise InvalidValueError.at(
            None, expected="message channels: a voicemail is not followed by a call"
        )
    return channels


def _message_channels(values: Iterable[Channel | str]) -> tuple[Channel, ...]:
    return cv.lenient(_to_message_channels, values)


def message_reason(channel: Channel) -> str:
    """The reason of a message :class:`AfterVoicemail` sends on ``channel``.

    Such as ``"after voicemail: SMS that mentions it"``.
    """
    return f"after voicemail: {channel.label} that mentions it"


@attrs.frozen(repr=False)
class AfterVoicemail(Reaction):
    """After leaving a voicemail, send messages that say the same and mention it.

    Args:
        channels: The message channels, in order (by default SMS, then email).
        gap: Time after the voicemail before the first message.
        expires: How late the messages may still be sent (they refer to the voicemail).
    """

    channels: tuple[Channel, ...] = attrs.field(
        default=(Channel.SMS, Channel.EMAIL),
        converter=_message_channels,
        validator=cv.converted(_to_message_channels, tuple),
    )
    gap: Span = attrs.field(
        default=Span(minutes=1), converter=cv.span, validator=cv.converted(to_span, Span)
    )
    expires: Span = attrs.field(
        default=Span(days=1), converter=cv.span, validator=cv.converted(to_span, Span)
    )

    def __call__(self, state: State) -> Iterator[Candidate]:
        """A message on each channel not yet used since the round's latest voicemail."""
        touches = state.round_touches
        for position in range(len(touches) - 1, -1, -1):
            if touches[position].outcome is Outcome.VOICEMAIL_LEFT:
                break
        else:
            return
        voicemail = touches[position]
        done = {touch.channel for touch in touches[position + 1 :]}
        due = shift(voicemail.at, self.gap, state.zone)
        expires = shift(due, self.expires, state.zone)
        for channel in self.channels:
            if channel not in done:
                yield Candidate(
                    due,
                    channel,
                    voicemail=False,
                    rule=self,
                    reason=message_reason(channel),
                    expires=expires,
                )

    @property
    def lookback(self) -> Span:
        """Zero: it reads only the current round, which the state always keeps."""
        return NO_LOOKBACK

    def describe(self) -> str:
        """Such as ``"after a voicemail: SMS, then email"``."""
        return "after a voicemail: " + ", then ".join(channel.label for channel in self.channels)

    def __repr__(self) -> str:
        channels = tuple_text(repr(channel.value) for channel in self.channels)
        return (
            f"AfterVoicemail(channels={channels}, gap={span_repr(self.gap)}, "
            f"expires={span_repr(self.expires)})"
        )
