"""The channel rule protocol: which channel a round uses."""

from __future__ import annotations

import abc

from cadence.channels import Channel
from cadence.protocol.combination import Rule
from cadence.state import State

__all__ = ["ChannelRule"]


class ChannelRule(Rule):
    """Picks the channel of each round.

    ``channel_rule(state)`` lists channels in order of preference; the planner takes the
    first one the lead can be reached on (given, not opted out, not bounced) and that no
    limit vetoes.
    """

    __slots__ = ()

    @abc.abstractmethod
    def __call__(self, state: State) -> tuple[Channel, ...]:
        """Channels for the next round, best first; ``state.rounds`` rounds came before it."""
