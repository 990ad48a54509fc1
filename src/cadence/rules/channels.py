"""Channel rules: which channel a round uses."""

from __future__ import annotations

import attrs

from cadence import _convert as cv
from cadence._repr import tuple_text
from cadence.channels import Channel
from cadence.protocol.channel import ChannelRule
from cadence.protocol.combination import NO_LOOKBACK
from cadence.span import Span
from cadence.state import State

__all__ = ["ChannelRule", "Prefer", "PreferredChannel", "Rotate"]


def _labels(channels: tuple[Channel, ...]) -> str:
    return ", ".join(channel.label for channel in channels)


def _channels_repr(name: str, channels: tuple[Channel, ...]) -> str:
    return f"{name}({tuple_text(repr(channel.value) for channel in channels)})"


@attrs.frozen(repr=False)
class Rotate(ChannelRule):
    """Rotate channels round by round: call, then SMS, then email, then call again.

    A channel the lead cannot be reached on is skipped and the next one in the rotation is
    used instead.

    Args:
        channels: The rotation, at least one channel, each once.
    """

    channels: tuple[Channel, ...] = attrs.field(
        converter=cv.channels, validator=cv.converted(cv.to_channels, tuple)
    )

    def __call__(self, state: State) -> tuple[Channel, ...]:
        """The rotation, starting at the channel for this round."""
        start = state.rounds % len(self.channels)
        return self.channels[start:] + self.channels[:start]

    @property
    def lookback(self) -> Span:
        """Zero: it reads only what the state keeps, never past touches."""
        return NO_LOOKBACK

    def describe(self) -> str:
        """Such as ``"rotate call, SMS, email"``."""
        return "rotate " + _labels(self.channels)

    def __repr__(self) -> str:
        return _channels_repr("Rotate", self.channels)


@attrs.frozen(repr=False)
class Prefer(ChannelRule):
    """Use the first of these channels the lead can be reached on, every round.

    ``Prefer((Channel.CALL, Channel.SMS))`` calls, and texts a lead who gave no phone
    number or opted out of calls.

    Args:
        channels: Channels in order of preference, at least one, each once.
    """

    channels: tuple[Channel, ...] = attrs.field(
        converter=cv.channels, validator=cv.converted(cv.to_channels, tuple)
    )

    def __call__(self, state: State) -> tuple[Channel, ...]:
        """The channels in order of preference."""
        del state
        return self.channels

    @property
    def lookback(self) -> Span:
        """Zero: it reads only what the state keeps, never past touches."""
        return NO_LOOKBACK

    def describe(self) -> str:
        """Such as ``"prefer call, then SMS"``."""
        return "prefer " + ", then ".join(channel.label for channel in self.channels)

    def __repr__(self) -> str:
        return _channels_repr("Prefer", self.channels)


def _default_otherwise() -> ChannelRule:
    return Rotate((Channel.CALL, Channel.SMS, Channel.EMAIL))


@attrs.frozen
class PreferredChannel(ChannelRule):
    """Put every round on the channel the lead prefers (:attr:`cadence.Lead.preferred_channel`).

    For a lead without a preference, or one who can no longer be reached on it, the
    ``otherwise`` rule picks.

    Args:
        otherwise: The channel rule for the rest, by default a rotation of call, SMS and
            email.
    """

    otherwise: ChannelRule = attrs.field(factory=_default_otherwise, validator=cv.is_a(ChannelRule))

    def __call__(self, state: State) -> tuple[Channel, ...]:
        """The lead's preferred channel first, then the ``otherwise`` rule's choices."""
        rest = self.otherwise(state)
        preferred = state.lead.preferred_channel
        if preferred is None:
            return rest
        return (preferred, *(channel for channel in rest if channel is not preferred))

    @property
    def lookback(self) -> Span:
        """Zero: it reads only what the state keeps, never past touches."""
        return NO_LOOKBACK

    def describe(self) -> str:
        """Such as ``"the lead's preferred channel, else rotate call, SMS, email"``."""
        return f"the lead's preferred channel, else {self.otherwise.describe()}"
