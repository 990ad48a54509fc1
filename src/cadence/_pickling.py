"""Compact, exact pickles for the frozen values :func:`cadence.plan_many` sends to workers.

attrs pickles a slotted class through its ``__getstate__`` (a dict of every field by name)
and the generic ``copyreg`` machinery; for the leads of a batch, that cost more in the
calling process than anything else it did to send them. A value reduced here travels as
its class and the tuple of its field values, and is rebuilt field by field without its
validators and converters, as attrs' own ``__setstate__`` does: a pickle is made of values
that were checked when they were built. Pickles written the attrs way still load.

It also keeps the instant of a pendulum ``DateTime`` in a repeated hour: pendulum pickles
the wall time and zone without ``fold``, so 01:30 EST on the day New York's clocks go back
came back as 01:30 EDT, an hour earlier and equal to the original (aware datetimes in one
zone compare by wall time). The fields holding such an instant are named in the pickle,
and set to the later of the two again when it is read.
"""

from __future__ import annotations

import typing
from collections.abc import Callable
from datetime import datetime
from operator import attrgetter
from typing import Any, NamedTuple, TypeVar

import attrs

__all__ = ["reduced_by_fields"]

_T = TypeVar("_T")
_set = object.__setattr__
_new = object.__new__


class _Layout(NamedTuple):
    """What pickling reads of an attrs class, found once per class."""

    names: tuple[str, ...]
    """Its fields' names, in order."""
    values: Callable[[object], tuple[Any, ...]]
    """Reads a value's fields as a tuple, in that order."""
    instants: tuple[int, ...]
    """The positions of the fields whose type admits a datetime (all if a hint is unknown)."""


_LAYOUTS: dict[type, _Layout] = {}


def _layout(cls: type) -> _Layout:
    found = _LAYOUTS.get(cls)
    if found is None:
        names = tuple(field.name for field in attrs.fields(cls))
        get = attrgetter(*names)
        values = get if len(names) > 1 else lambda one: (get(one),)
        found = _LAYOUTS[cls] = _Layout(names, values, _instant_fields(cls, names))
    return found


def _holds_instant(hint: object) -> bool:
    if isinstance(hint, type):
        return issubclass(hint, datetime)
    return any(_holds_instant(argument) for argument in typing.get_args(hint))


def _instant_fields(cls: type, names: tuple[str, ...]) -> tuple[int, ...]:
    try:
        hints = typing.get_type_hints(cls)
    except (NameError, TypeError):  # a hint that does not resolve: look at every field
        return tuple(range(len(names)))
    return tuple(
        position
        for position, name in enumerate(names)
        if name not in hints or _holds_instant(hints[name])
    )


def _rebuilt(cls: type[_T], values: tuple[Any, ...], folded: tuple[int, ...] = ()) -> _T:
    """The value of ``cls`` with these field values, in the order of its fields.

    ``folded``: the positions of instants that are the later of a repeated wall time.
    """
    made = _new(cls)
    # The layout is found in the process that unpickles, which may never have pickled one.
    for position, (name, value) in enumerate(zip(_layout(cls).names, values, strict=True)):
        _set(made, name, value.replace(fold=1) if position in folded else value)
    return made


def _reduce(value: object) -> tuple[Callable[..., object], tuple[object, ...]]:
    kind = type(value)
    layout = _layout(kind)
    values = layout.values(value)
    folded: tuple[int, ...] = ()
    for position in layout.instants:  # a loop, not a generator: a lead has one such field
        instant = values[position]
        if isinstance(instant, datetime) and instant.fold:
            folded += (position,)
    return _rebuilt, (kind, values, folded) if folded else (kind, values)


def reduced_by_fields(cls: type[_T]) -> type[_T]:
    """Give the attrs class ``cls`` a ``__reduce__`` that pickles its field values as a tuple.

    A subclass pickles the same way, by its own fields. Instants of a repeated wall time
    keep which of the two they are.
    """
    setattr(cls, "__reduce__", _reduce)  # noqa: B010 - mypy knows object.__reduce__ only
    return cls
