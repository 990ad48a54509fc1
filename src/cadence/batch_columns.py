"""Timelines in a compact column form, for the trip back from a worker process.

Unpickling a timeline rebuilds every touch through pickle's generic machinery: a pendulum
instant from its reduce tuple, every field by name, every reason and rule again; in the
process that reads a batch, it cost about a fifth of planning the timeline. Here a chunk of
timelines travels as columns: indexes into the chunk's distinct UTC instants (sent as one
text), into a table of its distinct values (zones, channels, reasons, keys, rules, steps,
stop reasons) and into its distinct touches. Leads of one cadence in one zone share many
touches (a window's opening, a round's day), and a touch is a frozen value: the reading
process builds each distinct touch once, with the planner's own cheap constructor (the
pendulum instant is built only if ``at`` is read), and the timelines that hold it share it.
Each timeline is made when the stream reaches it.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator
from datetime import datetime
from typing import Any, NamedTuple

import pendulum
from pendulum.tz.timezone import Timezone

from cadence._time import to_local, to_utc
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
        values: The chunk's distinct values (zones, channels, texts, rules, steps, errors),
            and its distinct stop reasons as ``(reason, rule, instant, zone)`` indexes (an
            instant of -1 for a stop without one).
        items: One entry per result, in order: a timeline's number of touches, stop and
            skipped rounds (indexes in ``values``), or the index in ``values`` of a
            :class:`~cadence.BatchError`.
        instants: The chunk's distinct UTC instants, as ISO 8601 texts joined by spaces.
        at: For every distinct touch of the chunk, the index of its instant in ``instants``.
        rest: For every distinct touch, the index in ``values`` of its other fields, from
            ``channel`` to ``rep``.
        zones: For every distinct touch, the index in ``values`` of the zone it is shown in.
        touches: For every touch of every timeline in turn, the index of its distinct touch.
    """

    values: list[object]
    items: list[Any]
    instants: str
    at: array[int]
    rest: array[int]
    zones: array[int]
    touches: array[int]


def to_columns(results: list[Timeline | BatchError]) -> Columns:
    """The chunk's results in column form (in the worker process)."""
    table = _Table()
    index = table.index
    # The chunk's distinct UTC instants: the leads of a chunk share many (a window's
    # opening, a round's day), and the reader builds each datetime once.
    instants: dict[datetime, int] = {}
    # The chunk's distinct touches: equal instant, zone and other fields. Leads of one
    # cadence in one zone share many, and the reader builds each once (a frozen value).
    distinct: dict[tuple[int, int, int], int] = {}
    at, rest, zones, order = array("L"), array("L"), array("L"), array("L")
    items: list[Any] = []
    for result in results:
        if isinstance(result, BatchError):
            items.append(index(result))
            continue
        touches = result.touches
        zone = index(touches[0]._zone_shown()) if touches else -1  # noqa: SLF001 - ours
        for touch in touches:
            key = (
                instants.setdefault(touch.at_utc, len(instants)),
                table.entry(
                    (
                        touch.channel, touch.voicemail, touch.round, touch.reason, touch.rule,
                        touch.key, touch.moved_by, touch.assumed, touch.step, touch.rep,
                    )
                ),
                zone,
            )  # fmt: skip
            found = distinct.get(key)
            if found is None:
                found = distinct[key] = len(distinct)
                at.append(key[0])
                rest.append(key[1])
                zones.append(zone)
            order.append(found)
        stop = _stop_entry(table, instants, result.stop)
        items.append((len(touches), stop, index(result.skipped)))
    # The instants as one text: the reader's fromisoformat makes them in half the time
    # pickle takes to rebuild datetimes, and builds no pendulum instant until ``at`` is read.
    text = " ".join([utc.isoformat() for utc in instants])
    return Columns(table.values, items, text, at, rest, zones, order)


def _stop_entry(table: _Table, instants: dict[datetime, int], stop: StopReason) -> int:
    """The index in the table of the stop, as its fields' indexes when it is the planner's.

    The planner's stop reasons hold their instant as a pendulum ``DateTime`` in the lead's
    zone, which pickle rebuilds at about three times what the reader spends on it.
    """
    index = table.index
    shown = stop.at
    if shown is None:
        return table.entry((index(stop.reason), index(stop.rule), -1, -1))
    zone = shown.tzinfo
    if type(shown) is not pendulum.DateTime or type(zone) is not Timezone:
        return index(stop)  # as it is, by identity
    moment = instants.setdefault(to_utc(shown), len(instants))
    return table.entry((index(stop.reason), index(stop.rule), moment, index(zone)))


def from_columns(chunk: Columns) -> Iterator[Timeline | BatchError]:
    """The chunk's results again (in the reading process).

    The chunk's distinct touches are built first, once each; each timeline is made of them
    when the stream reaches it.
    """
    values = chunk.values
    instants = list(map(_instant, chunk.instants.split(" "))) if chunk.instants else []
    planned = PlannedTouch._planned  # noqa: SLF001 - the planner's own constructor
    entry: Any = values.__getitem__
    # Each distinct touch once: timelines share the equal ones.
    built = list(
        map(
            planned,
            map(instants.__getitem__, chunk.at),
            map(entry, chunk.zones),
            map(entry, chunk.rest),
        )
    )
    touch = built.__getitem__
    order = chunk.touches
    stops: dict[int, StopReason] = {}
    start = 0
    for item in chunk.items:
        if isinstance(item, int):
            error = values[item]
            assert isinstance(error, BatchError)  # noqa: S101 - only errors are sent by index
            yield error
            continue
        count, stop, skipped = item
        end = start + count
        touches = tuple(map(touch, order[start:end]))
        start = end
        stop_reason = stops.get(stop)
        if stop_reason is None:
            stop_reason = stops[stop] = _stop_reason(values, instants, values[stop])
        yield Timeline(touches, stop_reason, values[skipped])


def _stop_reason(values: list[object], instants: list[datetime], sent: object) -> StopReason:
    """The stop reason again from what :func:`_stop_entry` put in the table."""
    if isinstance(sent, StopReason):
        return sent
    assert type(sent) is tuple  # noqa: S101 - as _stop_entry wrote it
    reason, rule, moment, zone = sent
    text = values[reason]
    assert isinstance(text, str)  # noqa: S101 - as _stop_entry wrote it
    if moment < 0:
        return StopReason(text, values[rule])
    where = values[zone]
    assert isinstance(where, Timezone)  # noqa: S101 - as _stop_entry wrote it
    return StopReason(text, values[rule], to_local(instants[moment], where))
