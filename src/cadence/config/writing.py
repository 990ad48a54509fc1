"""Values into plain data: tables, lists, strings, numbers and booleans.

Plain means exactly ``dict``, ``list``, ``str``, ``int``, ``float``, ``bool`` and None, never
a subclass such as an enum member, so any serializer (``yaml.safe_dump``) takes it. Each
class gets its writer once: a leaf's entry of :mod:`cadence.config.leaves`, a list, or a
table of an attrs value's fields, with the ``type`` tag of a registered rule or an event.
"""

from __future__ import annotations

import enum
import functools
import json
from collections.abc import Callable, Iterable
from typing import Any

import attrs

from cadence._repr import definition_order
from cadence.cadence import Cadence
from cadence.config.fields import fields_of
from cadence.config.leaves import leaf_of
from cadence.config.registry import EVENT_TAGS, FORMAT_VERSION, PLANNER_ONLY, kind_of, tag_of
from cadence.errors import InvalidTypeError, InvalidValueError, Place
from cadence.events import Event, Milestone, Touch

__all__ = ["cadence_to_dict", "encode", "history_to_list"]

_EVENT_TAGS = {cls: tag for tag, cls in EVENT_TAGS.items()}


def encode(value: object) -> Any:
    """Any value of the library as plain data.

    Raises:
        InvalidTypeError: for a value configuration cannot represent, such as a rule
            without a type tag.
    """
    cls: Any = type(value)
    return _writer(cls)(value)


@functools.cache
def _writer(cls: type) -> Callable[[Any], Any]:
    if cls is type(None):
        return _none
    # The type's own classes first: a channel is a str, a bool an int, an instant a date.
    for base in cls.__mro__:
        leaf = leaf_of(base)
        if leaf is not None:
            return leaf.write
    if issubclass(cls, tuple | list):
        return _list
    if issubclass(cls, frozenset | set):
        return _set
    if attrs.has(cls):
        return _encode_object
    return _unwritable


def _none(value: None) -> None:
    return value


def _list(values: Iterable[Any]) -> list[Any]:
    return [encode(item) for item in values]


def _order(value: object) -> tuple[int, Any]:
    if isinstance(value, enum.Enum):
        return (0, definition_order(value))
    return (1, json.dumps(encode(value), sort_keys=True, default=str))


def _set(values: Iterable[Any]) -> list[Any]:
    return [encode(item) for item in sorted(values, key=_order)]


def _unwritable(value: object) -> Any:
    raise InvalidTypeError(f"cannot write {value!r} as data")


def _tag(value: object) -> str | None:
    cls = type(value)
    event_tag = _EVENT_TAGS.get(cls)
    if event_tag is not None:
        return event_tag
    if kind_of(cls) is None:
        return None
    tag = tag_of(cls)
    if tag is not None:
        return tag
    if cls in PLANNER_ONLY:
        raise InvalidValueError(
            f"{cls.__name__}: the planner applies it to every cadence by itself; "
            "leave it out of the cadence"
        )
    raise InvalidTypeError(
        f"cannot write the rule {cls.__module__}.{cls.__qualname__} as data: it has no type "
        f"tag; give it one with cadence.config.register({cls.__name__}, tag=...)"
    )


def _encode_object(value: object) -> dict[str, Any]:
    data: dict[str, Any] = {}
    tag = _tag(value)
    if tag is not None:
        data["type"] = tag
    cls: type = type(value)
    for spec in fields_of(cls):
        item = getattr(value, spec.name)
        if item is None and spec.default is None:
            continue  # TOML has no null: an absent key means None
        data[spec.key] = encode(item)
    return data


def cadence_to_dict(value: Cadence) -> dict[str, Any]:
    """A cadence as plain data, with ``version`` first."""
    return {"version": FORMAT_VERSION, **_encode_object(value)}


def history_to_list(history: Iterable[Event]) -> list[dict[str, Any]]:
    """A lead's history as a list of tables, each with ``type`` ``"touch"`` or ``"milestone"``.

    Raises:
        InvalidTypeError: if ``history`` is not an iterable of :class:`~cadence.Touch` and
            :class:`~cadence.Milestone` values.
    """
    if not isinstance(history, Iterable):
        raise InvalidTypeError.at("history", expected="an iterable of events", got=repr(history))
    listed: list[dict[str, Any]] = []
    for position, event in enumerate(history):
        if not isinstance(event, Touch | Milestone):
            raise InvalidTypeError.at(
                Place("history", index=(position,)),
                expected="a Touch or a Milestone",
                got=repr(event),
            )
        listed.append(_encode_object(event))
    return listed
