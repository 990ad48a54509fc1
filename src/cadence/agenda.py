"""What a team's schedule gives: each lead's timeline, and each rep's agenda."""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Mapping
from datetime import datetime
from types import MappingProxyType
from typing import Any

import attrs

from cadence._time import check_aware, to_utc
from cadence.errors import TeamError
from cadence.lead import Lead
from cadence.team import Rep
from cadence.timeline import PlannedTouch, Timeline

__all__ = ["AgendaItem", "Schedule"]


@attrs.frozen
class AgendaItem:
    """One touch of a rep's agenda, with the lead it is for.

    Args:
        lead: The lead.
        touch: The planned touch (its :attr:`~cadence.PlannedTouch.rep` is the rep's id).
    """

    lead: Lead
    touch: PlannedTouch


def _frozen(values: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(values))


@attrs.frozen(eq=False)
class Schedule:
    """What :func:`schedule` gives: each lead's timeline, and each rep's agenda.

    Args:
        timelines: Each lead's timeline, by the lead's id, in the order of the ids.
        leads: Each lead, by its id.
        reps: Each rep, by its id.
    """

    timelines: Mapping[str, Timeline] = attrs.field(converter=_frozen)
    leads: Mapping[str, Lead] = attrs.field(converter=_frozen, repr=False)
    reps: Mapping[str, Rep] = attrs.field(converter=_frozen, repr=False)
    # Each rep's touches in agenda order, built on the first agenda of that rep: a CRM asks
    # for every rep's day, and each would otherwise read every lead's timeline.
    _by_rep: dict[str, tuple[list[datetime], list[AgendaItem]]] = attrs.field(
        init=False, factory=dict, repr=False
    )

    def agenda(
        self, rep_id: str, start: datetime | None = None, end: datetime | None = None
    ) -> tuple[AgendaItem, ...]:
        """The rep's touches in time order (ties by lead id), each with its lead.

        Args:
            rep_id: The rep's id.
            start: Only touches at or after this aware instant, if given.
            end: Only touches before this aware instant, if given.

        Raises:
            TeamError: for a rep the schedule does not know.
            InvalidValueError: for a naive ``start`` or ``end``.
        """
        if rep_id not in self.reps:
            known = ", ".join(repr(key) for key in sorted(self.reps)) or "none"
            raise TeamError(f"rep_id: no rep {rep_id!r} in this schedule (reps: {known})")
        first = None if start is None else to_utc(check_aware(start, "start"))
        last = None if end is None else to_utc(check_aware(end, "end"))
        found = self._by_rep.get(rep_id)
        if found is None:
            found = self._by_rep[rep_id] = self._agenda_of(rep_id)
        instants, items = found
        low = 0 if first is None else bisect.bisect_left(instants, first)
        high = len(items) if last is None else bisect.bisect_left(instants, last)
        return tuple(items[low:high])

    def _agenda_of(self, rep_id: str) -> tuple[list[datetime], list[AgendaItem]]:
        """The rep's whole agenda, and the UTC instant of each of its touches."""
        found = sorted(
            (touch.at_utc, lead_id, touch)
            for lead_id, timeline in self.timelines.items()
            if self.leads[lead_id].owner == rep_id
            for touch in timeline
        )
        return (
            [instant for instant, _, _ in found],
            [AgendaItem(self.leads[lead_id], touch) for _, lead_id, touch in found],
        )

    def __iter__(self) -> Iterator[tuple[Lead, Timeline]]:
        """Each lead with its timeline, in the order of the leads' ids."""
        return ((self.leads[key], timeline) for key, timeline in self.timelines.items())

    def __len__(self) -> int:
        return len(self.timelines)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Schedule):
            return NotImplemented
        return (
            dict(self.timelines) == dict(other.timelines)
            and dict(self.leads) == dict(other.leads)
            and dict(self.reps) == dict(other.reps)
        )

    __hash__ = None  # type: ignore[assignment]  # its mappings are not hashable
