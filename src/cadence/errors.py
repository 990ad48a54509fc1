"""The errors cadence raises, and what they are about as data.

Every error derives from :class:`CadenceError`, so one ``except`` clause catches them all.
Errors about bad input also derive from :class:`ValueError` or :class:`TypeError`, so code
that already catches those keeps working.

An error about a refused value carries its :class:`Problem`: where the value was (a
:class:`Place`, such as the field ``MaxRounds.n``), what was expected there and what was
got. The message is made from it, so code never needs to read the message back::

    try:
        MaxRounds(0)
    except InvalidValueError as error:
        error.problem.where  # (Place(name='MaxRounds', field='n', index=()),)
        error.problem.expected  # 'a whole number of at least 1'
        error.problem.got  # '0'
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Self

import attrs

__all__ = [
    "CadenceError",
    "InvalidTypeError",
    "InvalidValueError",
    "MissingExtraError",
    "Place",
    "Problem",
    "TeamError",
    "UnsatisfiableError",
]


def _index(values: Iterable[int]) -> tuple[int, ...]:
    return tuple(values)


@attrs.frozen
class Place:
    """Where a refused value was: a field of a class, an item of it, or an argument.

    ``str()`` writes it the way messages do: ``"MaxRounds.n"``, ``"Cadence.limits[2]"``,
    ``"Span"``, ``"now"``.

    Args:
        name: The class whose value refused it (``"MaxRounds"``), or the argument
            (``"now"``).
        field: The field of that class (``"n"``), if the problem is about one.
        index: The positions inside the field, outermost first, for an item of a sequence.
    """

    name: str
    field: str | None = None
    index: tuple[int, ...] = attrs.field(default=(), converter=_index)

    @classmethod
    def of(cls, instance: object, attribute: attrs.Attribute[Any]) -> Place:
        """The field ``attribute`` of ``instance``'s class, as an attrs validator sees it."""
        return cls(type(instance).__name__, attribute.name)

    def __str__(self) -> str:
        field = "" if self.field is None else f".{self.field}"
        return self.name + field + "".join(f"[{position}]" for position in self.index)


def _places(values: Iterable[Place]) -> tuple[Place, ...]:
    return tuple(values)


@attrs.frozen
class Problem:
    """What an error is about: where, what was expected there, and what was got.

    The message of the error is ``str(problem)``: the places, outermost first, each
    followed by ``": "``, then the :attr:`statement`, such as
    ``"MaxRounds.n: expected a whole number of at least 1, got 0"``.

    Args:
        where: The places, outermost first: a cadence's limit refused by one of its own
            fields is ``(Place("Cadence", "limits"), Place("Period", "end"))``. Empty when
            the value's place is not known where it is refused (a converter's error, which
            the field's validator places).
        expected: What was expected, in words (``"a whole number of at least 1"``).
        got: What was got, as the message shows it (``"0"``, ``"'fax'"``), if it is said.
        said: A statement that is not (only) "expected ..., got ...", such as ``"'sent' is
            for messages, not calls"``; it comes before the expected part when both are
            given.
    """

    where: tuple[Place, ...] = attrs.field(default=(), converter=_places)
    expected: str | None = None
    got: str | None = None
    said: str | None = None

    @property
    def statement(self) -> str:
        """The message without its places: ``"expected a whole number, got 'x'"``."""
        parts = [] if self.said is None else [self.said]
        if self.expected is not None:
            got = "" if self.got is None else f", got {self.got}"
            parts.append(f"expected {self.expected}{got}")
        return ": ".join(parts)

    def inside(self, place: Place) -> Problem:
        """The same problem, seen from ``place``, which holds the value it is about."""
        return attrs.evolve(self, where=(place, *self.where))

    def __str__(self) -> str:
        return "".join(f"{place}: " for place in self.where) + self.statement


class CadenceError(Exception):
    """Base class of every error raised by cadence.

    Attributes:
        problem: What the error is about, as data, for an error about a refused value; None
            for an error that says something else (a cadence that can never be planned).
    """

    problem: Problem | None = None

    @classmethod
    def at(
        cls,
        where: Place | str | None,
        *,
        expected: str | None = None,
        got: str | None = None,
        said: str | None = None,
    ) -> Self:
        """The error for a value refused at ``where``, its message made from its problem.

        Args:
            where: The field (:meth:`Place.of` in a validator) or the argument's name, or
                None where the caller places it (a converter's error).
            expected: What was expected, in words.
            got: What was got, as it should be shown (usually its ``repr()``).
            said: A statement that is not "expected ..., got ...".
        """
        places: tuple[Place, ...] = ()
        if isinstance(where, str):
            places = (Place(where),)
        elif where is not None:
            places = (where,)
        return cls.of(Problem(places, expected=expected, got=got, said=said))

    @classmethod
    def of(cls, problem: Problem) -> Self:
        """The error that says ``problem``."""
        error = cls(str(problem))
        error.problem = problem
        return error

    def inside(self, place: Place) -> Self:
        """The same error, seen from ``place`` (the field whose converter raised it)."""
        problem = self.problem if self.problem is not None else Problem(said=str(self))
        return type(self).of(problem.inside(place))


class InvalidValueError(CadenceError, ValueError):
    """A value has the right type but is not acceptable.

    Examples: a naive datetime, an unknown time zone, a negative duration, a history event
    after ``now``. The message names the value and says what was expected.
    """


class InvalidTypeError(CadenceError, TypeError):
    """A value has a type that cadence cannot use where it was given."""


class UnsatisfiableError(CadenceError, ValueError):
    """The limits of a cadence can never all be met, so no touch can ever be planned.

    Raised by the planner instead of searching forever, for example for two contact windows
    that never overlap. The message names the limits involved.
    """


class TeamError(InvalidValueError):
    """A team's schedule cannot start: its leads and reps do not fit together.

    Raised by :func:`cadence.schedule` before any planning, for a lead without an id or an
    owner, a duplicate lead or rep id, an owner that is not one of the reps, or a rep
    without any working time. The message names the lead or rep.
    """


class MissingExtraError(CadenceError, ImportError):
    """A feature needs an optional dependency that is not installed.

    The message names the extra to install, such as ``pip install "cadence-rules[holidays]"``.
    """
