"""The reaction protocol: touches that an outcome triggers inside a round."""

from __future__ import annotations

import abc
from collections.abc import Iterable

from cadence.candidate import Candidate
from cadence.protocol.combination import Rule
from cadence.state import State

__all__ = ["Reaction"]


class Reaction(Rule):
    """Adds touches to a round in answer to how its touches went.

    ``reaction(state)`` proposes the touches the reaction still wants, each at the moment
    it is due and with the instant it expires (:attr:`cadence.Candidate.expires`). The
    planner asks reactions before the rhythm, in the cadence's order, and plans the first
    candidate that the lead can be reached on and the limits allow before it expires. A
    reaction whose moment has passed is dropped, not planned hours later.
    """

    __slots__ = ()

    @abc.abstractmethod
    def __call__(self, state: State) -> Iterable[Candidate]:
        """The touches this reaction wants now, earliest first; none when it has nothing."""

    @property
    def defers_voicemail(self) -> bool:
        """Whether the first call of a round should hang up rather than leave a voicemail.

        True when this reaction calls again and leaves the voicemail itself.
        """
        return False
