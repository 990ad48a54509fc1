"""The rhythm protocol: when each round of contact is due; rhythms chained with ``+``."""

from __future__ import annotations

import abc
from datetime import datetime
from typing import NamedTuple

import attrs

from cadence._repr import operator_repr
from cadence.channels import Channel
from cadence.errors import InvalidValueError, Place
from cadence.protocol.combination import Combination, Rule, flatten
from cadence.state import State
from cadence.step import Step

__all__ = ["Chain", "Rhythm", "Slot"]


class Slot(NamedTuple):
    """When a round is due, which rhythm put it there, and why.

    A slot with ``expires`` is a round that must not be made late: the planner skips it when
    the limits cannot place it by then, and asks the rhythm again with ``state.time`` after
    ``expires``; the rhythm then proposes a later round.

    A slot with ``channels`` is a round on those channels, in that order, rather than the
    ones the cadence's channel rule picks; when the lead can be reached on none of them,
    the round is skipped and the rhythm asked for the next (round ``index + 1``).

    An ``urgent`` slot is a round worth more the sooner it is made (speed to lead): a team
    schedule gives it the rep's time first among touches due at the same instant.
    """

    at: datetime
    rule: Rhythm
    reason: str
    expires: datetime | None = None
    channels: tuple[Channel, ...] | None = None
    step: Step | None = None
    urgent: bool = False


class Rhythm(Rule):
    """Decides when each round of contact is due.

    A round is one scheduled moment of contact; reactions may add touches inside it. A
    rhythm answers one question, ``rhythm(index, state)``: when is round ``index`` due?
    Rhythms chain with ``+``: ``SpeedToLead() + DayOffsets(1) + Every("3 days")`` runs the
    first round, then one a day later, then every three days.
    """

    __slots__ = ()

    @property
    @abc.abstractmethod
    def length(self) -> int | None:
        """How many rounds this rhythm has, or None if it goes on for ever."""

    @abc.abstractmethod
    def __call__(self, index: int, state: State) -> Slot | None:
        """When round ``index`` (0 for this rhythm's first) is due, or None when done.

        ``state.rounds`` rounds have already started, the latest at
        ``state.round_started_at`` (None before the first). The planner asks once per round
        and moves a due time in the past to the first moment after ``now``.
        """

    @property
    def reads_time(self) -> bool:
        """Whether its answer may change with ``state.time``, the moment it is asked.

        The planner holds a rhythm's answer for the next round until that round starts or
        is skipped, or the lead is enrolled again. Once the history is read, a rhythm that
        reads the moment (:class:`~cadence.rules.Yearly` skips an occurrence that expired
        before it) is asked again as of ``now``; one that says False keeps the answer it
        gave while the history was read. True, the default, is the safe answer for a
        rhythm of your own.
        """
        return True

    def __add__(self, other: Rhythm) -> Chain:
        if not isinstance(other, Rhythm):
            return NotImplemented
        return Chain(self, other)


@attrs.frozen(init=False)
class Chain(Combination, Rhythm):
    """Rhythms one after another: each runs its rounds, then the next takes over.

    ``a + b`` builds a chain; chains flatten, so ``(a + b) + c == a + (b + c)``. Only the
    last part may go on for ever.

    Args:
        parts: The rhythms in the order they run, at least one; only the last may go on for
            ever, and a ``Chain`` among them is flattened into this one.
    """

    parts: tuple[Rhythm, ...]

    def __init__(self, *parts: Rhythm) -> None:
        flat = flatten(Chain, Rhythm, "parts", "rhythm", parts)
        for part in flat[:-1]:
            if part.length is None:
                raise InvalidValueError.at(
                    Place("Chain", "parts"),
                    said=f"{part!r} goes on for ever, so nothing can follow it in a chain",
                )
        self.__attrs_init__(flat)

    @property
    def members(self) -> tuple[Rhythm, ...]:
        """The rhythms, in the order they run."""
        return self.parts

    @property
    def length(self) -> int | None:
        """The sum of the parts' rounds, or None if the last goes on for ever."""
        total = 0
        for part in self.parts:
            length = part.length
            if length is None:
                return None
            total += length
        return total

    @property
    def reads_time(self) -> bool:
        """True if any part reads the moment it is asked."""
        return any(part.reads_time for part in self.parts)

    def __call__(self, index: int, state: State) -> Slot | None:
        """Round ``index`` of the part whose rounds cover it."""
        for part in self.parts:
            length = part.length
            if length is None or index < length:
                return part(index, state)
            index -= length
        return None

    def describe(self) -> str:
        """The parts' descriptions, joined with "then"."""
        return ", then ".join(part.describe() for part in self.parts)

    def __repr__(self) -> str:
        return operator_repr("Chain", "+", self.parts)
