"""The one error that configuration raises, carrying every problem found."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from cadence.errors import CadenceError, InvalidTypeError, InvalidValueError

__all__ = ["ConfigError"]


class ConfigError(CadenceError, ValueError):
    """Configuration data that cannot be read, with every problem found in it.

    Reading a document never stops at the first problem: the error lists them all, each
    with the path of the value it is about (``"limits[2].per"``, or ``"line 3, column 7"``
    for a syntax error) and what was expected there. ``str(error)`` shows them one a line.
    The error pickles and copies with its problems, so it crosses process boundaries.

    Args:
        errors: The problems, as ``(path, message)`` pairs of text; at least one.
        source: Where the data came from (a file name), if known.

    Attributes:
        errors: The problems, as ``(path, message)`` pairs, in document order.
        source: Where the data came from, or None.

    Raises:
        InvalidTypeError: if ``errors`` is not an iterable of pairs of text, or ``source``
            is neither text nor None.
        InvalidValueError: if ``errors`` is empty.
    """

    errors: list[tuple[str, str]]
    source: str | None

    def __init__(self, errors: Iterable[tuple[str, str]], source: str | None = None) -> None:
        self.errors = _problems(errors)
        if source is not None and not isinstance(source, str):
            raise InvalidTypeError(f"source: expected a file name as text or None, got {source!r}")
        self.source = source
        super().__init__(self._text())

    def __reduce__(self) -> tuple[Any, ...]:
        return type(self), (self.errors, self.source), self.__dict__

    def with_source(self, source: str) -> ConfigError:
        """The same problems, said to come from ``source``."""
        return ConfigError(self.errors, source)

    def lines(self) -> list[str]:
        """One line per problem: ``"path: message"``."""
        return [f"{path}: {message}" if path else message for path, message in self.errors]

    def _text(self) -> str:
        where = f" in {self.source}" if self.source else ""
        lines = self.lines()
        if len(lines) == 1:
            return f"invalid configuration{where}: {lines[0]}"
        return f"{len(lines)} problems{where}:\n" + "\n".join(f"  {line}" for line in lines)


def _problems(errors: object) -> list[tuple[str, str]]:
    expected = "expected an iterable of (path, message) pairs of text"
    if isinstance(errors, str | bytes) or not isinstance(errors, Iterable):
        raise InvalidTypeError(f"errors: {expected}, got {errors!r}")
    problems: list[tuple[str, str]] = []
    for position, problem in enumerate(errors):
        if (
            not isinstance(problem, tuple | list)
            or len(problem) != 2
            or not all(isinstance(part, str) for part in problem)
        ):
            raise InvalidTypeError(f"errors[{position}]: {expected}, got {problem!r}")
        problems.append((problem[0], problem[1]))
    if not problems:
        raise InvalidValueError("errors: expected at least one problem, got none")
    return problems
