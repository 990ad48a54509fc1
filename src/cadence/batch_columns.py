"""Timelines in a compact column form, for the trip back from a worker process.

Unpickling a timeline rebuilds every touch through pickle's generic machinery: a pendulum
instant from its reduce tuple, every field by name, every reason and rule again; in the
process that reads a batch, it cost about a fifth of planning the timeline. Here a chunk of
timelines travels as columns (the touches' UTC instants as text, indexes into a table of the chunk's
distinct values: zones, channels, reasons, keys, rules, steps), and the reading process
rebuilds each timeline only when the stream reaches it, with the planner's own cheap
constructor per touch: the pendulum instant is built only if ``at`` is read.
"""

from __future__ import annotations

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
        items: One entry per result, in order: a timeline's columns, or the index in
            ``values`` of a :class:`~cadence.BatchError`.
    """

    values: list[object]
    items: list[Any]


def to_columns(results: list[Timeline | BatchError]) -> Columns:
    """The chunk's results in column form (in the worker process)."""
    table = _Table()
    index = table.index
    items: list[Any] = []
    for result in results:
        if isinstance(result, BatchError):
            items.append(index(result))
            continue
        touches = result.touches
        # The touches' instants in UTC as one ISO 8601 text: the reader's fromisoformat makes
        # them in half the time pickle takes to rebuild datetimes, and builds the pendulum
        # instant only if ``at`` is read. The rest of a touch repeats across the leads of a
        # chunk (same rules, same reasons), so it is one entry of the table.
        instants = " ".join([touch.at_utc.isoformat() for touch in touches])
        rest = [
            table.entry(
                (
                    touch.channel, touch.voicemail, touch.round, touch.reason, touch.rule,
                    touch.key, touch.moved_by, touch.assumed, touch.step, touch.rep,
                )
            )
            for touch in touches
        ]  # fmt: skip
        zone = index(touches[0].at.tzinfo) if touches else -1
        items.append((zone, instants, rest, index(result.stop), index(result.skipped)))
    return Columns(table.values, items)


def from_columns(chunk: Columns) -> Iterator[Timeline | BatchError]:
    """The chunk's results again (in the reading process), each built when it is reached."""
    values = chunk.values
    for item in chunk.items:
        if isinstance(item, int):
            error = values[item]
            assert isinstance(error, BatchError)  # noqa: S101 - only errors are sent by index
            yield error
            continue
        zone, instants, rest, stop, skipped = item
        where: Any = values[zone] if zone >= 0 else None
        planned = PlannedTouch._planned  # noqa: SLF001 - the planner's own constructor
        touches = tuple(
            [
                planned(utc, where, values[fields])
                for utc, fields in zip(
                    map(_instant, instants.split(" ")) if instants else (), rest, strict=True
                )
            ]
        )
        stop_reason = values[stop]
        assert isinstance(stop_reason, StopReason)  # noqa: S101 - as to_columns wrote it
        yield Timeline(touches, stop_reason, values[skipped])
