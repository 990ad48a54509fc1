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

__all__ = ["Combination", "Rule", "flatten"]


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


class Combination(abc.ABC):
    """Rules of one kind combined into one rule of that kind."""

    __slots__ = ()

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
