"""The algebra every kind of rule shares: one rule built of several, flattened once.

``a | b`` (any of them), ``a & b`` (all of them) and ``a + b`` (one after another) build
combinations. A combination of a combination of the same kind is flattened into it, so
``(a | b) | c`` and ``a | (b | c)`` have the same members, in the same order.
"""

from __future__ import annotations

import abc
from collections.abc import Iterable
from typing import Any

from cadence.errors import InvalidTypeError, InvalidValueError, Place
from cadence.span import Span

__all__ = ["NO_LOOKBACK", "Combination", "Rule", "flatten", "longest_lookback"]

NO_LOOKBACK = Span()
"""The :attr:`Rule.lookback` of a rule that reads no past touch: a span of zero."""


class Rule(abc.ABC):
    """What every rule has, whatever its kind: a description in words.

    The kinds (:class:`~cadence.rules.Rhythm`, :class:`~cadence.rules.ChannelRule`,
    :class:`~cadence.rules.Reaction`, :class:`~cadence.rules.Limit`,
    :class:`~cadence.rules.StopRule`) each add one call method.
    """

    __slots__ = ()

    @abc.abstractmethod
    def describe(self) -> str:
        """The rule in words, as a rep or a compliance officer reads it."""

    @property
    def lookback(self) -> Span | None:
        """How far before the moment it is asked about the rule reads past touches.

        A stored state (:class:`cadence.Snapshot`) keeps the touches that the cadence's
        rules may still read and no more: the counts, the current round, the latest touch
        and the lead's status are always kept, so a rule that reads only those says a span of
        zero; a frequency cap says its window. None, the default, is the safe answer for a
        rule of your own: it may read every touch, so a snapshot keeps them all.
        """
        return None


class Combination(abc.ABC):
    """Rules of one kind combined into one rule of that kind."""

    __slots__ = ()

    @property
    def lookback(self) -> Span | None:
        """The longest look-back of the members; None if any member's is None."""
        return longest_lookback(self.members)

    @property
    @abc.abstractmethod
    def members(self) -> tuple[Any, ...]:
        """The rules combined, in order."""


def flatten(
    combination: type[Combination], kind: type, field: str, noun: str, values: Iterable[object]
) -> tuple[Any, ...]:
    """The members of a new ``combination``: ``values``, each a rule of ``kind``.

    A value that is itself a ``combination`` gives its own members instead.

    Args:
        combination: The class being built, such as :class:`~cadence.rules.AnyLimit`.
        kind: The kind of its members, such as :class:`~cadence.rules.Limit`.
        field: The field that holds the members, named in errors.
        noun: A member in words, such as ``"limit"``.
        values: The rules given.

    Raises:
        InvalidTypeError: for a value that is not a rule of ``kind``.
        InvalidValueError: for no value at all.
    """
    members: list[object] = []
    for value in values:
        if isinstance(value, combination):
            members.extend(value.members)
        elif isinstance(value, kind):
            members.append(value)
        else:
            raise InvalidTypeError.at(
                Place(combination.__name__, field), expected=f"a {noun}", got=repr(value)
            )
    if not members:
        raise InvalidValueError.at(
            Place(combination.__name__, field), expected=f"at least one {noun}"
        )
    return tuple(members)


def longest_lookback(rules: Iterable[Any]) -> Span | None:
    """A span at least as long as every rule's :attr:`Rule.lookback`; None if one is None.

    Its calendar days are the most days of any rule, its exact time the most exact time, so
    going back by it goes back at least as far as by any of them.
    """
    days = 0
    exact = Span().exact
    for rule in rules:
        span = rule.lookback
        if span is None:
            return None
        days = max(days, span.days)
        exact = max(exact, span.exact)
    return Span(days=days, seconds=exact.total_seconds())
