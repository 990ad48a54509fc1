"""Timelines in a compact column form, for the trip back from a worker process.

Unpickling a timeline rebuilds every touch through pickle's generic machinery: a pendulum
instant from its reduce tuple, every field by name, every reason and rule again; in the
process that reads a batch, it cost about a fifth of planning the timeline. Here a chunk of
timelines travels as columns: indexes into the chunk's distinct UTC instants (sent as one
text) and into a table of its distinct values (zones, channels, reasons, keys, rules,
steps). The reading process builds each distinct instant once and each timeline only when
the stream reaches it, with the planner's own cheap constructor per touch: the pendulum
instant is built only if ``at`` is read.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator
from datetime import datetime
from typing import Any, NamedTuple

from cadence.batch_error import BatchError
from cadence.timeline import PlannedTouch, StopReason, Timeline

__all__ = ["Columns", "from_columns", "to_columns"]

_instant = datetime.fromisoformat


class _Table:
    """The distinct values of a chunk, each given an index once."""

    __slots__ = ("by_entry", "by_identity", "by_value", "values")

    def __init__(self) -> None:
        self.values: list[object] = []
        self.by_entry: dict[tuple[object, ...], int] = {}
        self.by_identity: dict[int, int] = {}
        self.by_value: dict[object, int] = {}

    def entry(self, fields: tuple[Any, ...]) -> int:
        """The index of a touch's fields but its instant: equal texts, identical rules."""
        key = tuple(
            field
            if isinstance(field, str | bool | int) or field is None
            else tuple(map(id, field))
            if type(field) is tuple
            else id(field)
            for field in fields
        )
        found = self.by_entry.get(key)
        if found is None:
            found = self.by_entry[key] = len(self.values)
            self.values.append(fields)
        return found

    def index(self, value: object) -> int:
        """The index of ``value``: texts and enum members by value, anything else by identity."""
        if isinstance(value, str):  # texts, and channels and outcomes (string enums)
            found = self.by_value.get(value)
            if found is None or type(self.values[found]) is not type(value):
                found = self.by_value[value] = len(self.values)
                self.values.append(value)
            return found
        found = self.by_identity.get(id(value))
        if found is None:
            found = self.by_identity[id(value)] = len(self.values)
            self.values.append(value)
        return found


class Columns(NamedTuple):
    """A chunk of a batch's results in column form, as a worker sends it back.

    Attributes:
        values: The chunk's distinct values (zones, channels, texts, rules, steps, errors).
        items: One entry per result, in order: a timeline's zone (an index in ``values``),
            number of touches, stop and skipped rounds (indexes in ``values``), or the
            index in ``values`` of a :class:`~cadence.BatchError`.
        instants: The chunk's distinct UTC instants, as ISO 8601 texts joined by spaces.
        at: For every touch of the chunk in turn, the index of its instant in ``instants``.
        rest: For every touch of the chunk in turn, the index in ``values`` of its other
            fields, from ``channel`` to ``rep``.
    """

    values: list[object]
    items: list[Any]
    instants: str
    at: array[int]
    rest: array[int]


def to_columns(results: list[Timeline | BatchError]) -> Columns:
    """The chunk's results in column form (in the worker process)."""
    table = _Table()
    index = table.index
    # The chunk's distinct UTC instants: the leads of a chunk share many (a window's
    # opening, a round's day), and the reader builds each datetime once.
    instants: dict[datetime, int] = {}
    # Every touch of the chunk in turn: its instant's index, and the index of the rest of
    # it, which repeats across the leads of a chunk (same rules, same reasons).
    at = array("L")
    rest = array("L")
    items: list[Any] = []
    for result in results:
        if isinstance(result, BatchError):
            items.append(index(result))
            continue
        touches = result.touches
        at.extend([instants.setdefault(touch.at_utc, len(instants)) for touch in touches])
        rest.extend(
            [
                table.entry(
                    (
                        touch.channel, touch.voicemail, touch.round, touch.reason, touch.rule,
                        touch.key, touch.moved_by, touch.assumed, touch.step, touch.rep,
                    )
                )
                for touch in touches
            ]
        )  # fmt: skip
        zone = index(touches[0]._zone_shown()) if touches else -1  # noqa: SLF001 - ours
        items.append((zone, len(touches), index(result.stop), index(result.skipped)))
    # The instants as one text: the reader's fromisoformat makes them in half the time
    # pickle takes to rebuild datetimes, and builds no pendulum instant until ``at`` is read.
    text = " ".join([utc.isoformat() for utc in instants])
    return Columns(table.values, items, text, at, rest)


def from_columns(chunk: Columns) -> Iterator[Timeline | BatchError]:
    """The chunk's results again (in the reading process), each built when it is reached."""
    values = chunk.values
    instants = list(map(_instant, chunk.instants.split(" "))) if chunk.instants else []
    planned = PlannedTouch._planned  # noqa: SLF001 - the planner's own constructor
    entry: Any = values.__getitem__  # a touch's fields, as to_columns wrote them
    at, rest = chunk.at, chunk.rest
    start = 0
    for item in chunk.items:
        if isinstance(item, int):
            error = values[item]
            assert isinstance(error, BatchError)  # noqa: S101 - only errors are sent by index
            yield error
            continue
        zone, count, stop, skipped = item
        where: Any = values[zone] if zone >= 0 else None
        end = start + count
        touches = tuple(
            [
                planned(utc, where, fields)
                for utc, fields in zip(
                    map(instants.__getitem__, at[start:end]),
                    map(entry, rest[start:end]),
                    strict=True,
                )
            ]
        )
        start = end
        stop_reason = values[stop]
        assert isinstance(stop_reason, StopReason)  # noqa: S101 - as to_columns wrote it
        yield Timeline(touches, stop_reason, values[skipped])
