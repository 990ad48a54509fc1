"""The one error that configuration raises, carrying every problem found, and their paths."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any, Final

import attrs

from cadence.errors import CadenceError, InvalidTypeError, InvalidValueError

__all__ = ["ConfigError", "ConfigProblem", "UnsupportedTypeError", "child", "shown"]

_IDENTIFIER: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class UnsupportedTypeError(InvalidTypeError):
    """A rule or value has a field whose type configuration cannot represent."""


def _text(value: object) -> str:
    return value if isinstance(value, str) else str(value)


@attrs.frozen
class ConfigProblem:
    """One problem in a document: where it is, what is wrong, and what was expected and got.

    Args:
        path: Where the value is in the document, such as ``"limits[2].per"``, or
            ``"line 3, column 7"`` for a syntax error; ``""`` for the whole document.
        message: What is wrong, in words ready for a person: ``'expected a duration such
            as "P7D" or "7 days", got "seven"'``.
        expected: What was expected there, in words, when the problem is one of that kind.
        got: What was there, as the message shows it, when the message says it.
    """

    path: str = attrs.field(validator=attrs.validators.instance_of(str))
    message: str = attrs.field(validator=attrs.validators.instance_of(str))
    expected: str | None = attrs.field(default=None, converter=attrs.converters.optional(_text))
    got: str | None = attrs.field(default=None, converter=attrs.converters.optional(_text))

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class ConfigError(CadenceError, ValueError):
    """Configuration data that cannot be read, with every problem found in it.

    Reading a document never stops at the first problem: the error lists them all, each
    with the path of the value it is about (``"limits[2].per"``, or ``"line 3, column 7"``
    for a syntax error) and what was expected there. ``str(error)`` shows them one a line.
    The error pickles and copies with its problems, so it crosses process boundaries.

    Args:
        errors: The problems, as :class:`ConfigProblem` values or ``(path, message)``
            pairs of text; at least one.
        source: Where the data came from (a file name), if known.

    Attributes:
        problems: The problems, as :class:`ConfigProblem` values, in document order.
        errors: The same problems as ``(path, message)`` pairs.
        source: Where the data came from, or None.

    Raises:
        InvalidTypeError: if ``errors`` is not an iterable of problems or pairs of text,
            or ``source`` is neither text nor None.
        InvalidValueError: if ``errors`` is empty.
    """

    problems: list[ConfigProblem]
    errors: list[tuple[str, str]]
    source: str | None

    def __init__(
        self, errors: Iterable[ConfigProblem | tuple[str, str]], source: str | None = None
    ) -> None:
        self.problems = _problems(errors)
        self.errors = [(problem.path, problem.message) for problem in self.problems]
        if source is not None and not isinstance(source, str):
            raise InvalidTypeError(f"source: expected a file name as text or None, got {source!r}")
        self.source = source
        super().__init__(self._text())

    def __reduce__(self) -> tuple[Any, ...]:
        return type(self), (self.problems, self.source), self.__dict__

    def with_source(self, source: str) -> ConfigError:
        """The same problems, said to come from ``source``."""
        return ConfigError(self.problems, source)

    def lines(self) -> list[str]:
        """One line per problem: ``"path: message"``."""
        return [str(problem) for problem in self.problems]

    def _text(self) -> str:
        where = f" in {self.source}" if self.source else ""
        lines = self.lines()
        if len(lines) == 1:
            return f"invalid configuration{where}: {lines[0]}"
        return f"{len(lines)} problems{where}:\n" + "\n".join(f"  {line}" for line in lines)


def _problems(errors: object) -> list[ConfigProblem]:
    expected = "expected an iterable of problems or (path, message) pairs of text"
    if isinstance(errors, str | bytes) or not isinstance(errors, Iterable):
        raise InvalidTypeError(f"errors: {expected}, got {errors!r}")
    problems: list[ConfigProblem] = []
    for position, problem in enumerate(errors):
        if isinstance(problem, ConfigProblem):
            problems.append(problem)
        elif (
            isinstance(problem, tuple | list)
            and len(problem) == 2
            and all(isinstance(part, str) for part in problem)
        ):
            problems.append(ConfigProblem(problem[0], problem[1]))
        else:
            raise InvalidTypeError(f"errors[{position}]: {expected}, got {problem!r}")
    if not problems:
        raise InvalidValueError("errors: expected at least one problem, got none")
    return problems


def child(path: str, key: str | int) -> str:
    """The path of ``key`` inside ``path``: ``"limits[2]"``, ``"limits[2].per"``."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    if not _IDENTIFIER.fullmatch(key):
        key = json.dumps(key)
    return f"{path}.{key}" if path else key


def shown(value: object) -> str:  # noqa: PLR0911 - one return per kind of value
    """A value of a document as a message shows it: JSON-like, and never too long."""
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, int):
        if abs(value) < 10**40:
            return str(value)
        return f"a number of about {int(value.bit_length() * 0.30103) + 1} digits"
    if isinstance(value, str):
        text = json.dumps(value, ensure_ascii=False)
        return text if len(text) <= 60 else text[:56] + '..."'
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, Mapping):
        return "a table"
    if isinstance(value, list | tuple):
        return "a list"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
