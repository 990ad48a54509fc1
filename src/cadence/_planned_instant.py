"""A planned touch's instant, kept as the planner had it until ``at`` is first read."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from pendulum import DateTime

from cadence._time import as_pendulum, to_local

__all__ = ["Instant", "InstantOnRead"]


class Instant:
    """Where a planned touch keeps its instant until :attr:`cadence.PlannedTouch.at` is read.

    The planner (and a batch's trip back from a worker) makes touches by the thousand, and
    most are written out in UTC or never looked at: building the pendulum instant of each
    cost more than the rest of the touch. So such a touch holds its UTC instant and where
    it is shown here: its zone, or its local time there when the planner computed that on
    the way (an aware stdlib datetime). It builds ``at`` on first read (then keeps it).
    """

    # The weak reference slot here, not in the frozen class: classes with the same slots
    # after this one then have the same layout, which lets a touch be filled in as another.
    __slots__ = ("__weakref__", "_shown", "_utc")

    _utc: datetime
    _shown: tzinfo | datetime


class InstantOnRead:
    """:attr:`cadence.PlannedTouch.at`: the slot's value, built on first read for a planned touch.

    It stands in the class for the slot's member descriptor and reads and writes the slot
    through it. A touch the planner makes holds None there until ``at`` is read; the read
    builds the pendulum instant from where the touch is shown (:class:`Instant`) and keeps
    it. A descriptor rather than ``__getattr__``: that hook would run only after the empty
    slot raised an ``AttributeError`` (dearer than building the instant), and a class that
    has one pays for it on the read of every other attribute too.

    Args:
        slot: The member descriptor of the ``at`` slot it stands for.
    """

    __slots__ = ("_get", "_set")

    def __init__(self, slot: Any) -> None:
        self._get = slot.__get__
        self._set = slot.__set__

    def __get__(self, touch: Any, owner: object = None) -> Any:
        if touch is None:
            return self
        at = self._get(touch)
        if at is None:
            try:
                shown = touch._shown  # noqa: SLF001 - the touch's own slots
            except AttributeError:  # made with no instant at all: as it was given
                return at
            if type(shown) is not datetime:
                at = to_local(touch._utc, shown)  # noqa: SLF001
            elif shown.fold:
                at = as_pendulum(shown)
            else:  # as as_pendulum() builds it, inline: the common case, read by the thousand
                at = DateTime(
                    shown.year,
                    shown.month,
                    shown.day,
                    shown.hour,
                    shown.minute,
                    shown.second,
                    shown.microsecond,
                    shown.tzinfo,
                )
            self._set(touch, at)
        return at

    def __set__(self, touch: object, value: object) -> None:
        self._set(touch, value)
