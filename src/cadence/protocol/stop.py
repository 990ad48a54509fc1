"""The stop protocol: one call that says the cadence is over; combinations with ``|`` and ``&``."""

from __future__ import annotations

import abc

import attrs

from cadence._repr import operator_repr
from cadence.protocol.combination import Combination, Rule, flatten
from cadence.state import State

__all__ = ["AllStop", "AnyStop", "StopRule", "fired"]


class StopRule(Rule):
    """Decides that a cadence is over.

    Called with the state before each candidate touch (``state.time`` is the candidate's
    instant, ``state.starting_round`` says whether it would start a new round) and once
    before planning starts (``state.time`` is ``now``). ``a | b`` stops when either does;
    ``a & b`` when both do.
    """

    __slots__ = ()

    @abc.abstractmethod
    def __call__(self, state: State) -> bool:
        """Whether the cadence is over."""

    @abc.abstractmethod
    def describe(self) -> str:
        """What the rule stops on, such as ``"the lead bought or was lost"``."""

    def __or__(self, other: StopRule) -> AnyStop:
        if not isinstance(other, StopRule):
            return NotImplemented
        return AnyStop(self, other)

    def __and__(self, other: StopRule) -> AllStop:
        if not isinstance(other, StopRule):
            return NotImplemented
        return AllStop(self, other)


@attrs.frozen(init=False, repr=False)
class AnyStop(Combination, StopRule):
    """Stops when any of its rules does: ``BuyOrDie() | OptOut() | MaxRounds(12)``.

    Nested ``|`` flattens into one ``AnyStop``.

    Args:
        rules: The members, at least one; an ``AnyStop`` among them is flattened into it.
    """

    rules: tuple[StopRule, ...]

    def __init__(self, *rules: StopRule) -> None:
        self.__attrs_init__(flatten(AnyStop, StopRule, "rules", "stop rule", rules))

    @property
    def members(self) -> tuple[StopRule, ...]:
        """The stop rules combined."""
        return self.rules

    def __call__(self, state: State) -> bool:
        """Whether any rule holds."""
        return any(rule(state) for rule in self.rules)

    def describe(self) -> str:
        """The members' descriptions joined with "or"."""
        return " or ".join(rule.describe() for rule in self.rules)

    def __repr__(self) -> str:
        return operator_repr("AnyStop", "|", self.rules)


@attrs.frozen(init=False, repr=False)
class AllStop(Combination, StopRule):
    """Stops only when all of its rules do: ``MaxAttempts(20) & MaxDuration("30 days")``.

    Args:
        rules: The members, at least one; an ``AllStop`` among them is flattened into it.
    """

    rules: tuple[StopRule, ...]

    def __init__(self, *rules: StopRule) -> None:
        self.__attrs_init__(flatten(AllStop, StopRule, "rules", "stop rule", rules))

    @property
    def members(self) -> tuple[StopRule, ...]:
        """The stop rules combined."""
        return self.rules

    def __call__(self, state: State) -> bool:
        """Whether every rule holds."""
        return all(rule(state) for rule in self.rules)

    def describe(self) -> str:
        """The members' descriptions joined with "and"."""
        return " and ".join(rule.describe() for rule in self.rules)

    def __repr__(self) -> str:
        return operator_repr("AllStop", "&", self.rules, grouped=True, looser=AnyStop)


def fired(rule: StopRule, state: State) -> StopRule | None:
    """The rule that ends the cadence in ``state``: ``rule``, or its first member that does.

    Of ``BuyOrDie() | MaxRounds(12)``, the member that holds, which explains the end.
    """
    if isinstance(rule, AnyStop):
        for member in rule.rules:
            if member(state):
                return fired(member, state)
        return None
    return rule if rule(state) else None
