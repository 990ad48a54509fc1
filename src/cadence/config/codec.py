"""The codec :mod:`cadence.config` installs for the values' ``to_dict()`` and ``from_dict()``.

Reading (:mod:`cadence.config.reading`, :mod:`cadence.config.documents`), writing
(:mod:`cadence.config.writing`) and the JSON Schema (:mod:`cadence.config.schema`) share the
tables of :mod:`cadence.config.leaves` and :mod:`cadence.config.registry`; this module joins
reading and writing behind the hook of :mod:`cadence._plain_data`, so that the values never
import their edge.

**Why by hand, not on cattrs.** ``benchmarks/cattrs_codec.py`` is the same reading and
writing on cattrs 26.2 (generated structure functions with ``forbid_extra_keys`` and
``detailed_validation``, hooks per type, its error groups and their notes turned into this
format's paths and messages), sharing everything else; ``benchmarks/weigh_cattrs.py``
measures both (figures from one run on a 2-CPU KVM machine, CPython 3.11):

- *Messages*: with the cattrs codec swapped in, 3 of the 318 configuration error tests fail
  (the hand-written codec passes them all), and of 4,684 documents broken by one or two
  changes, 15 get fewer problems and none gets more or better ones. cattrs builds nothing
  once one field fails (so the validators of the fields that did read never run: a lead
  with a bad channel no longer hears that its zone and its instant are wrong too) and
  stops at unknown keys before the class's own refusal. Getting those back means
  structuring field by field outside cattrs, which is this reader.
- *Speed*: ``Cadence.from_dict()`` of the persistent preset takes 1.01x the time of
  building it in Python by hand, 1.40x on cattrs (it was 4.8x before these tables).
- *Lines*: 442 lines of code here (reading 351, writing 91) against 356 on cattrs.

cattrs wins one count of three, so the codec stays hand-written and the wheel depends on
attrs and pendulum only. Both readers build each class's reader once and keep it.
"""

from __future__ import annotations

import typing
from typing import Any, TypeVar

from cadence.cadence import Cadence
from cadence.config.documents import cadence_from_dict, decode, event_from_dict
from cadence.config.plans import PLANS, read_plan, write_plan
from cadence.config.writing import cadence_to_dict, encode
from cadence.events import Event, Milestone, Touch

__all__ = ["PlainData"]

T = TypeVar("T")


class PlainData:
    """Reads and writes the values that offer ``to_dict()`` and ``from_dict()``.

    Cadences, leads and events in the configuration format; plans (a timeline and its parts)
    as :mod:`cadence.config.plans` writes them.
    """

    def write(self, value: object) -> dict[str, Any]:
        """``value`` as plain data: a cadence with its format's version first."""
        if isinstance(value, Cadence):
            return cadence_to_dict(value)
        if type(value) in PLANS:
            return write_plan(value)
        return typing.cast("dict[str, Any]", encode(value))

    def read(self, kind: type[T], data: object) -> T:
        """A ``kind`` read from ``data``; an event's ``type`` key may be left out."""
        if kind is Cadence:
            return typing.cast("T", cadence_from_dict(data))
        if kind in PLANS:
            return typing.cast("T", read_plan(kind, data))
        if kind is Touch or kind is Milestone:
            return typing.cast("T", event_from_dict(typing.cast("type[Event]", kind), data))
        return typing.cast("T", decode(kind, data))
