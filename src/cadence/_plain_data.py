"""The hook through which values become plain data and back, without importing their edge.

:class:`~cadence.Cadence`, :class:`~cadence.Lead`, :class:`~cadence.Touch` and
:class:`~cadence.Milestone` offer ``to_dict()`` and ``from_dict()``, and so do the values of a
plan (:class:`~cadence.Timeline`, :class:`~cadence.PlannedTouch`, :class:`~cadence.Skipped`,
:class:`~cadence.StopReason`), but the format they read
and write is the business of an edge, :mod:`cadence.config`. The edge installs its codec here
when it is imported (``cadence/__init__.py`` imports it, so it always is), and the values
call it: the values layer never imports the edge.
"""

from __future__ import annotations

from typing import Any, Protocol, TypeVar

from cadence.errors import CadenceError

__all__ = ["PlainDataCodec", "install", "installed"]

T = TypeVar("T")


class PlainDataCodec(Protocol):
    """What the values need from a codec: write a value, read one of a class."""

    def write(self, value: object) -> dict[str, Any]:
        """``value`` as a table of plain data."""
        ...

    def read(self, kind: type[T], data: object) -> T:
        """A value of class ``kind`` read from ``data``."""
        ...


_installed: list[PlainDataCodec] = []


def install(codec: PlainDataCodec) -> None:
    """Make ``codec`` the one the values call; it replaces any installed before."""
    _installed[:] = [codec]


def installed() -> PlainDataCodec:
    """The installed codec.

    Raises:
        CadenceError: if none is (``cadence.config`` was never imported).
    """
    if not _installed:
        raise CadenceError(
            "to_dict() and from_dict() need the configuration format: import cadence.config"
        )
    return _installed[0]
