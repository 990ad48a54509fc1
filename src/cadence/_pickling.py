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
from typing import Any, TypeVar

import attrs

__all__ = ["reduced_by_fields"]

_T = TypeVar("_T")
_set = object.__setattr__
_new = object.__new__
# Per class: its fields' names, the function that reads their values as a tuple, and the
# positions of the fields that may hold an instant.
_NAMES: dict[type, tuple[str, ...]] = {}
_VALUES: dict[type, Callable[[object], tuple[Any, ...]]] = {}
_INSTANTS: dict[type, tuple[int, ...]] = {}


def _names(cls: type) -> tuple[str, ...]:
    """The names of the fields of the attrs class ``cls``, in order (held per class)."""
    names = _NAMES.get(cls)
    if names is None:
        names = _NAMES[cls] = tuple(field.name for field in attrs.fields(cls))
    return names


def _holds_instant(hint: object) -> bool:
    if isinstance(hint, type):
        return issubclass(hint, datetime)
    return any(_holds_instant(argument) for argument in typing.get_args(hint))


def _instant_fields(cls: type) -> tuple[int, ...]:
    """The positions of the fields of ``cls`` whose type admits a datetime (all if unknown)."""
    try:
        hints = typing.get_type_hints(cls)
    except (NameError, TypeError):  # a hint that does not resolve: look at every field
        return tuple(range(len(_names(cls))))
    return tuple(
        position
        for position, name in enumerate(_names(cls))
        if name not in hints or _holds_instant(hints[name])
    )


def _rebuilt(cls: type[_T], values: tuple[Any, ...], folded: tuple[int, ...] = ()) -> _T:
    """The value of ``cls`` with these field values, in the order of its fields.

    ``folded``: the positions of instants that are the later of a repeated wall time.
    """
    made = _new(cls)
    # Read in the process that unpickles, which may never have pickled one itself.
    for position, (name, value) in enumerate(zip(_names(cls), values, strict=True)):
        _set(made, name, value.replace(fold=1) if position in folded else value)
    return made


def _reduce(value: object) -> tuple[Callable[..., object], tuple[object, ...]]:
    kind = type(value)
    values_of = _VALUES.get(kind)
    if values_of is None:
        names = _names(kind)
        get = attrgetter(*names)
        values_of = _VALUES[kind] = get if len(names) > 1 else lambda one: (get(one),)
        _INSTANTS[kind] = _instant_fields(kind)
    values = values_of(value)
    folded: tuple[int, ...] = ()
    for position in _INSTANTS[kind]:  # a loop, not a generator: a lead has one such field
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
