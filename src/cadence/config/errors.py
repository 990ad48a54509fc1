"""The one error that configuration raises, carrying every problem found."""

from __future__ import annotations

from collections.abc import Iterable

from cadence.errors import CadenceError

__all__ = ["ConfigError"]


class ConfigError(CadenceError, ValueError):
    """Configuration data that cannot be read, with every problem found in it.

    Reading a document never stops at the first problem: the error lists them all, each
    with the path of the value it is about (``"limits[2].per"``, or ``"line 3, column 7"``
    for a syntax error) and what was expected there. ``str(error)`` shows them one a line.

    Args:
        errors: The problems, as ``(path, message)`` pairs; at least one.
        source: Where the data came from (a file name), if known.

    Attributes:
        errors: The problems, as ``(path, message)`` pairs, in document order.
        source: Where the data came from, or None.
    """

    errors: list[tuple[str, str]]
    source: str | None

    def __init__(self, errors: Iterable[tuple[str, str]], source: str | None = None) -> None:
        self.errors = list(errors)
        self.source = source
        super().__init__(self._text())

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
