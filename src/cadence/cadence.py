"""A cadence: one slot per kind of rule."""

from __future__ import annotations

from typing import Any

import attrs

from cadence import _convert as cv
from cadence.channels import Channel
from cadence.rules.channels import ChannelRule, Rotate
from cadence.rules.limits import Limit
from cadence.rules.reactions import Reaction
from cadence.rules.rhythm import Rhythm
from cadence.rules.stop import BuyOrDie, OptOut, StopRule

__all__ = ["Cadence"]


def _default_stop() -> StopRule:
    return BuyOrDie() | OptOut()


def _default_channels() -> ChannelRule:
    return Rotate((Channel.CALL, Channel.SMS, Channel.EMAIL))


def _repr_tuple(values: tuple[Any, ...]) -> str:
    return "(" + "".join(f"{value!r}, " for value in values).rstrip(" ") + ")"


@attrs.frozen(repr=False)
class Cadence:
    """A follow-up cadence: which rules decide when, how, and until when a lead is touched.

    Args:
        rhythm: When rounds of contact happen (required).
        channels: Which channel each round uses; by default a rotation of call, SMS and
            email.
        reactions: Touches triggered inside a round by how its touches went, asked in order.
        limits: Constraints every touch must meet; all of them apply.
        stop: When the cadence is over; by default when the lead buys or is lost, or opts
            out.
    """

    rhythm: Rhythm = attrs.field(validator=cv.is_a(Rhythm))
    channels: ChannelRule = attrs.field(factory=_default_channels, validator=cv.is_a(ChannelRule))
    reactions: tuple[Reaction, ...] = attrs.field(
        default=(), converter=cv.as_tuple, validator=cv.each(Reaction)
    )
    limits: tuple[Limit, ...] = attrs.field(
        default=(), converter=cv.as_tuple, validator=cv.each(Limit)
    )
    stop: StopRule = attrs.field(factory=_default_stop, validator=cv.is_a(StopRule))

    def __repr__(self) -> str:
        return (
            f"Cadence(rhythm={self.rhythm!r}, channels={self.channels!r}, "
            f"reactions={_repr_tuple(self.reactions)}, limits={_repr_tuple(self.limits)}, "
            f"stop={self.stop!r})"
        )
