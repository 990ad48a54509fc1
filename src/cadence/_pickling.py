"""Compact pickles for the frozen values :func:`cadence.plan_many` sends to worker processes.

attrs pickles a slotted class through its ``__getstate__`` (a dict of every field by name)
and the generic ``copyreg`` machinery; for the leads of a batch, that cost more in the
calling process than anything else it did to send them. A value reduced here travels as
its class and the tuple of its field values, and is rebuilt field by field without its
validators and converters, as attrs' own ``__setstate__`` does: a pickle is made of values
that were checked when they were built. Pickles written the attrs way still load.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import Any, TypeVar

import attrs

__all__ = ["reduced_by_fields"]

_T = TypeVar("_T")
_set = object.__setattr__
_new = object.__new__
# Per class: its fields' names, and the function that reads their values as a tuple.
_NAMES: dict[type, tuple[str, ...]] = {}
_VALUES: dict[type, Callable[[object], tuple[Any, ...]]] = {}


def _names(cls: type) -> tuple[str, ...]:
    """The names of the fields of the attrs class ``cls``, in order (held per class)."""
    names = _NAMES.get(cls)
    if names is None:
        names = _NAMES[cls] = tuple(field.name for field in attrs.fields(cls))
    return names


def _rebuilt(cls: type[_T], values: tuple[Any, ...]) -> _T:
    """The value of ``cls`` with these field values, in the order of its fields."""
    made = _new(cls)
    # Read in the process that unpickles, which may never have pickled one itself.
    for name, value in zip(_names(cls), values, strict=True):
        _set(made, name, value)
    return made


def _reduce(value: object) -> tuple[Callable[..., object], tuple[object, ...]]:
    kind = type(value)
    values = _VALUES.get(kind)
    if values is None:
        names = _names(kind)
        get = attrgetter(*names)
        values = _VALUES[kind] = get if len(names) > 1 else lambda one: (get(one),)
    return _rebuilt, (kind, values(value))


def reduced_by_fields(cls: type[_T]) -> type[_T]:
    """Give the attrs class ``cls`` a ``__reduce__`` that pickles its field values as a tuple.

    A subclass pickles the same way, by its own fields.
    """
    setattr(cls, "__reduce__", _reduce)  # noqa: B010 - mypy knows object.__reduce__ only
    return cls
