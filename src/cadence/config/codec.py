"""The codec :mod:`cadence.config` installs for the values' ``to_dict()`` and ``from_dict()``.

Reading (:mod:`cadence.config.reading`), writing (:mod:`cadence.config.writing`) and the JSON
Schema (:mod:`cadence.config.schema`) share the tables of :mod:`cadence.config.leaves` and
:mod:`cadence.config.registry`; this module joins reading and writing behind the hook of
:mod:`cadence._plain_data`, so that the values never import their edge.
"""

from __future__ import annotations

import typing
from typing import Any, TypeVar

from cadence.cadence import Cadence
from cadence.config.documents import cadence_from_dict, decode, event_from_dict
from cadence.config.writing import cadence_to_dict, encode
from cadence.events import Event, Milestone, Touch

__all__ = ["PlainData"]

T = TypeVar("T")


class PlainData:
    """Reads and writes the values that offer ``to_dict()`` and ``from_dict()``."""

    def write(self, value: object) -> dict[str, Any]:
        """``value`` as plain data: a cadence with its format's version first."""
        if isinstance(value, Cadence):
            return cadence_to_dict(value)
        return typing.cast("dict[str, Any]", encode(value))

    def read(self, kind: type[T], data: object) -> T:
        """A ``kind`` read from ``data``; an event's ``type`` key may be left out."""
        if kind is Cadence:
            return typing.cast("T", cadence_from_dict(data))
        if kind is Touch or kind is Milestone:
            return typing.cast("T", event_from_dict(typing.cast("type[Event]", kind), data))
        return typing.cast("T", decode(kind, data))
